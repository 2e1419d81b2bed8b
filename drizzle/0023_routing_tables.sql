CREATE TABLE "routing_callbacks" (
	"system_id" uuid NOT NULL,
	"message_id" varchar(128) NOT NULL,
	"case_id" uuid NOT NULL,
	"action" varchar(16) NOT NULL,
	"state" varchar(16) DEFAULT 'processing' NOT NULL,
	"status" smallint,
	"answer" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routing_callbacks_system_id_message_id_pk" PRIMARY KEY("system_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "routing_keys" (
	"id" varchar(16) PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"private_key_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_messages" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"direction" varchar(3) NOT NULL,
	"system_id" uuid,
	"peer" text NOT NULL,
	"kind" varchar(24) NOT NULL,
	"message_id" varchar(128),
	"case_id" uuid,
	"body" text NOT NULL,
	"body_hash" varchar(64) NOT NULL,
	"peer_signature" text,
	"status" smallint,
	"note" text,
	"key_id" varchar(16) NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_outbox" (
	"region_code" varchar(12) NOT NULL,
	"id" uuid NOT NULL,
	"system_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"step" smallint NOT NULL,
	"case_seq" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"body" text,
	"state" varchar(16) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"dead_at" timestamp with time zone,
	CONSTRAINT "routing_outbox_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "routing_systems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"department_id" uuid NOT NULL,
	"name" text NOT NULL,
	"endpoint" text NOT NULL,
	"key_enc" text NOT NULL,
	"key_version" integer DEFAULT 1 NOT NULL,
	"prev_key_enc" text,
	"prev_key_until" timestamp with time zone,
	"takeovers" jsonb NOT NULL,
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "routing_messages_system_idx" ON "routing_messages" USING btree ("system_id","seq");--> statement-breakpoint
CREATE INDEX "routing_messages_case_idx" ON "routing_messages" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "routing_outbox_state_idx" ON "routing_outbox" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "routing_outbox_case_idx" ON "routing_outbox" USING btree ("case_id","step");--> statement-breakpoint
CREATE INDEX "routing_systems_department_idx" ON "routing_systems" USING btree ("department_id");--> statement-breakpoint
-- The message log is evidence: an UPDATE, DELETE or TRUNCATE of it is refused by the database itself.
CREATE OR REPLACE FUNCTION routing_messages_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'routing_messages is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER routing_messages_no_update BEFORE UPDATE OR DELETE ON routing_messages FOR EACH ROW EXECUTE FUNCTION routing_messages_append_only();
--> statement-breakpoint
CREATE TRIGGER routing_messages_no_truncate BEFORE TRUNCATE ON routing_messages FOR EACH STATEMENT EXECUTE FUNCTION routing_messages_append_only();
