CREATE TABLE "hotline_figure_rollups" (
	"scope" varchar(12) NOT NULL,
	"parent" varchar(12) NOT NULL,
	"month" varchar(7) NOT NULL,
	"category" varchar(12) NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"dispatched" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basic" integer DEFAULT 0 NOT NULL,
	"unsatisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hotline_figure_rollups_scope_month_category_pk" PRIMARY KEY("scope","month","category")
);
--> statement-breakpoint
CREATE TABLE "hotline_list_rollups" (
	"scope" varchar(12) NOT NULL,
	"month" varchar(7) NOT NULL,
	"dimension" varchar(12) NOT NULL,
	"key" varchar(36) NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"dispatched" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basic" integer DEFAULT 0 NOT NULL,
	"unsatisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hotline_list_rollups_scope_dimension_month_key_pk" PRIMARY KEY("scope","dimension","month","key")
);
--> statement-breakpoint
CREATE INDEX "hotline_figure_rollups_parent_idx" ON "hotline_figure_rollups" USING btree ("parent","month");--> statement-breakpoint
CREATE INDEX "hotline_orders_card_due_idx" ON "hotline_orders" USING btree ("due_at") WHERE yellow_at IS NOT NULL;--> statement-breakpoint
-- Backfill from the detailed rollup: each row counts in every scope its region code falls under.
INSERT INTO "hotline_figure_rollups" ("scope", "parent", "month", "category", "received", "dispatched", "closed", "closed_on_time", "satisfied", "basic", "unsatisfied")
SELECT left(r.region_code, l.n), left(r.region_code, l.up), r.month, r.category, sum(r.received), sum(r.dispatched), sum(r.closed), sum(r.closed_on_time), sum(r.satisfied), sum(r.basic), sum(r.unsatisfied)
  FROM "hotline_rollups" r JOIN (VALUES (2, 0), (4, 2), (6, 4), (9, 6), (12, 9)) AS l(n, up) ON l.n <= length(r.region_code)
 GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "hotline_list_rollups" ("scope", "month", "dimension", "key", "received", "dispatched", "closed", "closed_on_time", "satisfied", "basic", "unsatisfied")
SELECT left(r.region_code, l.n), r.month, d.dimension, CASE d.dimension WHEN 'subject' THEN r.subject_code ELSE r.department_id::text END,
       sum(r.received), sum(r.dispatched), sum(r.closed), sum(r.closed_on_time), sum(r.satisfied), sum(r.basic), sum(r.unsatisfied)
  FROM "hotline_rollups" r JOIN (VALUES (2), (4), (6), (9), (12)) AS l(n) ON l.n <= length(r.region_code)
  CROSS JOIN (VALUES ('subject'), ('department')) AS d(dimension)
 WHERE d.dimension = 'subject' OR r.department_id <> '00000000-0000-0000-0000-000000000000'
 GROUP BY 1, 2, 3, 4;
