-- Licence numbers start with the issuing region and year; one serial per region and year keeps a number from
-- naming two licences of different types.
DROP TABLE "licence_counters";--> statement-breakpoint
CREATE TABLE "licence_serials" (
	"region_code" varchar(12) NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "licence_serials_region_code_year_pk" PRIMARY KEY("region_code","year")
);
