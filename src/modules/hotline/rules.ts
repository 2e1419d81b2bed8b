/**
 * Pure rules of the 12345 work order: categories, states and their transitions, default limits, masking,
 * card instants and the figures' percentages. No database here.
 */
export const CATEGORIES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_NAMES: Record<Category, string> = { consult: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议', praise: '表扬' };

export const CHANNELS = ['phone', 'web', 'app', 'message', 'letter'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ORDER_STATES = ['received', 'dispatched', 'returned', 'replied', 'closed', 'merged'] as const;
export type OrderState = (typeof ORDER_STATES)[number];
/** States in which the order's clock runs (it is shown on the card list). */
export const OPEN_STATES: readonly OrderState[] = ['received', 'dispatched', 'returned', 'replied'];

export const FOLLOW_UP_RESULTS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type FollowUpResult = (typeof FOLLOW_UP_RESULTS)[number];

export type Action =
  | 'receive' | 'answer' | 'dispatch' | 'return' | 'reply' | 'assistReply' | 'close' | 'followUp' | 'reopen'
  | 'requestExtension' | 'decideExtension' | 'supervise' | 'merge' | 'import';

/** Where each action may start from. */
const FROM: Record<Exclude<Action, 'receive' | 'import'>, readonly OrderState[]> = {
  answer: ['received', 'returned'],
  dispatch: ['received', 'returned'],
  return: ['dispatched'],
  reply: ['dispatched'],
  assistReply: ['dispatched'],
  close: ['replied'],
  followUp: ['closed'],
  reopen: ['closed'],
  requestExtension: ['dispatched'],
  decideExtension: ['dispatched', 'replied'],
  supervise: ['received', 'dispatched', 'returned', 'replied'],
  merge: ['received', 'returned'],
};

export function canStart(action: Exclude<Action, 'receive' | 'import'>, state: OrderState): boolean {
  return FROM[action].includes(state);
}

/**
 * Default limits in working days, counted from receipt. Source: a department's 12345 rule (fsou.com, see
 * docs/hotline.md): 咨询 and 求助 within 3 working days, 建议批评 and 投诉举报 within 13 working days. 表扬 has
 * no handling to do; it is forwarded within the 咨询 limit.
 */
export const DEFAULT_LIMITS: Record<Category, number> = { consult: 3, help: 3, complaint: 13, report: 13, suggestion: 13, praise: 3 };
/** 回访 "the day after 办结" in the same rule: one working day. */
export const DEFAULT_FOLLOW_UP_DAYS = 1;
/** 重复诉求原则上并单 (国办函〔2025〕66号): the window in which an order counts as a repeat. */
export const DEFAULT_MERGE_WINDOW_HOURS = 72;
/** Whether 基本满意 counts as satisfied in 满意率 varies by locality; most count it. */
export const DEFAULT_BASIC_COUNTS = true;
/** A 不满意 回访 may reopen an order this many times. */
export const MAX_REOPENS = 1;
export const MAX_EXTENSION_DAYS = 30;

export interface Settings {
  limits: Record<Category, number>;
  followUpDays: number;
  mergeWindowHours: number;
  basicCountsAsSatisfied: boolean;
  routes: Record<string, string>;
}

type SettingsRow = { limits: Partial<Record<Category, number>> | null; followUpDays: number | null; mergeWindowHours: number | null; basicCountsAsSatisfied: boolean | null; routes: Record<string, string> | null };

/** Settings along a region chain (nearest first): each field from the nearest region that sets it. */
export function effectiveSettings(chain: readonly (SettingsRow | undefined)[]): Settings {
  const pick = <K extends keyof SettingsRow>(k: K) => chain.find((r) => r && r[k] !== null && r[k] !== undefined)?.[k] ?? null;
  const limits = { ...DEFAULT_LIMITS };
  for (const row of [...chain].reverse()) if (row?.limits) Object.assign(limits, row.limits);
  const routes: Record<string, string> = {};
  for (const row of [...chain].reverse()) if (row?.routes) Object.assign(routes, row.routes);
  return {
    limits,
    followUpDays: (pick('followUpDays') as number | null) ?? DEFAULT_FOLLOW_UP_DAYS,
    mergeWindowHours: (pick('mergeWindowHours') as number | null) ?? DEFAULT_MERGE_WINDOW_HOURS,
    basicCountsAsSatisfied: (pick('basicCountsAsSatisfied') as boolean | null) ?? DEFAULT_BASIC_COUNTS,
    routes,
  };
}

/** A limit given in working hours, as working days of the region's office day. */
export function hoursToDays(hours: number, dayMs: number): number {
  return Math.round(((hours * 3_600_000) / dayMs) * 1000) / 1000;
}

/** GB/T 2260 codes of a region and its parents, nearest first: 421202 → 421202, 421200, 420000. */
export function regionChain(code: string): string[] {
  const out = [code];
  if (code.length === 12) out.push(code.slice(0, 9));
  if (code.length >= 9) out.push(code.slice(0, 6));
  const six = code.slice(0, 6);
  if (six.slice(4) !== '00') out.push(`${six.slice(0, 4)}00`);
  if (six.slice(2) !== '0000') out.push(`${six.slice(0, 2)}0000`);
  return [...new Set(out)];
}

/** The prefix a code's descendants share: 421200 → 4212, 420000 → 42, 421202 → 421202. */
export function regionPrefix(code: string): string {
  if (code.length > 6) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, '');
  if (d.length < 7) return '*'.repeat(d.length);
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}

export function normalisePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '').replace(/^\+?86/, '');
}

export const PHONE_PATTERN = '^(\\+?86)?[\\s-]?(1\\d{10}|0\\d{2,3}[\\s-]?\\d{7,8}|\\d{5,8})$';

/** Month of an instant in China time, `YYYY-MM`. */
export function monthOf(t: Date): string {
  return new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}


/** A repeat: same caller or same place, same subject, received within the window. */
export function isDuplicate(
  a: { subjectCode: string; callerIndex: string | null; location: string | null; receivedAt: Date },
  b: { subjectCode: string; callerIndex: string | null; location: string | null; receivedAt: Date },
  windowHours: number,
): boolean {
  if (a.subjectCode !== b.subjectCode) return false;
  if (Math.abs(a.receivedAt.getTime() - b.receivedAt.getTime()) > windowHours * 3_600_000) return false;
  const sameCaller = a.callerIndex !== null && a.callerIndex === b.callerIndex;
  const samePlace = !!a.location && !!b.location && normalisePlace(a.location) === normalisePlace(b.location);
  return sameCaller || samePlace;
}

function normalisePlace(s: string): string {
  return s.replace(/[\s,,。.、()()]/g, '');
}

/** Percentage with one decimal, as the seed reports them (97.3 %); null with no denominator. */
export function percent(num: number, den: number): number | null {
  if (den === 0) return null;
  return Math.round((num * 1000) / den) / 10;
}

export interface RatesInput {
  calls: number;
  answered: number;
  received: number;
  closed: number;
  closedOnTime: number;
  satisfied: number;
  basic: number;
  unsatisfied: number;
}

/** 接通率 = answered / calls; 办结率 = closed / received; 按时办结率 = on time / closed; 满意率 = satisfied (+ 基本满意 when set) / 回访. */
export function rates(r: RatesInput, basicCountsAsSatisfied: boolean) {
  const visited = r.satisfied + r.basic + r.unsatisfied;
  return {
    answerRate: percent(r.answered, r.calls),
    closeRate: percent(r.closed, r.received),
    onTimeRate: percent(r.closedOnTime, r.closed),
    satisfactionRate: percent(basicCountsAsSatisfied ? r.satisfied + r.basic : r.satisfied, visited),
  };
}

/** 热点: this month's subjects by volume with last month's volume; rising when it at least grew by half and has 10 orders. */
export function hotspots(current: Map<string, number>, previous: Map<string, number>, top = 5) {
  return [...current.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([subjectCode, count]) => {
      const before = previous.get(subjectCode) ?? 0;
      return { subjectCode, count, previous: before, rising: count >= 10 && count >= before * 1.5 };
    });
}

const SCOPE_LENGTHS = [2, 4, 6, 9, 12] as const;

/**
 * The region scopes an order of `code` counts in, each with the scope one level up: every prefix a figures query
 * can ask for (regionPrefix of a region is 2, 4, 6, 9 or 12 characters long) that `code` starts with.
 */
export function scopesOf(code: string): { scope: string; parent: string }[] {
  const out: { scope: string; parent: string }[] = [];
  let parent = '';
  for (const n of SCOPE_LENGTHS) {
    if (n > code.length) break;
    out.push({ scope: code.slice(0, n), parent });
    parent = code.slice(0, n);
  }
  return out;
}
