CREATE TABLE "credit_records" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"subject_key" varchar(64) NOT NULL,
	"subject_name" text NOT NULL,
	"identifier_masked" varchar(18) NOT NULL,
	"list" varchar(24) NOT NULL,
	"source" varchar(16) NOT NULL,
	"source_ref" text NOT NULL,
	"reason" text NOT NULL,
	"listed_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"created_by" uuid,
	CONSTRAINT "credit_records_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_conflicts" (
	"region_code" varchar(12) NOT NULL,
	"inspector_id" uuid NOT NULL,
	"credit_code" varchar(18) NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspection_conflicts_region_code_inspector_id_credit_code_pk" PRIMARY KEY("region_code","inspector_id","credit_code")
);
--> statement-breakpoint
CREATE TABLE "inspection_draw_events" (
	"region_code" varchar(12) NOT NULL,
	"draw_id" uuid NOT NULL,
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
	CONSTRAINT "inspection_draw_events_region_code_draw_id_seq_pk" PRIMARY KEY("region_code","draw_id","seq")
);
--> statement-breakpoint
CREATE TABLE "inspection_draws" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"state" varchar(16) NOT NULL,
	"seed_hash" varchar(64) NOT NULL,
	"seed" varchar(64) NOT NULL,
	"pool_hash" varchar(64) NOT NULL,
	"pool" jsonb NOT NULL,
	"committed_at" timestamp with time zone NOT NULL,
	"drawn_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"last_hash" varchar(64) NOT NULL,
	CONSTRAINT "inspection_draws_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_inspectors" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"name" text NOT NULL,
	"certificate_no" varchar(32) NOT NULL,
	"qualifications" text[] DEFAULT '{}'::text[] NOT NULL,
	"user_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspection_inspectors_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_items" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"code" varchar(64) NOT NULL,
	"name" text NOT NULL,
	"basis" text NOT NULL,
	"object_classes" text[] NOT NULL,
	"method" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspection_items_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_plans" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"year" smallint NOT NULL,
	"department_ids" uuid[] NOT NULL,
	"item_ids" uuid[] NOT NULL,
	"quotas" jsonb NOT NULL,
	"filters" jsonb NOT NULL,
	"inspectors_per_object" smallint NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspection_plans_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_subjects" (
	"region_code" varchar(12) NOT NULL,
	"credit_code" varchar(18) NOT NULL,
	"name" text NOT NULL,
	"object_class" varchar(16) NOT NULL,
	"industry" varchar(64) DEFAULT '' NOT NULL,
	"risk_grade" varchar(1) DEFAULT 'B' NOT NULL,
	"credit_grade" varchar(1) DEFAULT 'B' NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspection_subjects_region_code_credit_code_pk" PRIMARY KEY("region_code","credit_code")
);
--> statement-breakpoint
CREATE TABLE "inspection_tasks" (
	"region_code" varchar(12) NOT NULL,
	"draw_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"year" smallint NOT NULL,
	"credit_code" varchar(18) NOT NULL,
	"subject_name" text NOT NULL,
	"object_class" varchar(16) NOT NULL,
	"inspector_ids" uuid[] NOT NULL,
	"outcome" varchar(16),
	"evidence" text,
	"inspected_at" timestamp with time zone,
	"recorded_by" uuid,
	"publish_due_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	CONSTRAINT "inspection_tasks_region_code_draw_id_position_pk" PRIMARY KEY("region_code","draw_id","position")
);
--> statement-breakpoint
CREATE INDEX "credit_records_subject_idx" ON "credit_records" USING btree ("subject_key");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_inspectors_cert_uq" ON "inspection_inspectors" USING btree ("region_code","certificate_no");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_items_code_uq" ON "inspection_items" USING btree ("region_code","code");--> statement-breakpoint
CREATE INDEX "inspection_subjects_class_idx" ON "inspection_subjects" USING btree ("region_code","object_class");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_tasks_subject_uq" ON "inspection_tasks" USING btree ("region_code","draw_id","credit_code");--> statement-breakpoint
CREATE INDEX "inspection_tasks_year_idx" ON "inspection_tasks" USING btree ("region_code","year","credit_code");--> statement-breakpoint
CREATE INDEX "inspection_tasks_published_idx" ON "inspection_tasks" USING btree ("region_code","published_at");--> statement-breakpoint
-- The draw event log is append-only, like the other event logs (docs/architecture.md).
CREATE OR REPLACE FUNCTION inspection_draw_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'inspection_draw_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER inspection_draw_events_no_update BEFORE UPDATE OR DELETE ON inspection_draw_events FOR EACH ROW EXECUTE FUNCTION inspection_draw_events_append_only();
--> statement-breakpoint
CREATE TRIGGER inspection_draw_events_no_truncate BEFORE TRUNCATE ON inspection_draw_events FOR EACH STATEMENT EXECUTE FUNCTION inspection_draw_events_append_only();
