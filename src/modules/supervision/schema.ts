import { bigint, customType, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import type { BundleStat, CaseStat } from './rules.js';

/*
 * Supervision's statistics are projections of the case and bundle event logs, kept by a consumer
 * (rollup.ts) that applies each event once: per entity the last applied sequence number is stored beside
 * its state, in the same transaction as the rollup deltas and the cursor. Region first in every key, as
 * on the case side, so the tables can be distributed with the cases under Citus.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
const region = () => varchar('region_code', { length: 12 }).notNull();
const counter = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);
const days = (name: string) => numeric(name, { precision: 14, scale: 4, mode: 'number' }).notNull().default(0);
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/** Where each consumer stands in its log, and the high-water instant it has seen. */
export const statsCursors = pgTable('stats_cursors', {
  name: varchar('name', { length: 16 }).primaryKey().$type<'cases' | 'bundles'>(),
  at: ts('at').notNull(),
  applied: bigint('applied', { mode: 'number' }).notNull().default(0),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** One case as statistics see it: the reduced state of its events up to last_seq. */
export const statsCaseStates = pgTable(
  'stats_case_states',
  { regionCode: region(), caseId: uuid('case_id').notNull(), lastSeq: integer('last_seq').notNull(), state: jsonb('state').notNull().$type<CaseStat>() },
  (t) => [primaryKey({ columns: [t.regionCode, t.caseId] })],
);

export const statsBundleStates = pgTable(
  'stats_bundle_states',
  { regionCode: region(), bundleId: uuid('bundle_id').notNull(), lastSeq: integer('last_seq').notNull(), state: jsonb('state').notNull().$type<BundleStat>() },
  (t) => [primaryKey({ columns: [t.regionCode, t.bundleId] })],
);

/** Case figures per day ('d'), month ('m') and year ('y'; period = first day) by region, department, item and channel. */
export const statsRollups = pgTable(
  'stats_rollups',
  {
    regionCode: region(),
    grain: varchar('grain', { length: 1 }).notNull().$type<'d' | 'm' | 'y'>(),
    period: date('period', { mode: 'string' }).notNull(),
    departmentId: uuid('department_id').notNull(),
    itemCode: varchar('item_code', { length: 64 }).notNull(),
    channel: varchar('channel', { length: 16 }).notNull(),
    applications: counter('applications'),
    immediate: counter('immediate'),
    accepted: counter('accepted'),
    deficiency: counter('deficiency'),
    pledged: counter('pledged'),
    rejected: counter('rejected'),
    withdrawn: counter('withdrawn'),
    concluded: counter('concluded'),
    timed: counter('timed'),
    onTime: counter('on_time'),
    overdue: counter('overdue'),
    overdueDays: days('overdue_days'),
    usedDays: days('used_days'),
    limitDays: days('limit_days'),
    onceDone: counter('once_done'),
    zeroVisit: counter('zero_visit'),
    atMostOnce: counter('at_most_once'),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.grain, t.period, t.departmentId, t.itemCode, t.channel] }),
    index('stats_rollups_period_idx').on(t.grain, t.period, t.regionCode),
    index('stats_rollups_department_idx').on(t.departmentId, t.grain, t.period),
  ],
);

/** 一件事 figures per day, month and year by region, bundle and channel. */
export const statsBundleRollups = pgTable(
  'stats_bundle_rollups',
  {
    regionCode: region(),
    grain: varchar('grain', { length: 1 }).notNull().$type<'d' | 'm' | 'y'>(),
    period: date('period', { mode: 'string' }).notNull(),
    bundleCode: varchar('bundle_code', { length: 64 }).notNull(),
    channel: varchar('channel', { length: 16 }).notNull(),
    applications: counter('applications'),
    accepted: counter('accepted'),
    withdrawn: counter('withdrawn'),
    concluded: counter('concluded'),
    timed: counter('timed'),
    onTime: counter('on_time'),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.grain, t.period, t.bundleCode, t.channel] }), index('stats_bundle_rollups_period_idx').on(t.grain, t.period, t.regionCode)],
);

/** Names of the items and bundles met in the logs, for labels (the catalog keeps the truth). */
export const statsLabels = pgTable(
  'stats_labels',
  { kind: varchar('kind', { length: 8 }).notNull().$type<'item' | 'bundle'>(), code: varchar('code', { length: 64 }).notNull(), name: text('name').notNull() },
  (t) => [primaryKey({ columns: [t.kind, t.code] })],
);

/** The ranking weights an administrator set for a region and everything below it ('' = the default). */
export const rankingWeights = pgTable('ranking_weights', {
  regionCode: varchar('region_code', { length: 12 }).primaryKey(),
  weights: jsonb('weights').notNull().$type<Record<string, number>>(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** 每月考核通报: one archived report per region and month; regenerating replaces it with version + 1. */
export const supervisionReports = pgTable(
  'supervision_reports',
  {
    regionCode: region(),
    period: varchar('period', { length: 7 }).notNull(),
    id: uuid('id').notNull().defaultRandom(),
    version: integer('version').notNull().default(1),
    number: varchar('number', { length: 64 }).notNull(),
    title: text('title').notNull(),
    figures: jsonb('figures').notNull(),
    docx: bytea('docx').notNull(),
    pdf: bytea('pdf').notNull(),
    xlsx: bytea('xlsx').notNull(),
    generatedBy: uuid('generated_by'),
    generatedAt: ts('generated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.period] }), index('supervision_reports_id_idx').on(t.id)],
);

/** A report sent to a department's inbox; its own page is rendered when the department first opens it. */
export const supervisionReportDeliveries = pgTable(
  'supervision_report_deliveries',
  {
    reportId: uuid('report_id').notNull(),
    departmentId: uuid('department_id').notNull(),
    regionCode: region(),
    period: varchar('period', { length: 7 }).notNull(),
    title: text('title').notNull(),
    pdf: bytea('pdf'),
    deliveredAt: ts('delivered_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.departmentId] }), index('supervision_report_deliveries_department_idx').on(t.departmentId, t.deliveredAt)],
);
