/**
 * 双随机、一公开: the 一单两库 directories, plans, commit-reveal draws, results and their publication.
 */
import { randomBytes } from 'node:crypto';
import { and, arrayOverlaps, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { canonicalJson, newChainHead } from '../../platform/event-log/index.js';
import { sm3 } from '../../platform/crypto.js';
import { checkWorkInput, runWork } from '../../platform/workers/pool.js';
import { checkCreditCode } from '../../platform/validators.js';
import { due, getDepartment, loadWorkCalendar } from './deps.js';
import { actorOf, drawLog } from './events.js';
import './errors.js';
import { authorizeDepartment, authorizeDirectory, authorizePlan, canManageDepartment } from './policy.js';
import {
  DEFAULT_QUOTAS,
  MIN_INSPECTORS_PER_OBJECT,
  OBJECT_CLASSES,
  PUBLISH_WITHIN_WORKING_DAYS,
  drawFromPool,
  poolHashOf,
  poolProblem,
  seedHashOf,
  type DrawPool,
  type DrawnTask,
  type ObjectClass,
  type Outcome,
  type RowProblem,
  type SubjectRow,
} from './rules.js';
import { inspectionConflicts, inspectionDraws, inspectionInspectors, inspectionItems, inspectionPlans, inspectionSubjects, inspectionTasks } from './schema.js';

async function departmentOf(db: Db, id: string) {
  try {
    return await getDepartment(db, id);
  } catch {
    throw new AppError('INSPECTION_NOT_FOUND', { field: 'departmentId' });
  }
}

const uniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

// ---- 抽查事项清单 ----------------------------------------------------------------------------------------------------

export interface ItemInput {
  departmentId: string;
  code: string;
  name: string;
  basis: string;
  objectClasses: ObjectClass[];
  method: string;
}

export async function createItem(db: Db, caller: Caller, input: ItemInput, now: Date) {
  const d = await departmentOf(db, input.departmentId);
  authorizeDepartment(caller, d);
  try {
    const [row] = await db.insert(inspectionItems).values({ regionCode: d.regionCode, ...input, objectClasses: [...new Set(input.objectClasses)], createdAt: now }).returning();
    return row!;
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError('INSPECTION_ITEM_DUPLICATE', { field: 'code' });
    throw err;
  }
}

export async function listItems(db: Db, caller: Caller, regionCode: string) {
  authorizeDirectory(caller, regionCode, false);
  return db.select().from(inspectionItems).where(eq(inspectionItems.regionCode, regionCode)).orderBy(asc(inspectionItems.code));
}

// ---- 执法检查人员名录库 --------------------------------------------------------------------------------------------------

export interface InspectorInput {
  departmentId: string;
  name: string;
  certificateNo: string;
  qualifications?: string[];
  userId?: string;
}

export async function createInspector(db: Db, caller: Caller, input: InspectorInput, now: Date) {
  const d = await departmentOf(db, input.departmentId);
  authorizeDepartment(caller, d);
  try {
    const [row] = await db
      .insert(inspectionInspectors)
      .values({ regionCode: d.regionCode, departmentId: d.id, name: input.name, certificateNo: input.certificateNo, qualifications: input.qualifications ?? [], userId: input.userId ?? null, createdAt: now })
      .returning();
    return row!;
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError('INSPECTION_INSPECTOR_DUPLICATE', { field: 'certificateNo' });
    throw err;
  }
}

export async function listInspectors(db: Db, caller: Caller, regionCode: string) {
  authorizeDirectory(caller, regionCode, false);
  return db.select().from(inspectionInspectors).where(eq(inspectionInspectors.regionCode, regionCode)).orderBy(asc(inspectionInspectors.certificateNo));
}

async function inspectorById(db: Db, id: string) {
  const [row] = await db.select().from(inspectionInspectors).where(eq(inspectionInspectors.id, id)).limit(1);
  if (!row) throw new AppError('INSPECTION_NOT_FOUND', { field: 'inspectorId' });
  return row;
}

/** 回避: the inspector declares a conflict with a subject and is never drawn for it. */
export async function declareConflict(db: Db, caller: Caller, inspectorId: string, input: { creditCode: string; reason: string }, now: Date) {
  const ins = await inspectorById(db, inspectorId);
  if (!(ins.userId === caller.id || canManageDepartment(caller, { id: ins.departmentId, regionCode: ins.regionCode }))) throw new AppError('INSPECTION_NOT_FOUND', { field: 'inspectorId' });
  const creditCode = input.creditCode.toUpperCase();
  if (checkCreditCode(creditCode)) throw new AppError('INSPECTION_CREDIT_CODE_INVALID', { field: 'creditCode' });
  await db.insert(inspectionConflicts).values({ regionCode: ins.regionCode, inspectorId: ins.id, creditCode, reason: input.reason, createdAt: now }).onConflictDoUpdate({
    target: [inspectionConflicts.regionCode, inspectionConflicts.inspectorId, inspectionConflicts.creditCode],
    set: { reason: input.reason },
  });
  return { inspectorId: ins.id, creditCode, reason: input.reason };
}

// ---- 检查对象名录库 -----------------------------------------------------------------------------------------------------

const IMPORT_BATCH = 2_000;
const PROBLEMS_SHOWN = 200;

/** A file's rows from the worker pool: size checked before it is copied, time and memory limited by the pool. */
export async function readSubjects(bytes: Buffer, kind: 'csv' | 'xlsx'): Promise<{ rows: SubjectRow[]; problems: RowProblem[] }> {
  checkWorkInput(bytes.byteLength);
  try {
    return await runWork(new URL('./parse.ts', import.meta.url), 'readSubjectFile', [new Uint8Array(bytes), kind]);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('INSPECTION_IMPORT_UNREADABLE', { reason: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Imports 检查对象 into a region's directory, all or nothing: any row error refuses the whole file (with every
 * problem's row, field and zh/en message); otherwise one transaction inserts new subjects and updates known ones.
 */
export async function importSubjects(db: Db, caller: Caller, regionCode: string, bytes: Buffer, kind: 'csv' | 'xlsx', now: Date) {
  authorizeDirectory(caller, regionCode, true);
  const { rows, problems } = await readSubjects(bytes, kind);
  if (problems.length) throw new AppError('INSPECTION_IMPORT_INVALID', { problemCount: problems.length, problems: problems.slice(0, PROBLEMS_SHOWN) });
  const before = await countSubjects(db, regionCode);
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
      await tx
        .insert(inspectionSubjects)
        .values(rows.slice(i, i + IMPORT_BATCH).map((r) => ({ regionCode, ...r, importedAt: now })))
        .onConflictDoUpdate({
          target: [inspectionSubjects.regionCode, inspectionSubjects.creditCode],
          set: {
            name: sql`excluded.name`,
            objectClass: sql`excluded.object_class`,
            industry: sql`excluded.industry`,
            riskGrade: sql`excluded.risk_grade`,
            creditGrade: sql`excluded.credit_grade`,
            importedAt: sql`excluded.imported_at`,
          },
        });
    }
  });
  const after = await countSubjects(db, regionCode);
  return { rows: rows.length, created: after - before, updated: rows.length - (after - before) };
}

async function countSubjects(db: Db, regionCode: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(inspectionSubjects).where(eq(inspectionSubjects.regionCode, regionCode));
  return r!.n;
}

export async function listSubjects(db: Db, caller: Caller, q: { regionCode: string; objectClass?: ObjectClass; limit: number; offset: number }) {
  authorizeDirectory(caller, q.regionCode, false);
  const where = and(eq(inspectionSubjects.regionCode, q.regionCode), q.objectClass ? eq(inspectionSubjects.objectClass, q.objectClass) : undefined);
  const items = await db.select().from(inspectionSubjects).where(where).orderBy(asc(inspectionSubjects.creditCode)).limit(q.limit).offset(q.offset);
  const byClass = await db
    .select({ objectClass: inspectionSubjects.objectClass, n: count() })
    .from(inspectionSubjects)
    .where(eq(inspectionSubjects.regionCode, q.regionCode))
    .groupBy(inspectionSubjects.objectClass);
  return { items, byClass: Object.fromEntries(byClass.map((r) => [r.objectClass, r.n])) as Partial<Record<ObjectClass, number>> };
}

// ---- plans ------------------------------------------------------------------------------------------------------------

export interface PlanInput {
  name: string;
  year: number;
  departmentIds: string[];
  itemIds: string[];
  quotas?: Partial<Record<ObjectClass, { ratio?: number; count?: number }>>;
  filters?: { industry?: string; riskGrades?: string[] };
  inspectorsPerObject?: number;
}

function planProblem(input: PlanInput): string | null {
  if (input.departmentIds.length === 0) return 'departmentIds';
  if (input.itemIds.length === 0) return 'itemIds';
  if ((input.inspectorsPerObject ?? MIN_INSPECTORS_PER_OBJECT) < MIN_INSPECTORS_PER_OBJECT) return 'inspectorsPerObject';
  for (const [cls, q] of Object.entries(input.quotas ?? {})) {
    if (!(OBJECT_CLASSES as readonly string[]).includes(cls) || !q) return 'quotas';
    if ((q.ratio === undefined) === (q.count === undefined)) return `quotas.${cls}`;
    if (q.ratio !== undefined && !(q.ratio > 0 && q.ratio <= 1)) return `quotas.${cls}.ratio`;
    if (q.count !== undefined && !(Number.isInteger(q.count) && q.count > 0)) return `quotas.${cls}.count`;
  }
  return null;
}

/** A plan of one department, or a joint plan (联合抽查) of several of one region; ratios default to seed 001's. */
export async function createPlan(db: Db, caller: Caller, input: PlanInput, now: Date) {
  const field = planProblem(input);
  if (field) throw new AppError('INSPECTION_PLAN_INVALID', { field });
  const departmentIds = [...new Set(input.departmentIds)];
  const depts = await Promise.all(departmentIds.map((id) => departmentOf(db, id)));
  const regionCode = depts[0]!.regionCode;
  if (depts.some((d) => d.regionCode !== regionCode)) throw new AppError('INSPECTION_PLAN_INVALID', { field: 'departmentIds' });
  authorizePlan(caller, regionCode, departmentIds);
  const items = await db.select({ id: inspectionItems.id, departmentId: inspectionItems.departmentId }).from(inspectionItems).where(and(eq(inspectionItems.regionCode, regionCode), inArray(inspectionItems.id, input.itemIds)));
  if (items.length !== new Set(input.itemIds).size || items.some((i) => !departmentIds.includes(i.departmentId))) throw new AppError('INSPECTION_PLAN_INVALID', { field: 'itemIds' });
  const [row] = await db
    .insert(inspectionPlans)
    .values({
      regionCode,
      name: input.name,
      year: input.year,
      departmentIds,
      itemIds: [...new Set(input.itemIds)],
      quotas: input.quotas ?? DEFAULT_QUOTAS,
      filters: input.filters ?? {},
      inspectorsPerObject: input.inspectorsPerObject ?? MIN_INSPECTORS_PER_OBJECT,
      createdBy: caller.id,
      createdAt: now,
    })
    .returning();
  return row!;
}

async function planById(db: Db, id: string) {
  const [row] = await db.select().from(inspectionPlans).where(eq(inspectionPlans.id, id)).limit(1);
  if (!row) throw new AppError('INSPECTION_NOT_FOUND', { field: 'planId' });
  return row;
}

export async function getPlan(db: Db, caller: Caller, id: string) {
  const plan = await planById(db, id);
  authorizePlan(caller, plan.regionCode, plan.departmentIds, true);
  const draws = await db.select({ id: inspectionDraws.id, state: inspectionDraws.state, seedHash: inspectionDraws.seedHash, committedAt: inspectionDraws.committedAt }).from(inspectionDraws).where(and(eq(inspectionDraws.regionCode, plan.regionCode), eq(inspectionDraws.planId, plan.id))).orderBy(asc(inspectionDraws.committedAt));
  return { ...plan, draws };
}

/** The region's plans the caller manages (an approver: those of their department), newest first, with their draws. */
export async function listPlans(db: Db, caller: Caller, regionCode: string) {
  authorizeDirectory(caller, regionCode, false);
  const plans = (await db.select().from(inspectionPlans).where(eq(inspectionPlans.regionCode, regionCode)).orderBy(desc(inspectionPlans.createdAt))).filter((p) =>
    p.departmentIds.some((id) => canManageDepartment(caller, { id, regionCode })),
  );
  if (plans.length === 0) return [];
  const draws = await db
    .select({ id: inspectionDraws.id, planId: inspectionDraws.planId, state: inspectionDraws.state, seedHash: inspectionDraws.seedHash, committedAt: inspectionDraws.committedAt })
    .from(inspectionDraws)
    .where(and(eq(inspectionDraws.regionCode, regionCode), inArray(inspectionDraws.planId, plans.map((p) => p.id))))
    .orderBy(asc(inspectionDraws.committedAt));
  return plans.map((p) => ({ ...p, draws: draws.filter((d) => d.planId === p.id).map(({ planId: _, ...d }) => d) }));
}

// ---- draws ------------------------------------------------------------------------------------------------------------

/** The pool a plan draws from now: the matching subjects not yet drawn this year, the departments' active inspectors. */
async function poolOf(db: Db, plan: typeof inspectionPlans.$inferSelect): Promise<DrawPool> {
  const classes = Object.keys(plan.quotas) as ObjectClass[];
  const f = plan.filters;
  const subjects = classes.length
    ? await db
        .select({ c: inspectionSubjects.creditCode, k: inspectionSubjects.objectClass })
        .from(inspectionSubjects)
        .where(
          and(
            eq(inspectionSubjects.regionCode, plan.regionCode),
            inArray(inspectionSubjects.objectClass, classes),
            f.industry ? eq(inspectionSubjects.industry, f.industry) : undefined,
            f.riskGrades?.length ? inArray(inspectionSubjects.riskGrade, f.riskGrades) : undefined,
            // Once a year: a subject drawn by any plan of the region this year is not drawn again.
            sql`NOT EXISTS (SELECT 1 FROM inspection_tasks t WHERE t.region_code = ${plan.regionCode} AND t.year = ${plan.year} AND t.credit_code = ${inspectionSubjects.creditCode})`,
          ),
        )
        .orderBy(sql`${inspectionSubjects.creditCode} COLLATE "C"`)
    : [];
  const inspectors = await db
    .select({ id: inspectionInspectors.id, d: inspectionInspectors.departmentId })
    .from(inspectionInspectors)
    .where(and(eq(inspectionInspectors.regionCode, plan.regionCode), inArray(inspectionInspectors.departmentId, plan.departmentIds), eq(inspectionInspectors.active, true)));
  inspectors.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = inspectors.map((i) => i.id);
  const conflicts = ids.length
    ? (await db.select({ i: inspectionConflicts.inspectorId, c: inspectionConflicts.creditCode }).from(inspectionConflicts).where(and(eq(inspectionConflicts.regionCode, plan.regionCode), inArray(inspectionConflicts.inspectorId, ids)))).map((r) => [r.i, r.c] as [string, string])
    : [];
  conflicts.sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
  return {
    subjects: subjects.map((s) => [s.c, s.k] as [string, ObjectClass]),
    inspectors: inspectors.map((i) => [i.id, i.d] as [string, string]),
    conflicts,
    departmentIds: plan.departmentIds,
    quotas: plan.quotas,
    inspectorsPerObject: plan.inspectorsPerObject,
  };
}

/**
 * Commit: freeze the pool, choose a secret seed and publish SM3 of both. Only one draw of a region and year may wait
 * for its reveal at a time, so the once-a-year rule cannot be raced by two pending draws.
 */
export async function commitDraw(db: Db, caller: Caller, planId: string, now: Date) {
  const plan = await planById(db, planId);
  authorizePlan(caller, plan.regionCode, plan.departmentIds);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`inspection-draw:${plan.regionCode}:${plan.year}`}))`);
    const [pending] = await tx.select({ id: inspectionDraws.id }).from(inspectionDraws).where(and(eq(inspectionDraws.regionCode, plan.regionCode), eq(inspectionDraws.year, plan.year), eq(inspectionDraws.state, 'committed'))).limit(1);
    if (pending) throw new AppError('INSPECTION_DRAW_STATE_CONFLICT', { pendingDrawId: pending.id });
    const pool = await poolOf(tx, plan);
    const p = poolProblem(pool);
    if (p) throw new AppError('INSPECTION_TOO_FEW_INSPECTORS', { ...p, needed: plan.inspectorsPerObject });
    const seed = randomBytes(32).toString('hex');
    const seedHash = seedHashOf(seed);
    const poolHash = poolHashOf(pool);
    const [row] = await tx
      .insert(inspectionDraws)
      .values({ regionCode: plan.regionCode, planId: plan.id, year: plan.year, state: 'committed', seedHash, seed, poolHash, pool, committedAt: now, ...newChainHead() })
      .returning({ id: inspectionDraws.id });
    const head = await drawLog.lock(tx, { regionCode: plan.regionCode, id: row!.id });
    await drawLog.append(tx, head!, { at: now, ...actorOf(caller), action: 'commit', fromState: null, toState: 'committed', payload: { planId: plan.id, seedHash, poolHash, subjects: pool.subjects.length, inspectors: pool.inspectors.length } });
    return { id: row!.id, seedHash, poolHash, subjects: pool.subjects.length, inspectors: pool.inspectors.length };
  });
}

async function drawById(db: Db, id: string) {
  const [row] = await db.select().from(inspectionDraws).where(eq(inspectionDraws.id, id)).limit(1);
  if (!row) throw new AppError('INSPECTION_NOT_FOUND', { field: 'drawId' });
  return row;
}

export const selectionHashOf = (tasks: DrawnTask[]) => sm3(canonicalJson(tasks));

/** Reveal: the seed is published and the draw computed from it and the frozen pool; the tasks are stored. */
export async function revealDraw(db: Db, caller: Caller, drawId: string, now: Date) {
  const d0 = await drawById(db, drawId);
  const plan = await planById(db, d0.planId);
  authorizePlan(caller, plan.regionCode, plan.departmentIds);
  await db.transaction(async (tx) => {
    const head = await drawLog.lock(tx, { regionCode: d0.regionCode, id: d0.id });
    const [d] = await tx.select().from(inspectionDraws).where(and(eq(inspectionDraws.regionCode, d0.regionCode), eq(inspectionDraws.id, d0.id)));
    if (d!.state !== 'committed') throw new AppError('INSPECTION_DRAW_STATE_CONFLICT', { state: d!.state });
    const tasks = drawFromPool(d!.pool as DrawPool, d!.seed);
    const codes = tasks.map((t) => t.creditCode);
    const names = new Map<string, string>();
    for (let i = 0; i < codes.length; i += IMPORT_BATCH) {
      const part = await tx.select({ c: inspectionSubjects.creditCode, n: inspectionSubjects.name }).from(inspectionSubjects).where(and(eq(inspectionSubjects.regionCode, d!.regionCode), inArray(inspectionSubjects.creditCode, codes.slice(i, i + IMPORT_BATCH))));
      for (const r of part) names.set(r.c, r.n);
    }
    for (let i = 0; i < tasks.length; i += IMPORT_BATCH) {
      await tx.insert(inspectionTasks).values(
        tasks.slice(i, i + IMPORT_BATCH).map((t, j) => ({ regionCode: d!.regionCode, drawId: d!.id, position: i + j, year: d!.year, creditCode: t.creditCode, subjectName: names.get(t.creditCode) ?? '', objectClass: t.objectClass, inspectorIds: t.inspectorIds })),
      );
    }
    await drawLog.append(tx, head!, { at: now, ...actorOf(caller), action: 'reveal', fromState: 'committed', toState: 'drawn', payload: { seed: d!.seed, tasks: tasks.length, selectionHash: selectionHashOf(tasks) } });
    await tx.update(inspectionDraws).set({ state: 'drawn', drawnAt: now }).where(and(eq(inspectionDraws.regionCode, d!.regionCode), eq(inspectionDraws.id, d!.id)));
  });
  return getDraw(db, caller, drawId, now);
}

function taskView(t: typeof inspectionTasks.$inferSelect, now: Date) {
  const overdue = !t.publishedAt && !!t.publishDueAt && t.publishDueAt.getTime() < now.getTime();
  return {
    position: t.position,
    creditCode: t.creditCode,
    subjectName: t.subjectName,
    objectClass: t.objectClass,
    inspectorIds: t.inspectorIds,
    outcome: t.outcome,
    evidence: t.evidence,
    inspectedAt: t.inspectedAt?.toISOString() ?? null,
    publishDueAt: t.publishDueAt?.toISOString() ?? null,
    publishedAt: t.publishedAt?.toISOString() ?? null,
    overdue,
  };
}

/** A draw for its plan's managers and its inspectors: the seed only once revealed. */
export async function getDraw(db: Db, caller: Caller, drawId: string, now: Date) {
  const d = await drawById(db, drawId);
  const plan = await planById(db, d.planId);
  const tasks = await db.select().from(inspectionTasks).where(and(eq(inspectionTasks.regionCode, d.regionCode), eq(inspectionTasks.drawId, d.id))).orderBy(asc(inspectionTasks.position));
  const mine = await inspectorIdsOf(db, caller, d.regionCode);
  const manager = plan.departmentIds.some((id) => canManageDepartment(caller, { id, regionCode: plan.regionCode }));
  const assigned = tasks.filter((t) => t.inspectorIds.some((i) => mine.has(i)));
  if (!manager && assigned.length === 0) throw new AppError('INSPECTION_NOT_FOUND', { field: 'drawId' });
  return {
    id: d.id,
    planId: d.planId,
    planName: plan.name,
    year: d.year,
    state: d.state,
    seedHash: d.seedHash,
    poolHash: d.poolHash,
    seed: d.state === 'drawn' ? d.seed : null,
    committedAt: d.committedAt.toISOString(),
    drawnAt: d.drawnAt?.toISOString() ?? null,
    tasks: (manager ? tasks : assigned).map((t) => taskView(t, now)),
  };
}

async function inspectorIdsOf(db: Db, caller: Caller, regionCode: string): Promise<Set<string>> {
  const rows = await db.select({ id: inspectionInspectors.id }).from(inspectionInspectors).where(and(eq(inspectionInspectors.regionCode, regionCode), eq(inspectionInspectors.userId, caller.id)));
  return new Set(rows.map((r) => r.id));
}

/** An inspector's own tasks across the draws they were drawn for (every region they are listed in), open ones first. */
export async function myTasks(db: Db, caller: Caller, now: Date) {
  const ids = (await db.select({ id: inspectionInspectors.id }).from(inspectionInspectors).where(eq(inspectionInspectors.userId, caller.id))).map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = await db
    .select({ task: inspectionTasks, planName: inspectionPlans.name })
    .from(inspectionTasks)
    .innerJoin(inspectionDraws, and(eq(inspectionDraws.regionCode, inspectionTasks.regionCode), eq(inspectionDraws.id, inspectionTasks.drawId)))
    .innerJoin(inspectionPlans, and(eq(inspectionPlans.regionCode, inspectionDraws.regionCode), eq(inspectionPlans.id, inspectionDraws.planId)))
    .where(arrayOverlaps(inspectionTasks.inspectorIds, ids))
    .orderBy(sql`${inspectionTasks.publishedAt} IS NOT NULL`, sql`${inspectionTasks.outcome} IS NOT NULL`, desc(inspectionDraws.committedAt), asc(inspectionTasks.position))
    .limit(500);
  return rows.map((r) => ({ drawId: r.task.drawId, planName: r.planName, year: r.task.year, ...taskView(r.task, now) }));
}

// ---- results and 公开 ----------------------------------------------------------------------------------------------

/** An inspector drawn for the object (or the plan's department) records the result; publication is due in 20 working days. */
export async function recordResult(db: Db, caller: Caller, drawId: string, creditCode: string, input: { outcome: Outcome; evidence: string; inspectedAt?: Date }, now: Date) {
  const d0 = await drawById(db, drawId);
  const plan = await planById(db, d0.planId);
  const mine = await inspectorIdsOf(db, caller, d0.regionCode);
  const manager = plan.departmentIds.some((id) => canManageDepartment(caller, { id, regionCode: plan.regionCode }));
  // Someone neither managing the plan nor an inspector of the region learns nothing of the draw.
  if (!manager && mine.size === 0) throw new AppError('INSPECTION_NOT_FOUND', { field: 'drawId' });
  const inspectedAt = input.inspectedAt ?? now;
  if (inspectedAt.getTime() > now.getTime()) throw new AppError('INSPECTION_PLAN_INVALID', { field: 'inspectedAt' });
  const cal = await loadWorkCalendar(db, d0.regionCode);
  const publishDueAt = due(cal, inspectedAt, PUBLISH_WITHIN_WORKING_DAYS).due;
  await db.transaction(async (tx) => {
    const head = await drawLog.lock(tx, { regionCode: d0.regionCode, id: d0.id });
    const [task] = await tx.select().from(inspectionTasks).where(and(eq(inspectionTasks.regionCode, d0.regionCode), eq(inspectionTasks.drawId, d0.id), eq(inspectionTasks.creditCode, creditCode))).for('update');
    if (!task) throw new AppError('INSPECTION_NOT_FOUND', { field: 'creditCode' });
    if (!manager && !task.inspectorIds.some((i) => mine.has(i))) throw new AppError('INSPECTION_NOT_ASSIGNED');
    if (task.publishedAt) throw new AppError('INSPECTION_DRAW_STATE_CONFLICT', { state: 'published' });
    await tx
      .update(inspectionTasks)
      .set({ outcome: input.outcome, evidence: input.evidence, inspectedAt, recordedBy: caller.id, publishDueAt })
      .where(and(eq(inspectionTasks.regionCode, task.regionCode), eq(inspectionTasks.drawId, task.drawId), eq(inspectionTasks.position, task.position)));
    await drawLog.append(tx, head!, { at: now, ...actorOf(caller), action: 'record_result', fromState: 'drawn', toState: 'drawn', payload: { creditCode, outcome: input.outcome, evidenceHash: sm3(input.evidence), inspectedAt: inspectedAt.toISOString() } });
  });
  return getDraw(db, caller, drawId, now);
}

/** 公开: the plan's department publishes every recorded, unpublished result of the draw. */
export async function publishResults(db: Db, caller: Caller, drawId: string, now: Date) {
  const d0 = await drawById(db, drawId);
  const plan = await planById(db, d0.planId);
  authorizePlan(caller, plan.regionCode, plan.departmentIds);
  await db.transaction(async (tx) => {
    const head = await drawLog.lock(tx, { regionCode: d0.regionCode, id: d0.id });
    const done = await tx
      .update(inspectionTasks)
      .set({ publishedAt: now })
      .where(and(eq(inspectionTasks.regionCode, d0.regionCode), eq(inspectionTasks.drawId, d0.id), isNotNull(inspectionTasks.outcome), isNull(inspectionTasks.publishedAt)))
      .returning({ creditCode: inspectionTasks.creditCode });
    if (done.length === 0) throw new AppError('INSPECTION_RESULT_MISSING');
    await drawLog.append(tx, head!, { at: now, ...actorOf(caller), action: 'publish', fromState: 'drawn', toState: 'drawn', payload: { creditCodes: done.map((r) => r.creditCode).sort() } });
  });
  return getDraw(db, caller, drawId, now);
}

/**
 * A 个体工商户 without a 字号 is registered under its operator's own name, a natural person's, and the directory
 * cannot tell the two apart, so the public page shows every 个体工商户 name as its first character and stars; the
 * credit code still identifies the business.
 */
export function publicSubjectName(objectClass: ObjectClass, name: string): string {
  if (objectClass !== 'individual') return name;
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * The public results (no login): subject, class, item names, department names, outcome and dates. No inspector, no
 * evidence text, no personal data.
 */
export async function publicResults(db: Db, q: { regionCode?: string; creditCode?: string; limit: number; offset: number }) {
  const rows = await db.execute(sql`
    SELECT t.credit_code, t.subject_name, t.object_class, t.outcome, t.inspected_at, t.published_at, p.name AS plan_name, p.year, d.id AS draw_id, d.seed_hash, d.region_code,
      (SELECT array_agg(i.name ORDER BY i.code) FROM inspection_items i WHERE i.region_code = p.region_code AND i.id = ANY(p.item_ids)) AS items,
      (SELECT array_agg(dep.name ORDER BY dep.code) FROM departments dep WHERE dep.id = ANY(p.department_ids)) AS departments
    FROM inspection_tasks t
    JOIN inspection_draws d ON d.region_code = t.region_code AND d.id = t.draw_id
    JOIN inspection_plans p ON p.region_code = d.region_code AND p.id = d.plan_id
    WHERE t.published_at IS NOT NULL
      ${q.regionCode ? sql`AND t.region_code LIKE ${q.regionCode.replace(/0+$/, '') + '%'}` : sql``}
      ${q.creditCode ? sql`AND t.credit_code = ${q.creditCode}` : sql``}
    ORDER BY t.published_at DESC, t.credit_code
    LIMIT ${q.limit} OFFSET ${q.offset}`);
  type R = Record<string, unknown>;
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    items: (rows as unknown as { rows: R[] }).rows.map((r) => ({
      creditCode: r.credit_code as string,
      subjectName: publicSubjectName(r.object_class as ObjectClass, r.subject_name as string),
      objectClass: r.object_class as ObjectClass,
      outcome: r.outcome as Outcome,
      inspectedAt: iso(r.inspected_at),
      publishedAt: iso(r.published_at)!,
      planName: r.plan_name as string,
      year: Number(r.year),
      drawId: r.draw_id as string,
      seedHash: r.seed_hash as string,
      regionCode: r.region_code as string,
      items: (r.items as string[] | null) ?? [],
      departments: (r.departments as string[] | null) ?? [],
    })),
  };
}

// ---- verification ---------------------------------------------------------------------------------------------------

/**
 * Recomputes a draw from its stored pool and revealed seed: the seed must hash to the published seed hash, the pool to
 * the published pool hash, and the recomputed objects and inspectors must equal the stored tasks, in order.
 */
export async function verifyDraw(db: Db, drawId: string) {
  const d = await drawById(db, drawId);
  if (d.state !== 'drawn') return { ok: false, drawId, state: d.state, reason: 'not revealed yet' };
  const pool = d.pool as DrawPool;
  const seedMatches = seedHashOf(d.seed) === d.seedHash;
  const poolMatches = poolHashOf(pool) === d.poolHash;
  const stored = await db.select().from(inspectionTasks).where(and(eq(inspectionTasks.regionCode, d.regionCode), eq(inspectionTasks.drawId, d.id))).orderBy(asc(inspectionTasks.position));
  const recomputed = drawFromPool(pool, d.seed);
  const differences: { position: number; stored: string | null; recomputed: string | null }[] = [];
  const key = (t: { creditCode: string; inspectorIds: string[] } | undefined) => (t ? `${t.creditCode}:${t.inspectorIds.join(',')}` : null);
  for (let i = 0; i < Math.max(stored.length, recomputed.length); i++) {
    const a = key(stored[i]);
    const b = key(recomputed[i]);
    if (a !== b && differences.length < 20) differences.push({ position: i, stored: a, recomputed: b });
  }
  const selectionMatches = stored.length === recomputed.length && differences.length === 0;
  return { ok: seedMatches && poolMatches && selectionMatches, drawId, state: d.state, seedHash: d.seedHash, seed: d.seed, poolHash: d.poolHash, seedMatches, poolMatches, selectionMatches, objects: recomputed.length, differences };
}

export async function listDraws(db: Db, caller: Caller, regionCode: string) {
  authorizeDirectory(caller, regionCode, false);
  return db.select({ id: inspectionDraws.id, planId: inspectionDraws.planId, year: inspectionDraws.year, state: inspectionDraws.state, seedHash: inspectionDraws.seedHash, committedAt: inspectionDraws.committedAt }).from(inspectionDraws).where(eq(inspectionDraws.regionCode, regionCode)).orderBy(desc(inspectionDraws.committedAt));
}
