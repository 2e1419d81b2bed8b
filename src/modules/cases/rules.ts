/**
 * The case (办件) rules as pure functions: the state machine, who may press which button, form-data checks,
 * the canonical JSON and SM3 chain of the event log, material sniffing and the clock thresholds. No database,
 * no clock: the service passes everything in.
 */
import { checkCreditCode, checkIdNumber, isMobile } from '../../platform/validators.js';

// ---- states and actions ----------------------------------------------------------------------------------

export const CASE_STATES = [
  'submitted', // 已申请: waiting for 预审 and the decision on acceptance (5 working days)
  'correction_requested', // 一次性告知补正 before acceptance: waiting for the applicant
  'rejected', // 不予受理 (final)
  'withdrawn', // 撤回 by the applicant before acceptance (final)
  'in_steps', // 受理 (or 容缺受理): walking the item's back-office steps
  'step_correction', // 补正 after acceptance: the clock pauses
  'special_procedure', // 特别程序 (听证, 专家评审 …): the clock pauses
  'concluded_approved', // 办结 准予
  'concluded_denied', // 办结 不予
  'delivered', // 出件 / 送达 (final unless a false pledge revokes it)
  'revoked', // 告知承诺 found false: the result is revoked (final)
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const OPEN_STATES: readonly CaseState[] = ['submitted', 'correction_requested', 'in_steps', 'step_correction', 'special_procedure'];
export const FINAL_STATES: readonly CaseState[] = ['rejected', 'withdrawn', 'delivered', 'revoked'];
/** States after 办结: the processing clock stopped for good and whether it kept the limit is a fact of the case. */
export const CONCLUDED_STATES: readonly CaseState[] = ['concluded_approved', 'concluded_denied', 'delivered', 'revoked'];
/** States whose clock is stopped: 补正 after acceptance and 特别程序 do not count towards the limit. */
export const PAUSED_STATES: readonly CaseState[] = ['step_correction', 'special_procedure'];
/** States before 受理: the clock measured is the 5-working-day window to decide on acceptance. */
export const PRE_ACCEPTANCE_STATES: readonly CaseState[] = ['submitted', 'correction_requested'];

export const CASE_ACTIONS = [
  'apply',
  'review_material', // 预审 one material (does not change the state)
  'accept',
  'accept_with_deficiency',
  'request_correction',
  'resubmit',
  'reject',
  'withdraw',
  'pledge', // 告知承诺: conclude on the applicant's pledge, open a verification task
  'supply_deficiency', // hand in a 容缺 material after acceptance (does not change the state)
  'pass_step',
  'return_step',
  'start_special_procedure',
  'end_special_procedure',
  'conclude',
  'deliver',
  'verify_pledge', // 核查 found the pledge true (does not change the state)
  'revoke', // 核查 found the pledge false
  'flag_deficiency_overdue', // the sweep marks a passed 容缺 deadline (does not change the state)
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * How the caller relates to one case; computed by the service from the caller and the case row, so the
 * rules stay pure. `step_actor` means: may act on the case's current step.
 */
export type Relation =
  | 'owner' // the applicant the case belongs to
  | 'hall_clerk' // a window clerk of the hall (region) that receives the case
  | 'step_actor'
  | 'department_staff' // an approver of the item's department (verification tasks, 预审 on its items)
  | 'supervisor'
  | 'admin';

interface Transition {
  from: readonly CaseState[];
  /** Who may do it: any one of these relations. */
  by: readonly Relation[];
}

const T: Record<Exclude<CaseAction, 'apply' | 'flag_deficiency_overdue'>, Transition> = {
  review_material: { from: ['submitted'], by: ['hall_clerk', 'department_staff'] },
  accept: { from: ['submitted'], by: ['hall_clerk', 'department_staff'] },
  accept_with_deficiency: { from: ['submitted'], by: ['hall_clerk', 'department_staff'] },
  request_correction: { from: ['submitted', 'in_steps'], by: ['hall_clerk', 'department_staff', 'step_actor'] },
  resubmit: { from: ['correction_requested', 'step_correction'], by: ['owner', 'hall_clerk'] },
  reject: { from: ['submitted'], by: ['hall_clerk', 'department_staff'] },
  withdraw: { from: ['submitted', 'correction_requested'], by: ['owner'] },
  pledge: { from: ['submitted'], by: ['hall_clerk', 'department_staff'] },
  supply_deficiency: { from: ['in_steps', 'step_correction', 'special_procedure'], by: ['owner', 'hall_clerk'] },
  pass_step: { from: ['in_steps'], by: ['step_actor'] },
  return_step: { from: ['in_steps'], by: ['step_actor'] },
  start_special_procedure: { from: ['in_steps'], by: ['step_actor'] },
  end_special_procedure: { from: ['special_procedure'], by: ['step_actor'] },
  conclude: { from: ['in_steps'], by: ['step_actor'] },
  deliver: { from: ['concluded_approved', 'concluded_denied'], by: ['hall_clerk', 'department_staff'] },
  verify_pledge: { from: ['concluded_approved', 'delivered'], by: ['department_staff'] },
  revoke: { from: ['concluded_approved', 'delivered'], by: ['department_staff'] },
};

export type GuardedAction = keyof typeof T;
export const GUARDED_ACTIONS = Object.keys(T) as GuardedAction[];

/** Facts about the case that some actions need besides its state. */
export interface CaseFacts {
  state: CaseState;
  /** 0-based index of the current step; null before acceptance. */
  currentStep: number | null;
  stepCount: number;
  pledgeAllowed: boolean;
  /** The item has 容缺-allowed materials and only such materials are missing. */
  deficiencyOnly?: boolean;
  /** 容缺 materials not yet handed in. */
  pendingDeficiencies: number;
  /** A verification task of a pledge is open. */
  openVerification: boolean;
  /** Whether the pledge of a concluded case exists at all (verify/revoke need one). */
  hasPledge: boolean;
}

export type RuleProblem =
  | { code: 'CASE_STATE_CONFLICT'; state: CaseState; action: CaseAction }
  | { code: 'CASE_ACTION_FORBIDDEN'; action: CaseAction }
  | { code: 'CASE_PLEDGE_NOT_ALLOWED' }
  | { code: 'CASE_DEFICIENCIES_PENDING'; pending: number }
  | { code: 'CASE_NOT_LAST_STEP'; step: number; stepCount: number }
  | { code: 'CASE_LAST_STEP'; step: number }
  | { code: 'CASE_RETURN_TARGET_INVALID'; step: number; toStep: number }
  | { code: 'CASE_NO_VERIFICATION' };

/** Where an action leads from a state. Pure; `check` has already said the action is allowed. */
export function nextState(facts: CaseFacts, action: CaseAction, opts: { decision?: 'approve' | 'deny' } = {}): CaseState {
  switch (action) {
    case 'apply':
      return 'submitted';
    case 'accept':
    case 'accept_with_deficiency':
      return 'in_steps';
    case 'request_correction':
      return facts.state === 'submitted' ? 'correction_requested' : 'step_correction';
    case 'resubmit':
      return facts.state === 'correction_requested' ? 'submitted' : 'in_steps';
    case 'reject':
      return 'rejected';
    case 'withdraw':
      return 'withdrawn';
    case 'pledge':
      return 'concluded_approved';
    case 'start_special_procedure':
      return 'special_procedure';
    case 'end_special_procedure':
      return 'in_steps';
    case 'conclude':
      return opts.decision === 'deny' ? 'concluded_denied' : 'concluded_approved';
    case 'deliver':
      return 'delivered';
    case 'revoke':
      return 'revoked';
    default:
      return facts.state;
  }
}

/**
 * Whether the relations allow the action on a case in these facts. Returns the first problem, or null.
 * State comes before role: pressing a button that no longer applies is a 409 for everyone.
 */
export function check(
  facts: CaseFacts,
  action: GuardedAction,
  relations: ReadonlySet<Relation>,
  opts: { decision?: 'approve' | 'deny'; step?: number; toStep?: number } = {},
): RuleProblem | null {
  const t = T[action];
  if (!t.from.includes(facts.state)) return { code: 'CASE_STATE_CONFLICT', state: facts.state, action };
  if (!t.by.some((r) => relations.has(r))) return { code: 'CASE_ACTION_FORBIDDEN', action };
  switch (action) {
    case 'pledge':
      return facts.pledgeAllowed ? null : { code: 'CASE_PLEDGE_NOT_ALLOWED' };
    case 'pass_step':
      return facts.currentStep !== null && facts.currentStep >= facts.stepCount - 1 ? { code: 'CASE_LAST_STEP', step: facts.currentStep } : null;
    case 'return_step': {
      const step = facts.currentStep ?? 0;
      const to = opts.toStep ?? -1;
      return to >= 0 && to < step ? null : { code: 'CASE_RETURN_TARGET_INVALID', step, toStep: to };
    }
    case 'conclude': {
      if (opts.decision === 'deny') return null;
      const step = facts.currentStep ?? 0;
      if (facts.stepCount > 0 && step < facts.stepCount - 1) return { code: 'CASE_NOT_LAST_STEP', step, stepCount: facts.stepCount };
      return facts.pendingDeficiencies > 0 ? { code: 'CASE_DEFICIENCIES_PENDING', pending: facts.pendingDeficiencies } : null;
    }
    case 'verify_pledge':
    case 'revoke':
      return facts.hasPledge && facts.openVerification ? null : { code: 'CASE_NO_VERIFICATION' };
    default:
      return null;
  }
}

/** The buttons the caller may press now: the `abilities` every case in a response carries. */
export function allowedActions(facts: CaseFacts, relations: ReadonlySet<Relation>): GuardedAction[] {
  return GUARDED_ACTIONS.filter((a) => {
    if (a === 'return_step') return check(facts, a, relations, { toStep: 0 }) === null;
    if (a === 'conclude') return check(facts, a, relations, { decision: 'deny' }) === null;
    return check(facts, a, relations) === null;
  });
}

// ---- form data -------------------------------------------------------------------------------------------

/** The shape of the catalog's FormSchema that the rules read (structurally the same type). */
export interface FormFieldLike {
  key: string;
  label: { zh: string; en: string };
  type: 'text' | 'number' | 'date' | 'select' | 'idNumber' | 'creditCode' | 'phone' | 'address' | 'file';
  required: boolean;
  options?: readonly { value: string }[];
  pattern?: string;
}
export interface FormSchemaLike {
  fields: readonly FormFieldLike[];
}

export type FormProblemKind = 'unknown' | 'missing' | 'type' | 'format' | 'option' | 'pattern' | 'checkDigit' | 'birthDate' | 'region' | 'checkCharacter' | 'tooLong';

export interface FormProblem {
  field: string;
  problem: FormProblemKind;
  label?: string;
}

const MAX_TEXT = 2000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LANDLINE_RE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

function realDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function fieldProblem(field: FormFieldLike, value: unknown, today: Date): FormProblemKind | null {
  if (field.type === 'number') return typeof value === 'number' && Number.isFinite(value) ? null : 'type';
  if (typeof value !== 'string') return 'type';
  if (value.length > MAX_TEXT) return 'tooLong';
  switch (field.type) {
    case 'date':
      if (!realDate(value)) return 'format';
      break;
    case 'select':
      if (!(field.options ?? []).some((o) => o.value === value)) return 'option';
      break;
    case 'idNumber': {
      const p = checkIdNumber(value, today);
      if (p) return p === 'checkDigit' ? 'checkDigit' : p;
      break;
    }
    case 'creditCode': {
      const p = checkCreditCode(value);
      if (p) return p;
      break;
    }
    case 'phone':
      if (!isMobile(value) && !LANDLINE_RE.test(value)) return 'format';
      break;
    default:
      if (value.trim() === '') return 'missing';
  }
  if (field.pattern !== undefined && !new RegExp(field.pattern, 'u').test(value)) return 'pattern';
  return null;
}

/**
 * Checks submitted form data against the item's form: every problem, each naming its field. Unknown fields
 * are refused rather than dropped, so a typo in a key never loses what the applicant typed.
 */
export function validateForm(schema: FormSchemaLike, data: Record<string, unknown>, today: Date = new Date()): FormProblem[] {
  const problems: FormProblem[] = [];
  const known = new Map(schema.fields.map((f) => [f.key, f]));
  for (const key of Object.keys(data)) if (!known.has(key)) problems.push({ field: key, problem: 'unknown' });
  for (const field of schema.fields) {
    const value = data[field.key];
    const empty = value === undefined || value === null || value === '';
    if (empty) {
      if (field.required) problems.push({ field: field.key, problem: 'missing', label: field.label.zh });
      continue;
    }
    const p = fieldProblem(field, value, today);
    if (p) problems.push({ field: field.key, problem: p, label: field.label.zh });
  }
  return problems;
}

// ---- materials -------------------------------------------------------------------------------------------

export interface RequirementLike {
  name: string;
  required: boolean;
  deficiencyAllowed: boolean;
}

export interface MaterialSlot {
  requirement: number;
  provided: boolean;
  /** The 预审 verdict; `faulty` counts as missing for acceptance. */
  review: 'pending' | 'ok' | 'faulty';
}

export interface AcceptanceCheck {
  /** Required requirements with no usable material (missing or faulty). */
  missing: number[];
  /** Of those, the ones that may not be 容缺. */
  blocking: number[];
  /** Provided materials not yet pre-reviewed. */
  unreviewed: number[];
}

/** What stands between a case and 受理 (all missing) or 容缺受理 (only 容缺-allowed missing). */
export function acceptanceCheck(requirements: readonly RequirementLike[], slots: readonly MaterialSlot[]): AcceptanceCheck {
  const byReq = new Map<number, MaterialSlot>();
  for (const s of slots) byReq.set(s.requirement, s);
  const missing: number[] = [];
  const blocking: number[] = [];
  const unreviewed: number[] = [];
  requirements.forEach((r, i) => {
    const s = byReq.get(i);
    if (s?.provided && s.review === 'pending') unreviewed.push(i);
    const usable = !!s && s.provided && s.review !== 'faulty';
    if (r.required && !usable) {
      missing.push(i);
      if (!r.deficiencyAllowed) blocking.push(i);
    }
  });
  return { missing, blocking, unreviewed };
}

/** A second correction notice for the same material is refused unless the applicant changed it since. */
export function correctionRepeatRefused(previous: { fileHash: string | null } | undefined, current: { fileHash: string | null }): boolean {
  return previous !== undefined && previous.fileHash === current.fileHash;
}

export const ALLOWED_MIME = ['application/pdf', 'image/png', 'image/jpeg', 'application/ofd'] as const;
export type AllowedMime = (typeof ALLOWED_MIME)[number];

/**
 * The type of a file by its first bytes, never by its name: PDF, PNG, JPEG, and OFD (the national
 * e-document format, a ZIP whose first entry is OFD.xml). Anything else is null and refused.
 */
export function sniffMime(head: Uint8Array): AllowedMime | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => head[at + i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x50, 0x4b, 0x03, 0x04])) {
    const nameLength = (head[26] ?? 0) | ((head[27] ?? 0) << 8);
    const name = Buffer.from(head.subarray(30, 30 + nameLength)).toString('latin1');
    if (/^OFD\.xml$/i.test(name)) return 'application/ofd';
  }
  return null;
}

// ---- clock -----------------------------------------------------------------------------------------------

/** 行政许可法 第三十二条: decide on acceptance within five working days of receiving the application. */
export const ACCEPTANCE_DECISION_DAYS = 5;

/** The limit the processing clock runs against: the promised limit when published, else the legal one. */
export function processingLimit(item: { promisedLimit: number | null; legalLimit: number | null }): number | null {
  return item.promisedLimit ?? item.legalLimit;
}

