CREATE TABLE "licence_counters" (
	"type_code" varchar(64) NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "licence_counters_type_code_year_pk" PRIMARY KEY("type_code","year")
);
--> statement-breakpoint
CREATE TABLE "licence_keys" (
	"id" varchar(32) PRIMARY KEY NOT NULL,
	"algorithm" varchar(16) NOT NULL,
	"public_key" text NOT NULL,
	"private_key_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type_code" varchar(64) NOT NULL,
	"type_name" text NOT NULL,
	"number" varchar(40) NOT NULL,
	"verification_code" varchar(32) NOT NULL,
	"holder_kind" varchar(16) NOT NULL,
	"holder_name" text NOT NULL,
	"holder_id_enc" text NOT NULL,
	"holder_id_masked" varchar(18) NOT NULL,
	"holder_index" varchar(64) NOT NULL,
	"issuer_department_id" uuid NOT NULL,
	"issuer_department_code" varchar(64) NOT NULL,
	"issuer_name" text NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"issued_on" date NOT NULL,
	"valid_until" date,
	"content" jsonb NOT NULL,
	"source_region_code" varchar(12),
	"source_case_id" uuid,
	"source_case_number" varchar(32),
	"status" varchar(16) DEFAULT 'valid' NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revocation_reason" text,
	"key_id" varchar(32) NOT NULL,
	"signature" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "licences_type_number_idx" ON "licences" USING btree ("type_code","number");--> statement-breakpoint
CREATE UNIQUE INDEX "licences_verification_code_idx" ON "licences" USING btree ("verification_code");--> statement-breakpoint
CREATE UNIQUE INDEX "licences_source_case_idx" ON "licences" USING btree ("source_case_id") WHERE source_case_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "licences_holder_idx" ON "licences" USING btree ("holder_index","type_code");--> statement-breakpoint
CREATE INDEX "licences_issuer_idx" ON "licences" USING btree ("issuer_department_id");--> statement-breakpoint
CREATE INDEX "licences_region_idx" ON "licences" USING btree ("region_code");