CREATE TABLE "ledger_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"title" text,
	"issuer" text,
	"issued_on" date,
	"filename" text NOT NULL,
	"format" varchar(8) NOT NULL,
	"source_text" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_evaluations" (
	"year" smallint NOT NULL,
	"unit_id" uuid NOT NULL,
	"region_code" varchar(12),
	"due" integer NOT NULL,
	"on_time" integer NOT NULL,
	"reports_owed" integer NOT NULL,
	"reports_filed" integer NOT NULL,
	"targets" integer NOT NULL,
	"targets_met" integer NOT NULL,
	"score" numeric(6, 2) NOT NULL,
	"rank" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_evaluations_year_unit_id_pk" PRIMARY KEY("year","unit_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_import_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"status" varchar(12) DEFAULT 'draft' NOT NULL,
	"unit_scope" text,
	"tasks" jsonb NOT NULL,
	"warnings" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ledger_progress_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"period" varchar(8) NOT NULL,
	"text" text NOT NULL,
	"figures" jsonb NOT NULL,
	"attachments" jsonb NOT NULL,
	"completed" boolean DEFAULT false NOT NULL,
	"reported_on" date NOT NULL,
	"reported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_supervision_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"task_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"quarter" varchar(7) NOT NULL,
	"reason" varchar(12) NOT NULL,
	"issued_on" date NOT NULL,
	"due_on" date NOT NULL,
	"status" varchar(12) DEFAULT 'open' NOT NULL,
	"answer" text,
	"answered_on" date,
	"answered_by" uuid,
	"closed_on" date,
	"closed_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"comparator" varchar(12) NOT NULL,
	"value" numeric(14, 4) NOT NULL,
	"unit" varchar(16) NOT NULL,
	"raw" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_task_units" (
	"task_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"role" varchar(12) NOT NULL,
	"position" smallint NOT NULL,
	"written" text NOT NULL,
	"division" text,
	CONSTRAINT "ledger_task_units_task_id_unit_id_role_pk" PRIMARY KEY("task_id","unit_id","role")
);
--> statement-breakpoint
CREATE TABLE "ledger_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"document_id" uuid NOT NULL,
	"draft_id" uuid NOT NULL,
	"no" varchar(32) NOT NULL,
	"section" varchar(64) NOT NULL,
	"part" smallint DEFAULT 1 NOT NULL,
	"part_title" text,
	"measure" text,
	"group_name" text,
	"text" text NOT NULL,
	"line_start" integer NOT NULL,
	"line_end" integer NOT NULL,
	"deadlines" jsonb NOT NULL,
	"due_on" date,
	"ongoing" boolean DEFAULT false NOT NULL,
	"cadence" varchar(12) DEFAULT 'monthly' NOT NULL,
	"completed_on" date,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_unit_aliases" (
	"alias" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "ledger_unit_aliases_alias_scope_pk" PRIMARY KEY("alias","scope")
);
--> statement-breakpoint
CREATE TABLE "ledger_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(16) NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"region_code" varchar(12),
	"department_id" uuid,
	"verified" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ledger_documents_region_idx" ON "ledger_documents" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "ledger_drafts_document_idx" ON "ledger_import_drafts" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "ledger_drafts_region_idx" ON "ledger_import_drafts" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_reports_task_unit_period_idx" ON "ledger_progress_reports" USING btree ("task_id","unit_id","period");--> statement-breakpoint
CREATE INDEX "ledger_reports_unit_idx" ON "ledger_progress_reports" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_orders_task_quarter_idx" ON "ledger_supervision_orders" USING btree ("task_id","quarter");--> statement-breakpoint
CREATE INDEX "ledger_orders_unit_idx" ON "ledger_supervision_orders" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "ledger_targets_task_idx" ON "ledger_targets" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ledger_task_units_unit_idx" ON "ledger_task_units" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "ledger_tasks_region_idx" ON "ledger_tasks" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "ledger_tasks_document_idx" ON "ledger_tasks" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "ledger_tasks_due_idx" ON "ledger_tasks" USING btree ("due_on");--> statement-breakpoint
CREATE INDEX "ledger_unit_aliases_unit_idx" ON "ledger_unit_aliases" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_units_name_scope_idx" ON "ledger_units" USING btree ("name","scope");--> statement-breakpoint
CREATE INDEX "ledger_units_department_idx" ON "ledger_units" USING btree ("department_id");