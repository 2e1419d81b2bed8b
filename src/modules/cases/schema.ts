import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { chainHeadColumns, eventColumns } from '../../platform/event-log/columns.js';

/*
 * Every case-side table carries `region_code` first in its primary key, and every join between them is on
 * (region_code, case_id): with Citus the tables are distributed by region_code and co-located, so one
 * case's rows live on one node and a transition never crosses nodes (docs/cases.md).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
const region = () => varchar('region_code', { length: 12 }).notNull();

export const caseNumberSeq = pgSequence('case_number_seq', { startWith: 1 });

/** What a case keeps of its item's published version: enough to run without reading the catalog again. */
export interface ItemSnapshot {
  code: string;
  name: string;
  departmentCode: string;
  departmentId: string;
  audiences: string[];
  legalLimit: number | null;
  promisedLimit: number | null;
  pledgeAllowed: boolean;
  steps: { name: string; departmentCode: string; departmentId: string; role: 'window_clerk' | 'approver'; share: number }[];
  materials: { name: string; required: boolean; deficiencyAllowed: boolean; licenceType?: string }[];
  specialProcedures: { name: string; days: number | null; calendarDays: boolean }[];
  result: { kind: string; name: string; licenceType?: string };
  form: { fields: { key: string; label: { zh: string; en: string }; type: string; required: boolean; options?: { value: string }[]; pattern?: string }[] };
}

/** 办件: the current row of one case. History is in case_events; this row is what the last event left. */
export const cases = pgTable(
  'cases',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    /** 办件编号, printed on every notice: <region><yyyymmdd><6-digit sequence>. */
    number: varchar('number', { length: 32 }).notNull(),
    itemId: uuid('item_id').notNull(),
    itemVersion: integer('item_version').notNull(),
    item: jsonb('item').notNull().$type<ItemSnapshot>(),
    departmentId: uuid('department_id').notNull(),
    /** Departments of the item's steps: approvers see the cases that pass through their department. */
    stepDepartmentIds: uuid('step_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    channel: varchar('channel', { length: 16 }).notNull().$type<'online' | 'mobile' | 'kiosk' | 'window'>(),
    applicantId: uuid('applicant_id'),
    applicantKind: varchar('applicant_kind', { length: 16 }).notNull().$type<'person' | 'enterprise'>(),
    applicantName: text('applicant_name').notNull(),
    /** ID number or credit code: SM4-encrypted, shown masked, read in full only through an audited call. */
    applicantIdEnc: text('applicant_id_enc').notNull(),
    applicantIdMasked: varchar('applicant_id_masked', { length: 18 }).notNull(),
    applicantMobileEnc: text('applicant_mobile_enc'),
    filedBy: uuid('filed_by'),
    formData: jsonb('form_data').notNull().$type<Record<string, unknown>>(),
    state: varchar('state', { length: 24 }).notNull(),
    currentStep: smallint('current_step'),
    currentStepDepartmentId: uuid('current_step_department_id'),
    submittedAt: ts('submitted_at').notNull(),
    acceptedAt: ts('accepted_at'),
    concludedAt: ts('concluded_at'),
    deliveredAt: ts('delivered_at'),
    /** Which limit the clock runs against: the 5-day decision on acceptance, or the processing limit. */
    clockKind: varchar('clock_kind', { length: 16 }).$type<'acceptance' | 'processing'>(),
    clockStart: ts('clock_start'),
    limitDays: numeric('limit_days', { precision: 8, scale: 2, mode: 'number' }),
    /** Null while the clock is stopped (paused, waiting for the applicant, or closed). */
    dueAt: ts('due_at'),
    yellowAt: ts('yellow_at'),
    paused: boolean('paused').notNull().default(false),
    /** Set once, when the case closed after its due (for statistics). */
    closedOverdue: boolean('closed_overdue'),
    pendingDeficiencies: smallint('pending_deficiencies').notNull().default(0),
    deficiencyOverdue: boolean('deficiency_overdue').notNull().default(false),
    ...chainHeadColumns(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    uniqueIndex('cases_number_idx').on(t.regionCode, t.number),
    index('cases_id_idx').on(t.id),
    index('cases_applicant_idx').on(t.applicantId),
    index('cases_department_idx').on(t.departmentId, t.state),
    index('cases_step_department_idx').on(t.currentStepDepartmentId, t.state),
    index('cases_state_idx').on(t.regionCode, t.state),
    // The card lists: only running clocks have a yellow_at, so the partial indexes hold the open cases only.
    index('cases_yellow_idx').on(t.yellowAt, t.regionCode).where(sql`yellow_at IS NOT NULL`),
    index('cases_region_yellow_idx').on(t.regionCode, t.yellowAt).where(sql`yellow_at IS NOT NULL`),
    // Wide regions (a province): walk the running clocks in due order and stop at the page size.
    index('cases_due_idx').on(t.dueAt).where(sql`yellow_at IS NOT NULL`),
  ],
);

/** 办件过程记录: append-only (a trigger refuses UPDATE and DELETE), SM3 hash-chained per case. */
export const caseEvents = pgTable(
  'case_events',
  {
    regionCode: region(),
    caseId: uuid('case_id').notNull(),
    ...eventColumns(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.caseId, t.seq] }), uniqueIndex('case_events_case_seq_idx').on(t.caseId, t.seq), index('case_events_at_idx').on(t.at)],
);

/** Uploaded files, stored once by content under <dataDir>/files/<sha256[0..2]>/<sha256>. */
export const caseFiles = pgTable(
  'case_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Sniffed from the content; the name the uploader gave is kept for display only. */
    mime: varchar('mime', { length: 64 }).notNull(),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('case_files_owner_idx').on(t.ownerId), index('case_files_sha_idx').on(t.sha256)],
);

/** One material of a case for one requirement of its item; a replaced material stays, marked superseded. */
export const caseMaterials = pgTable(
  'case_materials',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    requirement: smallint('requirement').notNull(),
    name: text('name').notNull(),
    source: varchar('source', { length: 16 }).notNull().$type<'upload' | 'material' | 'licence'>(),
    fileId: uuid('file_id'),
    fileHash: varchar('file_hash', { length: 64 }),
    size: bigint('size', { mode: 'number' }),
    mime: varchar('mime', { length: 64 }),
    /** For a reference: the material or licence it points at. */
    reference: text('reference'),
    review: varchar('review', { length: 16 }).notNull().default('pending').$type<'pending' | 'ok' | 'faulty'>(),
    reviewReason: text('review_reason'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: ts('reviewed_at'),
    superseded: boolean('superseded').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    index('case_materials_case_idx').on(t.caseId, t.requirement),
    // 用证记录: the materials a licence proved, found by its number.
    index('case_materials_licence_idx').on(t.reference).where(sql`${t.source} = 'licence'`),
  ],
);

/** The item's steps as this case walks them. */
export const caseSteps = pgTable(
  'case_steps',
  {
    regionCode: region(),
    caseId: uuid('case_id').notNull(),
    idx: smallint('idx').notNull(),
    name: text('name').notNull(),
    departmentId: uuid('department_id').notNull(),
    role: varchar('role', { length: 16 }).notNull(),
    state: varchar('state', { length: 16 }).notNull().$type<'waiting' | 'active' | 'passed' | 'returned' | 'denied' | 'approved'>(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    actorId: uuid('actor_id'),
    opinion: text('opinion'),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.caseId, t.idx] })],
);

/** 一次性告知补正: one notice lists every missing or faulty material. */
export const caseCorrections = pgTable(
  'case_corrections',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    stage: varchar('stage', { length: 16 }).notNull().$type<'pre_acceptance' | 'post_acceptance'>(),
    items: jsonb('items').notNull().$type<{ requirement: number; name: string; reason: string; fileHash: string | null }[]>(),
    requestedBy: uuid('requested_by').notNull(),
    requestedAt: ts('requested_at').notNull(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), index('case_corrections_case_idx').on(t.caseId)],
);

/** 特别程序: pauses the clock while it runs. */
export const caseSpecialProcedures = pgTable(
  'case_special_procedures',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    expectedDays: numeric('expected_days', { precision: 8, scale: 2, mode: 'number' }),
    startedAt: ts('started_at').notNull(),
    startedBy: uuid('started_by').notNull(),
    endedAt: ts('ended_at'),
    endedBy: uuid('ended_by'),
    result: text('result'),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), index('case_special_procedures_case_idx').on(t.caseId)],
);

/** 容缺受理: the applicant's signed commitment to hand in the missing materials by a deadline. */
export const caseCommitments = pgTable(
  'case_commitments',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    requirements: smallint('requirements').array().notNull(),
    text: text('text').notNull(),
    signedBy: text('signed_by').notNull(),
    deadline: ts('deadline').notNull(),
    remindedAt: ts('reminded_at'),
    overdueAt: ts('overdue_at'),
    fulfilledAt: ts('fulfilled_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    index('case_commitments_case_idx').on(t.caseId),
    index('case_commitments_open_idx').on(t.deadline).where(sql`fulfilled_at IS NULL`),
  ],
);

/** 告知承诺: the pledge a case was concluded on, and the department's verification (核查) of it. */
export const casePledges = pgTable(
  'case_pledges',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    text: text('text').notNull(),
    signedBy: text('signed_by').notNull(),
    createdAt: ts('created_at').notNull(),
    verificationDepartmentId: uuid('verification_department_id').notNull(),
    verificationDueAt: ts('verification_due_at').notNull(),
    verificationState: varchar('verification_state', { length: 16 }).notNull().$type<'open' | 'confirmed' | 'false'>(),
    verifiedBy: uuid('verified_by'),
    verifiedAt: ts('verified_at'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    index('case_pledges_case_idx').on(t.caseId),
    index('case_pledges_open_idx').on(t.verificationDepartmentId, t.verificationDueAt).where(sql`verification_state = 'open'`),
  ],
);

/** 出件 / 送达. */
export const caseDeliveries = pgTable(
  'case_deliveries',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    method: varchar('method', { length: 16 }).notNull().$type<'window' | 'post' | 'electronic'>(),
    receiverName: text('receiver_name').notNull(),
    address: text('address'),
    trackingNumber: varchar('tracking_number', { length: 64 }),
    deliveredBy: uuid('delivered_by').notNull(),
    deliveredAt: ts('delivered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), index('case_deliveries_case_idx').on(t.caseId)],
);

/** Printable documents: 受理通知书, 补正告知书, 不予受理决定书, 容缺承诺书, 决定书. */
export const caseDocuments = pgTable(
  'case_documents',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    title: text('title').notNull(),
    html: text('html').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), index('case_documents_case_idx').on(t.caseId)],
);

/** The applicant's inbox, and the SMS outbox: a pending SMS stays here until the gateway took it. */
export const caseNotifications = pgTable(
  'case_notifications',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    recipientId: uuid('recipient_id'),
    kind: varchar('kind', { length: 32 }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
    smsToEnc: text('sms_to_enc'),
    smsStatus: varchar('sms_status', { length: 16 }).notNull().$type<'none' | 'pending' | 'sent'>(),
    smsAttempts: integer('sms_attempts').notNull().default(0),
    smsSentAt: ts('sms_sent_at'),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    index('case_notifications_id_idx').on(t.id),
    index('case_notifications_recipient_idx').on(t.recipientId, t.createdAt),
    index('case_notifications_sms_idx').on(t.createdAt).where(sql`sms_status = 'pending'`),
  ],
);

/** Idempotency-Key of a submission, per caller: the same key and body give the same case. */
export const caseIdempotencyKeys = pgTable(
  'case_idempotency_keys',
  {
    actorId: uuid('actor_id').notNull(),
    key: varchar('key', { length: 128 }).notNull(),
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    regionCode: varchar('region_code', { length: 12 }),
    caseId: uuid('case_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.key] })],
);
