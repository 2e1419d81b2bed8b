CREATE TABLE "ranking_weights" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"weights" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_bundle_rollups" (
	"region_code" varchar(12) NOT NULL,
	"grain" varchar(1) NOT NULL,
	"period" date NOT NULL,
	"bundle_code" varchar(64) NOT NULL,
	"channel" varchar(16) NOT NULL,
	"applications" bigint DEFAULT 0 NOT NULL,
	"accepted" bigint DEFAULT 0 NOT NULL,
	"withdrawn" bigint DEFAULT 0 NOT NULL,
	"concluded" bigint DEFAULT 0 NOT NULL,
	"timed" bigint DEFAULT 0 NOT NULL,
	"on_time" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_bundle_rollups_region_code_grain_period_bundle_code_channel_pk" PRIMARY KEY("region_code","grain","period","bundle_code","channel")
);
--> statement-breakpoint
CREATE TABLE "stats_bundle_states" (
	"region_code" varchar(12) NOT NULL,
	"bundle_id" uuid NOT NULL,
	"last_seq" integer NOT NULL,
	"state" jsonb NOT NULL,
	CONSTRAINT "stats_bundle_states_region_code_bundle_id_pk" PRIMARY KEY("region_code","bundle_id")
);
--> statement-breakpoint
CREATE TABLE "stats_case_states" (
	"region_code" varchar(12) NOT NULL,
	"case_id" uuid NOT NULL,
	"last_seq" integer NOT NULL,
	"state" jsonb NOT NULL,
	CONSTRAINT "stats_case_states_region_code_case_id_pk" PRIMARY KEY("region_code","case_id")
);
--> statement-breakpoint
CREATE TABLE "stats_cursors" (
	"name" varchar(16) PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"applied" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_labels" (
	"kind" varchar(8) NOT NULL,
	"code" varchar(64) NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "stats_labels_kind_code_pk" PRIMARY KEY("kind","code")
);
--> statement-breakpoint
CREATE TABLE "stats_rollups" (
	"region_code" varchar(12) NOT NULL,
	"grain" varchar(1) NOT NULL,
	"period" date NOT NULL,
	"department_id" uuid NOT NULL,
	"item_code" varchar(64) NOT NULL,
	"channel" varchar(16) NOT NULL,
	"applications" bigint DEFAULT 0 NOT NULL,
	"immediate" bigint DEFAULT 0 NOT NULL,
	"accepted" bigint DEFAULT 0 NOT NULL,
	"deficiency" bigint DEFAULT 0 NOT NULL,
	"pledged" bigint DEFAULT 0 NOT NULL,
	"rejected" bigint DEFAULT 0 NOT NULL,
	"withdrawn" bigint DEFAULT 0 NOT NULL,
	"concluded" bigint DEFAULT 0 NOT NULL,
	"timed" bigint DEFAULT 0 NOT NULL,
	"on_time" bigint DEFAULT 0 NOT NULL,
	"overdue" bigint DEFAULT 0 NOT NULL,
	"overdue_days" numeric(14, 4) DEFAULT 0 NOT NULL,
	"used_days" numeric(14, 4) DEFAULT 0 NOT NULL,
	"limit_days" numeric(14, 4) DEFAULT 0 NOT NULL,
	"once_done" bigint DEFAULT 0 NOT NULL,
	"zero_visit" bigint DEFAULT 0 NOT NULL,
	"at_most_once" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_rollups_region_code_grain_period_department_id_item_code_channel_pk" PRIMARY KEY("region_code","grain","period","department_id","item_code","channel")
);
--> statement-breakpoint
CREATE TABLE "supervision_report_deliveries" (
	"report_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"period" varchar(7) NOT NULL,
	"title" text NOT NULL,
	"pdf" "bytea",
	"delivered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "supervision_report_deliveries_report_id_department_id_pk" PRIMARY KEY("report_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "supervision_reports" (
	"region_code" varchar(12) NOT NULL,
	"period" varchar(7) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"number" varchar(64) NOT NULL,
	"title" text NOT NULL,
	"figures" jsonb NOT NULL,
	"docx" "bytea" NOT NULL,
	"pdf" "bytea" NOT NULL,
	"xlsx" "bytea" NOT NULL,
	"generated_by" uuid,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervision_reports_region_code_period_pk" PRIMARY KEY("region_code","period")
);
--> statement-breakpoint
CREATE INDEX "stats_bundle_rollups_period_idx" ON "stats_bundle_rollups" USING btree ("grain","period","region_code");--> statement-breakpoint
CREATE INDEX "stats_rollups_period_idx" ON "stats_rollups" USING btree ("grain","period","region_code");--> statement-breakpoint
CREATE INDEX "stats_rollups_department_idx" ON "stats_rollups" USING btree ("department_id","grain","period");--> statement-breakpoint
CREATE INDEX "supervision_report_deliveries_department_idx" ON "supervision_report_deliveries" USING btree ("department_id","delivered_at");--> statement-breakpoint
CREATE INDEX "supervision_reports_id_idx" ON "supervision_reports" USING btree ("id");