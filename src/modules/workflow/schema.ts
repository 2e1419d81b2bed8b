import { boolean, index, integer, jsonb, numeric, pgSequence, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { chainHeadColumns, eventColumns } from '../../platform/event-log/columns.js';
import type { Answers, BundleDefinition } from './contract.js';
import type { BundleState } from './engine.js';
import type { ChosenItem } from './rules.js';

/*
 * Bundle-side tables carry `region_code` (the bundle's region) first in their keys, as the case tables do, so
 * that with Citus a bundle case, its children index and its events live on one node (docs/cases.md).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
const region = () => varchar('region_code', { length: 12 }).notNull();

/** One row per bundle code: which version is published and which is being edited. */
export const bundleDefinitions = pgTable('bundle_definitions', {
  code: varchar('code', { length: 64 }).primaryKey(),
  regionCode: varchar('region_code', { length: 12 }).notNull(),
  name: text('name').notNull(),
  publishedVersion: integer('published_version'),
  draftVersion: integer('draft_version'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Every version of every definition; a published version is never changed again, a bundle case keeps its number. */
export const bundleDefinitionVersions = pgTable(
  'bundle_definition_versions',
  {
    code: varchar('code', { length: 64 }).notNull(),
    version: integer('version').notNull(),
    state: varchar('state', { length: 16 }).notNull().$type<'draft' | 'published'>(),
    content: jsonb('content').notNull().$type<BundleDefinition>(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    publishedBy: uuid('published_by'),
    publishedAt: ts('published_at'),
  },
  (t) => [primaryKey({ columns: [t.code, t.version] })],
);

export const bundleCaseNumberSeq = pgSequence('bundle_case_number_seq', { startWith: 1 });

export type BundleCaseStatus = 'submitted' | 'running' | 'concluded' | 'delivered' | 'withdrawn';

/** What a child needs to be filed when its stage starts: its share of the joint form and materials. */
export interface ChildPlan {
  itemCode: string;
  itemId: string;
  itemName: string;
  departmentCode: string;
  form: Record<string, unknown>;
  materials: { requirement: number; fileId?: string; materialId?: string; licenceNumber?: string }[];
  /** Requirements an earlier child's result supplies (its case number is recorded as the reference). */
  supplied: { requirement: number; fromItem: string }[];
  /** Required materials of the item that neither a file nor an earlier result provides: the bundle is not accepted. */
  missing: string[];
  optionalFields: string[];
}

/** 联办件: one application for a bundle; its children are ordinary cases, listed in bundle_children. */
export const bundleCases = pgTable(
  'bundle_cases',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    number: varchar('number', { length: 32 }).notNull(),
    bundleCode: varchar('bundle_code', { length: 64 }).notNull(),
    bundleVersion: integer('bundle_version').notNull(),
    definition: jsonb('definition').notNull().$type<BundleDefinition>(),
    applicantId: uuid('applicant_id'),
    applicantKind: varchar('applicant_kind', { length: 16 }).notNull().$type<'person' | 'enterprise'>(),
    applicantName: text('applicant_name').notNull(),
    /** The applicant as the children are filed for (identifier and mobile SM4-encrypted, as on cases). */
    applicantIdEnc: text('applicant_id_enc').notNull(),
    applicantMobileEnc: text('applicant_mobile_enc'),
    applicantIdMasked: varchar('applicant_id_masked', { length: 18 }).notNull(),
    channel: varchar('channel', { length: 16 }).notNull().$type<'online' | 'mobile' | 'kiosk' | 'window'>(),
    filedBy: uuid('filed_by'),
    /** Whose uploads the joint materials are. */
    fileOwnerId: uuid('file_owner_id').notNull(),
    answers: jsonb('answers').notNull().$type<Answers>(),
    form: jsonb('form').notNull().$type<Record<string, unknown>>(),
    chosen: jsonb('chosen').notNull().$type<ChosenItem[]>(),
    plans: jsonb('plans').notNull().$type<ChildPlan[]>(),
    /** The engine's state (engine.ts); changed only under a row lock on this row. */
    engine: jsonb('engine').notNull().$type<BundleState>(),
    status: varchar('status', { length: 16 }).notNull().$type<BundleCaseStatus>(),
    outcome: varchar('outcome', { length: 16 }).$type<'approved' | 'partial' | 'denied'>(),
    submittedAt: ts('submitted_at').notNull(),
    acceptedAt: ts('accepted_at'),
    acceptedBy: uuid('accepted_by'),
    acceptedByName: text('accepted_by_name'),
    concludedAt: ts('concluded_at'),
    deliveredAt: ts('delivered_at'),
    /** The bundle's own clock: from acceptance until its last stage completes. */
    limitDays: numeric('limit_days', { precision: 8, scale: 2, mode: 'number' }),
    limitDerived: boolean('limit_derived').notNull().default(false),
    clockStart: ts('clock_start'),
    clockEnd: ts('clock_end'),
    dueAt: ts('due_at'),
    closedOverdue: boolean('closed_overdue'),
    ...chainHeadColumns(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    uniqueIndex('bundle_cases_number_idx').on(t.regionCode, t.number),
    index('bundle_cases_id_idx').on(t.id),
    index('bundle_cases_applicant_idx').on(t.applicantId),
    index('bundle_cases_status_idx').on(t.regionCode, t.status),
  ],
);

/** The children of a bundle case: one row per started child, pointing at its case. */
export const bundleChildren = pgTable(
  'bundle_children',
  {
    regionCode: region(),
    bundleId: uuid('bundle_id').notNull(),
    itemCode: varchar('item_code', { length: 64 }).notNull(),
    stage: smallint('stage').notNull(),
    mandatory: boolean('mandatory').notNull(),
    caseRegionCode: varchar('case_region_code', { length: 12 }).notNull(),
    caseId: uuid('case_id').notNull(),
    caseNumber: varchar('case_number', { length: 32 }).notNull(),
    departmentCode: varchar('department_code', { length: 64 }).notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.bundleId, t.itemCode] }), uniqueIndex('bundle_children_case_idx').on(t.caseId)],
);

/** 联办过程记录: append-only (a trigger refuses UPDATE and DELETE), SM3 hash-chained per bundle case as case_events. */
export const bundleCaseEvents = pgTable(
  'bundle_case_events',
  {
    regionCode: region(),
    bundleId: uuid('bundle_id').notNull(),
    ...eventColumns(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.bundleId, t.seq] })],
);
