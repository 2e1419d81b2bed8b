CREATE TABLE "catalog_item_versions" (
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"state" varchar(16) NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	CONSTRAINT "catalog_item_versions_item_id_version_pk" PRIMARY KEY("item_id","version")
);
--> statement-breakpoint
CREATE TABLE "catalog_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" varchar(64) NOT NULL,
	"standard_code" varchar(64) NOT NULL,
	"published_version" integer,
	"draft_version" integer,
	"suspended" boolean DEFAULT false NOT NULL,
	"suspended_reason" text,
	"name" text NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"department_code" varchar(64) NOT NULL,
	"level" varchar(16) NOT NULL,
	"audiences" text[] DEFAULT '{}'::text[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"online_depth" varchar(16) NOT NULL,
	"immediate" boolean NOT NULL,
	"visits" integer,
	"legal_limit" numeric(8, 2),
	"promised_limit" numeric(8, 2),
	"search_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_item_versions" ADD CONSTRAINT "catalog_item_versions_item_id_catalog_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_items_code_idx" ON "catalog_items" USING btree ("code");--> statement-breakpoint
CREATE INDEX "catalog_items_standard_idx" ON "catalog_items" USING btree ("standard_code");--> statement-breakpoint
CREATE INDEX "catalog_items_region_idx" ON "catalog_items" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "catalog_items_department_idx" ON "catalog_items" USING btree ("department_code");--> statement-breakpoint
CREATE INDEX "catalog_items_tokens_idx" ON "catalog_items" USING gin ("search_tokens");