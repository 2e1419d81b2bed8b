import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { sm3 } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { canonicalJson, GENESIS_HASH, type ChainBreak, type EventInput } from '../../platform/event-log/index.js';
import { bundleCaseLog } from './events.js';
import type { Caller } from '../../platform/http.js';
import { maskIdentifier, regionPrefix } from '../../platform/validators.js';
import type { Answers, BundleDefinition, BundleItem } from './contract.js';
import {
  acceptInTx,
  afterCaseCommit,
  applyInTx,
  card,
  caseStatuses,
  checkApplicationForm,
  deliverInTx,
  due,
  getPublishedItemByCode,
  listDepartments,
  loadWorkCalendar,
  onCaseClosed,
  onCaseClosing,
  remaining,
  resolveApplicant,
  setDueRecomputer,
  terminateInTx,
  type ApplicantInput,
  type CalendarChange,
  type WorkCalendar,
  type CaseClosed,
  type CaseEnv,
  type Channel,
  type DeliveryInput,
  type MaterialInput,
} from './deps.js';
import { apply as applyEvent, start as startEngine, withdraw as withdrawEngine, type BundleState, type Effect } from './engine.js';
import './errors.js';
import { authorizeBundleAdmin, authorizeBundleApplicant, authorizeBundleRead, authorizeHallClerk, canReadBundle, type BundleScope } from './policy.js';
import { checkAnswers, effectiveLimit, jointForm, jointMaterials, prefilledFields, resultPackage, select, validateBundle, type JointField, type JointMaterial } from './rules.js';
import { bundleCaseEvents, bundleCases, bundleChildren, bundleDefinitions, bundleDefinitionVersions, type BundleCaseStatus, type ChildPlan } from './schema.js';
import { readSeedBundles } from './seed-files.js';

type BundleRow = typeof bundleCases.$inferSelect;
type SmsRef = Parameters<typeof afterCaseCommit>[0][number];
type CatalogItem = BundleItem & { itemId: string };

const nowOf = (env: CaseEnv) => env.now?.() ?? new Date();

// ---- definitions ---------------------------------------------------------------------------------------------

/** The published catalog items a definition names, by code; codes the catalog lacks are left out. */
async function catalogItems(db: Db, codes: readonly string[]): Promise<Map<string, CatalogItem>> {
  const out = new Map<string, CatalogItem>();
  for (const code of new Set(codes)) {
    try {
      const v = await getPublishedItemByCode(db, code);
      out.set(code, { ...(v.content as unknown as BundleItem), itemId: v.itemId });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  return out;
}

async function validationContext(db: Db, def: unknown) {
  const codes = ((def as BundleDefinition)?.stages ?? []).flatMap((s) => (s?.items ?? []).map((i) => i?.itemCode)).filter((c): c is string => typeof c === 'string');
  const departments = new Set((await listDepartments(db)).map((d) => d.code));
  return { items: await catalogItems(db, codes), departments };
}

async function validOrThrow(db: Db, input: unknown): Promise<BundleDefinition> {
  const problems = validateBundle(input, await validationContext(db, input));
  if (problems.length) throw new AppError('BUNDLE_INVALID', { problems });
  return input as BundleDefinition;
}

async function insertDefinition(tx: Db, def: BundleDefinition, actorId: string | null, publish: boolean, at: Date) {
  await tx.insert(bundleDefinitions).values({ code: def.code, regionCode: def.regionCode, name: def.name, publishedVersion: publish ? 1 : null, draftVersion: publish ? null : 1, updatedAt: at });
  await tx.insert(bundleDefinitionVersions).values({ code: def.code, version: 1, state: publish ? 'published' : 'draft', content: def, createdBy: actorId, createdAt: at, ...(publish ? { publishedBy: actorId, publishedAt: at } : {}) });
}

/** A new bundle as a draft (version 1); it is offered once published. */
export async function createBundle(db: Db, caller: Caller, input: unknown) {
  const def = await validOrThrow(db, input);
  authorizeBundleAdmin(caller, def.regionCode);
  await db.transaction(async (tx) => {
    const [exists] = await tx.select({ code: bundleDefinitions.code }).from(bundleDefinitions).where(eq(bundleDefinitions.code, def.code));
    if (exists) throw new AppError('BUNDLE_EXISTS', { code: def.code });
    await insertDefinition(tx, def, caller.id, false, new Date());
  });
  return getBundleForAdmin(db, caller, def.code);
}

/** Replaces the draft (or opens one above the published version). */
export async function saveDraft(db: Db, caller: Caller, code: string, input: unknown) {
  const def = await validOrThrow(db, input);
  if (def.code !== code) throw new AppError('BUNDLE_INVALID', { problems: [{ field: 'code', code: 'BUNDLE_CODE_CHANGED', zh: '编码不可修改', en: 'The code cannot change' }] });
  await db.transaction(async (tx) => {
    const [head] = await tx.select().from(bundleDefinitions).where(eq(bundleDefinitions.code, code)).for('update');
    if (!head) throw new AppError('BUNDLE_NOT_FOUND', { code });
    authorizeBundleAdmin(caller, head.regionCode);
    authorizeBundleAdmin(caller, def.regionCode);
    const at = new Date();
    if (head.draftVersion !== null) {
      await tx.update(bundleDefinitionVersions).set({ content: def, createdBy: caller.id, createdAt: at }).where(and(eq(bundleDefinitionVersions.code, code), eq(bundleDefinitionVersions.version, head.draftVersion)));
    } else {
      const version = (head.publishedVersion ?? 0) + 1;
      await tx.insert(bundleDefinitionVersions).values({ code, version, state: 'draft', content: def, createdBy: caller.id, createdAt: at });
      await tx.update(bundleDefinitions).set({ draftVersion: version, updatedAt: at }).where(eq(bundleDefinitions.code, code));
    }
  });
  return getBundleForAdmin(db, caller, code);
}

/** Publishes the draft after validating it again against today's catalog; running bundle cases keep their version. */
export async function publishBundle(db: Db, caller: Caller, code: string) {
  await db.transaction(async (tx) => {
    const [head] = await tx.select().from(bundleDefinitions).where(eq(bundleDefinitions.code, code)).for('update');
    if (!head) throw new AppError('BUNDLE_NOT_FOUND', { code });
    authorizeBundleAdmin(caller, head.regionCode);
    if (head.draftVersion === null) throw new AppError('BUNDLE_NO_DRAFT', { code });
    const [draft] = await tx.select().from(bundleDefinitionVersions).where(and(eq(bundleDefinitionVersions.code, code), eq(bundleDefinitionVersions.version, head.draftVersion)));
    const def = await validOrThrow(tx, draft!.content);
    const at = new Date();
    await tx.update(bundleDefinitionVersions).set({ state: 'published', publishedBy: caller.id, publishedAt: at }).where(and(eq(bundleDefinitionVersions.code, code), eq(bundleDefinitionVersions.version, head.draftVersion)));
    await tx.update(bundleDefinitions).set({ publishedVersion: head.draftVersion, draftVersion: null, name: def.name, regionCode: def.regionCode, updatedAt: at }).where(eq(bundleDefinitions.code, code));
  });
  return getBundleForAdmin(db, caller, code);
}

export async function getBundleForAdmin(db: Db, caller: Caller, code: string) {
  const [head] = await db.select().from(bundleDefinitions).where(eq(bundleDefinitions.code, code));
  if (!head) throw new AppError('BUNDLE_NOT_FOUND', { code });
  authorizeBundleAdmin(caller, head.regionCode);
  const versions = await db.select().from(bundleDefinitionVersions).where(eq(bundleDefinitionVersions.code, code)).orderBy(asc(bundleDefinitionVersions.version));
  const draft = versions.find((v) => v.version === head.draftVersion);
  const published = versions.find((v) => v.version === head.publishedVersion);
  return {
    code,
    regionCode: head.regionCode,
    name: head.name,
    publishedVersion: head.publishedVersion,
    draftVersion: head.draftVersion,
    draft: draft?.content ?? null,
    published: published?.content ?? null,
    versions: versions.map((v) => ({ version: v.version, state: v.state, createdAt: v.createdAt.toISOString(), publishedAt: v.publishedAt?.toISOString() ?? null })),
  };
}

export async function listBundlesForAdmin(db: Db, caller: Caller) {
  if (!caller.regionCode) throw new AppError('OUT_OF_SCOPE', {});
  const rows = await db.select().from(bundleDefinitions).where(sql`${bundleDefinitions.regionCode} LIKE ${`${regionPrefix(caller.regionCode)}%`}`).orderBy(asc(bundleDefinitions.code));
  return rows.map((r) => ({ code: r.code, regionCode: r.regionCode, name: r.name, publishedVersion: r.publishedVersion, draftVersion: r.draftVersion }));
}

async function publishedDefinition(db: Db, code: string): Promise<{ version: number; def: BundleDefinition }> {
  const [r] = await db
    .select({ version: bundleDefinitionVersions.version, content: bundleDefinitionVersions.content })
    .from(bundleDefinitions)
    .innerJoin(bundleDefinitionVersions, and(eq(bundleDefinitionVersions.code, bundleDefinitions.code), eq(bundleDefinitionVersions.version, bundleDefinitions.publishedVersion)))
    .where(eq(bundleDefinitions.code, code));
  if (!r) throw new AppError('BUNDLE_NOT_FOUND', { code });
  return { version: r.version, def: r.content };
}

/**
 * The published bundles for the portal, optionally those offered in a region (its own and those above it) and
 * those whose name or slogan holds every word of `q`, exact and leading name matches first. There are a few
 * dozen bundles per province, so they are matched in memory rather than through the catalog's search index.
 */
export async function listPublishedBundles(db: Db, q: { regionCode?: string; q?: string } = {}) {
  const rows = await db
    .select({ version: bundleDefinitionVersions.version, content: bundleDefinitionVersions.content })
    .from(bundleDefinitions)
    .innerJoin(bundleDefinitionVersions, and(eq(bundleDefinitionVersions.code, bundleDefinitions.code), eq(bundleDefinitionVersions.version, bundleDefinitions.publishedVersion)))
    .orderBy(asc(bundleDefinitions.code));
  const text = q.q?.trim() ?? '';
  const words = text.split(/\s+/).filter(Boolean);
  const rank = (name: string) => (name === text ? 0 : name.startsWith(text) ? 1 : name.includes(text) ? 2 : 3);
  return rows
    .filter((r) => !q.regionCode || q.regionCode.startsWith(regionPrefix(r.content.regionCode)))
    .filter((r) => words.every((w) => `${r.content.name} ${r.content.slogan ?? ''} ${r.content.nameEn ?? ''}`.includes(w)))
    .sort((a, b) => (text ? rank(a.content.name) - rank(b.content.name) : 0))
    .map(({ version, content: d }) => ({
      code: d.code,
      version,
      name: d.name,
      nameEn: d.nameEn,
      slogan: d.slogan ?? null,
      regionCode: d.regionCode,
      audiences: d.audiences,
      limitDays: d.limit?.days ?? null,
      stageCount: d.stages.length,
      itemCount: d.stages.reduce((n, s) => n + s.items.length, 0),
    }));
}

/** One published bundle with its questionnaire, stages (with the items' names) and, for the answers given, its plan. */
export async function getPublishedBundle(db: Db, code: string) {
  const { version, def } = await publishedDefinition(db, code);
  const items = await catalogItems(db, def.stages.flatMap((s) => s.items.map((i) => i.itemCode)));
  return {
    version,
    definition: def,
    items: [...items.values()].map((i) => ({ code: i.code, name: i.name, departmentCode: i.departmentCode, regionCode: i.regionCode, promisedLimit: i.promisedLimit })),
  };
}

// ---- the plan: what the answers choose, and the joint form and materials --------------------------------------

interface Plan {
  chosen: ReturnType<typeof select>['items'];
  items: Map<string, CatalogItem>;
  fields: JointField[];
  materials: JointMaterial[];
  limit: { days: number | null; derived: boolean };
}

async function planFor(db: Db, def: BundleDefinition, answers: Record<string, unknown>): Promise<Plan> {
  const problems = checkAnswers(def, answers);
  if (problems.length) throw new AppError('BUNDLE_ANSWERS_INVALID', { problems });
  const selection = select(def, answers as Answers);
  if (!selection.items.length) throw new AppError('BUNDLE_NOTHING_CHOSEN', {});
  const items = await catalogItems(db, selection.items.map((c) => c.itemCode));
  const missing = selection.items.filter((c) => !items.has(c.itemCode));
  if (missing.length) throw new AppError('BUNDLE_NOT_FOUND', { code: def.code, items: missing.map((m) => m.itemCode) });
  return {
    chosen: selection.items,
    items,
    fields: jointForm(def, items, selection.items),
    materials: jointMaterials(def, items, selection.items),
    limit: effectiveLimit(selection, items),
  };
}

function planView(def: BundleDefinition, plan: Plan) {
  return {
    items: plan.chosen.map((c) => {
      const it = plan.items.get(c.itemCode)!;
      return { itemCode: c.itemCode, name: it.name, departmentCode: it.departmentCode, stage: c.stage, stageName: def.stages[c.stage]!.name, mandatory: c.mandatory, promisedLimit: it.promisedLimit };
    }),
    form: plan.fields,
    materials: plan.materials.map((m, index) => ({ index, ...m })),
    limit: plan.limit,
    results: resultPackage(plan.items, plan.chosen),
    delivery: def.delivery,
  };
}

/** 情景式: what the answers choose, the one form and the one set of materials to hand in. */
export async function planBundle(db: Db, code: string, answers: Record<string, unknown>) {
  const { def } = await publishedDefinition(db, code);
  return planView(def, await planFor(db, def, answers));
}

// ---- events --------------------------------------------------------------------------------------------------

function appendBundleEvent(tx: Db, row: Pick<BundleRow, 'regionCode' | 'id' | 'version' | 'lastHash'>, e: EventInput): Promise<{ seq: number; hash: string }> {
  return bundleCaseLog.insertEvent(tx, row, e);
}

// ---- applying ------------------------------------------------------------------------------------------------

export interface BundleApplyInput {
  answers: Record<string, unknown>;
  form: Record<string, unknown>;
  /** The joint materials by their index in the plan: an upload, a reused earlier material or an e-licence. */
  materials: ({ material: number } & Omit<MaterialInput, 'requirement'>)[];
  channel: Channel;
  applicant?: ApplicantInput;
}

function childPlans(def: BundleDefinition, plan: Plan, input: BundleApplyInput): ChildPlan[] {
  const prefilled = prefilledFields(def, plan.chosen);
  const known = new Set(plan.fields.map((f) => f.key));
  const unknown = Object.keys(input.form).filter((k) => !known.has(k));
  if (unknown.length) throw new AppError('BUNDLE_FORM_INVALID', { fields: unknown.map((k) => ({ field: `form.${k}`, kind: 'unknown' })) });
  const provided = new Map<number, Omit<MaterialInput, 'requirement'>>();
  input.materials.forEach((m, i) => {
    const jm = plan.materials[m.material];
    if (!jm || jm.suppliedBy) throw new AppError('BUNDLE_MATERIAL_UNKNOWN', { field: `materials[${i}].material` });
    if ([m.fileId, m.materialId, m.licenceNumber].filter((x) => x !== undefined).length !== 1) throw new AppError('BUNDLE_MATERIAL_SOURCE', { field: `materials[${i}]` });
    provided.set(m.material, m.fileId ? { fileId: m.fileId } : m.materialId ? { materialId: m.materialId } : { licenceNumber: m.licenceNumber! });
  });
  return plan.chosen.map((c) => {
    const item = plan.items.get(c.itemCode)!;
    const form: Record<string, unknown> = {};
    for (const f of plan.fields) {
      if (!(f.key in input.form)) continue;
      for (const feed of f.feeds) if (feed.itemCode === c.itemCode) form[feed.field] = input.form[f.key];
    }
    const materials: ChildPlan['materials'] = [];
    const supplied: ChildPlan['supplied'] = [];
    plan.materials.forEach((jm, index) => {
      for (const feed of jm.feeds) {
        if (feed.itemCode !== c.itemCode) continue;
        const requirement = item.materials.findIndex((m) => m.name === feed.name);
        if (jm.suppliedBy) supplied.push({ requirement, fromItem: jm.suppliedBy });
        else if (provided.has(index)) materials.push({ requirement, ...provided.get(index)! });
      }
    });
    const have = new Set([...materials, ...supplied].map((m) => m.requirement));
    const missing = item.materials.flatMap((m, i) => (m.required && !have.has(i) ? [m.name] : []));
    return {
      itemCode: c.itemCode,
      itemId: item.itemId,
      itemName: item.name,
      departmentCode: item.departmentCode,
      form,
      materials,
      supplied,
      missing,
      optionalFields: prefilled.filter((p) => p.itemCode === c.itemCode).map((p) => p.field),
    };
  });
}

/** Every child's share of the joint form is checked before any case is created; problems name the joint fields. */
async function checkForms(db: Db, plan: Plan, plans: ChildPlan[]): Promise<void> {
  const problems = new Map<string, Record<string, unknown>>();
  for (const p of plans) {
    for (const problem of await checkApplicationForm(db, p.itemId, p.form, p.optionalFields)) {
      const joint = plan.fields.find((f) => f.feeds.some((x) => x.itemCode === p.itemCode && x.field === problem.field))?.key ?? problem.field;
      if (!problems.has(joint)) problems.set(joint, { ...problem, field: `form.${joint}` });
    }
  }
  if (problems.size) throw new AppError('BUNDLE_FORM_INVALID', { fields: [...problems.values()] });
}

async function nextBundleNumber(tx: Db, regionCode: string, at: Date): Promise<string> {
  const res = (await tx.execute(sql`SELECT nextval('bundle_case_number_seq')::text AS n`)) as unknown as { rows: { n: string }[] };
  const day = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `${regionCode}YJS${day}${res.rows[0]!.n.padStart(6, '0')}`;
}

interface Actor {
  id: string | null;
  displayName: string | null;
  role: string;
}

function applicantOfRow(env: CaseEnv, row: BundleRow) {
  return { id: row.applicantId, kind: row.applicantKind, name: row.applicantName, identifier: env.cipher.decrypt(row.applicantIdEnc), mobile: row.applicantMobileEnc ? env.cipher.decrypt(row.applicantMobileEnc) : null };
}

/** The clerk who accepted the bundle, as the caller the later stages' children are accepted by. */
function acceptingClerk(row: BundleRow): Caller {
  return { id: row.acceptedBy!, kind: 'staff', displayName: row.acceptedByName ?? '', roles: ['window_clerk'], regionCode: row.regionCode, departmentId: null, sessionId: '' };
}

/** Carries out the engine's effects: files (and, once accepted, accepts) started children, ends withdrawn ones. */
async function carryOut(tx: Db, env: CaseEnv, row: BundleRow, effects: readonly Effect[], actor: Actor, sms: SmsRef[], withdrawReason = `联办件 ${row.number} 因其他事项不予许可而终止`) {
  const started: { itemCode: string; caseId: string; caseNumber: string }[] = [];
  const withdrawn: string[] = [];
  const existing = await tx.select().from(bundleChildren).where(and(eq(bundleChildren.regionCode, row.regionCode), eq(bundleChildren.bundleId, row.id)));
  const numberOf = new Map(existing.map((c) => [c.itemCode, c]));
  const applicant = applicantOfRow(env, row);
  for (const e of effects) {
    if (e.type === 'childStarted') {
      const plan = row.plans.find((p) => p.itemCode === e.itemCode)!;
      const materials = [
        ...plan.materials,
        ...plan.supplied.map((s) => ({ requirement: s.requirement, licenceNumber: `${row.number}/${numberOf.get(s.fromItem)?.caseNumber ?? s.fromItem}` })),
      ];
      const child = await applyInTx(
        tx,
        env,
        { itemId: plan.itemId, applicant, channel: row.channel, form: plan.form, materials, fileOwnerId: row.fileOwnerId, filedBy: row.filedBy, actor, optionalFields: plan.optionalFields, payload: { bundleId: row.id, bundleNumber: row.number } },
        sms,
      );
      const at = nowOf(env);
      await tx.insert(bundleChildren).values({ regionCode: row.regionCode, bundleId: row.id, itemCode: e.itemCode, stage: e.stage, mandatory: row.engine.children.find((c) => c.itemCode === e.itemCode)!.mandatory, caseRegionCode: child.regionCode, caseId: child.caseId, caseNumber: child.number, departmentCode: plan.departmentCode, createdAt: at });
      numberOf.set(e.itemCode, { caseNumber: child.number } as (typeof existing)[number]);
      if (row.acceptedBy) await acceptInTx(tx, env, acceptingClerk(row), child.regionCode, child.caseId, sms);
      started.push({ itemCode: e.itemCode, caseId: child.caseId, caseNumber: child.number });
    } else if (e.type === 'childWithdrawn') {
      const c = existing.find((x) => x.itemCode === e.itemCode);
      if (c) await terminateInTx(tx, env, { id: actor.id, displayName: actor.displayName }, c.caseRegionCode, c.caseId, withdrawReason, sms);
      withdrawn.push(e.itemCode);
    }
  }
  return { started, withdrawn };
}

/**
 * 一表申请: one application for the bundle creates the bundle case and the cases of its first stage, each in its
 * own department, in one transaction. A window clerk files for an applicant as for a single case.
 */
export async function applyBundle(db: Db, env: CaseEnv, caller: Caller, code: string, input: BundleApplyInput) {
  const { version, def } = await publishedDefinition(db, code);
  if (caller.kind === 'staff' && caller.regionCode !== def.regionCode) throw new AppError('OUT_OF_SCOPE', { regionCode: def.regionCode });
  const applicant = await resolveApplicant(db, env, caller, { channel: input.channel, applicant: input.applicant });
  if (!def.audiences.includes(applicant.kind)) throw new AppError('CASE_AUDIENCE_MISMATCH', { field: 'code', audiences: def.audiences });
  const plan = await planFor(db, def, input.answers);
  const plans = childPlans(def, plan, input);
  await checkForms(db, plan, plans);
  const at = nowOf(env);
  const sms: SmsRef[] = [];
  const role = caller.kind === 'staff' ? 'window_clerk' : caller.kind === 'enterprise' ? 'applicant_enterprise' : 'applicant_person';
  const actor: Actor = { id: caller.id, displayName: caller.displayName, role };
  const id = await db.transaction(async (tx) => {
    const t = startEngine(plan.chosen, def.onDenial);
    const number = await nextBundleNumber(tx, def.regionCode, at);
    const [row] = await tx
      .insert(bundleCases)
      .values({
        regionCode: def.regionCode,
        number,
        bundleCode: def.code,
        bundleVersion: version,
        definition: def,
        applicantId: applicant.id,
        applicantKind: applicant.kind,
        applicantName: applicant.name,
        applicantIdEnc: env.cipher.encrypt(applicant.identifier),
        applicantMobileEnc: applicant.mobile ? env.cipher.encrypt(applicant.mobile) : null,
        applicantIdMasked: maskIdentifier(applicant.identifier),
        channel: input.channel,
        filedBy: caller.kind === 'staff' ? caller.id : null,
        fileOwnerId: caller.id,
        answers: input.answers as Answers,
        form: input.form,
        chosen: plan.chosen,
        plans,
        engine: t.state,
        status: 'submitted',
        submittedAt: at,
        limitDays: plan.limit.days,
        limitDerived: plan.limit.derived,
        version: 0,
        lastHash: GENESIS_HASH,
        updatedAt: at,
      })
      .returning();
    const done = await carryOut(tx, env, row!, t.effects, actor, sms);
    const ev = await appendBundleEvent(tx, row!, {
      at,
      ...{ actorId: actor.id, actorName: actor.displayName, role: actor.role },
      action: 'apply',
      fromState: null,
      toState: 'submitted',
      payload: { bundleCode: def.code, bundleVersion: version, answers: input.answers, formHash: sm3(canonicalJson(input.form)), chosen: plan.chosen, limit: plan.limit, effects: t.effects, started: done.started },
    });
    await tx.update(bundleCases).set({ version: ev.seq, lastHash: ev.hash }).where(and(eq(bundleCases.regionCode, row!.regionCode), eq(bundleCases.id, row!.id)));
    return row!.id;
  });
  await afterCaseCommit(sms);
  return id;
}

// ---- acting on a bundle case ---------------------------------------------------------------------------------

const regionOfBundle = new Map<string, string>();

async function regionOf(db: Db, id: string): Promise<string> {
  const known = regionOfBundle.get(id);
  if (known) return known;
  const [r] = await db.select({ regionCode: bundleCases.regionCode }).from(bundleCases).where(eq(bundleCases.id, id)).limit(1);
  if (!r) throw new AppError('BUNDLE_CASE_NOT_FOUND');
  if (regionOfBundle.size > 100_000) regionOfBundle.clear();
  regionOfBundle.set(id, r.regionCode);
  return r.regionCode;
}

async function lockBundle(tx: Db, regionCode: string, id: string): Promise<BundleRow> {
  const [row] = await tx.select().from(bundleCases).where(and(eq(bundleCases.regionCode, regionCode), eq(bundleCases.id, id))).for('update');
  if (!row) throw new AppError('BUNDLE_CASE_NOT_FOUND');
  return row;
}

async function childrenOf(db: Db, row: Pick<BundleRow, 'regionCode' | 'id'>) {
  return db.select().from(bundleChildren).where(and(eq(bundleChildren.regionCode, row.regionCode), eq(bundleChildren.bundleId, row.id))).orderBy(asc(bundleChildren.stage), asc(bundleChildren.createdAt));
}

async function scopeOf(db: Db, row: BundleRow, children?: Awaited<ReturnType<typeof childrenOf>>): Promise<BundleScope> {
  const list = children ?? (await childrenOf(db, row));
  const departments = new Map((await listDepartments(db)).map((d) => [d.code, d.id]));
  return { regionCode: row.regionCode, applicantId: row.applicantId, departmentIds: [...new Set(list.map((c) => departments.get(c.departmentCode)).filter((d): d is string => !!d))] };
}

/** 一窗受理: a window clerk of the bundle's hall accepts it once, which accepts every child of the first stage. */
export async function acceptBundle(db: Db, env: CaseEnv, caller: Caller, id: string) {
  const regionCode = await regionOf(db, id);
  const cal = await loadWorkCalendar(db, regionCode);
  const sms: SmsRef[] = [];
  await db.transaction(async (tx) => {
    const row = await lockBundle(tx, regionCode, id);
    const children = await childrenOf(tx, row);
    authorizeHallClerk(caller, await scopeOf(tx, row, children), 'accept');
    if (row.status !== 'submitted') throw new AppError('BUNDLE_CASE_STATE_CONFLICT', { status: row.status, action: 'accept' });
    const missing = row.plans.flatMap((p) => p.missing.map((name) => ({ itemCode: p.itemCode, name })));
    if (missing.length) throw new AppError('BUNDLE_MATERIALS_INCOMPLETE', { missing });
    const at = nowOf(env);
    for (const c of children) await acceptInTx(tx, env, caller, c.caseRegionCode, c.caseId, sms);
    const dueAt = row.limitDays !== null ? due(cal, at, row.limitDays).due : null;
    const ev = await appendBundleEvent(tx, row, { at, actorId: caller.id, actorName: caller.displayName, role: 'window_clerk', action: 'accept', fromState: row.status, toState: 'running', payload: { children: children.map((c) => c.caseNumber), limitDays: row.limitDays, dueAt: dueAt?.toISOString() ?? null } });
    await tx
      .update(bundleCases)
      .set({ status: 'running', acceptedAt: at, acceptedBy: caller.id, acceptedByName: caller.displayName, clockStart: at, dueAt, version: ev.seq, lastHash: ev.hash, updatedAt: at })
      .where(and(eq(bundleCases.regionCode, row.regionCode), eq(bundleCases.id, row.id)));
  });
  await afterCaseCommit(sms);
}

/** 撤回: the applicant withdraws the whole 联办件 before the window accepts it; every started child case ends with it. */
export async function withdrawBundle(db: Db, env: CaseEnv, caller: Caller, id: string, input: { reason?: string }) {
  const regionCode = await regionOf(db, id);
  const sms: SmsRef[] = [];
  await db.transaction(async (tx) => {
    const row = await lockBundle(tx, regionCode, id);
    authorizeBundleApplicant(caller, await scopeOf(tx, row), 'withdraw');
    if (row.status !== 'submitted') throw new AppError('BUNDLE_CASE_STATE_CONFLICT', { status: row.status, action: 'withdraw' });
    const t = withdrawEngine(row.engine);
    const at = nowOf(env);
    const actor = { id: caller.id, displayName: caller.displayName, role: 'applicant' };
    const done = await carryOut(tx, env, row, t.effects, actor, sms, `申请人撤回联办件 ${row.number}${input.reason ? `:${input.reason}` : ''}`);
    const ev = await appendBundleEvent(tx, row, { at, actorId: caller.id, actorName: caller.displayName, role: 'applicant', action: 'withdraw', fromState: row.status, toState: 'withdrawn', payload: { reason: input.reason ?? null, withdrawn: done.withdrawn } });
    await tx
      .update(bundleCases)
      .set({ status: 'withdrawn', engine: t.state, concludedAt: at, version: ev.seq, lastHash: ev.hash, updatedAt: at })
      .where(and(eq(bundleCases.regionCode, row.regionCode), eq(bundleCases.id, row.id)));
  });
  await afterCaseCommit(sms);
}

/** 统一出件: one window hands out every concluded child's result at once. */
export async function deliverBundle(db: Db, env: CaseEnv, caller: Caller, id: string, input: DeliveryInput) {
  const regionCode = await regionOf(db, id);
  const sms: SmsRef[] = [];
  await db.transaction(async (tx) => {
    const row = await lockBundle(tx, regionCode, id);
    const children = await childrenOf(tx, row);
    authorizeHallClerk(caller, await scopeOf(tx, row, children), 'deliver');
    if (row.status !== 'concluded') throw new AppError('BUNDLE_CASE_STATE_CONFLICT', { status: row.status, action: 'deliver' });
    const at = nowOf(env);
    const delivered: string[] = [];
    for (const c of children) {
      const s = row.engine.children.find((x) => x.itemCode === c.itemCode);
      if (s?.status !== 'approved' && s?.status !== 'denied') continue;
      await deliverInTx(tx, env, caller, c.caseRegionCode, c.caseId, input, sms);
      delivered.push(c.caseNumber);
    }
    const ev = await appendBundleEvent(tx, row, { at, actorId: caller.id, actorName: caller.displayName, role: 'window_clerk', action: 'deliver', fromState: row.status, toState: 'delivered', payload: { method: input.method, receiverName: input.receiverName, trackingNumber: input.trackingNumber ?? null, delivered } });
    await tx.update(bundleCases).set({ status: 'delivered', deliveredAt: at, version: ev.seq, lastHash: ev.hash, updatedAt: at }).where(and(eq(bundleCases.regionCode, row.regionCode), eq(bundleCases.id, row.id)));
  });
  await afterCaseCommit(sms);
}

// ---- advancing: the hooks on a child's conclusion --------------------------------------------------------------

async function childOf(tx: Db, caseId: string) {
  const [c] = await tx.select().from(bundleChildren).where(eq(bundleChildren.caseId, caseId)).limit(1);
  return c ?? null;
}

/** Before the child's row is locked: lock its bundle, so a bundle's row is always locked before its children's. */
async function lockBeforeClosing(tx: Db, c: { caseId: string }): Promise<void> {
  const child = await childOf(tx, c.caseId);
  if (child) await lockBundle(tx, child.regionCode, child.bundleId);
}

const finalStageDone = (s: BundleState) => s.status === 'concluded' || (s.stageDone && !s.children.some((c) => c.stage > s.stage));

/**
 * An applicant may drop an optional item of a 一件事 (it counts as not granted), but a mandatory one is the point
 * of the whole: while the bundle runs, that is withdrawn with the bundle, not on its own.
 */
function withdrawableAlone(row: BundleRow, itemCode: string): boolean {
  const mine = row.engine.children.find((c) => c.itemCode === itemCode);
  return !(mine?.mandatory && row.engine.status === 'running');
}

/**
 * A child concluded (or was refused or withdrawn): under the bundle row's lock, the engine applies it once and
 * the effects happen in the same transaction, so concurrent last conclusions advance the bundle exactly once.
 */
async function advanceOnClose(tx: Db, closed: CaseClosed, sms: SmsRef[]): Promise<void> {
  const child = await childOf(tx, closed.caseId);
  if (!child) return;
  const row = await lockBundle(tx, child.regionCode, child.bundleId);
  // Throwing rolls the child's withdrawal back with this transaction.
  if (closed.outcome === 'withdrawn' && !withdrawableAlone(row, child.itemCode)) {
    throw new AppError('BUNDLE_CHILD_MANDATORY', { itemCode: child.itemCode, bundleNumber: row.number, bundleId: row.id });
  }
  const outcome = closed.outcome === 'approved' ? 'approved' : 'denied';
  const t = applyEvent(row.engine, { type: 'childConcluded', itemCode: child.itemCode, outcome });
  const env = bundleEnv(closed.at);
  const actor: Actor = { id: null, displayName: 'system', role: 'system' };
  const done = t.ignored ? { started: [], withdrawn: [] } : await carryOut(tx, env, row, t.effects, actor, sms);
  const status: BundleCaseStatus = t.state.status === 'concluded' ? 'concluded' : row.status;
  const closeClock = !t.ignored && finalStageDone(t.state) && row.clockEnd === null;
  const ev = await appendBundleEvent(tx, row, {
    at: closed.at,
    ...actor,
    actorId: null,
    actorName: 'system',
    action: t.ignored ? 'child_closed_ignored' : 'child_closed',
    fromState: row.status,
    toState: status,
    payload: { itemCode: child.itemCode, caseId: child.caseId, caseNumber: child.caseNumber, caseOutcome: closed.outcome, ignored: t.ignored ?? null, effects: t.effects, started: done.started, withdrawn: done.withdrawn },
  });
  await tx
    .update(bundleCases)
    .set({
      engine: t.state,
      status,
      outcome: t.state.outcome,
      ...(status === 'concluded' && row.status !== 'concluded' ? { concludedAt: closed.at } : {}),
      ...(closeClock ? { clockEnd: closed.at, closedOverdue: row.dueAt ? closed.at.getTime() > row.dueAt.getTime() : null } : {}),
      version: ev.seq,
      lastHash: ev.hash,
      updatedAt: closed.at,
    })
    .where(and(eq(bundleCases.regionCode, row.regionCode), eq(bundleCases.id, row.id)));
}

let bundleCaseEnv: CaseEnv | null = null;

function bundleEnv(at: Date): CaseEnv {
  if (!bundleCaseEnv) throw new Error('installBundleHooks(env) was not called');
  return { ...bundleCaseEnv, now: () => at };
}

/**
 * Installs the hooks on the cases module that run bundles: the server calls it once with the case environment
 * (field cipher and data folder), before it serves requests.
 */
export function installBundleHooks(env: CaseEnv): void {
  bundleCaseEnv = { cipher: env.cipher, dataDir: env.dataDir };
  onCaseClosing(lockBeforeClosing);
  onCaseClosed(advanceOnClose);
  setDueRecomputer('bundles', recomputeBundleDues);
}

/**
 * The calendar's hook for bundle cases: a confirmed notice or a changed day moves the stored due of every running
 * bundle case of the affected regions (with an event on each), as it does for single cases.
 */
export async function recomputeBundleDues(tx: Db, change: CalendarChange, calendarFor: (regionCode: string) => Promise<WorkCalendar>): Promise<number> {
  const where: SQL[] = [isNotNull(bundleCases.dueAt), isNull(bundleCases.clockEnd)];
  if (change.regionCode !== '000000') where.push(sql`${bundleCases.regionCode} LIKE ${`${regionPrefix(change.regionCode)}%`}`);
  const rows = await tx.select().from(bundleCases).where(and(...where)).for('update');
  const cals = new Map<string, WorkCalendar>();
  const at = new Date();
  let changed = 0;
  for (const row of rows) {
    if (change.years !== 'all') {
      const from = row.clockStart!.getUTCFullYear();
      const to = Math.max(row.dueAt!.getUTCFullYear(), at.getUTCFullYear()) + 1;
      if (!change.years.some((y) => y >= from && y <= to)) continue;
    }
    const cal = cals.get(row.regionCode) ?? (await calendarFor(row.regionCode));
    cals.set(row.regionCode, cal);
    const next = due(cal, row.clockStart!, row.limitDays!).due;
    if (next.getTime() === row.dueAt!.getTime()) continue;
    const ev = await appendBundleEvent(tx, row, { at, actorId: null, actorName: 'system', role: 'system', action: 'recompute_due', fromState: row.status, toState: row.status, payload: { from: row.dueAt!.toISOString(), to: next.toISOString(), change } });
    await tx.update(bundleCases).set({ dueAt: next, version: ev.seq, lastHash: ev.hash, updatedAt: at }).where(and(eq(bundleCases.regionCode, row.regionCode), eq(bundleCases.id, row.id)));
    changed++;
  }
  return changed;
}

// ---- reading -------------------------------------------------------------------------------------------------

async function loadRow(db: Db, id: string): Promise<BundleRow> {
  const regionCode = await regionOf(db, id);
  const [row] = await db.select().from(bundleCases).where(and(eq(bundleCases.regionCode, regionCode), eq(bundleCases.id, id)));
  if (!row) throw new AppError('BUNDLE_CASE_NOT_FOUND');
  return row;
}

async function bundleClock(db: Db, row: BundleRow, now: Date) {
  const base = { limitDays: row.limitDays, derived: row.limitDerived, startedAt: row.clockStart?.toISOString() ?? null, endedAt: row.clockEnd?.toISOString() ?? null, due: row.dueAt?.toISOString() ?? null, closedOverdue: row.closedOverdue };
  if (!row.clockStart || row.limitDays === null || row.clockEnd) return { ...base, remainingWorkingDays: null, card: null };
  const cal = await loadWorkCalendar(db, row.regionCode);
  const clock = { start: row.clockStart, limitDays: row.limitDays, pauses: [] };
  const r = remaining(cal, clock, now);
  return { ...base, remainingWorkingDays: Math.round(r.workingDays * 100) / 100, card: card(cal, clock, now).color };
}

function abilitiesOf(caller: Caller, row: BundleRow): string[] {
  if (row.status === 'submitted' && row.applicantId !== null && row.applicantId === caller.id) return ['withdraw'];
  const clerk = caller.roles.includes('window_clerk') && caller.regionCode === row.regionCode;
  if (!clerk) return [];
  if (row.status === 'submitted') return ['accept'];
  if (row.status === 'concluded') return ['deliver'];
  return [];
}

/** 联办件 detail: the bundle's clock and card, stages, and every child with its case's state and clock. */
export async function getBundleCase(db: Db, env: CaseEnv, caller: Caller, id: string) {
  const row = await loadRow(db, id);
  const children = await childrenOf(db, row);
  authorizeBundleRead(caller, await scopeOf(db, row, children));
  const now = nowOf(env);
  const statuses = new Map((await caseStatuses(db, children.map((c) => ({ regionCode: c.caseRegionCode, id: c.caseId })), now)).map((s) => [s.id, s]));
  const byItem = new Map(children.map((c) => [c.itemCode, c]));
  const def = row.definition;
  const stages = def.stages.map((s, i) => {
    const mine = row.engine.children.filter((c) => c.stage === i);
    const status = mine.length === 0 ? 'skipped' : i < row.engine.stage || (i === row.engine.stage && row.engine.stageDone) ? 'completed' : i === row.engine.stage ? (row.engine.status !== 'running' ? 'stopped' : 'running') : row.engine.status !== 'running' ? 'cancelled' : 'waiting';
    return { index: i, key: s.key, name: s.name, limitDays: s.limit?.days ?? null, status };
  });
  return {
    id: row.id,
    number: row.number,
    regionCode: row.regionCode,
    bundleCode: row.bundleCode,
    bundleVersion: row.bundleVersion,
    name: def.name,
    nameEn: def.nameEn,
    slogan: def.slogan ?? null,
    applicantKind: row.applicantKind,
    applicantName: row.applicantName,
    applicantIdMasked: row.applicantIdMasked,
    channel: row.channel,
    answers: row.answers,
    status: row.status,
    outcome: row.outcome,
    onDenial: def.onDenial,
    submittedAt: row.submittedAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    concludedAt: row.concludedAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    clock: await bundleClock(db, row, now),
    stages,
    children: row.engine.children.map((c) => {
      const link = byItem.get(c.itemCode);
      const plan = row.plans.find((p) => p.itemCode === c.itemCode);
      const s = link ? statuses.get(link.caseId) : undefined;
      return {
        itemCode: c.itemCode,
        itemName: plan?.itemName ?? c.itemCode,
        departmentCode: plan?.departmentCode ?? null,
        stage: c.stage,
        mandatory: c.mandatory,
        status: c.status,
        case: link && s ? { id: link.caseId, number: link.caseNumber, regionCode: link.caseRegionCode, state: s.state, dueAt: s.dueAt, card: s.card, concludedAt: s.concludedAt, deliveredAt: s.deliveredAt } : null,
      };
    }),
    delivery: def.delivery,
    version: row.version,
    abilities: abilitiesOf(caller, row),
  };
}

export type BundleCaseDetail = Awaited<ReturnType<typeof getBundleCase>>;

/**
 * The 一件事 a case was filed under, for the case's own page: null when it is a case of its own or the caller may
 * not read the bundle (its existence is not disclosed). `withdrawableAlone` says whether the applicant may still
 * withdraw this item without the rest.
 */
export async function bundleOfCase(db: Db, caller: Caller, caseId: string) {
  const child = await childOf(db, caseId);
  if (!child) return null;
  const row = await loadRow(db, child.bundleId);
  if (!canReadBundle(caller, await scopeOf(db, row))) return null;
  const mine = row.engine.children.find((c) => c.itemCode === child.itemCode);
  const stage = row.definition.stages[child.stage];
  return {
    id: row.id,
    number: row.number,
    bundleCode: row.bundleCode,
    name: row.definition.name,
    nameEn: row.definition.nameEn,
    status: row.status,
    itemCode: child.itemCode,
    stage: child.stage,
    stageName: stage?.name ?? null,
    mandatory: mine?.mandatory ?? child.mandatory,
    withdrawableAlone: withdrawableAlone(row, child.itemCode),
  };
}

export async function listBundleCases(db: Db, caller: Caller, q: { status?: BundleCaseStatus; limit: number; offset: number }) {
  const where: SQL[] = [];
  if (caller.kind !== 'staff') where.push(eq(bundleCases.applicantId, caller.id));
  else if (caller.roles.includes('supervisor') || caller.roles.includes('admin')) where.push(sql`${bundleCases.regionCode} LIKE ${`${regionPrefix(caller.regionCode ?? '')}%`}`);
  else if (caller.roles.includes('window_clerk')) where.push(eq(bundleCases.regionCode, caller.regionCode ?? ''));
  else throw new AppError('BUNDLE_ACTION_FORBIDDEN', { action: 'list' });
  if (q.status) where.push(eq(bundleCases.status, q.status));
  const rows = await db.select().from(bundleCases).where(and(...where)).orderBy(desc(bundleCases.submittedAt)).limit(q.limit).offset(q.offset);
  return rows.map((r) => ({ id: r.id, number: r.number, regionCode: r.regionCode, bundleCode: r.bundleCode, name: r.definition.name, applicantName: r.applicantName, status: r.status, outcome: r.outcome, submittedAt: r.submittedAt.toISOString(), dueAt: r.dueAt?.toISOString() ?? null }));
}

/**
 * 联办件红黄牌: the running bundles of a region and below whose own clock is yellow or red, most urgent first. A
 * bundle's card follows from its calendar (it has no pauses), so it is worked out here per running bundle; the
 * number running at once in one region is what a hall handles in a few weeks, not the whole archive.
 */
export async function listBundleCards(db: Db, caller: Caller, q: { regionCode?: string; now: Date }) {
  const region = q.regionCode ?? caller.regionCode;
  if (!region || !caller.regionCode || !(caller.roles.includes('supervisor') || caller.roles.includes('admin'))) throw new AppError('FORBIDDEN');
  if (!region.startsWith(regionPrefix(caller.regionCode))) throw new AppError('OUT_OF_SCOPE', { regionCode: region });
  const rows = await db
    .select()
    .from(bundleCases)
    .where(and(sql`${bundleCases.regionCode} LIKE ${`${regionPrefix(region)}%`}`, eq(bundleCases.status, 'running'), isNotNull(bundleCases.clockStart), isNotNull(bundleCases.dueAt), isNull(bundleCases.clockEnd)))
    .orderBy(asc(bundleCases.dueAt));
  const calendars = new Map<string, WorkCalendar>();
  const out = [];
  for (const r of rows) {
    if (r.limitDays === null) continue;
    let cal = calendars.get(r.regionCode);
    if (!cal) calendars.set(r.regionCode, (cal = await loadWorkCalendar(db, r.regionCode)));
    const clock = { start: r.clockStart!, limitDays: r.limitDays, pauses: [] };
    const c = card(cal, clock, q.now);
    if (c.color === 'green') continue;
    const days = c.overdue ? -c.overdue.workingDays : c.remaining.workingDays;
    out.push({
      id: r.id, number: r.number, regionCode: r.regionCode, bundleCode: r.bundleCode, name: r.definition.name, nameEn: r.definition.nameEn,
      applicantName: r.applicantName, acceptedAt: r.clockStart!.toISOString(), dueAt: r.dueAt!.toISOString(),
      remainingWorkingDays: Math.round(days * 100) / 100, card: c.color,
    });
  }
  return out;
}

export async function bundleEventsOf(db: Db, caller: Caller, id: string) {
  const row = await loadRow(db, id);
  authorizeBundleRead(caller, await scopeOf(db, row));
  const events = await db.select().from(bundleCaseEvents).where(and(eq(bundleCaseEvents.regionCode, row.regionCode), eq(bundleCaseEvents.bundleId, row.id))).orderBy(asc(bundleCaseEvents.seq));
  return events.map((e) => ({ seq: e.seq, at: e.at.toISOString(), actorName: e.actorName, role: e.role, action: e.action, fromState: e.fromState, toState: e.toState, payload: e.payload, hash: e.hash }));
}

// ---- verification --------------------------------------------------------------------------------------------

export type BundleChainReport = {
  bundlesChecked: number;
  eventsChecked: number;
  broken: { bundleId: string; number: string; regionCode: string; break: ChainBreak; rowMismatch?: boolean }[];
};

/** Checks every bundle case's event chain (or one), as `verifyEvents` does for cases. */
export async function verifyBundleEvents(db: Db, opts: { bundleId?: string; batch?: number } = {}): Promise<BundleChainReport> {
  const report = await bundleCaseLog.verify(db, { ownerId: opts.bundleId, batch: opts.batch });
  if (opts.bundleId && report.chainsChecked === 0) throw new AppError('BUNDLE_CASE_NOT_FOUND');
  return {
    bundlesChecked: report.chainsChecked,
    eventsChecked: report.eventsChecked,
    broken: report.broken.map((b) => ({ bundleId: b.id, number: b.label ?? '', regionCode: b.regionCode, break: b.break, ...(b.headMismatch ? { rowMismatch: true } : {}) })),
  };
}

// ---- seed ----------------------------------------------------------------------------------------------------

export interface SeedBundlesReport {
  created: number;
  existing: number;
  skipped: { code: string; problems: unknown[] }[];
}

/** Loads data/bundles: bundles whose code is missing are published as version 1; invalid ones are reported and skipped. */
export async function seedBundles(db: Db, dir?: string): Promise<SeedBundlesReport> {
  const report: SeedBundlesReport = { created: 0, existing: 0, skipped: [] };
  const present = new Set((await db.select({ code: bundleDefinitions.code }).from(bundleDefinitions)).map((r) => r.code));
  const at = new Date();
  for (const { file: _file, ...def } of readSeedBundles(dir)) {
    if (present.has(def.code)) {
      report.existing++;
      continue;
    }
    const problems = validateBundle(def, await validationContext(db, def));
    if (problems.length) {
      report.skipped.push({ code: def.code, problems });
      continue;
    }
    await db.transaction((tx) => insertDefinition(tx, def, null, true, at));
    report.created++;
  }
  return report;
}
