CREATE SEQUENCE "public"."case_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "case_commitments" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"requirements" smallint[] NOT NULL,
	"text" text NOT NULL,
	"signed_by" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_commitments_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "case_corrections" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"stage" varchar(16) NOT NULL,
	"items" jsonb NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "case_corrections_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "case_deliveries" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"method" varchar(16) NOT NULL,
	"receiver_name" text NOT NULL,
	"address" text,
	"tracking_number" varchar(64),
	"delivered_by" uuid NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_deliveries_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "case_documents" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" varchar(32) NOT NULL,
	"title" text NOT NULL,
	"html" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_documents_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"region_code" varchar(12) NOT NULL,
	"case_id" uuid NOT NULL,
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
	CONSTRAINT "case_events_region_code_case_id_seq_pk" PRIMARY KEY("region_code","case_id","seq")
);
--> statement-breakpoint
CREATE TABLE "case_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"size" bigint NOT NULL,
	"mime" varchar(64) NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_idempotency_keys" (
	"actor_id" uuid NOT NULL,
	"key" varchar(128) NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"region_code" varchar(12),
	"case_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_idempotency_keys_actor_id_key_pk" PRIMARY KEY("actor_id","key")
);
--> statement-breakpoint
CREATE TABLE "case_materials" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"requirement" smallint NOT NULL,
	"name" text NOT NULL,
	"source" varchar(16) NOT NULL,
	"file_id" uuid,
	"file_hash" varchar(64),
	"size" bigint,
	"mime" varchar(64),
	"reference" text,
	"review" varchar(16) DEFAULT 'pending' NOT NULL,
	"review_reason" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"superseded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_materials_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "case_notifications" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"recipient_id" uuid,
	"kind" varchar(32) NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"sms_to_enc" text,
	"sms_status" varchar(16) NOT NULL,
	"sms_attempts" integer DEFAULT 0 NOT NULL,
	"sms_sent_at" timestamp with time zone,
	CONSTRAINT "case_notifications_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "case_pledges" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"text" text NOT NULL,
	"signed_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"verification_department_id" uuid NOT NULL,
	"verification_due_at" timestamp with time zone NOT NULL,
	"verification_state" varchar(16) NOT NULL,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "case_pledges_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "case_special_procedures" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"expected_days" numeric(8, 2),
	"started_at" timestamp with time zone NOT NULL,
	"started_by" uuid NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" uuid,
	"result" text,
	CONSTRAINT "case_special_procedures_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "case_steps" (
	"region_code" varchar(12) NOT NULL,
	"case_id" uuid NOT NULL,
	"idx" smallint NOT NULL,
	"name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"role" varchar(16) NOT NULL,
	"state" varchar(16) NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"actor_id" uuid,
	"opinion" text,
	CONSTRAINT "case_steps_region_code_case_id_idx_pk" PRIMARY KEY("region_code","case_id","idx")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" varchar(32) NOT NULL,
	"item_id" uuid NOT NULL,
	"item_version" integer NOT NULL,
	"item" jsonb NOT NULL,
	"department_id" uuid NOT NULL,
	"step_department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"channel" varchar(16) NOT NULL,
	"applicant_id" uuid,
	"applicant_kind" varchar(16) NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_id_enc" text NOT NULL,
	"applicant_id_masked" varchar(18) NOT NULL,
	"applicant_mobile_enc" text,
	"filed_by" uuid,
	"form_data" jsonb NOT NULL,
	"state" varchar(24) NOT NULL,
	"current_step" smallint,
	"current_step_department_id" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"concluded_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"clock_kind" varchar(16),
	"clock_start" timestamp with time zone,
	"limit_days" numeric(8, 2),
	"due_at" timestamp with time zone,
	"yellow_at" timestamp with time zone,
	"paused" boolean DEFAULT false NOT NULL,
	"closed_overdue" boolean,
	"pending_deficiencies" smallint DEFAULT 0 NOT NULL,
	"deficiency_overdue" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"last_hash" varchar(64) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE INDEX "case_commitments_case_idx" ON "case_commitments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_commitments_open_idx" ON "case_commitments" USING btree ("deadline") WHERE fulfilled_at IS NULL;--> statement-breakpoint
CREATE INDEX "case_corrections_case_idx" ON "case_corrections" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_deliveries_case_idx" ON "case_deliveries" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_documents_case_idx" ON "case_documents" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_case_seq_idx" ON "case_events" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "case_events_at_idx" ON "case_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "case_files_owner_idx" ON "case_files" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "case_files_sha_idx" ON "case_files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "case_materials_case_idx" ON "case_materials" USING btree ("case_id","requirement");--> statement-breakpoint
CREATE INDEX "case_notifications_id_idx" ON "case_notifications" USING btree ("id");--> statement-breakpoint
CREATE INDEX "case_notifications_recipient_idx" ON "case_notifications" USING btree ("recipient_id","created_at");--> statement-breakpoint
CREATE INDEX "case_notifications_sms_idx" ON "case_notifications" USING btree ("created_at") WHERE sms_status = 'pending';--> statement-breakpoint
CREATE INDEX "case_pledges_case_idx" ON "case_pledges" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_pledges_open_idx" ON "case_pledges" USING btree ("verification_department_id","verification_due_at") WHERE verification_state = 'open';--> statement-breakpoint
CREATE INDEX "case_special_procedures_case_idx" ON "case_special_procedures" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_number_idx" ON "cases" USING btree ("region_code","number");--> statement-breakpoint
CREATE INDEX "cases_id_idx" ON "cases" USING btree ("id");--> statement-breakpoint
CREATE INDEX "cases_applicant_idx" ON "cases" USING btree ("applicant_id");--> statement-breakpoint
CREATE INDEX "cases_department_idx" ON "cases" USING btree ("department_id","state");--> statement-breakpoint
CREATE INDEX "cases_step_department_idx" ON "cases" USING btree ("current_step_department_id","state");--> statement-breakpoint
CREATE INDEX "cases_state_idx" ON "cases" USING btree ("region_code","state");--> statement-breakpoint
CREATE INDEX "cases_yellow_idx" ON "cases" USING btree ("yellow_at","region_code") WHERE yellow_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_region_yellow_idx" ON "cases" USING btree ("region_code","yellow_at") WHERE yellow_at IS NOT NULL;