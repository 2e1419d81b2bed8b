CREATE TABLE "rating_cases" (
	"region_code" varchar(12) NOT NULL,
	"case_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"item_code" varchar(64) NOT NULL,
	"concluded_at" timestamp with time zone,
	"concluded_month" date,
	"rated" boolean DEFAULT false NOT NULL,
	"invited_at" timestamp with time zone,
	CONSTRAINT "rating_cases_region_code_case_id_pk" PRIMARY KEY("region_code","case_id")
);
--> statement-breakpoint
CREATE TABLE "rating_events" (
	"region_code" varchar(12) NOT NULL,
	"rating_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"role" varchar(32) NOT NULL,
	"action" varchar(40) NOT NULL,
	"from_state" varchar(24),
	"to_state" varchar(24) NOT NULL,
	"payload" jsonb NOT NULL,
	"prev_hash" varchar(64) NOT NULL,
	"hash" varchar(64) NOT NULL,
	CONSTRAINT "rating_events_region_code_rating_id_seq_pk" PRIMARY KEY("region_code","rating_id","seq")
);
--> statement-breakpoint
CREATE TABLE "rating_rectifications" (
	"region_code" varchar(12) NOT NULL,
	"rating_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"case_id" uuid,
	"state" varchar(16) NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"verify_due_at" timestamp with time zone NOT NULL,
	"classification" varchar(16),
	"reply" text,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"rectify_limit_days" numeric(6, 2),
	"rectify_due_at" timestamp with time zone,
	"rectify_note" text,
	"rectified_at" timestamp with time zone,
	"rectified_by" uuid,
	"follow_up_at" timestamp with time zone,
	"follow_up_by" uuid,
	"follow_up_by_kind" varchar(16),
	"follow_up_satisfied" boolean,
	"follow_up_note" text,
	"appeal_state" varchar(16) DEFAULT 'none' NOT NULL,
	"appeal_kind" varchar(16),
	"appeal_reason" text,
	"appealed_at" timestamp with time zone,
	"appealed_by" uuid,
	"appeal_decided_at" timestamp with time zone,
	"appeal_decided_by" uuid,
	"appeal_decision_reason" text,
	"due_at" timestamp with time zone,
	"yellow_at" timestamp with time zone,
	"missed_at" timestamp with time zone,
	CONSTRAINT "rating_rectifications_region_code_rating_id_pk" PRIMARY KEY("region_code","rating_id")
);
--> statement-breakpoint
CREATE TABLE "rating_rollups" (
	"region_code" varchar(12) NOT NULL,
	"department_id" uuid NOT NULL,
	"item_code" varchar(64) NOT NULL,
	"month" date NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	"good" integer DEFAULT 0 NOT NULL,
	"bad" integer DEFAULT 0 NOT NULL,
	"active" integer DEFAULT 0 NOT NULL,
	"active_good" integer DEFAULT 0 NOT NULL,
	"bad_replied" integer DEFAULT 0 NOT NULL,
	"bad_followed" integer DEFAULT 0 NOT NULL,
	"followed_satisfied" integer DEFAULT 0 NOT NULL,
	"excluded" integer DEFAULT 0 NOT NULL,
	"cases_concluded" integer DEFAULT 0 NOT NULL,
	"cases_rated" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rating_rollups_region_code_department_id_item_code_month_pk" PRIMARY KEY("region_code","department_id","item_code","month")
);
--> statement-breakpoint
CREATE TABLE "rating_rollups_department" (
	"region_code" varchar(12) NOT NULL,
	"department_id" uuid NOT NULL,
	"month" date NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	"good" integer DEFAULT 0 NOT NULL,
	"bad" integer DEFAULT 0 NOT NULL,
	"active" integer DEFAULT 0 NOT NULL,
	"active_good" integer DEFAULT 0 NOT NULL,
	"bad_replied" integer DEFAULT 0 NOT NULL,
	"bad_followed" integer DEFAULT 0 NOT NULL,
	"followed_satisfied" integer DEFAULT 0 NOT NULL,
	"excluded" integer DEFAULT 0 NOT NULL,
	"cases_concluded" integer DEFAULT 0 NOT NULL,
	"cases_rated" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rating_rollups_department_region_code_department_id_month_pk" PRIMARY KEY("region_code","department_id","month")
);
--> statement-breakpoint
CREATE TABLE "rating_settings" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"supplement_days" integer NOT NULL,
	"verify_days" numeric(6, 2) NOT NULL,
	"rectify_days" numeric(6, 2) NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"subject_kind" varchar(16) NOT NULL,
	"case_id" uuid,
	"case_number" varchar(32),
	"item_code" varchar(64) NOT NULL,
	"item_version" integer,
	"item_name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"staff_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"staff_names" text[] DEFAULT '{}'::text[] NOT NULL,
	"channel" varchar(16) NOT NULL,
	"method" varchar(16) NOT NULL,
	"stage" varchar(16),
	"level" smallint NOT NULL,
	"options" text[] DEFAULT '{}'::text[] NOT NULL,
	"comment" text,
	"rater_id" uuid,
	"rater_kind" varchar(16) NOT NULL,
	"active" boolean NOT NULL,
	"supplementary" boolean DEFAULT false NOT NULL,
	"rated_at" timestamp with time zone NOT NULL,
	"month" date NOT NULL,
	"replied" boolean DEFAULT false NOT NULL,
	"followed" boolean DEFAULT false NOT NULL,
	"satisfied" boolean,
	"excluded" boolean DEFAULT false NOT NULL,
	"excluded_reason" text,
	"version" integer DEFAULT 0 NOT NULL,
	"last_hash" varchar(64) NOT NULL,
	CONSTRAINT "ratings_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE INDEX "rating_cases_invite_idx" ON "rating_cases" USING btree ("concluded_at") WHERE rated = false AND invited_at IS NULL AND concluded_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "rating_events_rating_idx" ON "rating_events" USING btree ("rating_id","seq");--> statement-breakpoint
CREATE INDEX "rating_rectifications_dept_idx" ON "rating_rectifications" USING btree ("department_id","state");--> statement-breakpoint
CREATE INDEX "rating_rectifications_due_idx" ON "rating_rectifications" USING btree ("region_code","yellow_at") WHERE due_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "rating_rectifications_appeal_idx" ON "rating_rectifications" USING btree ("region_code") WHERE appeal_state = 'pending';--> statement-breakpoint
CREATE INDEX "rating_rollups_month_idx" ON "rating_rollups" USING btree ("month","region_code");--> statement-breakpoint
CREATE INDEX "rating_rollups_department_month_idx" ON "rating_rollups_department" USING btree ("month","region_code");--> statement-breakpoint
CREATE INDEX "ratings_id_idx" ON "ratings" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_case_stage_channel_idx" ON "ratings" USING btree ("region_code","case_id","stage","channel") WHERE case_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_general_idx" ON "ratings" USING btree ("region_code","rater_id","item_code","department_id","month") WHERE case_id IS NULL;--> statement-breakpoint
CREATE INDEX "ratings_case_idx" ON "ratings" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "ratings_month_idx" ON "ratings" USING btree ("region_code","month");--> statement-breakpoint
-- The rating event log is append-only, as case_events: the database refuses UPDATE, DELETE and TRUNCATE.
CREATE OR REPLACE FUNCTION rating_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'rating_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER rating_events_no_update BEFORE UPDATE OR DELETE ON rating_events FOR EACH ROW EXECUTE FUNCTION rating_events_append_only();
--> statement-breakpoint
CREATE TRIGGER rating_events_no_truncate BEFORE TRUNCATE ON rating_events FOR EACH STATEMENT EXECUTE FUNCTION rating_events_append_only();
