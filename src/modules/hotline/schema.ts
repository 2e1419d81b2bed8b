import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, numeric, pgSequence, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { chainHeadColumns, eventColumns } from '../../platform/event-log/index.js';
import type { Category, Channel, FollowUpResult, OrderState } from './rules.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const orderNumberSeq = pgSequence('hotline_order_number_seq', { startWith: 1 });

/** A telephony system (呼叫中心) allowed to push call records; its HMAC-SM3 key is kept encrypted. */
export const hotlineTelephonySystems = pgTable('hotline_telephony_systems', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: varchar('region_code', { length: 12 }).notNull(),
  name: text('name').notNull(),
  keyEnc: text('key_enc').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** One inbound call as the telephony system reported it; the number is encrypted, masked and blind-indexed. */
export const hotlineCalls = pgTable(
  'hotline_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    systemId: uuid('system_id').notNull(),
    externalId: varchar('external_id', { length: 64 }).notNull(),
    callerEnc: text('caller_enc'),
    callerMasked: varchar('caller_masked', { length: 32 }),
    callerIndex: varchar('caller_index', { length: 64 }),
    startedAt: ts('started_at').notNull(),
    answeredAt: ts('answered_at'),
    endedAt: ts('ended_at').notNull(),
    calledBackAt: ts('called_back_at'),
    agent: varchar('agent', { length: 64 }),
    orderId: uuid('order_id'),
  },
  (t) => [
    uniqueIndex('hotline_calls_external_idx').on(t.systemId, t.externalId),
    index('hotline_calls_region_started_idx').on(t.regionCode, t.startedAt),
  ],
);

/** Per-region settings; a region without a row inherits its parent's, and the defaults of rules.ts at the top. */
export const hotlineSettings = pgTable('hotline_settings', {
  regionCode: varchar('region_code', { length: 12 }).primaryKey(),
  /** Limit per category, in working days (a limit given in working hours is stored converted). */
  limits: jsonb('limits').$type<Partial<Record<Category, number>>>(),
  followUpDays: numeric('follow_up_days', { mode: 'number' }),
  mergeWindowHours: integer('merge_window_hours'),
  basicCountsAsSatisfied: boolean('basic_counts_as_satisfied'),
  /** 直派 overrides: subject code → department id. */
  routes: jsonb('routes').$type<Record<string, string>>(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** The 12345 centre of a region: the department whose staff work the operator desk for that region and below. */
export const hotlineCentres = pgTable('hotline_centres', {
  regionCode: varchar('region_code', { length: 12 }).primaryKey(),
  departmentId: uuid('department_id').notNull(),
});

export const hotlineOrders = pgTable(
  'hotline_orders',
  {
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    id: uuid('id').notNull().defaultRandom(),
    number: varchar('number', { length: 24 }).notNull(),
    channel: varchar('channel', { length: 12 }).notNull().$type<Channel>(),
    category: varchar('category', { length: 12 }).notNull().$type<Category>(),
    subjectCode: varchar('subject_code', { length: 16 }).notNull(),
    state: varchar('state', { length: 12 }).notNull().$type<OrderState>(),
    callId: uuid('call_id'),
    anonymous: boolean('anonymous').notNull().default(false),
    callerNameEnc: text('caller_name_enc'),
    callerPhoneEnc: text('caller_phone_enc'),
    callerNameMasked: varchar('caller_name_masked', { length: 32 }),
    callerPhoneMasked: varchar('caller_phone_masked', { length: 32 }),
    callerIndex: varchar('caller_index', { length: 64 }),
    citizenId: uuid('citizen_id'),
    location: text('location'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    linkedCase: jsonb('linked_case').$type<{ id: string; regionCode: string; number: string } | null>(),
    departmentId: uuid('department_id'),
    limitDays: numeric('limit_days', { mode: 'number' }).notNull(),
    clockStart: ts('clock_start').notNull(),
    dueAt: ts('due_at'),
    /** Set only while the order is open with a department or the desk: the card list reads its partial index. */
    yellowAt: ts('yellow_at'),
    extension: jsonb('extension').$type<{ days: number; reason: string; requestedBy: string; requestedAt: string } | null>(),
    extendedDays: numeric('extended_days', { mode: 'number' }).notNull().default(0),
    answer: text('answer'),
    kbEntryId: uuid('kb_entry_id'),
    receivedAt: ts('received_at').notNull(),
    closedAt: ts('closed_at'),
    closedOnTime: boolean('closed_on_time'),
    /** Month and department the closure was counted under, so a reopen can take it back out of the rollup. */
    closedMonth: varchar('closed_month', { length: 7 }),
    closedDepartmentId: uuid('closed_department_id'),
    followUpDueAt: ts('follow_up_due_at'),
    followUp: jsonb('follow_up').$type<{ result: FollowUpResult; comment: string | null; at: string; by: 'operator' | 'citizen'; late: boolean } | null>(),
    reopenCount: smallint('reopen_count').notNull().default(0),
    superviseCount: smallint('supervise_count').notNull().default(0),
    mergedInto: uuid('merged_into'),
    /** The 差评 a 投诉 about a case or a department's service opened in the ratings module (its region and id). */
    complaintRating: jsonb('complaint_rating').$type<{ id: string; regionCode: string } | null>(),
    ...chainHeadColumns(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // region_code first, as on every event-logged table: under Citus an order and its events share a node.
    primaryKey({ columns: [t.regionCode, t.id] }),
    index('hotline_orders_id_idx').on(t.id),
    uniqueIndex('hotline_orders_number_idx').on(t.regionCode, t.number),
    index('hotline_orders_region_state_idx').on(t.regionCode, t.state, t.receivedAt),
    index('hotline_orders_department_idx').on(t.departmentId, t.state),
    index('hotline_orders_citizen_idx').on(t.citizenId, t.receivedAt),
    index('hotline_orders_duplicates_idx').on(t.subjectCode, t.receivedAt),
    index('hotline_orders_yellow_idx').on(t.regionCode, t.yellowAt).where(sql`yellow_at IS NOT NULL`),
    // The card list's order: a wide region (a province) walks it soonest due first and stops at the page's end.
    index('hotline_orders_card_due_idx').on(t.dueAt).where(sql`yellow_at IS NOT NULL`),
  ],
);

/** 协办: the other departments an order was shared with, each with its own opinion. */
export const hotlineAssists = pgTable(
  'hotline_assists',
  {
    orderId: uuid('order_id').notNull(),
    departmentId: uuid('department_id').notNull(),
    opinion: text('opinion'),
    answeredAt: ts('answered_at'),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.departmentId] }), index('hotline_assists_department_idx').on(t.departmentId)],
);

export const hotlineAttachments = pgTable(
  'hotline_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').notNull(),
    filename: text('filename').notNull(),
    contentType: varchar('content_type', { length: 100 }).notNull(),
    size: integer('size').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [index('hotline_attachments_order_idx').on(t.orderId)],
);

/** 工单过程记录: every transition of a work order, SM3-chained by the platform event log (head on the order row). */
export const hotlineEvents = pgTable(
  'hotline_events',
  {
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    orderId: uuid('order_id').notNull(),
    ...eventColumns(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.orderId, t.seq] }), uniqueIndex('hotline_events_order_seq_idx').on(t.orderId, t.seq)],
);

/** 诉求分类: the subject taxonomy, each with the department short code that handles it by default (直派). */
export const hotlineSubjects = pgTable('hotline_subjects', {
  code: varchar('code', { length: 16 }).primaryKey(),
  parentCode: varchar('parent_code', { length: 16 }),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  departmentShort: varchar('department_short', { length: 16 }),
});

/** 知识库: answers the desk reads out, linked to catalog items (and so to their 办事指南). */
export const hotlineKbEntries = pgTable(
  'hotline_kb_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    subjectCode: varchar('subject_code', { length: 16 }),
    itemId: uuid('item_id'),
    itemCode: varchar('item_code', { length: 64 }),
    searchTokens: text('search_tokens').array().notNull().default(sql`'{}'::text[]`),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('hotline_kb_tokens_idx').using('gin', t.searchTokens), uniqueIndex('hotline_kb_item_idx').on(t.regionCode, t.itemId)],
);

/**
 * Work-order rollup: counters per region × month × category × subject × department × channel, moved in the
 * transaction of each transition, so the supervisor's figures read thousands of rows, not millions.
 * department_id is the all-zero uuid for what the desk handled itself (and for intake, before any dispatch).
 */
export const hotlineRollups = pgTable(
  'hotline_rollups',
  {
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    category: varchar('category', { length: 12 }).notNull(),
    subjectCode: varchar('subject_code', { length: 16 }).notNull(),
    departmentId: uuid('department_id').notNull(),
    channel: varchar('channel', { length: 12 }).notNull(),
    received: integer('received').notNull().default(0),
    dispatched: integer('dispatched').notNull().default(0),
    closed: integer('closed').notNull().default(0),
    closedOnTime: integer('closed_on_time').notNull().default(0),
    satisfied: integer('satisfied').notNull().default(0),
    basic: integer('basic').notNull().default(0),
    unsatisfied: integer('unsatisfied').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.month, t.category, t.subjectCode, t.departmentId, t.channel] }), index('hotline_rollups_month_idx').on(t.month)],
);

export const hotlineCallRollups = pgTable(
  'hotline_call_rollups',
  {
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    received: integer('received').notNull().default(0),
    answered: integer('answered').notNull().default(0),
    abandoned: integer('abandoned').notNull().default(0),
    calledBack: integer('called_back').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.month] })],
);

/**
 * The supervisor's rollups, one row per region scope × month × category. Every order counts in each scope its
 * region code falls under (the code's first 2, 4, 6, 9, 12 characters, as far as it is long), so a figure for
 * any region reads that region's own rows by equality: 12 months × 6 categories per year, however many orders.
 * `parent` is the scope one level up ('' for a province), so "by region" reads the children's rows.
 */
export const hotlineFigureRollups = pgTable(
  'hotline_figure_rollups',
  {
    scope: varchar('scope', { length: 12 }).notNull(),
    parent: varchar('parent', { length: 12 }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    category: varchar('category', { length: 12 }).notNull(),
    received: integer('received').notNull().default(0),
    dispatched: integer('dispatched').notNull().default(0),
    closed: integer('closed').notNull().default(0),
    closedOnTime: integer('closed_on_time').notNull().default(0),
    satisfied: integer('satisfied').notNull().default(0),
    basic: integer('basic').notNull().default(0),
    unsatisfied: integer('unsatisfied').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.month, t.category] }), index('hotline_figure_rollups_parent_idx').on(t.parent, t.month)],
);

/**
 * The top lists' rollups: region scope × month × subject (dimension 'subject') and × department (dimension
 * 'department', the desk's own work left out). Their size follows the taxonomy and the org tree, not the orders.
 */
export const hotlineListRollups = pgTable(
  'hotline_list_rollups',
  {
    scope: varchar('scope', { length: 12 }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    dimension: varchar('dimension', { length: 12 }).notNull().$type<'subject' | 'department'>(),
    key: varchar('key', { length: 36 }).notNull(),
    received: integer('received').notNull().default(0),
    dispatched: integer('dispatched').notNull().default(0),
    closed: integer('closed').notNull().default(0),
    closedOnTime: integer('closed_on_time').notNull().default(0),
    satisfied: integer('satisfied').notNull().default(0),
    basic: integer('basic').notNull().default(0),
    unsatisfied: integer('unsatisfied').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.dimension, t.month, t.key] })],
);
