CREATE SEQUENCE "public"."hotline_order_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "hotline_assists" (
	"order_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"opinion" text,
	"answered_at" timestamp with time zone,
	CONSTRAINT "hotline_assists_order_id_department_id_pk" PRIMARY KEY("order_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "hotline_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" varchar(100) NOT NULL,
	"size" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_call_rollups" (
	"region_code" varchar(12) NOT NULL,
	"month" varchar(7) NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"abandoned" integer DEFAULT 0 NOT NULL,
	"called_back" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hotline_call_rollups_region_code_month_pk" PRIMARY KEY("region_code","month")
);
--> statement-breakpoint
CREATE TABLE "hotline_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"system_id" uuid NOT NULL,
	"external_id" varchar(64) NOT NULL,
	"caller_enc" text,
	"caller_masked" varchar(32),
	"caller_index" varchar(64),
	"started_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone NOT NULL,
	"called_back_at" timestamp with time zone,
	"agent" varchar(64),
	"order_id" uuid
);
--> statement-breakpoint
CREATE TABLE "hotline_centres" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"department_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_events" (
	"region_code" varchar(12) NOT NULL,
	"order_id" uuid NOT NULL,
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
	CONSTRAINT "hotline_events_region_code_order_id_seq_pk" PRIMARY KEY("region_code","order_id","seq")
);
--> statement-breakpoint
CREATE TABLE "hotline_kb_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"subject_code" varchar(16),
	"item_id" uuid,
	"item_code" varchar(64),
	"search_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_orders" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" varchar(24) NOT NULL,
	"channel" varchar(12) NOT NULL,
	"category" varchar(12) NOT NULL,
	"subject_code" varchar(16) NOT NULL,
	"state" varchar(12) NOT NULL,
	"call_id" uuid,
	"anonymous" boolean DEFAULT false NOT NULL,
	"caller_name_enc" text,
	"caller_phone_enc" text,
	"caller_name_masked" varchar(32),
	"caller_phone_masked" varchar(32),
	"caller_index" varchar(64),
	"citizen_id" uuid,
	"location" text,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"linked_case" jsonb,
	"department_id" uuid,
	"limit_days" numeric NOT NULL,
	"clock_start" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"yellow_at" timestamp with time zone,
	"extension" jsonb,
	"extended_days" numeric DEFAULT 0 NOT NULL,
	"answer" text,
	"kb_entry_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_on_time" boolean,
	"closed_month" varchar(7),
	"closed_department_id" uuid,
	"follow_up_due_at" timestamp with time zone,
	"follow_up" jsonb,
	"reopen_count" smallint DEFAULT 0 NOT NULL,
	"supervise_count" smallint DEFAULT 0 NOT NULL,
	"merged_into" uuid,
	"version" integer DEFAULT 0 NOT NULL,
	"last_hash" varchar(64) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hotline_orders_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "hotline_rollups" (
	"region_code" varchar(12) NOT NULL,
	"month" varchar(7) NOT NULL,
	"category" varchar(12) NOT NULL,
	"subject_code" varchar(16) NOT NULL,
	"department_id" uuid NOT NULL,
	"channel" varchar(12) NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"dispatched" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basic" integer DEFAULT 0 NOT NULL,
	"unsatisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hotline_rollups_region_code_month_category_subject_code_department_id_channel_pk" PRIMARY KEY("region_code","month","category","subject_code","department_id","channel")
);
--> statement-breakpoint
CREATE TABLE "hotline_settings" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"limits" jsonb,
	"follow_up_days" numeric,
	"merge_window_hours" integer,
	"basic_counts_as_satisfied" boolean,
	"routes" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_subjects" (
	"code" varchar(16) PRIMARY KEY NOT NULL,
	"parent_code" varchar(16),
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"department_short" varchar(16)
);
--> statement-breakpoint
CREATE TABLE "hotline_telephony_systems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"key_enc" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "hotline_assists_department_idx" ON "hotline_assists" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "hotline_attachments_order_idx" ON "hotline_attachments" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_calls_external_idx" ON "hotline_calls" USING btree ("system_id","external_id");--> statement-breakpoint
CREATE INDEX "hotline_calls_region_started_idx" ON "hotline_calls" USING btree ("region_code","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_events_order_seq_idx" ON "hotline_events" USING btree ("order_id","seq");--> statement-breakpoint
CREATE INDEX "hotline_kb_tokens_idx" ON "hotline_kb_entries" USING gin ("search_tokens");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_kb_item_idx" ON "hotline_kb_entries" USING btree ("region_code","item_id");--> statement-breakpoint
CREATE INDEX "hotline_orders_id_idx" ON "hotline_orders" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_orders_number_idx" ON "hotline_orders" USING btree ("region_code","number");--> statement-breakpoint
CREATE INDEX "hotline_orders_region_state_idx" ON "hotline_orders" USING btree ("region_code","state","received_at");--> statement-breakpoint
CREATE INDEX "hotline_orders_department_idx" ON "hotline_orders" USING btree ("department_id","state");--> statement-breakpoint
CREATE INDEX "hotline_orders_citizen_idx" ON "hotline_orders" USING btree ("citizen_id","received_at");--> statement-breakpoint
CREATE INDEX "hotline_orders_duplicates_idx" ON "hotline_orders" USING btree ("subject_code","received_at");--> statement-breakpoint
CREATE INDEX "hotline_orders_yellow_idx" ON "hotline_orders" USING btree ("region_code","yellow_at") WHERE yellow_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "hotline_rollups_month_idx" ON "hotline_rollups" USING btree ("month");