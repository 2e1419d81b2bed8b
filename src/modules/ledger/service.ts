/**
 * The reform-task ledger: import (preview → edit → confirm), the unit registry, progress reports, and the three
 * supervision rounds the seeds prescribe — 月调度 (who has not reported, what is due), 季督办 (a 督办单 to the lead
 * unit of each overdue or at-risk task) and 年评价 (scores and rankings of units and regions).
 */
import { and, asc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { regionContains, regionPrefix } from '../../platform/validators.js';
import { recordAudit } from '../audit/index.js';
import { getDepartment, inScope, listDepartments } from '../org/index.js';
import { resolveAll, type Deadline } from './deadlines.js';
import './errors.js';
import { importDocumentInPool } from './importer.js';
import type { ParsedTask } from './parser.js';
import {
  addDays, atRisk, cadenceFor, monthPeriod, periodOf, periodsEndingWithin, quarterPeriod, REPORT_GRACE_DAYS, reportsDue, scoreUnits, targetMet, taskStatus, yearlySchedule,
  type Cadence, type Period, type TaskStatus, type UnitScore, type UnitYear,
} from './rules.js';
import {
  ledgerDocuments, ledgerEvaluations, ledgerImportDrafts, ledgerProgressReports, ledgerSupervisionOrders, ledgerTargets,
  ledgerTaskUnits, ledgerTasks, ledgerUnitAliases, ledgerUnits, type ReportAttachment, type ReportFigure,
} from './schema.js';
import type { Comparator, Target } from './targets.js';
import { createRegistry, loadDefaultRegistry, scopeOf, unitEditableBy, type UnitEntry, type UnitKind, type UnitRegistry } from './units.js';
import { warn, type Warning } from './warnings.js';

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
/** Days the lead unit has to answer a 督办单 (calendar days). */
export const ORDER_RESPONSE_DAYS = 15;

/** Today in China, as a plain date. */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function canSupervise(caller: Caller, regionCode: string): boolean {
  return (caller.roles.includes('admin') || caller.roles.includes('supervisor')) && !!caller.regionCode && regionContains(caller.regionCode, regionCode);
}

function assertSupervises(caller: Caller, regionCode: string) {
  if (!canSupervise(caller, regionCode)) throw new AppError('OUT_OF_SCOPE');
}

function regionFilter(caller: Caller, column: typeof ledgerTasks.regionCode | typeof ledgerDocuments.regionCode): SQL {
  if (!caller.regionCode) return sql`false`;
  return like(column, `${regionPrefix(caller.regionCode)}%`);
}

// ---------------------------------------------------------------------------------------------------------------
// Units

type Tx = Db;

export async function seedUnits(db: Db, entries: UnitEntry[] = loadDefaultRegistry().entries()): Promise<number> {
  let created = 0;
  await db.transaction(async (tx) => {
    for (const e of entries) {
      const scope = e.scope ?? '';
      const [row] = await tx
        .insert(ledgerUnits)
        .values({ name: e.name, kind: e.kind, scope, verified: true })
        .onConflictDoNothing()
        .returning({ id: ledgerUnits.id });
      let id = row?.id;
      if (row) created++;
      else {
        const [existing] = await tx.select({ id: ledgerUnits.id }).from(ledgerUnits).where(and(eq(ledgerUnits.name, e.name), eq(ledgerUnits.scope, scope)));
        id = existing!.id;
      }
      for (const alias of new Set([e.name, ...e.aliases])) {
        await tx.insert(ledgerUnitAliases).values({ alias, scope, unitId: id! }).onConflictDoNothing();
      }
    }
  });
  await linkUnitsToDepartments(db);
  return created;
}

/**
 * Link units to the org departments they are: a department whose full name is the unit's name or one of its
 * aliases, when exactly one matches. Its staff then see the unit's tasks and file its reports.
 */
export async function linkUnitsToDepartments(db: Db, unitIds?: string[]): Promise<number> {
  const departments = await listDepartments(db);
  const unlinked = await db
    .select()
    .from(ledgerUnits)
    .where(and(sql`${ledgerUnits.departmentId} is null`, unitIds ? (unitIds.length ? inArray(ledgerUnits.id, unitIds) : sql`false`) : undefined));
  if (unlinked.length === 0 || departments.length === 0) return 0;
  const aliases = await db.select().from(ledgerUnitAliases).where(inArray(ledgerUnitAliases.unitId, unlinked.map((u) => u.id)));
  let linked = 0;
  for (const u of unlinked) {
    const names = new Set([u.name, ...aliases.filter((a) => a.unitId === u.id).map((a) => a.alias)]);
    const matches = departments.filter((d) => names.has(d.name));
    if (matches.length !== 1) continue;
    await db.update(ledgerUnits).set({ departmentId: matches[0]!.id, regionCode: u.regionCode ?? matches[0]!.regionCode }).where(eq(ledgerUnits.id, u.id));
    linked++;
  }
  return linked;
}

interface UnitRow {
  id: string;
  name: string;
  kind: string;
  scope: string;
  regionCode: string | null;
  departmentId: string | null;
  verified: boolean;
}

/** The registry as stored, in the shape the importer's normaliser reads. */
async function loadRegistry(db: Tx): Promise<{ registry: UnitRegistry; byKey: Map<string, UnitRow> }> {
  const units = (await db.select().from(ledgerUnits)) as UnitRow[];
  const aliases = await db.select().from(ledgerUnitAliases);
  const entries: UnitEntry[] = [];
  for (const u of units) {
    const own = aliases.filter((a) => a.unitId === u.id);
    const entry = (scope: string, names: string[]): UnitEntry => ({ id: u.id, name: u.name, kind: u.kind as UnitKind, scope: scope === '' ? null : scope, aliases: names });
    entries.push(entry(u.scope, own.filter((a) => a.scope === u.scope).map((a) => a.alias)));
    // An alias registered for another region (a reviewer's merge) is valid there only.
    const elsewhere = new Map<string, string[]>();
    for (const a of own) if (a.scope !== u.scope) elsewhere.set(a.scope, [...(elsewhere.get(a.scope) ?? []), a.alias]);
    for (const [scope, names] of elsewhere) entries.push(entry(scope, names));
  }
  const byKey = new Map<string, UnitRow>();
  for (const u of units) byKey.set(`${u.scope}\u0000${u.name}`, u);
  return { registry: createRegistry({ units: entries }), byKey };
}

export async function listUnits(db: Db, q: { scope?: string; q?: string; verified?: boolean } = {}) {
  const where: SQL[] = [];
  if (q.scope !== undefined) where.push(eq(ledgerUnits.scope, q.scope));
  if (q.q) where.push(like(ledgerUnits.name, `%${q.q}%`));
  if (q.verified !== undefined) where.push(eq(ledgerUnits.verified, q.verified));
  return listUnitsWhere(db, where.length ? and(...where) : undefined);
}

async function listUnitsWhere(db: Db, where: SQL | undefined) {
  const units = await db.select().from(ledgerUnits).where(where).orderBy(asc(ledgerUnits.scope), asc(ledgerUnits.name));
  const aliases = units.length ? await db.select().from(ledgerUnitAliases).where(inArray(ledgerUnitAliases.unitId, units.map((u) => u.id))) : [];
  return units.map((u) => ({ ...u, aliases: aliases.filter((a) => a.unitId === u.id && a.alias !== u.name).map((a) => a.alias) }));
}

export interface UnitInput {
  name: string;
  kind: UnitKind;
  scope?: string;
  regionCode?: string | null;
  departmentId?: string | null;
  aliases?: string[];
}

/**
 * The department a unit is linked to: linking hands the unit's tasks to that department's staff, so a
 * supervisor may only link departments of their own region (an admin likewise).
 */
async function linkableDepartment(tx: Tx, caller: Caller, departmentId: string) {
  const department = await getDepartment(tx, departmentId);
  if (!inScope(caller, { regionCode: department.regionCode, departmentId: department.id })) {
    throw new AppError('LEDGER_DEPARTMENT_OUT_OF_SCOPE', { field: 'departmentId', department: department.name });
  }
  return department;
}

export async function createUnit(db: Db, caller: Caller, input: UnitInput) {
  return db.transaction((tx) => insertUnit(tx, caller, input));
}

async function insertUnit(tx: Tx, caller: Caller, input: UnitInput) {
  const scope = input.scope ?? '';
  if (input.departmentId) await linkableDepartment(tx, caller, input.departmentId);
  {
    const names = [input.name, ...(input.aliases ?? [])];
    const taken = await tx.select().from(ledgerUnitAliases).where(and(eq(ledgerUnitAliases.scope, scope), inArray(ledgerUnitAliases.alias, names)));
    if (taken.length) throw new AppError('LEDGER_UNIT_EXISTS', { aliases: taken.map((t) => t.alias) });
    const [unit] = await tx
      .insert(ledgerUnits)
      .values({ name: input.name, kind: input.kind, scope, regionCode: input.regionCode ?? null, departmentId: input.departmentId ?? null })
      .onConflictDoNothing()
      .returning();
    if (!unit) throw new AppError('LEDGER_UNIT_EXISTS', { name: input.name });
    for (const alias of new Set(names)) await tx.insert(ledgerUnitAliases).values({ alias, scope, unitId: unit.id });
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.unit.create', targetType: 'ledger_unit', targetId: unit.id, details: { name: input.name, scope } });
    return unit;
  }
}

export async function updateUnit(db: Db, caller: Caller, id: string, patch: { addAliases?: string[]; departmentId?: string | null; regionCode?: string | null; verified?: boolean }) {
  return db.transaction(async (tx) => {
    const [unit] = await tx.select().from(ledgerUnits).where(eq(ledgerUnits.id, id)).for('update');
    if (!unit || !unitEditableBy(caller, unit.regionCode)) throw new AppError('LEDGER_UNIT_NOT_FOUND');
    if (patch.regionCode !== undefined && !unitEditableBy(caller, patch.regionCode, 'delete')) throw new AppError('LEDGER_UNIT_NOT_FOUND', { field: 'regionCode' });
    if (patch.departmentId) await linkableDepartment(tx, caller, patch.departmentId);
    for (const alias of patch.addAliases ?? []) {
      const [row] = await tx.insert(ledgerUnitAliases).values({ alias, scope: unit.scope, unitId: id }).onConflictDoNothing().returning();
      if (!row) {
        const [other] = await tx.select().from(ledgerUnitAliases).where(and(eq(ledgerUnitAliases.alias, alias), eq(ledgerUnitAliases.scope, unit.scope)));
        if (other && other.unitId !== id) throw new AppError('LEDGER_UNIT_EXISTS', { alias });
      }
    }
    const set: Partial<typeof ledgerUnits.$inferInsert> = {};
    if (patch.departmentId !== undefined) set.departmentId = patch.departmentId;
    if (patch.regionCode !== undefined) set.regionCode = patch.regionCode;
    if (patch.verified !== undefined) set.verified = patch.verified;
    const [row] = Object.keys(set).length ? await tx.update(ledgerUnits).set(set).where(eq(ledgerUnits.id, id)).returning() : [unit];
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.unit.update', targetType: 'ledger_unit', targetId: id, details: patch });
    return row!;
  });
}

/**
 * Merge a unit into another (an unverified unit an import added is found to be a registered one): its spellings
 * become the other's aliases and its tasks, reports and 督办单 move over; where both already hold the same task
 * role or period report, the surviving unit's entry stays. Its annual scores are dropped (recomputed on demand).
 */
export async function mergeUnit(db: Db, caller: Caller, id: string, input: { into: string }) {
  if (id === input.into) throw new AppError('LEDGER_UNIT_MERGE_SELF');
  return db.transaction(async (tx) => {
    const units = await tx.select().from(ledgerUnits).where(inArray(ledgerUnits.id, [id, input.into])).for('update');
    const from = units.find((u) => u.id === id);
    const into = units.find((u) => u.id === input.into);
    // The merged unit is deleted, so it must be the caller's; the one it joins may be a wider registered unit.
    if (!from || !into || !unitEditableBy(caller, from.regionCode, 'delete')) throw new AppError('LEDGER_UNIT_NOT_FOUND');
    await tx.update(ledgerUnitAliases).set({ unitId: into.id }).where(eq(ledgerUnitAliases.unitId, from.id));
    await tx.insert(ledgerUnitAliases).values({ alias: from.name, scope: from.scope, unitId: into.id }).onConflictDoNothing();
    await tx.execute(sql`delete from ${ledgerTaskUnits} f using ${ledgerTaskUnits} t
      where f.unit_id = ${from.id} and t.unit_id = ${into.id} and t.task_id = f.task_id and t.role = f.role`);
    await tx.update(ledgerTaskUnits).set({ unitId: into.id }).where(eq(ledgerTaskUnits.unitId, from.id));
    await tx.execute(sql`delete from ${ledgerProgressReports} f using ${ledgerProgressReports} t
      where f.unit_id = ${from.id} and t.unit_id = ${into.id} and t.task_id = f.task_id and t.period = f.period`);
    await tx.update(ledgerProgressReports).set({ unitId: into.id }).where(eq(ledgerProgressReports.unitId, from.id));
    await tx.update(ledgerSupervisionOrders).set({ unitId: into.id }).where(eq(ledgerSupervisionOrders.unitId, from.id));
    await tx.delete(ledgerEvaluations).where(eq(ledgerEvaluations.unitId, from.id));
    await tx.delete(ledgerUnits).where(eq(ledgerUnits.id, from.id));
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.unit.merge', targetType: 'ledger_unit', targetId: into.id, details: { merged: from.id, name: from.name } });
    const [view] = (await listUnitsWhere(tx, eq(ledgerUnits.id, into.id)));
    return view!;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Import: preview → edit → confirm

export interface DraftUnitView {
  written: string;
  name: string;
  division: string | null;
  known: boolean;
}

export interface DraftTaskView extends ParsedTask {
  leadUnitsResolved: DraftUnitView[];
  responsibleUnitsResolved: DraftUnitView[];
}

export interface DraftView {
  id: string;
  status: 'draft' | 'confirmed' | 'discarded';
  version: number;
  regionCode: string;
  unitScope: string | null;
  document: { id: string; title: string | null; issuer: string | null; issuedOn: string | null; filename: string; format: string };
  /** The source, one entry per line, so the review shows each task beside its lines. */
  sourceLines: string[];
  tasks: DraftTaskView[];
  unknownUnits: string[];
  warnings: Warning[];
}

function present(draft: typeof ledgerImportDrafts.$inferSelect, doc: typeof ledgerDocuments.$inferSelect, registry: UnitRegistry): DraftView {
  const scope = draft.unitScope;
  const unknown = new Set<string>();
  const resolve = (names: string[]) =>
    names.map((w) => {
      const n = registry.normalize(w, scope);
      if (!n.known) unknown.add(w);
      return { written: w, name: n.name, division: n.division, known: n.known };
    });
  const tasks = draft.tasks.map((t) => ({ ...t, leadUnitsResolved: resolve(t.leadUnits), responsibleUnitsResolved: resolve(t.responsibleUnits) }));
  return {
    id: draft.id,
    status: draft.status,
    version: draft.version,
    regionCode: draft.regionCode,
    unitScope: scope,
    document: { id: doc.id, title: doc.title, issuer: doc.issuer, issuedOn: doc.issuedOn, filename: doc.filename, format: doc.format },
    sourceLines: doc.sourceText.replace(/\r\n?/g, '\n').split('\n'),
    tasks,
    unknownUnits: [...unknown],
    warnings: [...draft.warnings, ...[...unknown].map((u) => warn('LEDGER_UNIT_UNKNOWN', null, { unit: u }))],
  };
}

export interface ImportInput {
  filename: string;
  content: Uint8Array;
  regionCode?: string;
}

export async function previewImport(db: Db, caller: Caller, input: ImportInput): Promise<DraftView> {
  if (input.content.byteLength > MAX_DOCUMENT_BYTES) throw new AppError('LEDGER_DOCUMENT_TOO_LARGE');
  const regionCode = input.regionCode ?? caller.regionCode;
  if (!regionCode) throw new AppError('OUT_OF_SCOPE');
  assertSupervises(caller, regionCode);
  const parsed = await importDocumentInPool(input.content);
  if (parsed.tasks.length === 0) {
    throw new AppError('LEDGER_DOCUMENT_UNREADABLE', { warnings: parsed.warnings.map((w) => ({ code: w.code, line: w.line, message: w.message })) });
  }
  const unitScope = scopeOf(parsed.title, parsed.issuer);
  return db.transaction(async (tx) => {
    const [doc] = await tx
      .insert(ledgerDocuments)
      .values({
        regionCode, title: parsed.title, issuer: parsed.issuer, issuedOn: parsed.date, filename: input.filename,
        format: parsed.format, sourceText: parsed.text, createdBy: caller.id,
      })
      .returning();
    const [draft] = await tx
      .insert(ledgerImportDrafts)
      .values({ documentId: doc!.id, regionCode, unitScope, tasks: parsed.tasks, warnings: parsed.warnings, createdBy: caller.id })
      .returning();
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.import.preview', targetType: 'ledger_draft', targetId: draft!.id, details: { filename: input.filename, tasks: parsed.tasks.length } });
    const { registry } = await loadRegistry(tx);
    return present(draft!, doc!, registry);
  });
}

async function loadDraft(db: Tx, id: string, lock = false) {
  const q = db.select().from(ledgerImportDrafts).where(eq(ledgerImportDrafts.id, id));
  const [draft] = lock ? await q.for('update') : await q;
  if (!draft) throw new AppError('LEDGER_DRAFT_NOT_FOUND');
  const [doc] = await db.select().from(ledgerDocuments).where(eq(ledgerDocuments.id, draft.documentId));
  return { draft, doc: doc! };
}

export async function getDraft(db: Db, caller: Caller, id: string): Promise<DraftView> {
  const { draft, doc } = await loadDraft(db, id);
  assertSupervises(caller, draft.regionCode);
  const { registry } = await loadRegistry(db);
  return present(draft, doc, registry);
}

export interface DraftTaskInput {
  no: string;
  section: string;
  text: string;
  leadUnits: string[];
  responsibleUnits: string[];
  deadlines: string[];
  targets: Target[];
  lines: [number, number];
  measure?: string | null;
  group?: string | null;
}

function docYear(doc: typeof ledgerDocuments.$inferSelect): number | null {
  if (doc.issuedOn) return Number(doc.issuedOn.slice(0, 4));
  const m = /((?:19|20)\d{2})\s*年/.exec(doc.title ?? '');
  return m ? Number(m[1]) : null;
}

/** Apply the reviewer's edits: the parse's other fields are kept where the task is still the same one. */
function applyEdits(inputs: DraftTaskInput[], previous: ParsedTask[], doc: typeof ledgerDocuments.$inferSelect): ParsedTask[] {
  const lineCount = doc.sourceText.replace(/\r\n?/g, '\n').split('\n').length;
  const problems: Array<{ task: number; field: string; reason: string }> = [];
  const year = docYear(doc);
  const tasks = inputs.map((t, i) => {
    if (t.text.trim() === '') problems.push({ task: i, field: 'text', reason: 'empty' });
    if (t.lines[0] < 1 || t.lines[1] < t.lines[0] || t.lines[1] > lineCount) problems.push({ task: i, field: 'lines', reason: 'outside the document' });
    const deadlineDetails = resolveAll(t.deadlines, year);
    deadlineDetails.forEach((d) => {
      if (!d.date && !d.ongoing && !d.recurring) problems.push({ task: i, field: 'deadlines', reason: `unreadable: ${d.raw}` });
    });
    const before = previous.find((p) => p.lines[0] === t.lines[0] && p.no === t.no);
    return {
      ...(before ?? { sectionTitles: [], part: 1, partTitle: doc.title, source: 'outline' as const, flags: [] }),
      no: t.no,
      section: t.section,
      text: t.text,
      leadUnits: t.leadUnits.map((u) => u.trim()).filter(Boolean),
      responsibleUnits: t.responsibleUnits.map((u) => u.trim()).filter(Boolean),
      deadlines: t.deadlines,
      deadlineDetails,
      targets: t.targets,
      lines: t.lines,
      measure: t.measure ?? before?.measure ?? null,
      group: t.group ?? before?.group ?? null,
    } satisfies ParsedTask;
  });
  if (problems.length) throw new AppError('LEDGER_DRAFT_INVALID', { problems });
  return tasks;
}

export async function updateDraft(db: Db, caller: Caller, id: string, input: { version: number; tasks: DraftTaskInput[] }): Promise<DraftView> {
  return db.transaction(async (tx) => {
    const { draft, doc } = await loadDraft(tx, id, true);
    assertSupervises(caller, draft.regionCode);
    if (draft.status !== 'draft') throw new AppError('LEDGER_DRAFT_CLOSED');
    if (draft.version !== input.version) throw new AppError('LEDGER_DRAFT_STALE', { version: draft.version });
    const tasks = applyEdits(input.tasks, draft.tasks, doc);
    const [row] = await tx
      .update(ledgerImportDrafts)
      .set({ tasks, version: draft.version + 1, updatedAt: new Date() })
      .where(eq(ledgerImportDrafts.id, id))
      .returning();
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.import.edit', targetType: 'ledger_draft', targetId: id, details: { tasks: tasks.length, version: row!.version } });
    const { registry } = await loadRegistry(tx);
    return present(row!, doc, registry);
  });
}

export async function discardDraft(db: Db, caller: Caller, id: string, input: { version: number }) {
  return db.transaction(async (tx) => {
    const { draft } = await loadDraft(tx, id, true);
    assertSupervises(caller, draft.regionCode);
    if (draft.status !== 'draft') throw new AppError('LEDGER_DRAFT_CLOSED');
    if (draft.version !== input.version) throw new AppError('LEDGER_DRAFT_STALE', { version: draft.version });
    await tx.update(ledgerImportDrafts).set({ status: 'discarded', decidedBy: caller.id, decidedAt: new Date(), version: draft.version + 1 }).where(eq(ledgerImportDrafts.id, id));
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.import.discard', targetType: 'ledger_draft', targetId: id });
    return { id, status: 'discarded' as const };
  });
}

export type DraftUnitResolution =
  | { written: string; unitId: string }
  | { written: string; create: { name?: string; kind: UnitKind; departmentId?: string | null } };

/**
 * Settle a unit the draft names but the registry lacks, before confirmation: either the name is another spelling of
 * a registered unit (it becomes that unit's alias for the document's region), or it is a new unit, registered as
 * verified and linked to the org department whose staff act for it. The draft then shows the resolved unit.
 */
export async function resolveDraftUnit(db: Db, caller: Caller, id: string, input: DraftUnitResolution): Promise<DraftView> {
  return db.transaction(async (tx) => {
    const { draft, doc } = await loadDraft(tx, id, true);
    assertSupervises(caller, draft.regionCode);
    if (draft.status !== 'draft') throw new AppError('LEDGER_DRAFT_CLOSED');
    const before = await loadRegistry(tx);
    const n = before.registry.normalize(input.written, draft.unitScope);
    const named = draft.tasks.some((t) => [...t.leadUnits, ...t.responsibleUnits].some((u) => u.trim() === input.written.trim()));
    if (!named || n.known) throw new AppError('LEDGER_UNIT_NOT_UNKNOWN', { written: input.written });
    if ('unitId' in input) {
      const [unit] = await tx.select().from(ledgerUnits).where(eq(ledgerUnits.id, input.unitId));
      if (!unit) throw new AppError('LEDGER_UNIT_NOT_FOUND');
      // The spelling holds in the document's region; a document of no known region lends it the unit's own.
      const scope = draft.unitScope ?? unit.scope;
      const [row] = await tx.insert(ledgerUnitAliases).values({ alias: n.name, scope, unitId: unit.id }).onConflictDoNothing().returning();
      if (!row) throw new AppError('LEDGER_UNIT_EXISTS', { alias: n.name });
      await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.unit.alias', targetType: 'ledger_unit', targetId: unit.id, details: { alias: n.name, scope, draftId: id } });
    } else {
      const department = input.create.departmentId ? await linkableDepartment(tx, caller, input.create.departmentId) : null;
      // The registry keeps full official names: a unit that is a department takes the department's name.
      const name = input.create.name?.trim() || department?.name || n.name;
      await insertUnit(tx, caller, {
        name, kind: input.create.kind, scope: draft.unitScope ?? '', regionCode: department?.regionCode ?? draft.regionCode,
        departmentId: department?.id ?? null, aliases: name === n.name ? [] : [n.name],
      });
    }
    const { registry } = await loadRegistry(tx);
    return present(draft, doc, registry);
  });
}

function dueOf(deadlines: Deadline[]): { dueOn: string | null; ongoing: boolean } {
  const dates = deadlines.map((d) => d.date).filter((d): d is string => d !== null).sort();
  return { dueOn: dates.length ? dates[dates.length - 1]! : null, ongoing: deadlines.some((d) => d.ongoing) };
}

/** Confirm a draft: its tasks, owners and targets enter the ledger; units the registry lacks are added unverified. */
export async function confirmDraft(db: Db, caller: Caller, id: string, input: { version: number; cadence?: Cadence }) {
  return db.transaction(async (tx) => {
    const { draft, doc } = await loadDraft(tx, id, true);
    assertSupervises(caller, draft.regionCode);
    if (draft.status !== 'draft') throw new AppError('LEDGER_DRAFT_CLOSED');
    if (draft.version !== input.version) throw new AppError('LEDGER_DRAFT_STALE', { version: draft.version });
    const { registry, byKey } = await loadRegistry(tx);
    const scope = draft.unitScope ?? '';
    const createdUnits: string[] = [];

    const unitIdFor = async (written: string): Promise<{ id: string; division: string | null }> => {
      const n = registry.normalize(written, draft.unitScope);
      if (n.known && n.id) return { id: n.id, division: n.division };
      if (n.known) {
        const row = byKey.get(`${scope}\u0000${n.name}`) ?? byKey.get(`\u0000${n.name}`) ?? [...byKey.values()].find((u) => u.name === n.name);
        if (row) return { id: row.id, division: n.division };
      }
      const key = `${scope}\u0000${n.name}`;
      const existing = byKey.get(key);
      if (existing) return { id: existing.id, division: n.division };
      const [unit] = await tx
        .insert(ledgerUnits)
        .values({ name: n.name, kind: 'other', scope, regionCode: draft.regionCode, verified: false })
        .returning();
      await tx.insert(ledgerUnitAliases).values({ alias: n.name, scope, unitId: unit!.id }).onConflictDoNothing();
      byKey.set(key, unit as UnitRow);
      createdUnits.push(n.name);
      newUnitIds.push(unit!.id);
      return { id: unit!.id, division: n.division };
    };

    const taskIds: string[] = [];
    const newUnitIds: string[] = [];
    for (const t of draft.tasks) {
      const { dueOn, ongoing } = dueOf(t.deadlineDetails);
      const [task] = await tx
        .insert(ledgerTasks)
        .values({
          regionCode: draft.regionCode, documentId: doc.id, draftId: draft.id, no: t.no, section: t.section, part: t.part,
          partTitle: t.partTitle, measure: t.measure, groupName: t.group, text: t.text, lineStart: t.lines[0], lineEnd: t.lines[1],
          deadlines: t.deadlineDetails, dueOn, ongoing, cadence: cadenceFor(t.deadlineDetails, input.cadence ?? 'monthly'), flags: t.flags,
        })
        .returning({ id: ledgerTasks.id });
      taskIds.push(task!.id);
      for (const [role, names] of [['lead', t.leadUnits], ['responsible', t.responsibleUnits]] as const) {
        let position = 0;
        for (const written of names) {
          const u = await unitIdFor(written);
          await tx
            .insert(ledgerTaskUnits)
            .values({ taskId: task!.id, unitId: u.id, role, position: position++, written, division: u.division })
            .onConflictDoNothing();
        }
      }
      for (const g of t.targets) {
        await tx.insert(ledgerTargets).values({ taskId: task!.id, metric: g.metric, comparator: g.comparator, value: g.value, unit: g.unit, raw: g.raw });
      }
    }
    await linkUnitsToDepartments(tx, newUnitIds);
    await tx
      .update(ledgerImportDrafts)
      .set({ status: 'confirmed', decidedBy: caller.id, decidedAt: new Date(), version: draft.version + 1 })
      .where(eq(ledgerImportDrafts.id, id));
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.import.confirm', targetType: 'ledger_draft', targetId: id, details: { tasks: taskIds.length, createdUnits } });
    return { draftId: id, documentId: doc.id, tasks: taskIds.length, taskIds, createdUnits };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Tasks and progress reports

export interface TaskOwnerView {
  unitId: string;
  name: string;
  written: string;
  role: 'lead' | 'responsible';
  kind: string;
  departmentId: string | null;
  regionCode: string | null;
}

export interface TaskView {
  id: string;
  regionCode: string;
  documentId: string;
  documentTitle: string | null;
  no: string;
  section: string;
  measure: string | null;
  group: string | null;
  text: string;
  lines: [number, number];
  deadlines: Deadline[];
  dueOn: string | null;
  ongoing: boolean;
  cadence: Cadence;
  completedOn: string | null;
  status: TaskStatus;
  flags: string[];
  leadUnits: TaskOwnerView[];
  responsibleUnits: TaskOwnerView[];
  targets: Array<{ id: string; metric: string; comparator: Comparator; value: number; unit: string; raw: string; latest: number | null; met: boolean | null }>;
  reports: number;
  lastReportOn: string | null;
}

interface TaskFilter {
  ids?: string[];
  documentId?: string;
  unitId?: string;
  status?: TaskStatus;
}

/** Tasks a caller sees: supervisors and admins their region; other staff the tasks of units of their department. */
function visibleTo(db: Db, caller: Caller): SQL {
  if (caller.roles.includes('admin') || caller.roles.includes('supervisor')) return regionFilter(caller, ledgerTasks.regionCode);
  if (!caller.departmentId) return sql`false`;
  return inArray(
    ledgerTasks.id,
    db.select({ id: ledgerTaskUnits.taskId }).from(ledgerTaskUnits).innerJoin(ledgerUnits, eq(ledgerUnits.id, ledgerTaskUnits.unitId)).where(eq(ledgerUnits.departmentId, caller.departmentId)),
  );
}

async function loadTasks(db: Db, visible: SQL, filter: TaskFilter, today: string): Promise<TaskView[]> {
  const where: SQL[] = [visible];
  if (filter.ids) where.push(filter.ids.length ? inArray(ledgerTasks.id, filter.ids) : sql`false`);
  if (filter.documentId) where.push(eq(ledgerTasks.documentId, filter.documentId));
  if (filter.unitId) {
    where.push(inArray(ledgerTasks.id, db.select({ id: ledgerTaskUnits.taskId }).from(ledgerTaskUnits).where(eq(ledgerTaskUnits.unitId, filter.unitId))));
  }
  const rows = await db
    .select({ task: ledgerTasks, title: ledgerDocuments.title })
    .from(ledgerTasks)
    .innerJoin(ledgerDocuments, eq(ledgerDocuments.id, ledgerTasks.documentId))
    .where(and(...where))
    .orderBy(asc(ledgerTasks.documentId), asc(ledgerTasks.lineStart));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.task.id);
  const owners = await db
    .select({ tu: ledgerTaskUnits, unit: ledgerUnits })
    .from(ledgerTaskUnits)
    .innerJoin(ledgerUnits, eq(ledgerUnits.id, ledgerTaskUnits.unitId))
    .where(inArray(ledgerTaskUnits.taskId, ids))
    .orderBy(asc(ledgerTaskUnits.position));
  const targets = await db.select().from(ledgerTargets).where(inArray(ledgerTargets.taskId, ids));
  const reports = await db
    .select({ taskId: ledgerProgressReports.taskId, period: ledgerProgressReports.period, reportedOn: ledgerProgressReports.reportedOn, figures: ledgerProgressReports.figures })
    .from(ledgerProgressReports)
    .where(inArray(ledgerProgressReports.taskId, ids))
    .orderBy(asc(ledgerProgressReports.period), asc(ledgerProgressReports.reportedOn));
  const views = rows.map(({ task, title }) => {
    const mine = owners.filter((o) => o.tu.taskId === task.id);
    const ownerView = (o: (typeof owners)[number]): TaskOwnerView => ({
      unitId: o.unit.id, name: o.unit.name, written: o.tu.written, role: o.tu.role, kind: o.unit.kind,
      departmentId: o.unit.departmentId, regionCode: o.unit.regionCode,
    });
    const taskReports = reports.filter((r) => r.taskId === task.id);
    const latestFigure = (targetId: string): number | null => {
      let v: number | null = null;
      for (const r of taskReports) for (const f of r.figures) if (f.targetId === targetId) v = f.value;
      return v;
    };
    const lastReportOn = taskReports.reduce<string | null>((m, r) => (m === null || r.reportedOn > m ? r.reportedOn : m), null);
    // A yearly task is due on this year's occurrence and counts as completed for the year it was completed in.
    const yearly = yearlySchedule(task.deadlines, task.completedOn, today);
    const dueOn = yearly ? yearly.dueOn : task.dueOn;
    const completedOn = yearly ? yearly.completedOn : task.completedOn;
    return {
      id: task.id,
      regionCode: task.regionCode,
      documentId: task.documentId,
      documentTitle: title,
      no: task.no,
      section: task.section,
      measure: task.measure,
      group: task.groupName,
      text: task.text,
      lines: [task.lineStart, task.lineEnd] as [number, number],
      deadlines: task.deadlines,
      dueOn,
      ongoing: task.ongoing,
      cadence: task.cadence,
      completedOn,
      status: taskStatus({ dueOn, ongoing: task.ongoing, completedOn, reports: taskReports.length }, today),
      flags: task.flags,
      leadUnits: mine.filter((o) => o.tu.role === 'lead').map(ownerView),
      responsibleUnits: mine.filter((o) => o.tu.role === 'responsible').map(ownerView),
      targets: targets
        .filter((g) => g.taskId === task.id)
        .map((g) => {
          const latest = latestFigure(g.id);
          return { id: g.id, metric: g.metric, comparator: g.comparator as Comparator, value: g.value, unit: g.unit, raw: g.raw, latest, met: latest === null ? null : targetMet(g.comparator as Comparator, g.value, latest) };
        }),
      reports: taskReports.length,
      lastReportOn,
    } satisfies TaskView;
  });
  return filter.status ? views.filter((v) => v.status === filter.status) : views;
}

export async function listTasks(db: Db, caller: Caller, q: TaskFilter & { today?: string } = {}) {
  return loadTasks(db, visibleTo(db, caller), q, q.today ?? chinaToday());
}

export async function getTask(db: Db, caller: Caller, id: string, today = chinaToday()) {
  const [row] = await db.select({ regionCode: ledgerTasks.regionCode }).from(ledgerTasks).where(eq(ledgerTasks.id, id));
  if (!row) throw new AppError('LEDGER_TASK_NOT_FOUND');
  if (!canSupervise(caller, row.regionCode) && !(await ownsViaDepartment(db, caller, id))) throw new AppError('OUT_OF_SCOPE');
  const [view] = await loadTasks(db, sql`true`, { ids: [id] }, today);
  const reports = await db.select().from(ledgerProgressReports).where(eq(ledgerProgressReports.taskId, id)).orderBy(asc(ledgerProgressReports.period));
  return { ...view!, history: reports };
}

async function ownsViaDepartment(db: Db, caller: Caller, taskId: string): Promise<boolean> {
  if (!caller.departmentId) return false;
  const [hit] = await db
    .select({ unitId: ledgerTaskUnits.unitId })
    .from(ledgerTaskUnits)
    .innerJoin(ledgerUnits, eq(ledgerUnits.id, ledgerTaskUnits.unitId))
    .where(and(eq(ledgerTaskUnits.taskId, taskId), eq(ledgerUnits.departmentId, caller.departmentId)))
    .limit(1);
  return !!hit;
}

/** Owners who must report: lead units, and responsible units that are real organisations (not "各市州人民政府"). */
export function reporters(t: Pick<TaskView, 'leadUnits' | 'responsibleUnits'>): TaskOwnerView[] {
  const out = new Map<string, TaskOwnerView>();
  for (const o of [...t.leadUnits, ...t.responsibleUnits]) if (o.kind !== 'collective' && !out.has(o.unitId)) out.set(o.unitId, o);
  return [...out.values()];
}

const PERIOD = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?$/;

export interface ReportInput {
  unitId: string;
  period?: string;
  text: string;
  figures?: ReportFigure[];
  attachments?: ReportAttachment[];
  completed?: boolean;
  reportedOn?: string;
}

/** File (or, within the same period, replace) a unit's progress report. The lead unit's "completed" closes the task. */
export async function fileReport(db: Db, caller: Caller, taskId: string, input: ReportInput) {
  return db.transaction(async (tx) => {
    const [task] = await tx.select().from(ledgerTasks).where(eq(ledgerTasks.id, taskId)).for('update');
    if (!task) throw new AppError('LEDGER_TASK_NOT_FOUND');
    const owners = await tx
      .select({ tu: ledgerTaskUnits, unit: ledgerUnits })
      .from(ledgerTaskUnits)
      .innerJoin(ledgerUnits, eq(ledgerUnits.id, ledgerTaskUnits.unitId))
      .where(eq(ledgerTaskUnits.taskId, taskId))
      .orderBy(asc(ledgerTaskUnits.position));
    const owner = owners.find((o) => o.unit.id === input.unitId);
    if (!owner) throw new AppError('LEDGER_NOT_TASK_OWNER', { unitId: input.unitId });
    const staffOfUnit = !!caller.departmentId && owner.unit.departmentId === caller.departmentId;
    if (!staffOfUnit && !canSupervise(caller, task.regionCode)) throw new AppError('LEDGER_NOT_UNIT_STAFF');
    const reportedOn = input.reportedOn ?? chinaToday();
    const period = input.period ?? periodOf(reportedOn, task.cadence).key;
    if (!PERIOD.test(period)) throw new AppError('LEDGER_PERIOD_INVALID', { period });
    const figures = input.figures ?? [];
    if (figures.length) {
      const ids = (await tx.select({ id: ledgerTargets.id }).from(ledgerTargets).where(eq(ledgerTargets.taskId, taskId))).map((r) => r.id);
      const foreign = figures.filter((f) => !ids.includes(f.targetId));
      if (foreign.length) throw new AppError('LEDGER_TARGET_NOT_OF_TASK', { targetIds: foreign.map((f) => f.targetId) });
    }
    const values = {
      taskId, unitId: input.unitId, period, text: input.text, figures, attachments: input.attachments ?? [],
      completed: input.completed ?? false, reportedOn, reportedBy: caller.id,
    };
    const [report] = await tx
      .insert(ledgerProgressReports)
      .values(values)
      .onConflictDoUpdate({
        target: [ledgerProgressReports.taskId, ledgerProgressReports.unitId, ledgerProgressReports.period],
        set: { text: values.text, figures: values.figures, attachments: values.attachments, completed: values.completed, reportedOn, reportedBy: caller.id },
      })
      .returning();
    const leads = owners.filter((o) => o.tu.role === 'lead');
    const closer = leads.length ? leads.some((o) => o.unit.id === input.unitId) : true;
    // A yearly task is completed once a year: last year's completion leaves this year's open.
    const yearly = yearlySchedule(task.deadlines, task.completedOn, reportedOn);
    const open = yearly ? yearly.completedOn === null : !task.completedOn;
    if (input.completed && closer && open) {
      await tx.update(ledgerTasks).set({ completedOn: reportedOn, updatedAt: new Date() }).where(eq(ledgerTasks.id, taskId));
    }
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.report.file', targetType: 'ledger_task', targetId: taskId, details: { unitId: input.unitId, period, completed: values.completed } });
    return report!;
  });
}

export interface MyUnitRole {
  unitId: string;
  name: string;
  role: 'lead' | 'responsible';
  /** Owes progress reports (a collective name such as 各市州人民政府 does not). */
  reporter: boolean;
}

export interface MyTaskView extends TaskView {
  /** The caller's units among the task's owners. */
  myUnits: MyUnitRole[];
  /** The reporting period today falls in, for the task's cadence. */
  currentPeriod: string;
  /** Every reporting unit of the caller's has filed the current period (the previous one may still be owed). */
  currentFiled: boolean;
  /** Reports the caller's units owe now: the current period's, and the previous one's while still on time. */
  owed: Array<{ unitId: string; unitName: string; period: string; dueBy: string }>;
}

export interface MyLedgerView {
  today: string;
  units: Array<{ id: string; name: string }>;
  tasks: MyTaskView[];
  orders: OrderView[];
}

/** The day from which a task owes reports: its document's date of issue, or when it entered the ledger. */
async function taskStarts(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: ledgerTasks.id, createdAt: ledgerTasks.createdAt, issuedOn: ledgerDocuments.issuedOn })
    .from(ledgerTasks)
    .innerJoin(ledgerDocuments, eq(ledgerDocuments.id, ledgerTasks.documentId))
    .where(inArray(ledgerTasks.id, ids));
  return new Map(rows.map((r) => [r.id, r.issuedOn ?? chinaToday(r.createdAt)]));
}

const STATUS_ORDER: Record<TaskStatus, number> = { 逾期: 0, 推进中: 1, 未启动: 2, 长期推进: 3, 已完成: 4 };

/**
 * 我的任务: the tasks the units of the caller's department lead or share, with the reports they owe now, and the
 * 督办单 sent to those units. Staff without a department (supervisors, admins) have no units here.
 */
export async function myLedger(db: Db, caller: Caller, q: { today?: string } = {}): Promise<MyLedgerView> {
  const today = q.today ?? chinaToday();
  const units = caller.departmentId ? await unitsOfDepartment(db, caller.departmentId) : [];
  if (units.length === 0) return { today, units: [], tasks: [], orders: [] };
  const unitIds = units.map((u) => u.id);
  const owned = inArray(ledgerTasks.id, db.select({ id: ledgerTaskUnits.taskId }).from(ledgerTaskUnits).where(inArray(ledgerTaskUnits.unitId, unitIds)));
  const tasks = await loadTasks(db, owned, {}, today);
  const ids = tasks.map((t) => t.id);
  const starts = await taskStarts(db, ids);
  const filed = ids.length
    ? await db
        .select({ taskId: ledgerProgressReports.taskId, unitId: ledgerProgressReports.unitId, period: ledgerProgressReports.period })
        .from(ledgerProgressReports)
        .where(and(inArray(ledgerProgressReports.taskId, ids), inArray(ledgerProgressReports.unitId, unitIds)))
    : [];
  const mine = new Set(unitIds);
  const views = tasks.map((t): MyTaskView => {
    const canReport = new Set(reporters(t).map((o) => o.unitId));
    const myUnits = new Map<string, MyUnitRole>();
    for (const o of [...t.leadUnits, ...t.responsibleUnits]) {
      if (mine.has(o.unitId) && !myUnits.has(o.unitId)) myUnits.set(o.unitId, { unitId: o.unitId, name: o.name, role: o.role, reporter: canReport.has(o.unitId) });
    }
    const reporting = [...myUnits.values()].filter((u) => u.reporter);
    const filedBy = new Map(reporting.map((u) => [u.unitId, new Set(filed.filter((r) => r.taskId === t.id && r.unitId === u.unitId).map((r) => r.period))]));
    const owed = reporting.flatMap((u) =>
      reportsDue({ cadence: t.cadence, startsOn: starts.get(t.id) ?? today, completedOn: t.completedOn }, filedBy.get(u.unitId)!, today)
        .map((p) => ({ unitId: u.unitId, unitName: u.name, period: p.period, dueBy: p.dueBy })));
    const currentPeriod = periodOf(today, t.cadence).key;
    const currentFiled = reporting.length > 0 && reporting.every((u) => filedBy.get(u.unitId)!.has(currentPeriod));
    return { ...t, myUnits: [...myUnits.values()], currentPeriod, currentFiled, owed };
  });
  views.sort((a, b) =>
    Number(b.owed.length > 0) - Number(a.owed.length > 0)
    || STATUS_ORDER[a.status] - STATUS_ORDER[b.status]
    || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
  const orders = await loadOrders(db, inArray(ledgerSupervisionOrders.unitId, unitIds), today);
  return { today, units: units.map((u) => ({ id: u.id, name: u.name })), tasks: views, orders };
}

/** A supervisor sets a task's reporting cadence, or records (or withdraws) its completion. */
export async function updateTask(db: Db, caller: Caller, id: string, patch: { cadence?: Cadence; completedOn?: string | null }) {
  await db.transaction(async (tx) => {
    const [task] = await tx.select().from(ledgerTasks).where(eq(ledgerTasks.id, id)).for('update');
    if (!task) throw new AppError('LEDGER_TASK_NOT_FOUND');
    assertSupervises(caller, task.regionCode);
    const set: Partial<typeof ledgerTasks.$inferInsert> = { updatedAt: new Date() };
    if (patch.cadence !== undefined) set.cadence = patch.cadence;
    if (patch.completedOn !== undefined) set.completedOn = patch.completedOn;
    await tx.update(ledgerTasks).set(set).where(eq(ledgerTasks.id, id));
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.task.update', targetType: 'ledger_task', targetId: id, details: patch });
  });
  return getTask(db, caller, id);
}

// ---------------------------------------------------------------------------------------------------------------
// 月调度

export interface DispatchView {
  month: string;
  asOf: string;
  missing: Array<{ taskId: string; no: string; section: string; text: string; unitId: string; unitName: string; period: string }>;
  dueThisMonth: TaskView[];
  overdue: TaskView[];
}

function reportedUnits(db: Db, taskIds: string[]) {
  return taskIds.length
    ? db.select({ taskId: ledgerProgressReports.taskId, unitId: ledgerProgressReports.unitId, period: ledgerProgressReports.period, reportedOn: ledgerProgressReports.reportedOn }).from(ledgerProgressReports).where(inArray(ledgerProgressReports.taskId, taskIds))
    : Promise.resolve([]);
}

/** Who has not reported for the month's period, what falls due this month, and what is overdue. */
export async function monthlyDispatch(db: Db, caller: Caller, q: { month: string; today?: string }): Promise<DispatchView> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(q.month)) throw new AppError('LEDGER_PERIOD_INVALID', { period: q.month });
  const month = monthPeriod(q.month);
  const today = q.today ?? chinaToday();
  const asOf = today < month.end ? today : month.end;
  const tasks = (await loadTasks(db, regionFilter(caller, ledgerTasks.regionCode), {}, asOf)).filter((t) => t.status !== '已完成');
  const reports = await reportedUnits(db, tasks.map((t) => t.id));
  const missing: DispatchView['missing'] = [];
  for (const t of tasks) {
    const period = periodOf(month.start, t.cadence);
    if (period.end !== month.end && t.cadence !== 'monthly') continue;
    for (const u of reporters(t)) {
      if (!reports.some((r) => r.taskId === t.id && r.unitId === u.unitId && r.period === period.key)) {
        missing.push({ taskId: t.id, no: t.no, section: t.section, text: t.text, unitId: u.unitId, unitName: u.name, period: period.key });
      }
    }
  }
  const inMonth = (d: string | null) => d !== null && d >= month.start && d <= month.end;
  const dueThisMonth = tasks.filter((t) => inMonth(t.dueOn) || t.deadlines.some((d) => inMonth(d.date)));
  const overdue = tasks.filter((t) => t.status === '逾期');
  return { month: month.key, asOf, missing, dueThisMonth, overdue };
}

// ---------------------------------------------------------------------------------------------------------------
// 季督办

export interface OrderView {
  id: string;
  taskId: string;
  taskNo: string;
  taskText: string;
  unitId: string;
  unitName: string;
  quarter: string;
  reason: 'overdue' | 'at_risk';
  issuedOn: string;
  dueOn: string;
  status: 'open' | 'answered' | 'closed';
  answer: string | null;
  answeredOn: string | null;
  closedOn: string | null;
  /** Unanswered past its deadline, or answered after it. */
  late: boolean;
}

async function loadOrders(db: Db, where: SQL, today: string): Promise<OrderView[]> {
  const rows = await db
    .select({ o: ledgerSupervisionOrders, unitName: ledgerUnits.name, no: ledgerTasks.no, text: ledgerTasks.text })
    .from(ledgerSupervisionOrders)
    .innerJoin(ledgerUnits, eq(ledgerUnits.id, ledgerSupervisionOrders.unitId))
    .innerJoin(ledgerTasks, eq(ledgerTasks.id, ledgerSupervisionOrders.taskId))
    .where(where)
    .orderBy(asc(ledgerSupervisionOrders.quarter), asc(ledgerTasks.documentId), asc(ledgerTasks.lineStart));
  return rows.map(({ o, unitName, no, text }) => ({
    id: o.id, taskId: o.taskId, taskNo: no, taskText: text, unitId: o.unitId, unitName, quarter: o.quarter, reason: o.reason,
    issuedOn: o.issuedOn, dueOn: o.dueOn, status: o.status, answer: o.answer, answeredOn: o.answeredOn, closedOn: o.closedOn,
    late: o.answeredOn ? o.answeredOn > o.dueOn : o.status !== 'closed' && today > o.dueOn,
  }));
}

/**
 * The quarterly round: a 督办单 to the lead unit (the first responsible unit when no lead is named) of each
 * overdue or at-risk task, once per task and quarter, due ORDER_RESPONSE_DAYS after issue (today, or the quarter's
 * last day for a past quarter).
 */
export async function quarterlySupervision(db: Db, caller: Caller, q: { quarter: string; asOf?: string; responseDays?: number }) {
  if (!/^\d{4}-Q[1-4]$/.test(q.quarter)) throw new AppError('LEDGER_PERIOD_INVALID', { period: q.quarter });
  const quarter = quarterPeriod(q.quarter);
  // A round raised before the quarter ends is dated, and judged, as of today.
  const today = chinaToday();
  const asOf = q.asOf ?? (today < quarter.end ? today : quarter.end);
  const tasks = await loadTasks(db, regionFilter(caller, ledgerTasks.regionCode), {}, asOf);
  const picked = tasks.flatMap((t) => {
    if (t.status === '已完成' || (t.completedOn && t.ongoing)) return [];
    const reason = t.status === '逾期' ? ('overdue' as const) : atRisk({ ...t, reports: t.reports }, asOf) ? ('at_risk' as const) : null;
    const to = t.leadUnits[0] ?? t.responsibleUnits[0];
    return reason && to ? [{ task: t, reason, unitId: to.unitId }] : [];
  });
  const created = await db.transaction(async (tx) => {
    let n = 0;
    for (const p of picked) {
      const [row] = await tx
        .insert(ledgerSupervisionOrders)
        .values({
          regionCode: p.task.regionCode, taskId: p.task.id, unitId: p.unitId, quarter: quarter.key, reason: p.reason,
          issuedOn: asOf, dueOn: addDays(asOf, q.responseDays ?? ORDER_RESPONSE_DAYS), createdBy: caller.id,
        })
        .onConflictDoNothing()
        .returning({ id: ledgerSupervisionOrders.id });
      if (row) n++;
    }
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.supervise.quarter', targetType: 'ledger_quarter', targetId: quarter.key, details: { created: n } });
    return n;
  });
  const orders = await loadOrders(db, and(eq(ledgerSupervisionOrders.quarter, quarter.key), regionFilter(caller, ledgerTasks.regionCode))!, asOf);
  return { quarter: quarter.key, asOf, created, orders };
}

export async function listOrders(db: Db, caller: Caller, q: { quarter?: string; status?: 'open' | 'answered' | 'closed'; today?: string } = {}) {
  const where: SQL[] = [regionFilter(caller, ledgerTasks.regionCode)];
  if (q.quarter) where.push(eq(ledgerSupervisionOrders.quarter, q.quarter));
  if (q.status) where.push(eq(ledgerSupervisionOrders.status, q.status));
  return loadOrders(db, and(...where)!, q.today ?? chinaToday());
}

async function lockOrder(tx: Db, id: string) {
  const [row] = await tx
    .select({ o: ledgerSupervisionOrders, departmentId: ledgerUnits.departmentId })
    .from(ledgerSupervisionOrders)
    .innerJoin(ledgerUnits, eq(ledgerUnits.id, ledgerSupervisionOrders.unitId))
    .where(eq(ledgerSupervisionOrders.id, id))
    .for('update', { of: ledgerSupervisionOrders });
  if (!row) throw new AppError('LEDGER_ORDER_NOT_FOUND');
  return row;
}

export async function answerOrder(db: Db, caller: Caller, id: string, input: { answer: string; today?: string }) {
  const today = input.today ?? chinaToday();
  await db.transaction(async (tx) => {
    const { o, departmentId } = await lockOrder(tx, id);
    // The answer to a 督办单 is the unit's formal reply: an approver of its department gives it (window clerks
    // take in applications and decide nothing), or a supervisor records a reply received on paper.
    const staff = !!caller.departmentId && caller.departmentId === departmentId && caller.roles.includes('approver');
    if (!staff && !canSupervise(caller, o.regionCode)) throw new AppError('LEDGER_NOT_UNIT_STAFF');
    if (o.status !== 'open') throw new AppError('LEDGER_ORDER_STATE', { status: o.status });
    await tx.update(ledgerSupervisionOrders).set({ status: 'answered', answer: input.answer, answeredOn: today, answeredBy: caller.id }).where(eq(ledgerSupervisionOrders.id, id));
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.order.answer', targetType: 'ledger_order', targetId: id });
  });
  const [view] = await loadOrders(db, eq(ledgerSupervisionOrders.id, id), today);
  return view!;
}

/** Accept the answer (closed) or send it back (open again, the lead unit answers anew). */
export async function closeOrder(db: Db, caller: Caller, id: string, input: { accepted: boolean; today?: string }) {
  const today = input.today ?? chinaToday();
  await db.transaction(async (tx) => {
    const { o } = await lockOrder(tx, id);
    assertSupervises(caller, o.regionCode);
    if (o.status !== 'answered') throw new AppError('LEDGER_ORDER_STATE', { status: o.status });
    const set = input.accepted
      ? { status: 'closed' as const, closedOn: today, closedBy: caller.id }
      : { status: 'open' as const, answeredOn: null, answeredBy: null };
    await tx.update(ledgerSupervisionOrders).set(set).where(eq(ledgerSupervisionOrders.id, id));
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: input.accepted ? 'ledger.order.close' : 'ledger.order.reopen', targetType: 'ledger_order', targetId: id });
  });
  const [view] = await loadOrders(db, eq(ledgerSupervisionOrders.id, id), today);
  return view!;
}

// ---------------------------------------------------------------------------------------------------------------
// 年评价

export interface EvaluationView {
  year: number;
  asOf: string;
  units: Array<UnitScore & { unitName: string; regionCode: string | null }>;
  regions: Array<{ regionCode: string; units: number; score: number; rank: number }>;
}

function yearSpan(year: number): Period {
  return { key: String(year), start: `${year}-01-01`, end: `${year}-12-31` };
}

/**
 * Score every unit that owns a task in the caller's region for the year: on-time completion of the tasks it
 * leads that fell due, reports filed against reports owed, and targets met by the latest reported figure.
 */
export async function annualEvaluation(db: Db, caller: Caller, q: { year: number; asOf?: string; persist?: boolean }): Promise<EvaluationView> {
  const span = yearSpan(q.year);
  const asOf = q.asOf ?? span.end;
  const tasks = await loadTasks(db, regionFilter(caller, ledgerTasks.regionCode), {}, asOf);
  // Reports are owed from the document's date of issue (or, undated, from when the task entered the ledger).
  const starts = tasks.length
    ? await db
        .select({ id: ledgerTasks.id, createdAt: ledgerTasks.createdAt, issuedOn: ledgerDocuments.issuedOn })
        .from(ledgerTasks)
        .innerJoin(ledgerDocuments, eq(ledgerDocuments.id, ledgerTasks.documentId))
        .where(inArray(ledgerTasks.id, tasks.map((t) => t.id)))
    : [];
  const startOf = new Map(starts.map((c) => [c.id, c.issuedOn ?? chinaToday(c.createdAt)]));
  const reports = await reportedUnits(db, tasks.map((t) => t.id));
  const byUnit = new Map<string, UnitYear & { unitName: string; regions: Map<string, number>; unitRegion: string | null }>();
  const row = (o: TaskOwnerView) => {
    let r = byUnit.get(o.unitId);
    if (!r) {
      r = { unitId: o.unitId, unitName: o.name, due: 0, onTime: 0, reportsOwed: 0, reportsFiled: 0, targets: 0, targetsMet: 0, regions: new Map(), unitRegion: o.regionCode };
      byUnit.set(o.unitId, r);
    }
    return r;
  };
  for (const t of tasks) {
    const accountable = t.leadUnits.length ? t.leadUnits : t.responsibleUnits.slice(0, 1);
    for (const o of accountable) {
      const r = row(o);
      r.regions.set(t.regionCode, (r.regions.get(t.regionCode) ?? 0) + 1);
      if (t.dueOn && t.dueOn >= span.start && t.dueOn <= span.end && t.dueOn <= asOf) {
        r.due++;
        if (t.completedOn && t.completedOn <= t.dueOn) r.onTime++;
      }
      r.targets += t.targets.length;
      r.targetsMet += t.targets.filter((g) => g.met === true).length;
    }
    const from = [startOf.get(t.id) ?? span.start, span.start].sort()[1]!;
    const until = [asOf, span.end, ...(t.completedOn ? [t.completedOn] : [])].sort()[0]!;
    const owed = from <= until ? periodsEndingWithin(from, until, t.cadence) : [];
    for (const o of reporters(t)) {
      const r = row(o);
      if (!r.regions.size) r.regions.set(t.regionCode, 1);
      r.reportsOwed += owed.length;
      r.reportsFiled += owed.filter((p) => reports.some((x) => x.taskId === t.id && x.unitId === o.unitId && x.period === p.key && x.reportedOn <= addDays(p.end, REPORT_GRACE_DAYS))).length;
    }
  }
  const rows = [...byUnit.values()].filter((r) => r.due + r.reportsOwed + r.targets > 0);
  const scores = scoreUnits(rows);
  const regionOf = (unitId: string) => {
    const r = byUnit.get(unitId)!;
    if (r.unitRegion) return r.unitRegion;
    return [...r.regions.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  };
  const units = scores.map((s) => ({ ...s, unitName: byUnit.get(s.unitId)!.unitName, regionCode: regionOf(s.unitId) }));
  const regionScores = new Map<string, number[]>();
  for (const u of units) if (u.regionCode) regionScores.set(u.regionCode, [...(regionScores.get(u.regionCode) ?? []), u.score]);
  const regions = [...regionScores.entries()]
    .map(([regionCode, s]) => ({ regionCode, units: s.length, score: Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 100) / 100, rank: 0 }))
    .sort((a, b) => b.score - a.score || a.regionCode.localeCompare(b.regionCode));
  regions.forEach((r, i) => {
    r.rank = i > 0 && regions[i - 1]!.score === r.score ? regions[i - 1]!.rank : i + 1;
  });
  if (q.persist === false) return { year: q.year, asOf, units, regions };
  await db.transaction(async (tx) => {
    for (const u of units) {
      const values = {
        year: q.year, unitId: u.unitId, regionCode: u.regionCode, due: u.due, onTime: u.onTime, reportsOwed: u.reportsOwed,
        reportsFiled: u.reportsFiled, targets: u.targets, targetsMet: u.targetsMet, score: u.score, rank: u.rank, computedAt: new Date(),
      };
      await tx.insert(ledgerEvaluations).values(values).onConflictDoUpdate({ target: [ledgerEvaluations.year, ledgerEvaluations.unitId], set: values });
    }
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'ledger.evaluate.year', targetType: 'ledger_year', targetId: String(q.year), details: { units: units.length } });
  });
  return { year: q.year, asOf, units, regions };
}

/** Units whose staff may act for them: used by routes to show a department its own tasks. */
export async function unitsOfDepartment(db: Db, departmentId: string) {
  return db.select().from(ledgerUnits).where(eq(ledgerUnits.departmentId, departmentId));
}
