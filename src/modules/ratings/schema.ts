import { sql } from 'drizzle-orm';
import { chainHeadColumns, eventColumns } from '../../platform/event-log/index.js';
import { boolean, date, index, integer, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/*
 * Like the case tables, every ratings table has region_code first in its primary key, so with Citus a region's
 * ratings, rectifications and rollups live together (docs/ratings.md).
 */
const ts = (name: string) => timestamp(name, { withTimezone: true });
const region = () => varchar('region_code', { length: 12 }).notNull();

/**
 * 好差评: one rating, bound to the case (办件), the item version (事项), the department and the staff who acted
 * (三对应). The figure flags (replied, followed, satisfied, excluded) mirror the rectification so the plain
 * GROUP BY over this table and the rollups answer the same.
 */
export const ratings = pgTable(
  'ratings',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    subjectKind: varchar('subject_kind', { length: 16 }).notNull().$type<'case' | 'bundle' | 'item' | 'department'>(),
    caseId: uuid('case_id'),
    /** A 一件事 rated as a whole (subject_kind 'bundle'): the bundle case; case_number then holds its number. */
    bundleId: uuid('bundle_id'),
    caseNumber: varchar('case_number', { length: 32 }),
    itemCode: varchar('item_code', { length: 64 }).notNull(),
    itemVersion: integer('item_version'),
    itemName: text('item_name').notNull(),
    departmentId: uuid('department_id').notNull(),
    /** The staff who acted at the rated stage (受理: who accepted; 办结: the step actors). */
    staffIds: uuid('staff_ids').array().notNull().default(sql`'{}'::uuid[]`),
    staffNames: text('staff_names').array().notNull().default(sql`'{}'::text[]`),
    channel: varchar('channel', { length: 16 }).notNull().$type<'window' | 'online' | 'supervision' | 'general'>(),
    /** How it reached us: the window's 评价器, the QR code on a notice, the web or phone page. */
    method: varchar('method', { length: 16 }).notNull().$type<'device' | 'qr' | 'web'>(),
    stage: varchar('stage', { length: 16 }).$type<'accept' | 'conclude'>(),
    level: smallint('level').notNull(),
    options: text('options').array().notNull().default(sql`'{}'::text[]`),
    comment: text('comment'),
    raterId: uuid('rater_id'),
    raterKind: varchar('rater_kind', { length: 16 }).notNull().$type<'applicant' | 'supervisor' | 'public'>(),
    /** Given without an invitation (主动评价). */
    active: boolean('active').notNull(),
    supplementary: boolean('supplementary').notNull().default(false),
    ratedAt: ts('rated_at').notNull(),
    month: date('month').notNull(),
    replied: boolean('replied').notNull().default(false),
    followed: boolean('followed').notNull().default(false),
    satisfied: boolean('satisfied'),
    excluded: boolean('excluded').notNull().default(false),
    excludedReason: text('excluded_reason'),
    /** Head of the rating's event chain: the rating and every step of its rectification and appeal. */
    ...chainHeadColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    index('ratings_id_idx').on(t.id),
    // One rating per case, stage and channel: the unique index is the last word when two arrive together.
    uniqueIndex('ratings_case_stage_channel_idx').on(t.regionCode, t.caseId, t.stage, t.channel).where(sql`case_id IS NOT NULL`),
    uniqueIndex('ratings_bundle_stage_channel_idx').on(t.regionCode, t.bundleId, t.stage, t.channel).where(sql`bundle_id IS NOT NULL`),
    uniqueIndex('ratings_general_idx').on(t.regionCode, t.raterId, t.itemCode, t.departmentId, t.month).where(sql`case_id IS NULL AND bundle_id IS NULL`),
    index('ratings_case_idx').on(t.caseId),
    index('ratings_month_idx').on(t.regionCode, t.month),
  ],
);

/** Every step of a rating (rate, verify, rectify, follow_up, appeal, decide_appeal): SM3 hash-chained per rating. */
export const ratingEvents = pgTable(
  'rating_events',
  {
    regionCode: region(),
    ratingId: uuid('rating_id').notNull(),
    ...eventColumns(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.ratingId, t.seq] }), index('rating_events_rating_idx').on(t.ratingId, t.seq)],
);

/** 差评整改: the work item a 差评 opens for the department that handled the case. */
export const ratingRectifications = pgTable(
  'rating_rectifications',
  {
    regionCode: region(),
    ratingId: uuid('rating_id').notNull(),
    departmentId: uuid('department_id').notNull(),
    caseId: uuid('case_id'),
    state: varchar('state', { length: 16 }).notNull().$type<'verifying' | 'rectifying' | 'follow_up' | 'escalated' | 'closed' | 'excluded'>(),
    openedAt: ts('opened_at').notNull(),
    verifyDueAt: ts('verify_due_at').notNull(),
    classification: varchar('classification', { length: 16 }).$type<'immediate' | 'scheduled' | 'explanation'>(),
    /** The department's answer to the rater (差评回复). */
    reply: text('reply'),
    verifiedAt: ts('verified_at'),
    verifiedBy: uuid('verified_by'),
    rectifyLimitDays: numeric('rectify_limit_days', { precision: 6, scale: 2, mode: 'number' }),
    rectifyDueAt: ts('rectify_due_at'),
    rectifyNote: text('rectify_note'),
    rectifiedAt: ts('rectified_at'),
    rectifiedBy: uuid('rectified_by'),
    followUpAt: ts('follow_up_at'),
    followUpBy: uuid('follow_up_by'),
    followUpByKind: varchar('follow_up_by_kind', { length: 16 }).$type<'rater' | 'supervisor'>(),
    followUpSatisfied: boolean('follow_up_satisfied'),
    followUpNote: text('follow_up_note'),
    /** An unsatisfied 回访 sends the item back to the department once (with the rater's reason), then to a supervisor. */
    reopenCount: smallint('reopen_count').notNull().default(0),
    reopenedAt: ts('reopened_at'),
    reopenReason: text('reopen_reason'),
    escalatedAt: ts('escalated_at'),
    supervisorDecision: text('supervisor_decision'),
    supervisorDecidedAt: ts('supervisor_decided_at'),
    supervisorDecidedBy: uuid('supervisor_decided_by'),
    appealState: varchar('appeal_state', { length: 16 }).notNull().default('none').$type<'none' | 'pending' | 'upheld' | 'rejected'>(),
    appealKind: varchar('appeal_kind', { length: 16 }).$type<'malicious' | 'mistaken'>(),
    appealReason: text('appeal_reason'),
    appealedAt: ts('appealed_at'),
    appealedBy: uuid('appealed_by'),
    appealDecidedAt: ts('appeal_decided_at'),
    appealDecidedBy: uuid('appeal_decided_by'),
    appealDecisionReason: text('appeal_decision_reason'),
    /** The running deadline (核实 or 整改) and when it turns yellow; null once nothing is owed. */
    dueAt: ts('due_at'),
    yellowAt: ts('yellow_at'),
    /** Set when the department missed a deadline (kept after the item moves on, for the red card's history). */
    missedAt: ts('missed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.ratingId] }),
    index('rating_rectifications_dept_idx').on(t.departmentId, t.state),
    index('rating_rectifications_due_idx').on(t.regionCode, t.yellowAt).where(sql`due_at IS NOT NULL`),
    index('rating_rectifications_appeal_idx').on(t.regionCode).where(sql`appeal_state = 'pending'`),
  ],
);

/** Which concluded cases were rated, for 未评率 and the one invitation an unrated case gets. */
export const ratingCases = pgTable(
  'rating_cases',
  {
    regionCode: region(),
    caseId: uuid('case_id').notNull(),
    departmentId: uuid('department_id').notNull(),
    itemCode: varchar('item_code', { length: 64 }).notNull(),
    concludedAt: ts('concluded_at'),
    /** The month the case counts in for 未评率: its 办结 month. */
    concludedMonth: date('concluded_month'),
    rated: boolean('rated').notNull().default(false),
    invitedAt: ts('invited_at'),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.caseId] }),
    index('rating_cases_invite_idx').on(t.concludedAt).where(sql`rated = false AND invited_at IS NULL AND concluded_at IS NOT NULL`),
  ],
);

const counters = () => ({
  ratings: integer('ratings').notNull().default(0),
  good: integer('good').notNull().default(0),
  bad: integer('bad').notNull().default(0),
  active: integer('active').notNull().default(0),
  activeGood: integer('active_good').notNull().default(0),
  badReplied: integer('bad_replied').notNull().default(0),
  badFollowed: integer('bad_followed').notNull().default(0),
  followedSatisfied: integer('followed_satisfied').notNull().default(0),
  excluded: integer('excluded').notNull().default(0),
  casesConcluded: integer('cases_concluded').notNull().default(0),
  casesRated: integer('cases_rated').notNull().default(0),
});

/** Counters per region, department, item and month, changed in the transaction of every rating step. */
export const ratingRollups = pgTable(
  'rating_rollups',
  {
    regionCode: region(),
    departmentId: uuid('department_id').notNull(),
    itemCode: varchar('item_code', { length: 64 }).notNull(),
    month: date('month').notNull(),
    ...counters(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.departmentId, t.itemCode, t.month] }), index('rating_rollups_month_idx').on(t.month, t.regionCode)],
);

/**
 * The same counters without the item: figures by department, region or month sum a few hundred rows of this
 * table instead of every item's row (a city has thousands of items).
 */
export const ratingRollupsDepartment = pgTable(
  'rating_rollups_department',
  {
    regionCode: region(),
    departmentId: uuid('department_id').notNull(),
    month: date('month').notNull(),
    ...counters(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.departmentId, t.month] }), index('rating_rollups_department_month_idx').on(t.month, t.regionCode)],
);

/** Per-region settings; a region without a row uses its nearest ancestor's, then the defaults. */
export const ratingSettings = pgTable('rating_settings', {
  regionCode: varchar('region_code', { length: 12 }).primaryKey(),
  supplementDays: integer('supplement_days').notNull(),
  verifyDays: numeric('verify_days', { precision: 6, scale: 2, mode: 'number' }).notNull(),
  rectifyDays: numeric('rectify_days', { precision: 6, scale: 2, mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: uuid('updated_by'),
});
