import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { sm3, type FieldCipher } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { canonicalJson, GENESIS_HASH, type ChainBreak, type EventInput } from '../../platform/event-log/index.js';
import type { Caller, Role } from '../../platform/http.js';
import { checkCreditCode, checkIdNumber, isMobile, maskIdentifier, regionPrefix } from '../../platform/validators.js';
import { card, cardFromInstants, due, elapsed, findApplicantByIdentifier, getDepartmentByCode, getUser, loadWorkCalendar, recordAudit, remaining, setDueRecomputer, versionForNewApplication, type Pause, type WorkCalendar, yellowLeadDays } from './deps.js';
import { recordFalsePledge, refuseListed } from './deps.js';
import { renderDocument, type DocumentKind } from './documents.js';
import { MAX_CASE_BYTES, readBlob, storeBlob } from './files.js';
import './errors.js';
import { caseLog } from './events.js';
import { abilities, authorizeRead, mayRevealApplicantId, relationsOf, type CaseScope } from './policy.js';
import {
  ACCEPTANCE_DECISION_DAYS,
  acceptanceCheck,
  check,
  correctionRepeatRefused,
  nextState,
  CONCLUDED_STATES,
  OPEN_STATES,
  processingLimit,
  validateForm,
  type CaseFacts,
  type CaseState,
  type GuardedAction,
  type Relation,
  type RuleProblem,
} from './rules.js';
import {
  caseCommitments,
  caseCorrections,
  caseDeliveries,
  caseDocuments,
  caseEvents,
  caseFiles,
  caseIdempotencyKeys,
  caseMaterials,
  caseNotifications,
  casePledges,
  cases,
  caseSpecialProcedures,
  caseSteps,
  type ItemSnapshot,
} from './schema.js';

export type CaseRow = typeof cases.$inferSelect;

/** What the service needs besides the database: the field cipher, the data folder, the clock. */
export interface CaseEnv {
  cipher: FieldCipher;
  dataDir: string;
  now?: () => Date;
  ip?: string | null;
}

const nowOf = (env: CaseEnv) => env.now?.() ?? new Date();

// ---- SMS hand-off --------------------------------------------------------------------------------------

type SmsEnqueuer = (ids: { regionCode: string; id: string }[]) => Promise<void> | void;
let smsEnqueuer: SmsEnqueuer | null = null;

/** The SMS queue registers itself here; without one, pending messages wait in the outbox for the sweep. */
export function setSmsEnqueuer(fn: SmsEnqueuer | null): void {
  smsEnqueuer = fn;
}

/** A process without the queue (the CLI) still writes SMS as pending when a gateway is configured. */
const smsEnabled = () => smsEnqueuer !== null || !!process.env.TONGBAN_SMS_URL;

// ---- helpers -------------------------------------------------------------------------------------------

function ruleError(p: RuleProblem): AppError {
  const { code, ...details } = p;
  return new AppError(code, details);
}

function scopeOf(row: CaseRow): CaseScope {
  const step = row.currentStep !== null && (row.state === 'in_steps' || row.state === 'special_procedure' || row.state === 'step_correction') ? row.item.steps[row.currentStep] : undefined;
  return {
    regionCode: row.regionCode,
    departmentId: row.departmentId,
    applicantId: row.applicantId,
    stepDepartmentIds: row.stepDepartmentIds,
    state: row.state,
    currentStep: step ? { departmentId: step.departmentId, role: step.role } : null,
  };
}

async function factsOf(db: Db, row: CaseRow, readPledges = true): Promise<CaseFacts> {
  let hasPledge = false;
  let openVerification = false;
  if (readPledges && (row.state === 'concluded_approved' || row.state === 'delivered')) {
    const pledges = await db.select({ state: casePledges.verificationState }).from(casePledges).where(and(eq(casePledges.regionCode, row.regionCode), eq(casePledges.caseId, row.id)));
    hasPledge = pledges.length > 0;
    openVerification = pledges.some((p) => p.state === 'open');
  }
  return {
    state: row.state as CaseState,
    currentStep: row.currentStep,
    stepCount: row.item.steps.length,
    pledgeAllowed: row.item.pledgeAllowed,
    pendingDeficiencies: row.pendingDeficiencies,
    openVerification,
    hasPledge,
  };
}

/** The role an event records: the capacity in which the caller acted. */
function eventRole(caller: Caller, relations: ReadonlySet<Relation>, row: CaseRow): Role | 'system' {
  if (relations.has('owner')) return caller.kind === 'enterprise' ? 'applicant_enterprise' : 'applicant_person';
  if (relations.has('step_actor')) return (row.item.steps[row.currentStep ?? 0]?.role ?? 'approver') as Role;
  if (relations.has('hall_clerk')) return 'window_clerk';
  if (relations.has('department_staff')) return 'approver';
  return caller.roles[0] ?? 'system';
}

/** Appends the next event of the case's chain; the caller updates version and last_hash in the same statement set. */
function appendEvent(tx: Db, row: Pick<CaseRow, 'regionCode' | 'id' | 'version' | 'lastHash'>, e: EventInput): Promise<{ seq: number; hash: string }> {
  return caseLog.insertEvent(tx, row, e);
}

interface ClockFields {
  dueAt: Date | null;
  yellowAt: Date | null;
}

/** due and the instant the case turns yellow (remaining ≤ max(20 % of the limit, 1 working day)), from the calendar module. */
export function clockInstants(cal: WorkCalendar, start: Date, limitDays: number | null, pauses: readonly Pause[] = []): ClockFields {
  if (limitDays === null) return { dueAt: null, yellowAt: null };
  const d = due(cal, start, limitDays, { pauses }).due;
  const lead = yellowLeadDays(limitDays) * cal.dayMs;
  const y = cal.instantAt(Math.max(0, cal.workingMs(d.getTime()) - lead));
  return { dueAt: d, yellowAt: new Date(Math.max(y, start.getTime())) };
}

/** The pauses of the processing clock: 特别程序 and corrections after acceptance. */
async function processingPauses(db: Db, regionCode: string, caseId: string): Promise<Pause[]> {
  const sp = await db
    .select({ start: caseSpecialProcedures.startedAt, end: caseSpecialProcedures.endedAt })
    .from(caseSpecialProcedures)
    .where(and(eq(caseSpecialProcedures.regionCode, regionCode), eq(caseSpecialProcedures.caseId, caseId)));
  const corr = await db
    .select({ start: caseCorrections.requestedAt, end: caseCorrections.resolvedAt })
    .from(caseCorrections)
    .where(and(eq(caseCorrections.regionCode, regionCode), eq(caseCorrections.caseId, caseId), eq(caseCorrections.stage, 'post_acceptance')));
  return [...sp, ...corr];
}

/**
 * The calendar module caches calendars and checks a revision on every load (one query). Within one second
 * the answer is reused: a transition and the case view it returns then read the revision once, and a
 * confirmed holiday notice reaches running clocks through recomputeDues anyway.
 */
const CALENDAR_TTL_MS = 1000;
const calendars = new WeakMap<Db, Map<string, { at: number; cal: Promise<WorkCalendar> }>>();

function calendarOf(db: Db, regionCode: string): Promise<WorkCalendar> {
  let m = calendars.get(db);
  if (!m) calendars.set(db, (m = new Map()));
  const hit = m.get(regionCode);
  const now = Date.now();
  if (hit && now - hit.at < CALENDAR_TTL_MS) return hit.cal;
  const cal = loadWorkCalendar(db, regionCode);
  m.set(regionCode, { at: now, cal });
  cal.catch(() => m!.delete(regionCode));
  return cal;
}

const departmentIds = new WeakMap<Db, Map<string, string>>();

async function departmentIdOf(db: Db, code: string): Promise<string> {
  let m = departmentIds.get(db);
  if (!m) departmentIds.set(db, (m = new Map()));
  const hit = m.get(code);
  if (hit) return hit;
  const d = await getDepartmentByCode(db, code);
  m.set(code, d.id);
  return d.id;
}

async function snapshotOf(db: Db, content: Awaited<ReturnType<typeof versionForNewApplication>>['content']): Promise<ItemSnapshot> {
  return {
    code: content.code,
    name: content.name,
    departmentCode: content.departmentCode,
    departmentId: await departmentIdOf(db, content.departmentCode),
    audiences: [...content.audiences],
    legalLimit: content.legalLimit,
    promisedLimit: content.promisedLimit,
    pledgeAllowed: content.pledgeAllowed,
    steps: await Promise.all(content.steps.map(async (s) => ({ name: s.name, departmentCode: s.departmentCode, departmentId: await departmentIdOf(db, s.departmentCode), role: s.role, share: s.share }))),
    materials: content.materials.map((m) => ({ name: m.name, required: m.required, deficiencyAllowed: m.deficiencyAllowed, ...(m.licenceType ? { licenceType: m.licenceType } : {}) })),
    specialProcedures: content.specialProcedures.map((p) => ({ name: p.name, days: p.days, calendarDays: p.calendarDays })),
    result: { kind: content.result.kind, name: content.result.name, ...(content.result.licenceType ? { licenceType: content.result.licenceType } : {}) },
    form: content.form as ItemSnapshot['form'],
  };
}

function fmt(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
}

/** Extra HTML for a notice from another module (the 好差评 QR code on 受理通知书 and 决定书). */
export type DocumentTrailer = (d: { regionCode: string; caseId: string; kind: DocumentKind }) => Promise<string>;
let documentTrailer: DocumentTrailer | null = null;

export function setDocumentTrailer(fn: DocumentTrailer | null): void {
  documentTrailer = fn;
}

async function issueDocument(tx: Db, env: CaseEnv, row: CaseRow, kind: DocumentKind, at: Date, rows: [string, string][], paragraphs: string[] = []): Promise<string> {
  const trailer = documentTrailer ? await documentTrailer({ regionCode: row.regionCode, caseId: row.id, kind }) : '';
  const doc = renderDocument(kind, { caseNumber: row.number, itemName: row.item.name, applicantName: row.applicantName, applicantIdMasked: row.applicantIdMasked, issuedAt: fmt(at) }, rows, paragraphs, trailer);
  const [d] = await tx.insert(caseDocuments).values({ regionCode: row.regionCode, caseId: row.id, kind, title: doc.title, html: doc.html, createdAt: at }).returning({ id: caseDocuments.id });
  return d!.id;
}

interface Notice {
  kind: string;
  title: string;
  body: string;
}

async function notify(tx: Db, row: CaseRow, at: Date, n: Notice): Promise<{ regionCode: string; id: string } | null> {
  const [r] = await tx
    .insert(caseNotifications)
    .values({ regionCode: row.regionCode, caseId: row.id, recipientId: row.applicantId, kind: n.kind, title: n.title, body: n.body, createdAt: at, smsToEnc: row.applicantMobileEnc, smsStatus: row.applicantMobileEnc && smsEnabled() ? 'pending' : 'none' })
    .returning({ id: caseNotifications.id, sms: caseNotifications.smsStatus });
  return r!.sms === 'pending' ? { regionCode: row.regionCode, id: r!.id } : null;
}

/** Writes a notice to the applicant's inbox (and SMS outbox) of a case, in the caller's transaction; queue the SMS with afterCaseCommit. */
export async function notifyApplicantInTx(tx: Db, regionCode: string, caseId: string, at: Date, n: Notice): Promise<SmsRef> {
  const [row] = await tx.select().from(cases).where(and(eq(cases.regionCode, regionCode), eq(cases.id, caseId)));
  if (!row) throw new AppError('CASE_NOT_FOUND');
  return notify(tx, row, at, n);
}

async function afterCommit(sms: ({ regionCode: string; id: string } | null)[]): Promise<void> {
  const ids = sms.filter((s): s is { regionCode: string; id: string } => s !== null);
  if (ids.length && smsEnqueuer) await smsEnqueuer(ids);
}

// ---- the transition skeleton -----------------------------------------------------------------------------

interface TransitionContext {
  tx: Db;
  row: CaseRow;
  at: Date;
  cal: WorkCalendar;
  facts: CaseFacts;
  relations: Set<Relation>;
}

interface TransitionOutcome<T> {
  payload: Record<string, unknown>;
  patch?: Partial<typeof cases.$inferInsert>;
  to?: CaseState;
  notice?: Notice;
  result?: T;
}

interface TransitionOptions {
  decision?: 'approve' | 'deny';
  toStep?: number;
  /** The step the caller saw: acting on a step someone else has already moved on is a 409. */
  step?: number;
}

// A case never changes region: remember where each case lives instead of asking on every request.
const regionOfCase = new Map<string, string>();
const REGION_CACHE_MAX = 100_000;

async function preRead(db: Db, caseId: string): Promise<{ regionCode: string }> {
  const known = regionOfCase.get(caseId);
  if (known) return { regionCode: known };
  const [r] = await db.select({ regionCode: cases.regionCode }).from(cases).where(eq(cases.id, caseId)).limit(1);
  if (!r) throw new AppError('CASE_NOT_FOUND');
  if (regionOfCase.size >= REGION_CACHE_MAX) regionOfCase.delete(regionOfCase.keys().next().value!);
  regionOfCase.set(caseId, r.regionCode);
  return r;
}

async function lockCase(tx: Db, regionCode: string, caseId: string): Promise<CaseRow> {
  const [row] = await tx.select().from(cases).where(and(eq(cases.regionCode, regionCode), eq(cases.id, caseId))).for('update');
  if (!row) throw new AppError('CASE_NOT_FOUND');
  return row;
}

/**
 * One transition: one transaction that locks the case row, checks state, role and step, changes it, and
 * appends the hash-chained event; notifications are written in the same transaction and SMS handed to the
 * queue after commit.
 */
async function transition<T>(
  db: Db,
  env: CaseEnv,
  caller: Caller,
  caseId: string,
  action: GuardedAction,
  opts: TransitionOptions,
  body: (c: TransitionContext) => Promise<TransitionOutcome<T>>,
): Promise<T | undefined> {
  const { regionCode } = await preRead(db, caseId);
  const cal = await calendarOf(db, regionCode);
  const sms: SmsRef[] = [];
  const closing = CLOSING_ACTIONS.has(action);
  const result = await db.transaction(async (tx) => {
    // A closing case may advance a bundle: its hook locks the bundle row before the case row, always in this order.
    if (closing) for (const h of closingHooks) await h(tx, { regionCode, caseId });
    const r = await transitionInTx(tx, env, caller, regionCode, caseId, action, opts, cal, sms, body, null);
    if (r.to === 'concluded_approved') for (const h of concludedHooks) await h(tx, concludedOf(env, r.row, r.at));
    if (closing) {
      const outcome = CLOSED_OUTCOME[r.to];
      if (outcome) for (const h of closedHooks) await h(tx, { regionCode, caseId, itemCode: r.row.item.code, outcome, at: r.at }, sms);
    }
    return r.result;
  });
  await afterCommit(sms);
  return result;
}

type SmsRef = { regionCode: string; id: string } | null;

/** Acting for a bundle (一窗受理, 统一出件): the bundle's service has checked the caller; the case checks its state. */
interface OnBehalf {
  relations: Set<Relation>;
  role: string;
}

async function transitionInTx<T>(
  tx: Db,
  env: CaseEnv,
  caller: Caller,
  regionCode: string,
  caseId: string,
  action: GuardedAction,
  opts: TransitionOptions,
  cal: WorkCalendar,
  sms: SmsRef[],
  body: (c: TransitionContext) => Promise<TransitionOutcome<T>>,
  onBehalf: OnBehalf | null,
): Promise<{ result: T | undefined; row: CaseRow; to: CaseState; at: Date }> {
  const row = await lockCase(tx, regionCode, caseId);
  const scope = scopeOf(row);
  if (!onBehalf) authorizeRead(caller, scope);
  const relations = onBehalf ? onBehalf.relations : relationsOf(caller, scope);
  const facts = await factsOf(tx, row);
  const problem = check(facts, action, relations, opts);
  // State and role first; then the step the caller saw, before rules that read the current step.
  if (problem && (problem.code === 'CASE_STATE_CONFLICT' || problem.code === 'CASE_ACTION_FORBIDDEN')) throw ruleError(problem);
  if (opts.step !== undefined && opts.step !== row.currentStep) throw new AppError('CASE_STEP_CHANGED', { step: opts.step, currentStep: row.currentStep });
  if (problem) throw ruleError(problem);
  const at = nowOf(env);
  const out = await body({ tx, row, at, cal, facts, relations });
  const to = out.to ?? nextState(facts, action, opts);
  const ev = await appendEvent(tx, row, {
    at,
    actorId: caller.id,
    actorName: caller.displayName,
    role: onBehalf ? onBehalf.role : eventRole(caller, relations, row),
    action,
    fromState: row.state,
    toState: to,
    payload: out.payload,
  });
  await tx
    .update(cases)
    .set({ ...out.patch, state: to, version: ev.seq, lastHash: ev.hash, updatedAt: at })
    .where(and(eq(cases.regionCode, row.regionCode), eq(cases.id, row.id)));
  if (out.notice) sms.push(await notify(tx, row, at, out.notice));
  const step = out.patch?.currentStep !== undefined ? out.patch.currentStep : row.currentStep;
  // Entering a step (not coming back from a 特别程序 on the same one): a department system may be serving it.
  if (to === 'in_steps' && step !== null && row.state !== 'special_procedure' && (row.state !== 'in_steps' || step !== row.currentStep)) {
    const entered = { regionCode: row.regionCode, caseId: row.id, number: row.number, itemCode: row.item.code, step, departmentId: row.item.steps[step]!.departmentId, action, seq: ev.seq, form: row.formData, at };
    for (const h of stepEnteredHooks) await h(tx, entered);
  }
  return { result: out.result, row, to, at };
}

// ---- hooks for department systems (the routing module) -------------------------------------------------------

/** A case that has just entered one of its steps, in the transaction of the event that moved it there. */
export interface StepEntered {
  regionCode: string;
  caseId: string;
  number: string;
  itemCode: string;
  step: number;
  departmentId: string;
  action: string;
  seq: number;
  form: Record<string, unknown>;
  at: Date;
}

type StepEnteredHook = (tx: Db, s: StepEntered) => Promise<void>;
const stepEnteredHooks: StepEnteredHook[] = [];

/** Called in the transaction that moves a case into a step; an error rolls it all back. */
export function onStepEntered(hook: StepEnteredHook): void {
  if (!stepEnteredHooks.includes(hook)) stepEnteredHooks.push(hook);
}

// ---- hooks for bundles (the workflow module) ---------------------------------------------------------------

/** How a case closed, as a bundle sees it. */
export type CaseClosedOutcome = 'approved' | 'denied' | 'rejected' | 'withdrawn';

export interface CaseClosed {
  regionCode: string;
  caseId: string;
  itemCode: string;
  outcome: CaseClosedOutcome;
  at: Date;
}

type ClosingHook = (tx: Db, c: { regionCode: string; caseId: string }) => Promise<void>;
/** `sms` collects the SMS of transitions the hook makes in the transaction; they are queued after its commit. */
type ClosedHook = (tx: Db, c: CaseClosed, sms: SmsRef[]) => Promise<void>;
const closingHooks: ClosingHook[] = [];
const closedHooks: ClosedHook[] = [];

const CLOSING_ACTIONS: ReadonlySet<GuardedAction> = new Set(['conclude', 'reject', 'withdraw', 'pledge']);
const CLOSED_OUTCOME: Partial<Record<CaseState, CaseClosedOutcome>> = {
  concluded_approved: 'approved',
  concluded_denied: 'denied',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

/**
 * Called in the transaction of a closing action (conclude, reject, withdraw, pledge) before the case row is
 * locked: a hook that needs another row locked as well takes it here, so locks are always taken in one order.
 */
export function onCaseClosing(hook: ClosingHook): void {
  if (!closingHooks.includes(hook)) closingHooks.push(hook);
}

/** Called in the transaction of a closing action after the case row is updated; an error rolls it all back. */
export function onCaseClosed(hook: ClosedHook): void {
  if (!closedHooks.includes(hook)) closedHooks.push(hook);
}

/** Hands the SMS of transitions made with the *InTx functions to the queue, after the caller's commit. */
export async function afterCaseCommit(sms: SmsRef[]): Promise<void> {
  await afterCommit(sms);
}

// ---- hooks for licences (电子证照) ---------------------------------------------------------------------------

/** A case concluded with approval, as the licences module needs it to issue the result licence. */
export interface CaseConcluded {
  regionCode: string;
  caseId: string;
  number: string;
  itemCode: string;
  itemName: string;
  result: ItemSnapshot['result'];
  departmentCode: string;
  applicant: { id: string | null; kind: 'person' | 'enterprise'; name: string; identifier: string };
  form: Record<string, unknown>;
  formFields: ItemSnapshot['form']['fields'];
  at: Date;
}

type ConcludedHook = (tx: Db, c: CaseConcluded) => Promise<void>;
const concludedHooks: ConcludedHook[] = [];

/** Called in the transaction that concludes a case with approval (办结 or 告知承诺), after closing hooks lock; an error rolls it all back. */
export function onCaseConcluded(hook: ConcludedHook): void {
  if (!concludedHooks.includes(hook)) concludedHooks.push(hook);
}

function concludedOf(env: CaseEnv, row: CaseRow, at: Date): CaseConcluded {
  return {
    regionCode: row.regionCode,
    caseId: row.id,
    number: row.number,
    itemCode: row.item.code,
    itemName: row.item.name,
    result: row.item.result,
    departmentCode: row.item.departmentCode,
    applicant: { id: row.applicantId, kind: row.applicantKind, name: row.applicantName, identifier: env.cipher.decrypt(row.applicantIdEnc) },
    form: row.formData,
    formFields: row.item.form.fields,
    at,
  };
}

/** A material given by licence number, for the licences module to check. */
export interface LicenceClaim {
  holderKind: 'person' | 'enterprise';
  identifier: string;
  number: string;
  licenceType: string | undefined;
  material: string;
  field: string;
  /** Given by a bundle for a later stage (`<bundle>/<case number>`), not typed by a person. */
  internal: boolean;
}

/** Throws a coded error when the licence cannot serve; answers the reference the material records. */
export type LicenceChecker = (db: Db, claim: LicenceClaim) => Promise<string>;
let licenceChecker: LicenceChecker | null = null;

export function setLicenceChecker(fn: LicenceChecker | null): void {
  licenceChecker = fn;
}

const closeClock = (row: CaseRow, at: Date) => ({
  dueAt: null,
  yellowAt: null,
  paused: false,
  closedOverdue: row.dueAt ? at.getTime() > row.dueAt.getTime() : row.closedOverdue,
});

const stopClock = { dueAt: null, yellowAt: null, paused: true };

// ---- files -----------------------------------------------------------------------------------------------

export async function uploadFile(db: Db, env: CaseEnv, caller: Caller, name: string, content: Buffer) {
  const blob = storeBlob(env.dataDir, content);
  const [row] = await db.insert(caseFiles).values({ ownerId: caller.id, sha256: blob.sha256, size: blob.size, mime: blob.mime, name: name.slice(0, 255) || 'file' }).returning();
  return { id: row!.id, sha256: row!.sha256, size: row!.size, mime: row!.mime, name: row!.name };
}

// ---- apply -----------------------------------------------------------------------------------------------

export type Channel = 'online' | 'mobile' | 'kiosk' | 'window';

export interface MaterialInput {
  requirement: number;
  fileId?: string;
  /** A material of an earlier case of the same applicant. */
  materialId?: string;
  /** An 电子证照 number proving the material (checked at 预审). */
  licenceNumber?: string;
}

export interface ApplicantInput {
  kind: 'person' | 'enterprise';
  name: string;
  idNumber?: string;
  creditCode?: string;
  mobile?: string;
}

export interface ApplyInput {
  itemId: string;
  channel: Channel;
  form: Record<string, unknown>;
  materials?: MaterialInput[];
  applicant?: ApplicantInput;
}

interface Applicant {
  id: string | null;
  kind: 'person' | 'enterprise';
  name: string;
  identifier: string;
  mobile: string | null;
}

async function applicantOf(db: Db, env: CaseEnv, caller: Caller, input: ApplyInput): Promise<Applicant> {
  const isApplicant = caller.kind === 'person' || caller.kind === 'enterprise';
  if (isApplicant) {
    if (input.channel === 'window') throw new AppError('CASE_CHANNEL_INVALID', { field: 'channel' });
    const user = await getUser(db, caller.id);
    const identifier = caller.kind === 'person' ? env.cipher.decrypt(user.idNumberEnc!) : user.creditCode!;
    return { id: caller.id, kind: caller.kind as 'person' | 'enterprise', name: user.displayName, identifier, mobile: user.mobileEnc ? env.cipher.decrypt(user.mobileEnc) : null };
  }
  if (!caller.roles.includes('window_clerk')) throw new AppError('CASE_ACTION_FORBIDDEN', { action: 'apply' });
  if (input.channel !== 'window') throw new AppError('CASE_CHANNEL_INVALID', { field: 'channel' });
  const a = input.applicant;
  if (!a) throw new AppError('CASE_APPLICANT_REQUIRED', { field: 'applicant' });
  let identifier: string;
  if (a.kind === 'person') {
    identifier = (a.idNumber ?? '').toUpperCase();
    const problem = checkIdNumber(identifier, nowOf(env));
    if (problem) throw new AppError('ID_NUMBER_INVALID', { field: 'applicant.idNumber', problem });
  } else {
    identifier = a.creditCode ?? '';
    const problem = checkCreditCode(identifier);
    if (problem) throw new AppError('CREDIT_CODE_INVALID', { field: 'applicant.creditCode', problem });
  }
  if (a.mobile !== undefined && !isMobile(a.mobile)) throw new AppError('MOBILE_INVALID', { field: 'applicant.mobile' });
  const account = await findAccount(db, env, a.kind, identifier);
  return { id: account, kind: a.kind, name: a.name, identifier, mobile: a.mobile ?? null };
}

/**
 * The account a walk-in filing belongs to: only one whose holder proved the identifier (实名认证), so registering
 * with someone else's ID number does not collect the cases the window files for them.
 */
async function findAccount(db: Db, env: CaseEnv, kind: 'person' | 'enterprise', identifier: string): Promise<string | null> {
  const user = await findApplicantByIdentifier(db, env.cipher, identifier);
  return user && user.kind === kind && user.identityVerified ? user.id : null;
}

/** The form as staff see it: ID numbers masked like everywhere else; the full number only through /applicant-id (audited). */
function maskedForm(form: Record<string, unknown>, fields: ItemSnapshot['form']['fields']): Record<string, unknown> {
  const out = { ...form };
  for (const f of fields) {
    if (f.type === 'idNumber' && typeof out[f.key] === 'string') out[f.key] = maskIdentifier(out[f.key] as string);
  }
  return out;
}

async function resolveMaterials(db: Db, caller: Caller, applicant: Applicant, item: ItemSnapshot, inputs: readonly MaterialInput[], base = 'materials', existingBytes = 0, internal = false) {
  const out: (typeof caseMaterials.$inferInsert extends infer R ? Omit<R, 'regionCode' | 'caseId'> : never)[] = [];
  let total = 0;
  const fileIds = inputs.flatMap((m) => (m.fileId ? [m.fileId] : []));
  const files = new Map(
    fileIds.length ? (await db.select().from(caseFiles).where(and(inArray(caseFiles.id, fileIds), eq(caseFiles.ownerId, caller.id)))).map((f) => [f.id, f]) : [],
  );
  for (const [i, m] of inputs.entries()) {
    const req = item.materials[m.requirement];
    if (!req) throw new AppError('CASE_MATERIAL_REQUIREMENT_UNKNOWN', { field: `${base}[${i}].requirement` });
    if (m.fileId) {
      const f = files.get(m.fileId);
      if (!f) throw new AppError('CASE_FILE_UNKNOWN', { field: `${base}[${i}].fileId` });
      total += f.size;
      out.push({ requirement: m.requirement, name: req.name, source: 'upload', fileId: f.id, fileHash: f.sha256, size: f.size, mime: f.mime });
    } else if (m.materialId) {
      const [prev] = await db
        .select({ m: caseMaterials, applicantId: cases.applicantId })
        .from(caseMaterials)
        .innerJoin(cases, and(eq(cases.regionCode, caseMaterials.regionCode), eq(cases.id, caseMaterials.caseId)))
        .where(eq(caseMaterials.id, m.materialId));
      if (!prev || !prev.applicantId || prev.applicantId !== applicant.id || !prev.m.fileHash) throw new AppError('CASE_FILE_UNKNOWN', { field: `${base}[${i}].materialId` });
      out.push({ requirement: m.requirement, name: req.name, source: 'material', fileId: prev.m.fileId, fileHash: prev.m.fileHash, size: prev.m.size, mime: prev.m.mime, reference: m.materialId });
    } else if (m.licenceNumber) {
      const claim = { holderKind: applicant.kind, identifier: applicant.identifier, number: m.licenceNumber, licenceType: req.licenceType, material: req.name, field: `${base}[${i}].licenceNumber`, internal };
      const reference = licenceChecker ? await licenceChecker(db, claim) : m.licenceNumber;
      out.push({ requirement: m.requirement, name: req.name, source: 'licence', reference });
    } else {
      throw new AppError('CASE_FILE_UNKNOWN', { field: `${base}[${i}]` });
    }
  }
  if (total > MAX_CASE_BYTES) throw new AppError('CASE_MATERIALS_TOO_LARGE', { maxBytes: MAX_CASE_BYTES });
  return out;
}

/**
 * 用证记录: the materials a licence proved, newest first. Read by the licences module for the holder; the cases
 * are the holder's own (a licence serves only its holder's applications).
 */
export async function licenceUses(db: Db, licenceNumber: string) {
  const rows = await db
    .select({ at: caseMaterials.createdAt, materialName: caseMaterials.name, superseded: caseMaterials.superseded, caseId: cases.id, caseNumber: cases.number, itemName: sql<string>`${cases.item}->>'name'`, channel: cases.channel, state: cases.state })
    .from(caseMaterials)
    .innerJoin(cases, and(eq(cases.regionCode, caseMaterials.regionCode), eq(cases.id, caseMaterials.caseId)))
    .where(and(eq(caseMaterials.source, 'licence'), eq(caseMaterials.reference, licenceNumber)))
    .orderBy(desc(caseMaterials.createdAt))
    .limit(200);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

async function nextCaseNumber(tx: Db, regionCode: string, at: Date): Promise<string> {
  const res = (await tx.execute(sql`SELECT nextval('case_number_seq')::text AS n`)) as unknown as { rows: { n: string }[] };
  const day = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `${regionCode}${day}${res.rows[0]!.n.padStart(6, '0')}`;
}

/**
 * 申请: an applicant online (or on a mobile or kiosk), or a window clerk on the applicant's behalf. With an
 * Idempotency-Key, a retry with the same body returns the case already created; another body is a 409.
 */
export async function apply(db: Db, env: CaseEnv, caller: Caller, input: ApplyInput, idempotencyKey?: string): Promise<{ caseId: string; replayed: boolean }> {
  const requestHash = sm3(canonicalJson(input));
  if (idempotencyKey) {
    const replay = await idempotentReplay(db, caller.id, idempotencyKey, requestHash);
    if (replay) return { caseId: replay, replayed: true };
  }
  const version = await versionForNewApplication(db, input.itemId);
  const item = await snapshotOf(db, version.content);
  const applicant = await applicantOf(db, env, caller, input);
  if (caller.kind === 'staff') {
    if (caller.regionCode !== version.content.regionCode) throw new AppError('OUT_OF_SCOPE', { regionCode: version.content.regionCode });
  }
  if (!item.audiences.includes(applicant.kind)) throw new AppError('CASE_AUDIENCE_MISMATCH', { field: 'itemId', audiences: item.audiences });
  const at = nowOf(env);
  const problems = validateForm(item.form as Parameters<typeof validateForm>[0], input.form, at);
  if (problems.length) throw new AppError('CASE_FORM_INVALID', { fields: problems.map((p) => ({ ...p, field: `form.${p.field}` })) });
  const materials = await resolveMaterials(db, caller, applicant, item, input.materials ?? []);
  const regionCode = version.content.regionCode;
  const cal = await calendarOf(db, regionCode);
  const clock = clockInstants(cal, at, ACCEPTANCE_DECISION_DAYS);

  const sms: SmsRef[] = [];
  const outcome = await db.transaction(async (tx) => {
    if (idempotencyKey) {
      const claimed = await tx.insert(caseIdempotencyKeys).values({ actorId: caller.id, key: idempotencyKey, requestHash }).onConflictDoNothing().returning({ key: caseIdempotencyKeys.key });
      if (claimed.length === 0) return { replay: true as const };
    }
    const role = caller.kind === 'staff' ? 'window_clerk' : caller.kind === 'enterprise' ? 'applicant_enterprise' : 'applicant_person';
    const row = await insertCase(tx, env, { version, item, applicant, channel: input.channel, form: input.form, materials, filedBy: caller.kind === 'staff' ? caller.id : null, actor: { id: caller.id, displayName: caller.displayName, role }, at, clock }, sms);
    if (idempotencyKey) await tx.update(caseIdempotencyKeys).set({ regionCode, caseId: row.id }).where(and(eq(caseIdempotencyKeys.actorId, caller.id), eq(caseIdempotencyKeys.key, idempotencyKey)));
    return { replay: false as const, caseId: row.id };
  });
  if (outcome.replay) {
    const replay = await idempotentReplay(db, caller.id, idempotencyKey!, requestHash);
    return { caseId: replay!, replayed: true };
  }
  await afterCommit(sms);
  return { caseId: outcome.caseId, replayed: false };
}

interface NewCase {
  version: Awaited<ReturnType<typeof versionForNewApplication>>;
  item: ItemSnapshot;
  applicant: Applicant;
  channel: Channel;
  form: Record<string, unknown>;
  materials: Awaited<ReturnType<typeof resolveMaterials>>;
  filedBy: string | null;
  actor: { id: string | null; displayName: string | null; role: string };
  at: Date;
  clock: ClockFields;
  payload?: Record<string, unknown>;
}

/** Inserts a submitted case with its steps, materials, first event and notice. */
async function insertCase(tx: Db, env: CaseEnv, c: NewCase, sms: SmsRef[]): Promise<CaseRow> {
  const { version, item, applicant, at } = c;
  const regionCode = version.content.regionCode;
  const number = await nextCaseNumber(tx, regionCode, at);
  const [row] = await tx
    .insert(cases)
    .values({
      regionCode,
      number,
      itemId: version.itemId,
      itemVersion: version.version,
      item,
      departmentId: item.departmentId,
      stepDepartmentIds: [...new Set(item.steps.map((s) => s.departmentId))],
      channel: c.channel,
      applicantId: applicant.id,
      applicantKind: applicant.kind,
      applicantName: applicant.name,
      applicantIdEnc: env.cipher.encrypt(applicant.identifier),
      applicantIdMasked: maskIdentifier(applicant.identifier),
      applicantMobileEnc: applicant.mobile ? env.cipher.encrypt(applicant.mobile) : null,
      filedBy: c.filedBy,
      formData: c.form,
      state: 'submitted',
      submittedAt: at,
      clockKind: 'acceptance',
      clockStart: at,
      limitDays: ACCEPTANCE_DECISION_DAYS,
      ...c.clock,
      version: 0,
      lastHash: GENESIS_HASH,
      updatedAt: at,
    })
    .returning();
  if (item.steps.length) {
    await tx.insert(caseSteps).values(item.steps.map((s, idx) => ({ regionCode, caseId: row!.id, idx, name: s.name, departmentId: s.departmentId, role: s.role, state: 'waiting' as const })));
  }
  if (c.materials.length) await tx.insert(caseMaterials).values(c.materials.map((m) => ({ ...m, regionCode, caseId: row!.id })));
  const ev = await appendEvent(tx, row!, {
    at,
    actorId: c.actor.id,
    actorName: c.actor.displayName,
    role: c.actor.role,
    action: 'apply',
    fromState: null,
    toState: 'submitted',
    payload: { channel: c.channel, itemId: version.itemId, itemVersion: version.version, formHash: sm3(canonicalJson(c.form)), materials: c.materials.map((m) => ({ requirement: m.requirement, source: m.source, fileHash: m.fileHash ?? null })), ...c.payload },
  });
  await tx.update(cases).set({ version: ev.seq, lastHash: ev.hash }).where(and(eq(cases.regionCode, regionCode), eq(cases.id, row!.id)));
  sms.push(await notify(tx, row!, at, { kind: 'submitted', title: '申请已提交 Application received', body: `您的申请(${item.name},办件编号 ${number})已提交。Your application ${number} has been received.` }));
  return { ...row!, version: ev.seq, lastHash: ev.hash };
}

// ---- cases of a bundle (一件事): created and moved inside the bundle's transaction ---------------------------

export type CaseApplicant = Applicant;

/** Who the application is for: the applicant calling, or the one a window clerk names (checked as for apply). */
export async function resolveApplicant(db: Db, env: CaseEnv, caller: Caller, input: { channel: Channel; applicant?: ApplicantInput }): Promise<Applicant> {
  return applicantOf(db, env, caller, { itemId: '', form: {}, ...input });
}

export interface ApplyInTxInput {
  itemId: string;
  applicant: Applicant;
  channel: Channel;
  form: Record<string, unknown>;
  materials: MaterialInput[];
  /** Whose uploads the materials' files are (one uploaded file may serve several cases of the applicant). */
  fileOwnerId: string;
  filedBy: string | null;
  /** Who the apply event names: the applicant or clerk of the bundle application, or the system for a later stage. */
  actor: { id: string | null; displayName: string | null; role: string };
  /** Fields an earlier case's result fills in later (a bundle's prefilled fields): not required now. */
  optionalFields?: readonly string[];
  /** Recorded in the apply event (the bundle case it belongs to). */
  payload?: Record<string, unknown>;
}

function relaxForm(form: ItemSnapshot['form'], optional: readonly string[] = []): ItemSnapshot['form'] {
  if (!optional.length) return form;
  return { fields: form.fields.map((f) => (optional.includes(f.key) ? { ...f, required: false } : f)) };
}

/** The form problems a case of this item would be refused for (a bundle checks every child before creating any). */
export async function checkApplicationForm(db: Db, itemId: string, form: Record<string, unknown>, optionalFields: readonly string[] = [], at = new Date()) {
  const version = await versionForNewApplication(db, itemId);
  return validateForm(relaxForm(version.content.form as ItemSnapshot['form'], optionalFields) as Parameters<typeof validateForm>[0], form, at);
}

/** 申请 inside the caller's transaction, without an HTTP caller: a bundle's child case. */
export async function applyInTx(tx: Db, env: CaseEnv, input: ApplyInTxInput, sms: SmsRef[]): Promise<{ caseId: string; number: string; regionCode: string }> {
  const version = await versionForNewApplication(tx, input.itemId);
  const item = await snapshotOf(tx, version.content);
  if (!item.audiences.includes(input.applicant.kind)) throw new AppError('CASE_AUDIENCE_MISMATCH', { field: 'itemId', audiences: item.audiences });
  const at = nowOf(env);
  const problems = validateForm(relaxForm(item.form, input.optionalFields) as Parameters<typeof validateForm>[0], input.form, at);
  if (problems.length) throw new AppError('CASE_FORM_INVALID', { itemCode: item.code, fields: problems.map((p) => ({ ...p, field: `form.${p.field}` })) });
  const owner = { id: input.fileOwnerId } as Caller;
  const materials = await resolveMaterials(tx, owner, input.applicant, item, input.materials, 'materials', 0, true);
  const cal = await calendarOf(tx, version.content.regionCode);
  const row = await insertCase(tx, env, { version, item, applicant: input.applicant, channel: input.channel, form: input.form, materials, filedBy: input.filedBy, actor: input.actor, at, clock: clockInstants(cal, at, ACCEPTANCE_DECISION_DAYS), payload: input.payload }, sms);
  return { caseId: row.id, number: row.number, regionCode: row.regionCode };
}

const FOR_THE_HALL: OnBehalf = { relations: new Set<Relation>(['hall_clerk']), role: 'window_clerk' };

/** 受理 inside the caller's transaction, for a bundle accepted once at its window (一窗受理). */
export async function acceptInTx(tx: Db, env: CaseEnv, clerk: Caller, regionCode: string, caseId: string, sms: SmsRef[]): Promise<void> {
  const cal = await calendarOf(tx, regionCode);
  await transitionInTx(tx, env, clerk, regionCode, caseId, 'accept', {}, cal, sms, acceptBody(env, clerk), FOR_THE_HALL);
}

/** 出件 inside the caller's transaction, for a bundle whose results one window hands out (统一出件). */
export async function deliverInTx(tx: Db, env: CaseEnv, clerk: Caller, regionCode: string, caseId: string, input: DeliveryInput, sms: SmsRef[]) {
  checkDelivery(input);
  const cal = await calendarOf(tx, regionCode);
  return (await transitionInTx(tx, env, clerk, regionCode, caseId, 'deliver', {}, cal, sms, deliverBody(env, clerk, input), FOR_THE_HALL)).result;
}

/**
 * Ends an open case because its bundle stopped (a denial under the bundle's \`stop\` rule): the clock closes and
 * the case ends withdrawn, with a \`terminate\` event naming the reason. A case already closed is left alone.
 */
export async function terminateInTx(tx: Db, env: CaseEnv, actor: { id: string | null; displayName: string | null }, regionCode: string, caseId: string, reason: string, sms: SmsRef[]): Promise<boolean> {
  const row = await lockCase(tx, regionCode, caseId);
  if (!(OPEN_STATES as readonly string[]).includes(row.state)) return false;
  const at = nowOf(env);
  const ev = await appendEvent(tx, row, { at, actorId: actor.id, actorName: actor.displayName, role: 'system', action: 'terminate', fromState: row.state, toState: 'withdrawn', payload: { reason } });
  await tx
    .update(cases)
    .set({ ...closeClock(row, at), concludedAt: at, currentStepDepartmentId: null, state: 'withdrawn', version: ev.seq, lastHash: ev.hash, updatedAt: at })
    .where(and(eq(cases.regionCode, row.regionCode), eq(cases.id, row.id)));
  sms.push(await notify(tx, row, at, { kind: 'terminated', title: '办件已终止 Case ended', body: `办件 ${row.number} 已终止:${reason}。Case ${row.number} has ended.` }));
  return true;
}

async function idempotentReplay(db: Db, actorId: string, key: string, requestHash: string): Promise<string | null> {
  const [k] = await db.select().from(caseIdempotencyKeys).where(and(eq(caseIdempotencyKeys.actorId, actorId), eq(caseIdempotencyKeys.key, key)));
  if (!k) return null;
  if (k.requestHash !== requestHash) throw new AppError('CASE_IDEMPOTENCY_MISMATCH', { header: 'Idempotency-Key' });
  if (!k.caseId) throw new AppError('CONFLICT', { header: 'Idempotency-Key', reason: 'in progress' });
  return k.caseId;
}

// ---- 预审, 受理, 补正, 不予受理 -------------------------------------------------------------------------

async function currentMaterials(tx: Db, row: CaseRow) {
  return tx
    .select()
    .from(caseMaterials)
    .where(and(eq(caseMaterials.regionCode, row.regionCode), eq(caseMaterials.caseId, row.id), eq(caseMaterials.superseded, false)))
    .orderBy(asc(caseMaterials.requirement), asc(caseMaterials.createdAt));
}

function slotsOf(materials: Awaited<ReturnType<typeof currentMaterials>>) {
  return materials.map((m) => ({ requirement: m.requirement, provided: true, review: m.review }));
}

export async function reviewMaterial(db: Db, env: CaseEnv, caller: Caller, caseId: string, materialId: string, verdict: { review: 'ok' | 'faulty'; reason?: string }) {
  await transition(db, env, caller, caseId, 'review_material', {}, async ({ tx, row, at }) => {
    const [m] = await tx
      .update(caseMaterials)
      .set({ review: verdict.review, reviewReason: verdict.reason ?? null, reviewedBy: caller.id, reviewedAt: at })
      .where(and(eq(caseMaterials.regionCode, row.regionCode), eq(caseMaterials.caseId, row.id), eq(caseMaterials.id, materialId), eq(caseMaterials.superseded, false)))
      .returning();
    if (!m) throw new AppError('CASE_MATERIAL_NOT_FOUND', { materialId });
    return { payload: { materialId, requirement: m.requirement, review: verdict.review, reason: verdict.reason ?? null } };
  });
}

function startProcessing(row: CaseRow, cal: WorkCalendar, at: Date) {
  const limit = processingLimit(row.item);
  return {
    acceptedAt: at,
    clockKind: 'processing' as const,
    clockStart: at,
    limitDays: limit,
    paused: false,
    currentStep: row.item.steps.length ? 0 : null,
    currentStepDepartmentId: row.item.steps[0]?.departmentId ?? null,
    closedOverdue: row.dueAt ? at.getTime() > row.dueAt.getTime() : null,
    ...clockInstants(cal, at, limit),
  };
}

async function activateStep(tx: Db, row: CaseRow, idx: number, at: Date) {
  await tx.update(caseSteps).set({ state: 'active', startedAt: at, finishedAt: null, actorId: null, opinion: null }).where(and(eq(caseSteps.regionCode, row.regionCode), eq(caseSteps.caseId, row.id), eq(caseSteps.idx, idx)));
}

/** 受理: every required material present and none faulty; unreviewed ones are taken as reviewed by accepting. */
export async function accept(db: Db, env: CaseEnv, caller: Caller, caseId: string) {
  return transition(db, env, caller, caseId, 'accept', {}, acceptBody(env, caller));
}

function acceptBody(env: CaseEnv, caller: Caller) {
  return async ({ tx, row, at, cal }: TransitionContext) => {
    const materials = await currentMaterials(tx, row);
    const chk = acceptanceCheck(row.item.materials, slotsOf(materials));
    if (chk.missing.length) throw new AppError('CASE_MATERIALS_INCOMPLETE', { missing: chk.missing.map((i) => ({ requirement: i, name: row.item.materials[i]!.name })) });
    await tx.update(caseMaterials).set({ review: 'ok', reviewedBy: caller.id, reviewedAt: at }).where(and(eq(caseMaterials.regionCode, row.regionCode), eq(caseMaterials.caseId, row.id), eq(caseMaterials.review, 'pending')));
    if (row.item.steps.length) await activateStep(tx, row, 0, at);
    const patch = startProcessing(row, cal, at);
    const doc = await issueDocument(tx, env, row, 'acceptance_notice', at, [
      ['受理时间 Accepted at', fmt(at)],
      ['承诺办结时限 Promised limit', patch.limitDays === null ? '—' : `${patch.limitDays} 个工作日 working days`],
      ['预计办结时间 Due', patch.dueAt ? fmt(patch.dueAt) : '—'],
    ], ['您的申请材料齐全、符合法定形式,现予受理。Your application is complete and has been accepted.']);
    return {
      payload: { documentId: doc, limitDays: patch.limitDays, dueAt: patch.dueAt?.toISOString() ?? null },
      patch,
      notice: { kind: 'accepted', title: '已受理 Accepted', body: `办件 ${row.number} 已受理${patch.dueAt ? `,预计 ${fmt(patch.dueAt)} 前办结` : ''}。Case ${row.number} accepted.` },
      result: { documentId: doc },
    };
  };
}

/** 容缺受理: only materials marked 容缺-allowed are missing; the applicant signs to supply them by a deadline. */
export async function acceptWithDeficiency(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { commitment: string; signedBy: string; deadline: Date }) {
  return transition(db, env, caller, caseId, 'accept_with_deficiency', {}, async ({ tx, row, at, cal }) => {
    await refuseListed(tx, env.cipher.decrypt(row.applicantIdEnc), 'deficiency', at);
    if (input.deadline.getTime() <= at.getTime()) throw new AppError('CASE_DEADLINE_INVALID', { field: 'deadline' });
    const chk = acceptanceCheck(row.item.materials, slotsOf(await currentMaterials(tx, row)));
    if (chk.missing.length === 0 || chk.blocking.length) {
      throw new AppError('CASE_DEFICIENCY_NOT_ALLOWED', { missing: chk.missing, blocking: chk.blocking.map((i) => ({ requirement: i, name: row.item.materials[i]!.name })) });
    }
    await tx.update(caseMaterials).set({ review: 'ok', reviewedBy: caller.id, reviewedAt: at }).where(and(eq(caseMaterials.regionCode, row.regionCode), eq(caseMaterials.caseId, row.id), eq(caseMaterials.review, 'pending')));
    await tx.insert(caseCommitments).values({ regionCode: row.regionCode, caseId: row.id, requirements: chk.missing, text: input.commitment, signedBy: input.signedBy, deadline: input.deadline, createdAt: at });
    if (row.item.steps.length) await activateStep(tx, row, 0, at);
    const names = chk.missing.map((i) => row.item.materials[i]!.name);
    const commitmentDoc = await issueDocument(tx, env, row, 'deficiency_commitment', at, [
      ['容缺材料 Materials to supply', names.join('、')],
      ['补交期限 Deadline', fmt(input.deadline)],
      ['承诺人 Signed by', input.signedBy],
    ], [input.commitment]);
    const patch = { ...startProcessing(row, cal, at), pendingDeficiencies: chk.missing.length };
    const notice = await issueDocument(tx, env, row, 'acceptance_notice', at, [
      ['受理时间 Accepted at', fmt(at)],
      ['容缺受理 Accepted with deficiency', `${names.join('、')}(${fmt(input.deadline)} 前补交 supply by the deadline)`],
      ['预计办结时间 Due', patch.dueAt ? fmt(patch.dueAt) : '—'],
    ]);
    return {
      payload: { missing: chk.missing, deadline: input.deadline.toISOString(), commitmentDocumentId: commitmentDoc, documentId: notice, dueAt: patch.dueAt?.toISOString() ?? null },
      patch,
      notice: { kind: 'accepted', title: '已容缺受理 Accepted with deficiency', body: `办件 ${row.number} 已容缺受理,请于 ${fmt(input.deadline)} 前补交:${names.join('、')}。` },
      result: { documentId: notice, commitmentDocumentId: commitmentDoc },
    };
  });
}

export interface CorrectionItem {
  requirement: number;
  reason: string;
}

/**
 * 一次性告知补正: one notice lists every missing or faulty material. Before acceptance it stops the
 * acceptance clock; after acceptance (by the step's approver) it pauses the processing clock.
 */
export async function requestCorrection(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { items: CorrectionItem[]; step?: number }) {
  return transition(db, env, caller, caseId, 'request_correction', { step: input.step }, async ({ tx, row, at }) => {
    const materials = await currentMaterials(tx, row);
    input.items.forEach((it, i) => {
      if (!row.item.materials[it.requirement]) throw new AppError('CASE_MATERIAL_REQUIREMENT_UNKNOWN', { field: `items[${i}].requirement` });
    });
    const listed = new Set(input.items.map((i) => i.requirement));
    if (row.state === 'submitted') {
      const chk = acceptanceCheck(row.item.materials, slotsOf(materials));
      const omitted = chk.missing.filter((i) => !listed.has(i));
      if (omitted.length) throw new AppError('CASE_CORRECTION_INCOMPLETE', { omitted: omitted.map((i) => ({ requirement: i, name: row.item.materials[i]!.name })) });
    }
    const currentHash = new Map(materials.map((m) => [m.requirement, m.fileHash ?? m.reference ?? null]));
    const previous = await tx.select().from(caseCorrections).where(and(eq(caseCorrections.regionCode, row.regionCode), eq(caseCorrections.caseId, row.id))).orderBy(asc(caseCorrections.requestedAt));
    const lastNoticed = new Map<number, { fileHash: string | null }>();
    for (const c of previous) for (const it of c.items) lastNoticed.set(it.requirement, { fileHash: it.fileHash });
    const repeated = input.items.filter((it) => correctionRepeatRefused(lastNoticed.get(it.requirement), { fileHash: currentHash.get(it.requirement) ?? null }));
    if (repeated.length) throw new AppError('CASE_CORRECTION_REPEATED', { requirements: repeated.map((r) => r.requirement) });
    const items = input.items.map((it) => ({ requirement: it.requirement, name: row.item.materials[it.requirement]!.name, reason: it.reason, fileHash: currentHash.get(it.requirement) ?? null }));
    const stage = row.state === 'submitted' ? ('pre_acceptance' as const) : ('post_acceptance' as const);
    const [corr] = await tx.insert(caseCorrections).values({ regionCode: row.regionCode, caseId: row.id, stage, items, requestedBy: caller.id, requestedAt: at }).returning({ id: caseCorrections.id });
    const doc = await issueDocument(
      tx,
      env,
      row,
      'correction_notice',
      at,
      items.map((it, i) => [`${i + 1}. ${it.name}`, it.reason] as [string, string]),
      ['请一次性补正上列全部材料后重新提交。Please correct every material listed above, then resubmit.'],
    );
    return {
      payload: { correctionId: corr!.id, stage, items, documentId: doc },
      patch: stopClock,
      notice: { kind: 'correction', title: '请补正材料 Materials to correct', body: `办件 ${row.number} 需补正:${items.map((i) => `${i.name}(${i.reason})`).join(';')}。` },
      result: { correctionId: corr!.id, documentId: doc },
    };
  });
}

/** Bytes of the case's current materials, leaving out the requirements about to be replaced. */
async function caseBytes(db: Db, regionCode: string, caseId: string, replacing: readonly number[] = []): Promise<number> {
  const rows = await db
    .select({ requirement: caseMaterials.requirement, size: caseMaterials.size })
    .from(caseMaterials)
    .where(and(eq(caseMaterials.regionCode, regionCode), eq(caseMaterials.caseId, caseId), eq(caseMaterials.superseded, false)));
  return rows.filter((r) => !replacing.includes(r.requirement)).reduce((sum, r) => sum + (r.size ?? 0), 0);
}

/** The applicant (or the clerk at the window) hands in the corrected materials; the clock restarts or resumes. */
export async function resubmit(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { materials: MaterialInput[] }) {
  const { regionCode } = await preRead(db, caseId);
  const [row0] = await db.select().from(cases).where(and(eq(cases.regionCode, regionCode), eq(cases.id, caseId)));
  authorizeRead(caller, scopeOf(row0!));
  const applicant: Applicant = { id: row0!.applicantId, kind: row0!.applicantKind, name: row0!.applicantName, identifier: env.cipher.decrypt(row0!.applicantIdEnc), mobile: null };
  const existing = await caseBytes(db, regionCode, caseId, input.materials.map((m) => m.requirement));
  const resolved = await resolveMaterials(db, caller, applicant, row0!.item, input.materials, 'materials', existing);
  await transition(db, env, caller, caseId, 'resubmit', {}, async ({ tx, row, at, cal }) => {
    const reqs = [...new Set(resolved.map((m) => m.requirement))];
    if (reqs.length) {
      await tx.update(caseMaterials).set({ superseded: true }).where(and(eq(caseMaterials.regionCode, row.regionCode), eq(caseMaterials.caseId, row.id), inArray(caseMaterials.requirement, reqs)));
      await tx.insert(caseMaterials).values(resolved.map((m) => ({ ...m, regionCode: row.regionCode, caseId: row.id })));
    }
    await tx.update(caseCorrections).set({ resolvedAt: at }).where(and(eq(caseCorrections.regionCode, row.regionCode), eq(caseCorrections.caseId, row.id), isNull(caseCorrections.resolvedAt)));
    let patch: Partial<typeof cases.$inferInsert>;
    if (row.state === 'correction_requested') {
      // The decision on acceptance is due five working days after the corrected application arrives.
      patch = { clockStart: at, paused: false, ...clockInstants(cal, at, ACCEPTANCE_DECISION_DAYS) };
    } else {
      const pauses = await processingPauses(tx, row.regionCode, row.id);
      patch = { paused: false, ...clockInstants(cal, row.clockStart!, row.limitDays, pauses) };
    }
    return { payload: { materials: resolved.map((m) => ({ requirement: m.requirement, source: m.source, fileHash: m.fileHash ?? null })) }, patch };
  });
}

/** 不予受理: with the reason and its legal basis, as a printable decision. */
export async function reject(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { reason: string; basis: string }) {
  return transition(db, env, caller, caseId, 'reject', {}, async ({ tx, row, at }) => {
    const doc = await issueDocument(tx, env, row, 'rejection_decision', at, [['理由 Reason', input.reason], ['依据 Legal basis', input.basis]], ['如不服本决定,可依法申请行政复议或提起行政诉讼。You may apply for administrative reconsideration or bring an administrative lawsuit.']);
    return {
      payload: { reason: input.reason, basis: input.basis, documentId: doc },
      patch: { ...closeClock(row, at), concludedAt: at },
      notice: { kind: 'rejected', title: '不予受理 Not accepted', body: `办件 ${row.number} 不予受理:${input.reason}。` },
      result: { documentId: doc },
    };
  });
}

export async function withdraw(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { reason?: string }) {
  await transition(db, env, caller, caseId, 'withdraw', {}, async ({ row, at }) => ({ payload: { reason: input.reason ?? null }, patch: { ...closeClock(row, at), concludedAt: at } }));
}

// ---- 告知承诺 ---------------------------------------------------------------------------------------------

export const DEFAULT_VERIFICATION_DAYS = 20;

/** Concludes the case on the applicant's pledge and opens a verification task (核查) for the item's department. */
export async function pledge(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { text: string; signedBy: string; verificationDays?: number }) {
  return transition(db, env, caller, caseId, 'pledge', {}, async ({ tx, row, at, cal }) => {
    await refuseListed(tx, env.cipher.decrypt(row.applicantIdEnc), 'pledge', at);
    const days = input.verificationDays ?? DEFAULT_VERIFICATION_DAYS;
    const verificationDueAt = due(cal, at, days).due;
    const [p] = await tx
      .insert(casePledges)
      .values({ regionCode: row.regionCode, caseId: row.id, text: input.text, signedBy: input.signedBy, createdAt: at, verificationDepartmentId: row.departmentId, verificationDueAt, verificationState: 'open' })
      .returning({ id: casePledges.id });
    const pledgeDoc = await issueDocument(tx, env, row, 'pledge', at, [['承诺人 Signed by', input.signedBy]], [input.text]);
    const decision = await issueDocument(tx, env, row, 'decision', at, [['决定 Decision', '准予(告知承诺) Approved on pledge'], ['核查期限 Verification due', fmt(verificationDueAt)]], ['申请人承诺符合条件,现予办结;经核查承诺不实的,依法撤销。Concluded on the applicant’s pledge; a false pledge revokes the result.']);
    return {
      payload: { pledgeId: p!.id, verificationDueAt: verificationDueAt.toISOString(), documentId: decision, pledgeDocumentId: pledgeDoc },
      patch: { ...closeClock(row, at), acceptedAt: at, concludedAt: at },
      notice: { kind: 'concluded', title: '已办结(告知承诺)Concluded on pledge', body: `办件 ${row.number} 已按告知承诺办结。` },
      result: { pledgeId: p!.id, documentId: decision },
    };
  });
}

/** 核查 of a pledge: confirmed, or found false (the result is revoked). */
export async function verifyPledge(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { result: 'confirmed' | 'false'; note: string }) {
  const action = input.result === 'confirmed' ? 'verify_pledge' : 'revoke';
  await transition(db, env, caller, caseId, action, {}, async ({ tx, row, at }) => {
    const [p] = await tx
      .update(casePledges)
      .set({ verificationState: input.result, verifiedBy: caller.id, verifiedAt: at, note: input.note })
      .where(and(eq(casePledges.regionCode, row.regionCode), eq(casePledges.caseId, row.id), eq(casePledges.verificationState, 'open')))
      .returning({ id: casePledges.id });
    if (input.result === 'false') await recordFalsePledge(tx, { regionCode: row.regionCode, caseNumber: row.number, applicantName: row.applicantName, identifier: env.cipher.decrypt(row.applicantIdEnc), note: input.note, at, actorId: caller.id });
    return {
      payload: { pledgeId: p!.id, result: input.result, note: input.note },
      ...(input.result === 'false' ? { notice: { kind: 'revoked', title: '办理结果已撤销 Result revoked', body: `经核查,办件 ${row.number} 的承诺不实,办理结果依法撤销:${input.note}` } } : {}),
    };
  });
}

// ---- 容缺 materials after acceptance -----------------------------------------------------------------------

export async function supplyDeficiency(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: MaterialInput) {
  const { regionCode } = await preRead(db, caseId);
  const [row0] = await db.select().from(cases).where(and(eq(cases.regionCode, regionCode), eq(cases.id, caseId)));
  authorizeRead(caller, scopeOf(row0!));
  const existing = await caseBytes(db, regionCode, caseId);
  const [m] = await resolveMaterials(db, caller, { id: row0!.applicantId, kind: row0!.applicantKind, name: '', identifier: env.cipher.decrypt(row0!.applicantIdEnc), mobile: null }, row0!.item, [input], 'material', existing);
  await transition(db, env, caller, caseId, 'supply_deficiency', {}, async ({ tx, row, at }) => {
    const [c] = await tx.select().from(caseCommitments).where(and(eq(caseCommitments.regionCode, row.regionCode), eq(caseCommitments.caseId, row.id), isNull(caseCommitments.fulfilledAt)));
    if (!c || !c.requirements.includes(input.requirement)) throw new AppError('CASE_NOT_DEFICIENT', { field: 'requirement' });
    const supplied = await currentMaterials(tx, row);
    const have = new Set(supplied.map((s) => s.requirement));
    await tx.insert(caseMaterials).values({ ...m!, regionCode: row.regionCode, caseId: row.id });
    have.add(input.requirement);
    const pending = c.requirements.filter((r) => !have.has(r)).length;
    if (pending === 0) await tx.update(caseCommitments).set({ fulfilledAt: at }).where(and(eq(caseCommitments.regionCode, row.regionCode), eq(caseCommitments.id, c.id)));
    return { payload: { requirement: input.requirement, fileHash: m!.fileHash ?? null, pending }, patch: { pendingDeficiencies: pending, ...(pending === 0 ? { deficiencyOverdue: false } : {}) } };
  });
}

// ---- back-office steps -------------------------------------------------------------------------------------

export async function passStep(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { step: number; opinion?: string }) {
  await transition(db, env, caller, caseId, 'pass_step', { step: input.step }, async ({ tx, row, at }) => {
    const next = input.step + 1;
    await tx.update(caseSteps).set({ state: 'passed', finishedAt: at, actorId: caller.id, opinion: input.opinion ?? null }).where(and(eq(caseSteps.regionCode, row.regionCode), eq(caseSteps.caseId, row.id), eq(caseSteps.idx, input.step)));
    await activateStep(tx, row, next, at);
    return { payload: { step: input.step, next, opinion: input.opinion ?? null }, patch: { currentStep: next, currentStepDepartmentId: row.item.steps[next]!.departmentId } };
  });
}

export async function returnStep(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { step: number; toStep: number; reason: string }) {
  await transition(db, env, caller, caseId, 'return_step', { step: input.step, toStep: input.toStep }, async ({ tx, row, at }) => {
    await tx.update(caseSteps).set({ state: 'returned', finishedAt: at, actorId: caller.id, opinion: input.reason }).where(and(eq(caseSteps.regionCode, row.regionCode), eq(caseSteps.caseId, row.id), eq(caseSteps.idx, input.step)));
    await activateStep(tx, row, input.toStep, at);
    return { payload: { step: input.step, toStep: input.toStep, reason: input.reason }, patch: { currentStep: input.toStep, currentStepDepartmentId: row.item.steps[input.toStep]!.departmentId } };
  });
}

export async function startSpecialProcedure(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { step: number; kind: string; reason: string; expectedDays?: number }) {
  return transition(db, env, caller, caseId, 'start_special_procedure', { step: input.step }, async ({ tx, row, at }) => {
    const [p] = await tx
      .insert(caseSpecialProcedures)
      .values({ regionCode: row.regionCode, caseId: row.id, kind: input.kind, reason: input.reason, expectedDays: input.expectedDays ?? null, startedAt: at, startedBy: caller.id })
      .returning({ id: caseSpecialProcedures.id });
    return {
      payload: { procedureId: p!.id, kind: input.kind, reason: input.reason, expectedDays: input.expectedDays ?? null },
      patch: stopClock,
      notice: { kind: 'special_procedure', title: '进入特别程序 Special procedure', body: `办件 ${row.number} 进入特别程序(${input.kind}),该期间不计入办理时限。` },
      result: { procedureId: p!.id },
    };
  });
}

export async function endSpecialProcedure(db: Db, env: CaseEnv, caller: Caller, caseId: string, procedureId: string, input: { result: string }) {
  await transition(db, env, caller, caseId, 'end_special_procedure', {}, async ({ tx, row, at, cal }) => {
    const [p] = await tx
      .update(caseSpecialProcedures)
      .set({ endedAt: at, endedBy: caller.id, result: input.result })
      .where(and(eq(caseSpecialProcedures.regionCode, row.regionCode), eq(caseSpecialProcedures.caseId, row.id), eq(caseSpecialProcedures.id, procedureId), isNull(caseSpecialProcedures.endedAt)))
      .returning();
    if (!p) throw new AppError('CASE_PROCEDURE_NOT_FOUND', { procedureId });
    const pauses = await processingPauses(tx, row.regionCode, row.id);
    const patch = { paused: false, ...clockInstants(cal, row.clockStart!, row.limitDays, pauses) };
    return { payload: { procedureId, result: input.result, dueAt: patch.dueAt?.toISOString() ?? null }, patch };
  });
}

export async function conclude(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: { step: number; decision: 'approve' | 'deny'; text: string; reason?: string }) {
  return transition(db, env, caller, caseId, 'conclude', { step: input.step, decision: input.decision }, async ({ tx, row, at }) => {
    await tx
      .update(caseSteps)
      .set({ state: input.decision === 'approve' ? 'approved' : 'denied', finishedAt: at, actorId: caller.id, opinion: input.reason ?? input.text })
      .where(and(eq(caseSteps.regionCode, row.regionCode), eq(caseSteps.caseId, row.id), eq(caseSteps.idx, input.step)));
    const label = input.decision === 'approve' ? '准予 Approved' : '不予 Denied';
    const doc = await issueDocument(tx, env, row, 'decision', at, [['决定 Decision', label], ...(input.reason ? ([['理由 Reason', input.reason]] as [string, string][]) : []), ['办理结果 Result', row.item.result.name]], [input.text]);
    return {
      payload: { step: input.step, decision: input.decision, reason: input.reason ?? null, documentId: doc, textHash: sm3(input.text) },
      patch: { ...closeClock(row, at), concludedAt: at, currentStepDepartmentId: null },
      notice: { kind: 'concluded', title: `已办结:${label}`, body: `办件 ${row.number} 已办结,决定:${label}。` },
      result: { documentId: doc },
    };
  });
}

export interface DeliveryInput {
  method: 'window' | 'post' | 'electronic';
  receiverName: string;
  address?: string;
  trackingNumber?: string;
}

/** 出件 / 送达: window pickup, post (address and tracking number) or electronic; records who received it. */
export async function deliver(db: Db, env: CaseEnv, caller: Caller, caseId: string, input: DeliveryInput) {
  checkDelivery(input);
  return transition(db, env, caller, caseId, 'deliver', {}, deliverBody(env, caller, input));
}

function checkDelivery(input: DeliveryInput): void {
  if (input.method === 'post') {
    if (!input.address) throw new AppError('CASE_DELIVERY_INCOMPLETE', { field: 'address' });
    if (!input.trackingNumber) throw new AppError('CASE_DELIVERY_INCOMPLETE', { field: 'trackingNumber' });
  }
}

function deliverBody(env: CaseEnv, caller: Caller, input: DeliveryInput) {
  return async ({ tx, row, at }: TransitionContext) => {
    const [d] = await tx
      .insert(caseDeliveries)
      .values({ regionCode: row.regionCode, caseId: row.id, method: input.method, receiverName: input.receiverName, address: input.address ?? null, trackingNumber: input.trackingNumber ?? null, deliveredBy: caller.id, deliveredAt: at })
      .returning({ id: caseDeliveries.id });
    const how = { window: '窗口领取 Window pickup', post: '邮寄 Post', electronic: '电子送达 Electronic' }[input.method];
    const doc = await issueDocument(tx, env, row, 'delivery_receipt', at, [
      ['送达方式 Method', how],
      ['受送达人 Received by', input.receiverName],
      ...(input.address ? ([['地址 Address', input.address]] as [string, string][]) : []),
      ...(input.trackingNumber ? ([['运单号 Tracking number', input.trackingNumber]] as [string, string][]) : []),
    ]);
    return {
      payload: { deliveryId: d!.id, method: input.method, receiverName: input.receiverName, trackingNumber: input.trackingNumber ?? null, documentId: doc },
      patch: { deliveredAt: at },
      notice: { kind: 'delivered', title: '已送达 Delivered', body: `办件 ${row.number} 的办理结果已送达(${how})。` },
      result: { deliveryId: d!.id, documentId: doc },
    };
  };
}

// ---- reading -----------------------------------------------------------------------------------------------

export interface ClockView {
  kind: 'acceptance' | 'processing' | null;
  limitDays: number | null;
  startedAt: string | null;
  due: string | null;
  remainingWorkingDays: number | null;
  card: 'green' | 'yellow' | 'red' | null;
  paused: boolean;
  provisional: boolean;
  /** How the processing clock ended at 办结: its due then, the working time it took and whether it ran over. */
  closed: { at: string; due: string; usedWorkingDays: number; overdue: boolean } | null;
}

async function clockView(db: Db, row: CaseRow, now: Date, knownPauses?: Pause[]): Promise<ClockView> {
  const base = { kind: row.clockKind, limitDays: row.limitDays, startedAt: row.clockStart?.toISOString() ?? null, paused: row.paused };
  const stopped = { ...base, due: null, remainingWorkingDays: null, card: null, provisional: false, closed: null };
  const open = (OPEN_STATES as readonly string[]).includes(row.state);
  // After 办结 the processing clock is read at the 办结 instant; any other closed case has no clock to show.
  const concludedAt = !open && row.clockKind === 'processing' && (CONCLUDED_STATES as readonly string[]).includes(row.state) ? row.concludedAt : null;
  if (row.limitDays === null || !row.clockStart || (!open && !concludedAt) || (row.clockKind === 'acceptance' && row.paused)) return stopped;
  const cal = await calendarOf(db, row.regionCode);
  const pauses = row.clockKind === 'processing' ? (knownPauses ?? (await processingPauses(db, row.regionCode, row.id))) : [];
  const clock = { start: row.clockStart, limitDays: row.limitDays, pauses };
  if (concludedAt) {
    const r = remaining(cal, clock, concludedAt);
    const used = elapsed(cal, clock, concludedAt).workingDays;
    // The verdict recorded at 办结 stands; a calendar corrected later moves the due shown, not the record.
    const overdue = row.closedOverdue ?? r.overdue;
    return { ...stopped, closed: { at: concludedAt.toISOString(), due: r.due.toISOString(), usedWorkingDays: Math.round(used * 100) / 100, overdue } };
  }
  // card() computes the remaining time on its way to the colour; one pass gives both.
  const c = card(cal, clock, now);
  return { ...base, due: c.due.toISOString(), remainingWorkingDays: Math.round(c.remaining.workingDays * 100) / 100, card: c.color, provisional: c.provisional, closed: null };
}

function summary(row: CaseRow, caller: Caller, facts: CaseFacts, now: Date) {
  return {
    id: row.id,
    number: row.number,
    regionCode: row.regionCode,
    itemId: row.itemId,
    itemVersion: row.itemVersion,
    itemName: row.item.name,
    channel: row.channel,
    applicantKind: row.applicantKind,
    applicantName: row.applicantName,
    applicantIdMasked: row.applicantIdMasked,
    state: row.state as CaseState,
    currentStep: row.currentStep,
    currentStepName: row.currentStep !== null ? row.item.steps[row.currentStep]?.name ?? null : null,
    submittedAt: row.submittedAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    concludedAt: row.concludedAt?.toISOString() ?? null,
    dueAt: row.dueAt?.toISOString() ?? null,
    card: cardFromInstants(now, row.dueAt, row.yellowAt),
    paused: row.paused,
    pendingDeficiencies: row.pendingDeficiencies,
    deficiencyOverdue: row.deficiencyOverdue,
    version: row.version,
    abilities: abilities(caller, scopeOf(row), facts),
  };
}

/** One JSON array of a case's child rows, built in the database: one round trip for the whole detail. */
const children = (table: string, fields: string, order: string) =>
  sql.raw(`(SELECT coalesce(json_agg(json_build_object(${fields}) ORDER BY ${order}), '[]'::json) FROM ${table} x WHERE x.region_code = cases.region_code AND x.case_id = cases.id)`);

const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
type J = Record<string, string | number | boolean | null | number[]>;

export async function getCase(db: Db, env: CaseEnv, caller: Caller, caseId: string) {
  const { regionCode } = await preRead(db, caseId);
  const [r] = await db
    .select({
      row: cases,
      materials: sql<J[]>`${children('case_materials', "'id', x.id, 'requirement', x.requirement, 'name', x.name, 'source', x.source, 'fileHash', x.file_hash, 'size', x.size, 'mime', x.mime, 'reference', x.reference, 'review', x.review, 'reviewReason', x.review_reason, 'superseded', x.superseded", 'x.requirement, x.created_at')}`,
      steps: sql<J[]>`${children('case_steps', "'idx', x.idx, 'name', x.name, 'departmentId', x.department_id, 'role', x.role, 'state', x.state, 'startedAt', x.started_at, 'finishedAt', x.finished_at, 'opinion', x.opinion", 'x.idx')}`,
      corrections: sql<(J & { items: { requirement: number; name: string; reason: string }[] })[]>`${children('case_corrections', "'id', x.id, 'stage', x.stage, 'items', x.items, 'requestedAt', x.requested_at, 'resolvedAt', x.resolved_at", 'x.requested_at')}`,
      procedures: sql<J[]>`${children('case_special_procedures', "'id', x.id, 'kind', x.kind, 'reason', x.reason, 'expectedDays', x.expected_days, 'startedAt', x.started_at, 'endedAt', x.ended_at, 'result', x.result", 'x.started_at')}`,
      commitments: sql<J[]>`${children('case_commitments', "'id', x.id, 'requirements', x.requirements, 'deadline', x.deadline, 'remindedAt', x.reminded_at, 'overdueAt', x.overdue_at, 'fulfilledAt', x.fulfilled_at", 'x.created_at')}`,
      pledges: sql<J[]>`${children('case_pledges', "'id', x.id, 'verificationDueAt', x.verification_due_at, 'verificationState', x.verification_state, 'verifiedAt', x.verified_at, 'note', x.note", 'x.created_at')}`,
      deliveries: sql<J[]>`${children('case_deliveries', "'id', x.id, 'method', x.method, 'receiverName', x.receiver_name, 'address', x.address, 'trackingNumber', x.tracking_number, 'deliveredAt', x.delivered_at", 'x.delivered_at')}`,
      documents: sql<J[]>`${children('case_documents', "'id', x.id, 'kind', x.kind, 'title', x.title, 'createdAt', x.created_at", 'x.created_at')}`,
    })
    .from(cases)
    .where(and(eq(cases.regionCode, regionCode), eq(cases.id, caseId)));
  const row = r!.row;
  authorizeRead(caller, scopeOf(row));
  const now = nowOf(env);
  const s = (v: unknown) => v as string;
  const n = (v: unknown) => (v === null ? null : Number(v));
  const pauses: Pause[] = [
    ...r!.procedures.map((p) => ({ start: new Date(s(p.startedAt)), end: p.endedAt === null ? null : new Date(s(p.endedAt)) })),
    ...r!.corrections.filter((c) => c.stage === 'post_acceptance').map((c) => ({ start: new Date(s(c.requestedAt)), end: c.resolvedAt === null ? null : new Date(s(c.resolvedAt)) })),
  ];
  const facts: CaseFacts = { ...(await factsOf(db, row, false)), hasPledge: r!.pledges.length > 0, openVerification: r!.pledges.some((p) => p.verificationState === 'open') };
  return {
    ...summary(row, caller, facts, now),
    form: caller.id === row.applicantId ? row.formData : maskedForm(row.formData, row.item.form.fields),
    clock: await clockView(db, row, now, pauses),
    requirements: row.item.materials,
    materials: r!.materials.map((m) => ({ id: s(m.id), requirement: Number(m.requirement), name: s(m.name), source: s(m.source), fileHash: m.fileHash as string | null, size: n(m.size), mime: m.mime as string | null, reference: m.reference as string | null, review: s(m.review), reviewReason: m.reviewReason as string | null, superseded: m.superseded === true })),
    steps: r!.steps.map((x) => ({ idx: Number(x.idx), name: s(x.name), departmentId: s(x.departmentId), role: s(x.role), state: s(x.state), startedAt: iso(x.startedAt as string | null), finishedAt: iso(x.finishedAt as string | null), opinion: x.opinion as string | null })),
    corrections: r!.corrections.map((c) => ({ id: s(c.id), stage: s(c.stage), items: c.items.map(({ requirement, name, reason }) => ({ requirement, name, reason })), requestedAt: iso(s(c.requestedAt))!, resolvedAt: iso(c.resolvedAt as string | null) })),
    specialProcedures: r!.procedures.map((p) => ({ id: s(p.id), kind: s(p.kind), reason: s(p.reason), expectedDays: n(p.expectedDays), startedAt: iso(s(p.startedAt))!, endedAt: iso(p.endedAt as string | null), result: p.result as string | null })),
    commitments: r!.commitments.map((c) => ({ id: s(c.id), requirements: c.requirements as number[], deadline: iso(s(c.deadline))!, remindedAt: iso(c.remindedAt as string | null), overdueAt: iso(c.overdueAt as string | null), fulfilledAt: iso(c.fulfilledAt as string | null) })),
    pledges: r!.pledges.map((p) => ({ id: s(p.id), verificationDueAt: iso(s(p.verificationDueAt))!, verificationState: s(p.verificationState), verifiedAt: iso(p.verifiedAt as string | null), note: p.note as string | null })),
    deliveries: r!.deliveries.map((d) => ({ id: s(d.id), method: s(d.method), receiverName: s(d.receiverName), address: d.address as string | null, trackingNumber: d.trackingNumber as string | null, deliveredAt: iso(s(d.deliveredAt))! })),
    documents: r!.documents.map((d) => ({ id: s(d.id), kind: s(d.kind), title: s(d.title), createdAt: iso(s(d.createdAt))! })),
  };
}

export type CaseDetail = Awaited<ReturnType<typeof getCase>>;

/** State, number, department and clock of the given cases, without a caller: a bundle shows its children with it. */
export async function caseStatuses(db: Db, refs: readonly { regionCode: string; id: string }[], now = new Date()) {
  if (!refs.length) return [];
  const rows = await db
    .select({ id: cases.id, regionCode: cases.regionCode, number: cases.number, state: cases.state, item: cases.item, departmentId: cases.departmentId, dueAt: cases.dueAt, yellowAt: cases.yellowAt, acceptedAt: cases.acceptedAt, concludedAt: cases.concludedAt, deliveredAt: cases.deliveredAt, paused: cases.paused })
    .from(cases)
    .where(or(...refs.map((r) => and(eq(cases.regionCode, r.regionCode), eq(cases.id, r.id)))));
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    number: r.number,
    state: r.state as CaseState,
    itemName: r.item.name,
    departmentId: r.departmentId,
    acceptedAt: r.acceptedAt?.toISOString() ?? null,
    concludedAt: r.concludedAt?.toISOString() ?? null,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    dueAt: r.dueAt?.toISOString() ?? null,
    paused: r.paused,
    card: cardFromInstants(now, r.dueAt, r.yellowAt),
  }));
}

export async function caseEventsOf(db: Db, caller: Caller, caseId: string) {
  const { regionCode } = await preRead(db, caseId);
  const [row] = await db.select().from(cases).where(and(eq(cases.regionCode, regionCode), eq(cases.id, caseId)));
  authorizeRead(caller, scopeOf(row!));
  const events = await db.select().from(caseEvents).where(and(eq(caseEvents.regionCode, regionCode), eq(caseEvents.caseId, caseId))).orderBy(asc(caseEvents.seq));
  return events.map((e) => ({ seq: e.seq, at: e.at.toISOString(), actorId: e.actorId, actorName: e.actorName, role: e.role, action: e.action, fromState: e.fromState, toState: e.toState, payload: e.payload, prevHash: e.prevHash, hash: e.hash }));
}

export async function getDocument(db: Db, caller: Caller, caseId: string, documentId: string) {
  const { regionCode } = await preRead(db, caseId);
  const [row] = await db.select().from(cases).where(and(eq(cases.regionCode, regionCode), eq(cases.id, caseId)));
  authorizeRead(caller, scopeOf(row!));
  const [d] = await db.select().from(caseDocuments).where(and(eq(caseDocuments.regionCode, regionCode), eq(caseDocuments.caseId, caseId), eq(caseDocuments.id, documentId)));
  if (!d) throw new AppError('CASE_DOCUMENT_NOT_FOUND');
  return d;
}

/**
 * The stored file of one material, for preview. Materials are copies of identity papers and the like, so a read
 * by anyone but the applicant is audited.
 */
export async function materialFile(db: Db, env: CaseEnv, caller: Caller, caseId: string, materialId: string) {
  const { regionCode } = await preRead(db, caseId);
  const [row] = await db.select().from(cases).where(and(eq(cases.regionCode, regionCode), eq(cases.id, caseId)));
  authorizeRead(caller, scopeOf(row!));
  const [m] = await db
    .select({ name: caseMaterials.name, fileHash: caseMaterials.fileHash, mime: caseMaterials.mime })
    .from(caseMaterials)
    .where(and(eq(caseMaterials.regionCode, regionCode), eq(caseMaterials.caseId, caseId), eq(caseMaterials.id, materialId)));
  if (!m?.fileHash || !m.mime) throw new AppError('CASE_MATERIAL_NOT_FOUND');
  if (caller.id !== row!.applicantId) {
    await recordAudit(db, { actorId: caller.id, actorName: caller.displayName, action: 'material.read', targetType: 'case', targetId: caseId, ip: env.ip ?? null, details: { materialId, name: m.name, caseNumber: row!.number } });
  }
  return { name: m.name, mime: m.mime, content: await readBlob(env.dataDir, m.fileHash) };
}

/** The applicant's ID number (or credit code) in full; every read by someone else is audited. */
export async function revealApplicantId(db: Db, env: CaseEnv, caller: Caller, caseId: string) {
  const { regionCode } = await preRead(db, caseId);
  const [row] = await db.select().from(cases).where(and(eq(cases.regionCode, regionCode), eq(cases.id, caseId)));
  const scope = scopeOf(row!);
  authorizeRead(caller, scope);
  if (!mayRevealApplicantId(caller, scope)) throw new AppError('CASE_ACTION_FORBIDDEN', { action: 'reveal_applicant_id' });
  if (caller.id !== row!.applicantId) {
    await recordAudit(db, { actorId: caller.id, actorName: caller.displayName, action: 'pii.read', targetType: 'case', targetId: caseId, ip: env.ip ?? null, details: { field: 'applicantId', caseNumber: row!.number } });
  }
  return { caseId, applicantKind: row!.applicantKind, identifier: env.cipher.decrypt(row!.applicantIdEnc) };
}

/** The SQL form of the read scope: what a caller may list. */
function scopeWhere(caller: Caller): SQL {
  const parts: SQL[] = [sql`${cases.applicantId} = ${caller.id}`];
  if (caller.regionCode) {
    if (caller.roles.includes('window_clerk')) parts.push(eq(cases.regionCode, caller.regionCode));
    if (caller.roles.includes('supervisor') || caller.roles.includes('admin')) parts.push(regionWithin(caller.regionCode));
  }
  if (caller.roles.includes('approver') && caller.departmentId) {
    parts.push(eq(cases.departmentId, caller.departmentId), sql`${caller.departmentId}::uuid = ANY(${cases.stepDepartmentIds})`);
  }
  return or(...parts)!;
}

/** Region and everything below, as a range on the code (an index range scan, unlike LIKE under a non-C collation). */
function regionWithin(code: string): SQL {
  const prefix = regionPrefix(code);
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return and(sql`${cases.regionCode} >= ${prefix}`, sql`${cases.regionCode} < ${upper}`)!;
}

export interface ListQuery {
  state?: string;
  /** Only cases whose current step waits for the caller's department. */
  inbox?: boolean;
  regionCode?: string;
  limit: number;
  offset: number;
}

export async function listCases(db: Db, env: CaseEnv, caller: Caller, q: ListQuery) {
  const where: SQL[] = [scopeWhere(caller)];
  if (q.state) where.push(eq(cases.state, q.state));
  if (q.regionCode) where.push(regionWithin(q.regionCode));
  if (q.inbox) {
    if (!caller.departmentId) return [];
    where.push(eq(cases.currentStepDepartmentId, caller.departmentId), inArray(cases.state, ['in_steps', 'special_procedure', 'step_correction']));
  }
  const rows = await db.select().from(cases).where(and(...where)).orderBy(desc(cases.submittedAt)).limit(q.limit).offset(q.offset);
  const now = nowOf(env);
  return Promise.all(rows.map(async (r) => summary(r, caller, await factsOf(db, r), now)));
}

/**
 * Red and yellow cases of a region and below: open cases whose yellow instant has passed, read from the
 * partial index on yellow_at (closed and paused cases have none). Red first, most overdue first.
 */
export async function listCards(db: Db, env: CaseEnv, caller: Caller, q: { regionCode?: string; color?: 'red' | 'yellow'; limit: number; offset: number }) {
  const region = q.regionCode ?? caller.regionCode;
  if (!region || !caller.regionCode || !(caller.roles.includes('supervisor') || caller.roles.includes('admin'))) throw new AppError('FORBIDDEN');
  if (!region.startsWith(regionPrefix(caller.regionCode))) throw new AppError('OUT_OF_SCOPE', { regionCode: region });
  const now = nowOf(env);
  const where: SQL[] = [isNotNull(cases.yellowAt), lte(cases.yellowAt, now), regionWithin(region)];
  if (q.color === 'red') where.push(lte(cases.dueAt, now));
  if (q.color === 'yellow') where.push(sql`${cases.dueAt} >= ${now}`);
  const rows = await db
    .select({ id: cases.id, number: cases.number, regionCode: cases.regionCode, itemName: sql<string>`${cases.item}->>'name'`, state: cases.state, departmentId: cases.departmentId, currentStepDepartmentId: cases.currentStepDepartmentId, dueAt: cases.dueAt, yellowAt: cases.yellowAt, applicantIdMasked: cases.applicantIdMasked })
    .from(cases)
    .where(and(...where))
    .orderBy(asc(cases.dueAt))
    .limit(q.limit)
    .offset(q.offset);
  return rows.map((r) => ({ ...r, dueAt: r.dueAt!.toISOString(), yellowAt: r.yellowAt!.toISOString(), card: cardFromInstants(now, r.dueAt, r.yellowAt)! }));
}

// ---- inbox ---------------------------------------------------------------------------------------------------

export async function inbox(db: Db, caller: Caller, q: { unread?: boolean; limit: number; offset: number }) {
  const where: SQL[] = [eq(caseNotifications.recipientId, caller.id)];
  if (q.unread) where.push(isNull(caseNotifications.readAt));
  const rows = await db.select().from(caseNotifications).where(and(...where)).orderBy(desc(caseNotifications.createdAt)).limit(q.limit).offset(q.offset);
  return rows.map((n) => ({ id: n.id, caseId: n.caseId, kind: n.kind, title: n.title, body: n.body, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null, sms: n.smsStatus }));
}

export async function markRead(db: Db, env: CaseEnv, caller: Caller, id: string) {
  const [n] = await db
    .update(caseNotifications)
    .set({ readAt: nowOf(env) })
    .where(and(eq(caseNotifications.id, id), eq(caseNotifications.recipientId, caller.id)))
    .returning({ id: caseNotifications.id });
  if (!n) throw new AppError('CASE_NOTIFICATION_NOT_FOUND');
}

// ---- verification of the event log -------------------------------------------------------------------------

export interface ChainReport {
  casesChecked: number;
  eventsChecked: number;
  broken: { caseId: string; caseNumber: string; regionCode: string; break: ChainBreak; caseVersionMismatch?: boolean }[];
}

/**
 * Checks every event chain (or one case's), in batches of cases: each event's hash must cover the previous
 * hash and the event, the sequence must have no gaps, and the case row must point at the last event.
 */
export async function verifyEvents(db: Db, opts: { caseId?: string; batch?: number } = {}): Promise<ChainReport> {
  const report = await caseLog.verify(db, { ownerId: opts.caseId, batch: opts.batch });
  if (opts.caseId && report.chainsChecked === 0) throw new AppError('CASE_NOT_FOUND');
  return {
    casesChecked: report.chainsChecked,
    eventsChecked: report.eventsChecked,
    broken: report.broken.map((b) => ({ caseId: b.id, caseNumber: b.label ?? '', regionCode: b.regionCode, break: b.break, ...(b.headMismatch ? { caseVersionMismatch: true } : {}) })),
  };
}

// ---- sweeps -----------------------------------------------------------------------------------------------------

/**
 * The 容缺 sweep: reminds the applicant one working day before the deadline and flags the case (with an
 * event) once it has passed. Safe to run at any interval; each commitment is reminded and flagged once.
 */
export async function sweepDeficiencies(db: Db, env: CaseEnv): Promise<{ reminded: number; flagged: number }> {
  const now = nowOf(env);
  const open = await db.select().from(caseCommitments).where(and(isNull(caseCommitments.fulfilledAt), isNull(caseCommitments.overdueAt)));
  let reminded = 0;
  let flagged = 0;
  for (const c of open) {
    const cal = await calendarOf(db, c.regionCode);
    const remindFrom = cal.instantAt(Math.max(0, cal.workingMs(c.deadline.getTime()) - cal.dayMs));
    const overdue = now.getTime() > c.deadline.getTime();
    if (!overdue && (c.remindedAt || now.getTime() < remindFrom)) continue;
    const sms: ({ regionCode: string; id: string } | null)[] = [];
    await db.transaction(async (tx) => {
      const row = await lockCase(tx, c.regionCode, c.caseId);
      if (overdue) {
        const ev = await appendEvent(tx, row, { at: now, actorId: null, actorName: 'system', role: 'system', action: 'flag_deficiency_overdue', fromState: row.state, toState: row.state, payload: { commitmentId: c.id, deadline: c.deadline.toISOString() } });
        await tx.update(cases).set({ deficiencyOverdue: true, version: ev.seq, lastHash: ev.hash, updatedAt: now }).where(and(eq(cases.regionCode, row.regionCode), eq(cases.id, row.id)));
        await tx.update(caseCommitments).set({ overdueAt: now }).where(and(eq(caseCommitments.regionCode, c.regionCode), eq(caseCommitments.id, c.id)));
        sms.push(await notify(tx, row, now, { kind: 'deficiency_overdue', title: '容缺材料逾期 Deficiency overdue', body: `办件 ${row.number} 的容缺材料已超过补交期限。` }));
        flagged++;
      } else {
        await tx.update(caseCommitments).set({ remindedAt: now }).where(and(eq(caseCommitments.regionCode, c.regionCode), eq(caseCommitments.id, c.id)));
        sms.push(await notify(tx, row, now, { kind: 'deficiency_reminder', title: '请补交容缺材料 Reminder', body: `办件 ${row.number} 的容缺材料须于 ${fmt(c.deadline)} 前补交。` }));
        reminded++;
      }
    });
    await afterCommit(sms);
  }
  return { reminded, flagged };
}

/**
 * The calendar module's hook: when a year's notice, a day or office hours change, the running clocks of the
 * open cases of the affected regions get new due and yellow instants, each with an event.
 */
export function installCaseHooks(): void {
  setDueRecomputer('cases', recomputeDues);
}

export async function recomputeDues(tx: Db, change: { regionCode: string; years: number[] | 'all' }, calendarFor: (regionCode: string) => Promise<WorkCalendar>): Promise<number> {
  const where: SQL[] = [isNotNull(cases.dueAt), eq(cases.paused, false)];
  if (change.regionCode !== '000000') where.push(regionWithin(change.regionCode));
  const rows = await tx.select().from(cases).where(and(...where)).for('update');
  const cals = new Map<string, WorkCalendar>();
  let changed = 0;
  const now = new Date();
  for (const row of rows) {
    if (change.years !== 'all') {
      const from = row.clockStart!.getUTCFullYear();
      const to = Math.max(row.dueAt!.getUTCFullYear(), now.getUTCFullYear()) + 1;
      if (!change.years.some((y) => y >= from && y <= to)) continue;
    }
    const cal = cals.get(row.regionCode) ?? (await calendarFor(row.regionCode));
    cals.set(row.regionCode, cal);
    const pauses = row.clockKind === 'processing' ? await processingPauses(tx, row.regionCode, row.id) : [];
    const next = clockInstants(cal, row.clockStart!, row.limitDays, pauses);
    if (next.dueAt?.getTime() === row.dueAt?.getTime() && next.yellowAt?.getTime() === row.yellowAt?.getTime()) continue;
    const ev = await appendEvent(tx, row, { at: now, actorId: null, actorName: 'system', role: 'system', action: 'recompute_due', fromState: row.state, toState: row.state, payload: { from: row.dueAt!.toISOString(), to: next.dueAt?.toISOString() ?? null, change } });
    await tx.update(cases).set({ ...next, version: ev.seq, lastHash: ev.hash }).where(and(eq(cases.regionCode, row.regionCode), eq(cases.id, row.id)));
    changed++;
  }
  return changed;
}
