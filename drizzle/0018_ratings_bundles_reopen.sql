DROP INDEX "ratings_general_idx";--> statement-breakpoint
ALTER TABLE "rating_rectifications" ADD COLUMN "reopen_count" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rating_rectifications" ADD COLUMN "reopened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rating_rectifications" ADD COLUMN "reopen_reason" text;--> statement-breakpoint
ALTER TABLE "rating_rectifications" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rating_rectifications" ADD COLUMN "supervisor_decision" text;--> statement-breakpoint
ALTER TABLE "rating_rectifications" ADD COLUMN "supervisor_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rating_rectifications" ADD COLUMN "supervisor_decided_by" uuid;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "bundle_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_bundle_stage_channel_idx" ON "ratings" USING btree ("region_code","bundle_id","stage","channel") WHERE bundle_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_general_idx" ON "ratings" USING btree ("region_code","rater_id","item_code","department_id","month") WHERE case_id IS NULL AND bundle_id IS NULL;