import { sql } from 'drizzle-orm';
import {
  boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar,
} from 'drizzle-orm/pg-core';
import type { Deadline } from './deadlines.js';
import type { ParsedTask } from './parser.js';
import type { Warning } from './warnings.js';

/** A policy document as uploaded: its text is kept so every task can be shown beside the lines it came from. */
export const ledgerDocuments = pgTable(
  'ledger_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    title: text('title'),
    issuer: text('issuer'),
    issuedOn: date('issued_on', { mode: 'string' }),
    filename: text('filename').notNull(),
    format: varchar('format', { length: 8 }).notNull().$type<'text' | 'docx'>(),
    sourceText: text('source_text').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ledger_documents_region_idx').on(t.regionCode)],
);

/** The importer's parse, editable until confirmed; nothing enters the ledger before confirmation. */
export const ledgerImportDrafts = pgTable(
  'ledger_import_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    status: varchar('status', { length: 12 }).notNull().default('draft').$type<'draft' | 'confirmed' | 'discarded'>(),
    /** Region whose unit abbreviations the document uses (湖北省, 湖南省, 鄂州市华容区). */
    unitScope: text('unit_scope'),
    tasks: jsonb('tasks').notNull().$type<ParsedTask[]>(),
    warnings: jsonb('warnings').notNull().$type<Warning[]>(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('ledger_drafts_document_idx').on(t.documentId), index('ledger_drafts_region_idx').on(t.regionCode)],
);

/** 责任单位 registry: one row per organisation, with the spellings documents use as aliases. */
export const ledgerUnits = pgTable(
  'ledger_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    /** Region whose abbreviations apply; '' for names valid everywhere. */
    scope: text('scope').notNull().default(''),
    regionCode: varchar('region_code', { length: 12 }),
    /** The org department this unit is, when it is one: its staff file the unit's reports. */
    departmentId: uuid('department_id'),
    /** Created from an import without review. */
    verified: boolean('verified').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ledger_units_name_scope_idx').on(t.name, t.scope), index('ledger_units_department_idx').on(t.departmentId)],
);

export const ledgerUnitAliases = pgTable(
  'ledger_unit_aliases',
  {
    alias: text('alias').notNull(),
    scope: text('scope').notNull().default(''),
    unitId: uuid('unit_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.alias, t.scope] }), index('ledger_unit_aliases_unit_idx').on(t.unitId)],
);

export const ledgerTasks = pgTable(
  'ledger_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    documentId: uuid('document_id').notNull(),
    draftId: uuid('draft_id').notNull(),
    no: varchar('no', { length: 32 }).notNull(),
    section: varchar('section', { length: 64 }).notNull(),
    part: smallint('part').notNull().default(1),
    partTitle: text('part_title'),
    measure: text('measure'),
    groupName: text('group_name'),
    text: text('text').notNull(),
    lineStart: integer('line_start').notNull(),
    lineEnd: integer('line_end').notNull(),
    /** The deadlines as written, each resolved to a date (or ongoing/recurring). */
    deadlines: jsonb('deadlines').notNull().$type<Deadline[]>(),
    /** Latest dated milestone: the task is overdue after it. */
    dueOn: date('due_on', { mode: 'string' }),
    ongoing: boolean('ongoing').notNull().default(false),
    cadence: varchar('cadence', { length: 12 }).notNull().default('monthly').$type<'monthly' | 'quarterly' | 'yearly'>(),
    completedOn: date('completed_on', { mode: 'string' }),
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_tasks_region_idx').on(t.regionCode),
    index('ledger_tasks_document_idx').on(t.documentId),
    index('ledger_tasks_due_idx').on(t.dueOn),
  ],
);

export const ledgerTaskUnits = pgTable(
  'ledger_task_units',
  {
    taskId: uuid('task_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    role: varchar('role', { length: 12 }).notNull().$type<'lead' | 'responsible'>(),
    position: smallint('position').notNull(),
    /** The name as the document wrote it ("区发改经信局(发改)"). */
    written: text('written').notNull(),
    division: text('division'),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.unitId, t.role] }), index('ledger_task_units_unit_idx').on(t.unitId)],
);

export const ledgerTargets = pgTable(
  'ledger_targets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id').notNull(),
    metric: text('metric').notNull(),
    comparator: varchar('comparator', { length: 12 }).notNull(),
    value: numeric('value', { precision: 14, scale: 4, mode: 'number' }).notNull(),
    unit: varchar('unit', { length: 16 }).notNull(),
    raw: text('raw').notNull(),
  },
  (t) => [index('ledger_targets_task_idx').on(t.taskId)],
);

export interface ReportFigure {
  targetId: string;
  value: number;
}

export interface ReportAttachment {
  name: string;
  url: string;
}

/** One unit's progress on one task for one period; a second filing in the period replaces the first. */
export const ledgerProgressReports = pgTable(
  'ledger_progress_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    period: varchar('period', { length: 8 }).notNull(),
    text: text('text').notNull(),
    figures: jsonb('figures').notNull().$type<ReportFigure[]>(),
    attachments: jsonb('attachments').notNull().$type<ReportAttachment[]>(),
    completed: boolean('completed').notNull().default(false),
    reportedOn: date('reported_on', { mode: 'string' }).notNull(),
    reportedBy: uuid('reported_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ledger_reports_task_unit_period_idx').on(t.taskId, t.unitId, t.period), index('ledger_reports_unit_idx').on(t.unitId)],
);

/** 督办单: raised in the quarterly round to the lead unit of an overdue or at-risk task, answered and closed. */
export const ledgerSupervisionOrders = pgTable(
  'ledger_supervision_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    taskId: uuid('task_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    quarter: varchar('quarter', { length: 7 }).notNull(),
    reason: varchar('reason', { length: 12 }).notNull().$type<'overdue' | 'at_risk'>(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: varchar('status', { length: 12 }).notNull().default('open').$type<'open' | 'answered' | 'closed'>(),
    answer: text('answer'),
    answeredOn: date('answered_on', { mode: 'string' }),
    answeredBy: uuid('answered_by'),
    closedOn: date('closed_on', { mode: 'string' }),
    closedBy: uuid('closed_by'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ledger_orders_task_quarter_idx').on(t.taskId, t.quarter), index('ledger_orders_unit_idx').on(t.unitId)],
);

/** 年评价 results: one row per unit and year, recomputed on demand. */
export const ledgerEvaluations = pgTable(
  'ledger_evaluations',
  {
    year: smallint('year').notNull(),
    unitId: uuid('unit_id').notNull(),
    regionCode: varchar('region_code', { length: 12 }),
    due: integer('due').notNull(),
    onTime: integer('on_time').notNull(),
    reportsOwed: integer('reports_owed').notNull(),
    reportsFiled: integer('reports_filed').notNull(),
    targets: integer('targets').notNull(),
    targetsMet: integer('targets_met').notNull(),
    score: numeric('score', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    rank: integer('rank').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.year, t.unitId] })],
);
