CREATE TABLE "calendar_days" (
	"region_code" varchar(12) NOT NULL,
	"date" date NOT NULL,
	"kind" varchar(20) NOT NULL,
	"name" text,
	"source" varchar(16) NOT NULL,
	"source_ref" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_days_region_code_date_pk" PRIMARY KEY("region_code","date"),
	CONSTRAINT "calendar_days_kind_check" CHECK ("calendar_days"."kind" in ('workday', 'weekend', 'holiday', 'adjusted_workday')),
	CONSTRAINT "calendar_days_source_check" CHECK ("calendar_days"."source" in ('seed', 'notice', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "calendar_revision" (
	"id" smallint PRIMARY KEY NOT NULL,
	"revision" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"region_code" varchar(12) NOT NULL,
	"year" smallint NOT NULL,
	"source" varchar(16) NOT NULL,
	"source_ref" text,
	"entered_by" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_years_region_code_year_pk" PRIMARY KEY("region_code","year")
);
--> statement-breakpoint
CREATE TABLE "office_hours" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"periods" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "calendar_days_date_idx" ON "calendar_days" USING btree ("date");