CREATE SEQUENCE "public"."bundle_case_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "bundle_case_events" (
	"region_code" varchar(12) NOT NULL,
	"bundle_id" uuid NOT NULL,
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
	CONSTRAINT "bundle_case_events_region_code_bundle_id_seq_pk" PRIMARY KEY("region_code","bundle_id","seq")
);
--> statement-breakpoint
CREATE TABLE "bundle_cases" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" varchar(32) NOT NULL,
	"bundle_code" varchar(64) NOT NULL,
	"bundle_version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"applicant_id" uuid,
	"applicant_kind" varchar(16) NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_id_enc" text NOT NULL,
	"applicant_mobile_enc" text,
	"applicant_id_masked" varchar(18) NOT NULL,
	"channel" varchar(16) NOT NULL,
	"filed_by" uuid,
	"file_owner_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"form" jsonb NOT NULL,
	"chosen" jsonb NOT NULL,
	"plans" jsonb NOT NULL,
	"engine" jsonb NOT NULL,
	"status" varchar(16) NOT NULL,
	"outcome" varchar(16),
	"submitted_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"accepted_by_name" text,
	"concluded_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"limit_days" numeric(8, 2),
	"limit_derived" boolean DEFAULT false NOT NULL,
	"clock_start" timestamp with time zone,
	"clock_end" timestamp with time zone,
	"due_at" timestamp with time zone,
	"closed_overdue" boolean,
	"version" integer DEFAULT 0 NOT NULL,
	"last_hash" varchar(64) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bundle_cases_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "bundle_children" (
	"region_code" varchar(12) NOT NULL,
	"bundle_id" uuid NOT NULL,
	"item_code" varchar(64) NOT NULL,
	"stage" smallint NOT NULL,
	"mandatory" boolean NOT NULL,
	"case_region_code" varchar(12) NOT NULL,
	"case_id" uuid NOT NULL,
	"case_number" varchar(32) NOT NULL,
	"department_code" varchar(64) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bundle_children_region_code_bundle_id_item_code_pk" PRIMARY KEY("region_code","bundle_id","item_code")
);
--> statement-breakpoint
CREATE TABLE "bundle_definition_versions" (
	"code" varchar(64) NOT NULL,
	"version" integer NOT NULL,
	"state" varchar(16) NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	CONSTRAINT "bundle_definition_versions_code_version_pk" PRIMARY KEY("code","version")
);
--> statement-breakpoint
CREATE TABLE "bundle_definitions" (
	"code" varchar(64) PRIMARY KEY NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"published_version" integer,
	"draft_version" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bundle_cases_number_idx" ON "bundle_cases" USING btree ("region_code","number");--> statement-breakpoint
CREATE INDEX "bundle_cases_id_idx" ON "bundle_cases" USING btree ("id");--> statement-breakpoint
CREATE INDEX "bundle_cases_applicant_idx" ON "bundle_cases" USING btree ("applicant_id");--> statement-breakpoint
CREATE INDEX "bundle_cases_status_idx" ON "bundle_cases" USING btree ("region_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "bundle_children_case_idx" ON "bundle_children" USING btree ("case_id");