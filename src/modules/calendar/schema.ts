import { sql } from 'drizzle-orm';
import { bigint, check, date, index, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import type { DayKind, OfficePeriod } from './rules.js';

export type DaySource = 'seed' | 'notice' | 'admin';

/**
 * Days that differ from the weekend rule, per region. Region '000000' is the national calendar; a region's
 * own rows override it (and its ancestors' rows) for that region and everything below it.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    kind: varchar('kind', { length: 20 }).notNull().$type<DayKind>(),
    name: text('name'),
    source: varchar('source', { length: 16 }).notNull().$type<DaySource>(),
    /** The package version, notice reference or admin note the day came from. */
    sourceRef: text('source_ref'),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.date] }),
    index('calendar_days_date_idx').on(t.date),
    check('calendar_days_kind_check', sql`${t.kind} in ('workday', 'weekend', 'holiday', 'adjusted_workday')`),
    check('calendar_days_source_check', sql`${t.source} in ('seed', 'notice', 'admin')`),
  ],
);

/** Years whose holiday notice has been entered; any other year is computed provisionally (weekends only). */
export const calendarYears = pgTable(
  'calendar_years',
  {
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    year: smallint('year').notNull(),
    source: varchar('source', { length: 16 }).notNull().$type<DaySource>(),
    sourceRef: text('source_ref'),
    enteredBy: uuid('entered_by'),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year] })],
);

/** Office hours of a region (and, unless they set their own, the regions below it). */
export const officeHours = pgTable('office_hours', {
  regionCode: varchar('region_code', { length: 12 }).primaryKey(),
  periods: jsonb('periods').notNull().$type<OfficePeriod[]>(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row, bumped by every calendar change, so each API node notices a change made on another node and
 * reloads its in-memory calendars.
 */
export const calendarRevision = pgTable('calendar_revision', {
  id: smallint('id').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull(),
});
