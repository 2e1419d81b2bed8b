import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { chainHeadColumns, eventColumns } from '../../platform/event-log/index.js';
import type { ObjectClass, Outcome } from './rules.js';

/*
 * 双随机、一公开: 一单两库 (the 抽查事项清单, the 执法检查人员名录库, the 检查对象名录库), plans, draws and results.
 * region_code leads every primary key, like the case tables, so with Citus a region's directory and draws live together.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true });
const region = () => varchar('region_code', { length: 12 }).notNull();

/** 抽查事项清单: what a department may inspect, on what legal basis, of which object classes, by which method. */
export const inspectionItems = pgTable(
  'inspection_items',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    departmentId: uuid('department_id').notNull(),
    code: varchar('code', { length: 64 }).notNull(),
    name: text('name').notNull(),
    basis: text('basis').notNull(),
    objectClasses: text('object_classes').array().notNull().$type<ObjectClass[]>(),
    method: text('method').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), uniqueIndex('inspection_items_code_uq').on(t.regionCode, t.code)],
);

/** 执法检查人员名录库: one inspector (执法证 number unique in the region), optionally an org user. */
export const inspectionInspectors = pgTable(
  'inspection_inspectors',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    departmentId: uuid('department_id').notNull(),
    name: text('name').notNull(),
    certificateNo: varchar('certificate_no', { length: 32 }).notNull(),
    qualifications: text('qualifications').array().notNull().default(sql`'{}'::text[]`),
    userId: uuid('user_id'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), uniqueIndex('inspection_inspectors_cert_uq').on(t.regionCode, t.certificateNo)],
);

/** A declared conflict (回避): the inspector is never drawn for this subject. */
export const inspectionConflicts = pgTable(
  'inspection_conflicts',
  {
    regionCode: region(),
    inspectorId: uuid('inspector_id').notNull(),
    creditCode: varchar('credit_code', { length: 18 }).notNull(),
    reason: text('reason').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.inspectorId, t.creditCode] })],
);

/** 检查对象名录库: market subjects (and 非市场主体) by credit code. */
export const inspectionSubjects = pgTable(
  'inspection_subjects',
  {
    regionCode: region(),
    creditCode: varchar('credit_code', { length: 18 }).notNull(),
    name: text('name').notNull(),
    objectClass: varchar('object_class', { length: 16 }).notNull().$type<ObjectClass>(),
    industry: varchar('industry', { length: 64 }).notNull().default(''),
    riskGrade: varchar('risk_grade', { length: 1 }).notNull().default('B'),
    creditGrade: varchar('credit_grade', { length: 1 }).notNull().default('B'),
    importedAt: ts('imported_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.creditCode] }), index('inspection_subjects_class_idx').on(t.regionCode, t.objectClass)],
);

/** A plan (抽查计划): one department's, or a joint plan (联合抽查) of several with one visit per object. */
export const inspectionPlans = pgTable(
  'inspection_plans',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    year: smallint('year').notNull(),
    departmentIds: uuid('department_ids').array().notNull(),
    itemIds: uuid('item_ids').array().notNull(),
    /** Per object class: a ratio (0–1) or a count; classes absent are not drawn. */
    quotas: jsonb('quotas').notNull().$type<Partial<Record<ObjectClass, { ratio?: number; count?: number }>>>(),
    filters: jsonb('filters').notNull().$type<{ industry?: string; riskGrades?: string[] }>(),
    inspectorsPerObject: smallint('inspectors_per_object').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] })],
);

/**
 * One draw of a plan, committed before it is revealed: at commit the pool (objects and inspectors) is frozen and its
 * SM3 hash published with the SM3 hash of a secret seed; reveal publishes the seed and the selection it gives.
 */
export const inspectionDraws = pgTable(
  'inspection_draws',
  {
    regionCode: region(),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    year: smallint('year').notNull(),
    state: varchar('state', { length: 16 }).notNull().$type<'committed' | 'drawn'>(),
    seedHash: varchar('seed_hash', { length: 64 }).notNull(),
    /** Secret until reveal; the public view shows it only once the draw is drawn. */
    seed: varchar('seed', { length: 64 }).notNull(),
    poolHash: varchar('pool_hash', { length: 64 }).notNull(),
    pool: jsonb('pool').notNull(),
    committedAt: ts('committed_at').notNull(),
    drawnAt: ts('drawn_at'),
    ...chainHeadColumns(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] })],
);

/** The objects a draw selected, each with its inspectors and, once inspected, its result. */
export const inspectionTasks = pgTable(
  'inspection_tasks',
  {
    regionCode: region(),
    drawId: uuid('draw_id').notNull(),
    position: integer('position').notNull(),
    year: smallint('year').notNull(),
    creditCode: varchar('credit_code', { length: 18 }).notNull(),
    subjectName: text('subject_name').notNull(),
    objectClass: varchar('object_class', { length: 16 }).notNull().$type<ObjectClass>(),
    inspectorIds: uuid('inspector_ids').array().notNull(),
    outcome: varchar('outcome', { length: 16 }).$type<Outcome>(),
    evidence: text('evidence'),
    inspectedAt: ts('inspected_at'),
    recordedBy: uuid('recorded_by'),
    publishDueAt: ts('publish_due_at'),
    publishedAt: ts('published_at'),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.drawId, t.position] }),
    uniqueIndex('inspection_tasks_subject_uq').on(t.regionCode, t.drawId, t.creditCode),
    index('inspection_tasks_year_idx').on(t.regionCode, t.year, t.creditCode),
    index('inspection_tasks_published_idx').on(t.regionCode, t.publishedAt),
  ],
);

export const inspectionDrawEvents = pgTable(
  'inspection_draw_events',
  { regionCode: region(), drawId: uuid('draw_id').notNull(), ...eventColumns() },
  (t) => [primaryKey({ columns: [t.regionCode, t.drawId, t.seq] })],
);

