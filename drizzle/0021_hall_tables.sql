CREATE TABLE "hall_business_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hall_id" uuid NOT NULL,
	"prefix" varchar(2) NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"item_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"sort" smallint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hall_halls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"address" text,
	"yellow_minutes" smallint DEFAULT 20 NOT NULL,
	"red_minutes" smallint DEFAULT 40 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hall_ticket_events" (
	"region_code" varchar(12) NOT NULL,
	"ticket_id" uuid NOT NULL,
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
	CONSTRAINT "hall_ticket_events_region_code_ticket_id_seq_pk" PRIMARY KEY("region_code","ticket_id","seq")
);
--> statement-breakpoint
CREATE TABLE "hall_tickets" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid NOT NULL,
	"hall_id" uuid NOT NULL,
	"type_id" uuid NOT NULL,
	"day" varchar(10) NOT NULL,
	"seq" integer NOT NULL,
	"number" varchar(8) NOT NULL,
	"channel" varchar(8) NOT NULL,
	"status" varchar(12) NOT NULL,
	"window_id" uuid,
	"transferred_to" uuid,
	"recalls" smallint DEFAULT 0 NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"called_at" timestamp with time zone,
	"serving_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"case_id" uuid,
	"version" integer DEFAULT 0 NOT NULL,
	"last_hash" varchar(64) NOT NULL,
	CONSTRAINT "hall_tickets_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "hall_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hall_id" uuid NOT NULL,
	"number" smallint NOT NULL,
	"name" text NOT NULL,
	"staff_user_id" uuid,
	"type_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hall_business_types" ADD CONSTRAINT "hall_business_types_hall_id_hall_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."hall_halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hall_windows" ADD CONSTRAINT "hall_windows_hall_id_hall_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."hall_halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hall_business_types_prefix" ON "hall_business_types" USING btree ("hall_id","prefix");--> statement-breakpoint
CREATE INDEX "hall_halls_region" ON "hall_halls" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "hall_tickets_number" ON "hall_tickets" USING btree ("hall_id","type_id","day","seq");--> statement-breakpoint
CREATE INDEX "hall_tickets_queue" ON "hall_tickets" USING btree ("hall_id","status","taken_at");--> statement-breakpoint
CREATE INDEX "hall_tickets_case" ON "hall_tickets" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hall_windows_number" ON "hall_windows" USING btree ("hall_id","number");--> statement-breakpoint
-- A ticket's events are append-only, refused by the database itself (docs/architecture.md).
CREATE OR REPLACE FUNCTION hall_ticket_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'hall_ticket_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER hall_ticket_events_no_update BEFORE UPDATE OR DELETE ON hall_ticket_events FOR EACH ROW EXECUTE FUNCTION hall_ticket_events_append_only();
--> statement-breakpoint
CREATE TRIGGER hall_ticket_events_no_truncate BEFORE TRUNCATE ON hall_ticket_events FOR EACH STATEMENT EXECUTE FUNCTION hall_ticket_events_append_only();
