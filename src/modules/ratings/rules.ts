/**
 * 好差评 rules as pure functions: the five levels and their options, which stage of a case may be rated when,
 * the rectification steps, and what one rating contributes to the figures (the rollups add exactly that).
 */

export const LEVELS = [1, 2, 3, 4, 5] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_NAMES: Record<Level, { zh: string; en: string }> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Basically satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** 2 and 1 are 差评 (national convention: the last two of five levels). */
export const isBad = (level: number) => level <= 2;

export interface RatingOption {
  code: string;
  zh: string;
  en: string;
}

// The good-side options praise what 一事一评 asks about (指引、程序、材料、效率、态度); the bad-side ones name the
// fault a department must verify. Levels 1 and 2 share the fault list, 3–5 the praise list.
const GOOD_OPTIONS: RatingOption[] = [
  { code: 'guide_clear', zh: '办事指南清晰准确', en: 'Clear, accurate guide' },
  { code: 'process_easy', zh: '办事程序便利', en: 'Convenient procedure' },
  { code: 'materials_few', zh: '材料手续精简', en: 'Few materials' },
  { code: 'fast', zh: '办理效率高', en: 'Handled quickly' },
  { code: 'friendly', zh: '服务态度好', en: 'Friendly service' },
  { code: 'one_visit', zh: '一次办成', en: 'Done in one visit' },
];
const BAD_OPTIONS: RatingOption[] = [
  { code: 'guide_unclear', zh: '办事指南不清晰或不准确', en: 'Guide unclear or inaccurate' },
  { code: 'slow', zh: '办理时间长、效率低', en: 'Slow handling' },
  { code: 'attitude', zh: '服务态度差', en: 'Poor attitude' },
  { code: 'repeat_visits', zh: '多次跑动、重复提交材料', en: 'Repeated visits or materials' },
  { code: 'platform', zh: '平台或设备操作不便', en: 'Platform or device hard to use' },
  { code: 'unfair', zh: '未按规定办理或乱收费', en: 'Not handled by the rules, or improper fees' },
  { code: 'other', zh: '其他', en: 'Other' },
];

export function optionsOf(level: Level): RatingOption[] {
  return isBad(level) ? BAD_OPTIONS : GOOD_OPTIONS;
}

export type RatingProblem = { code: 'RATING_LEVEL_INVALID' } | { code: 'RATING_OPTION_INVALID'; option: string } | { code: 'RATING_COMMENT_REQUIRED' };

/** Checks level, options and comment; a 差评 must say why, so the department can verify it. */
export function checkRatingInput(level: number, options: readonly string[], comment: string | undefined): RatingProblem | null {
  if (!Number.isInteger(level) || level < 1 || level > 5) return { code: 'RATING_LEVEL_INVALID' };
  const allowed = new Set(optionsOf(level as Level).map((o) => o.code));
  const wrong = options.find((o) => !allowed.has(o));
  if (wrong !== undefined) return { code: 'RATING_OPTION_INVALID', option: wrong };
  if (isBad(level) && options.length === 0 && !(comment ?? '').trim()) return { code: 'RATING_COMMENT_REQUIRED' };
  return null;
}

// ---- channels and stages ------------------------------------------------------------------------------------

/** 一次一评 at the window, 一事一评 online, 监督查评 by supervisors; 综合点评 is not bound to a case. */
export const CASE_CHANNELS = ['window', 'online', 'supervision'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export type Channel = CaseChannel | 'general';
export const STAGES = ['accept', 'conclude'] as const;
export type Stage = (typeof STAGES)[number];

/** What a case shows the rating rules. */
export interface CaseMoment {
  state: string;
  acceptedAt: Date | null;
  concludedAt: Date | null;
}

const ACCEPTANCE_DECIDED = new Set(['in_steps', 'step_correction', 'special_procedure', 'concluded_approved', 'concluded_denied', 'delivered', 'revoked', 'rejected']);
const CONCLUDED = new Set(['concluded_approved', 'concluded_denied', 'delivered', 'revoked']);

export const DEFAULT_SETTINGS = { supplementDays: 30, verifyDays: 1, rectifyDays: 15, immediateDays: 1 } as const;
export interface RatingSettings {
  supplementDays: number;
  verifyDays: number;
  rectifyDays: number;
}

export function settingsProblem(s: RatingSettings): boolean {
  return !(Number.isInteger(s.supplementDays) && s.supplementDays >= 1 && s.supplementDays <= 365 && s.verifyDays >= 0.5 && s.verifyDays <= 10 && s.rectifyDays >= 1 && s.rectifyDays <= 60);
}

const DAY_MS = 86_400_000;

/** The last instant a concluded case may still be rated (补充评价 period, in calendar days after 办结). */
export function ratingClosesAt(concludedAt: Date, supplementDays: number): Date {
  return new Date(concludedAt.getTime() + supplementDays * DAY_MS);
}

export type StageProblem = { code: 'RATING_STAGE_NOT_REACHED'; stage: Stage } | { code: 'RATING_WINDOW_CLOSED'; closedAt: string };

/**
 * 受理 may be rated once the decision on acceptance is made (受理 or 不予受理), 办结 once concluded; after 办结
 * every stage may still be rated (补充评价) until the period ends.
 */
export function stageProblem(c: CaseMoment, stage: Stage, now: Date, supplementDays: number): StageProblem | null {
  const reached = stage === 'accept' ? ACCEPTANCE_DECIDED.has(c.state) : CONCLUDED.has(c.state);
  if (!reached) return { code: 'RATING_STAGE_NOT_REACHED', stage };
  if (c.concludedAt && CONCLUDED.has(c.state)) {
    const closes = ratingClosesAt(c.concludedAt, supplementDays);
    if (now.getTime() > closes.getTime()) return { code: 'RATING_WINDOW_CLOSED', closedAt: closes.toISOString() };
  }
  return null;
}

/** A rating of 受理 given after 办结 is a 补充评价. */
export function isSupplementary(c: CaseMoment, stage: Stage): boolean {
  return stage === 'accept' && CONCLUDED.has(c.state);
}

export function isConcluded(state: string): boolean {
  return CONCLUDED.has(state);
}

// ---- rectification (差评整改) ----------------------------------------------------------------------------------

/** 立行立改 (clear and reasonable), 限期整改 (complex: a ledger entry with a deadline), 解释说明 (no legal basis). */
export const CLASSIFICATIONS = ['immediate', 'scheduled', 'explanation'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const RECTIFICATION_STATES = ['verifying', 'rectifying', 'follow_up', 'escalated', 'closed', 'excluded'] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];
export type RectificationAction = 'verify' | 'rectify' | 'follow_up' | 'appeal' | 'decide_appeal' | 'decide_escalation';

const ALLOWED: Record<RectificationAction, readonly RectificationState[]> = {
  verify: ['verifying'],
  rectify: ['rectifying'],
  follow_up: ['follow_up'],
  appeal: ['verifying', 'rectifying'],
  decide_appeal: ['verifying', 'rectifying', 'follow_up'],
  decide_escalation: ['escalated'],
};

/** How many times an unsatisfied 回访 sends the work back to the department before a supervisor takes it. */
export const MAX_REOPENS = 1;

/**
 * Where an unsatisfied 回访 sends the item: back to the department to rectify again (once), then to a supervisor,
 * who closes it with a decision. A satisfied one closes it.
 */
export function stateAfterFollowUp(satisfied: boolean, reopenCount: number): RectificationState {
  if (satisfied) return 'closed';
  return reopenCount < MAX_REOPENS ? 'rectifying' : 'escalated';
}

/** Working days for rectifying again: the classification's limit, or the region's when it was first only explained. */
export function reopenLimit(c: Classification | null, s: RatingSettings): number {
  return (c ? rectifyLimit(c, s) : null) ?? s.rectifyDays;
}

export function actionAllowed(state: RectificationState, action: RectificationAction): boolean {
  return ALLOWED[action].includes(state);
}

/** After 核实: an explanation goes straight to 回访; a fault is rectified first. */
export function stateAfterVerify(c: Classification): RectificationState {
  return c === 'explanation' ? 'follow_up' : 'rectifying';
}

/** Working days to rectify: 立行立改 the next working day, 限期整改 the region's limit. */
export function rectifyLimit(c: Classification, s: RatingSettings): number | null {
  if (c === 'explanation') return null;
  return c === 'immediate' ? DEFAULT_SETTINGS.immediateDays : s.rectifyDays;
}

// ---- figures ----------------------------------------------------------------------------------------------------

/** The counters one rollup row keeps; every figure is a ratio of two of them. */
export const COUNTERS = ['ratings', 'good', 'bad', 'active', 'activeGood', 'badReplied', 'badFollowed', 'followedSatisfied', 'excluded', 'casesConcluded', 'casesRated'] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const zeroCounts = (): Counts => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;

/** What a rating row says about itself, as far as the figures care. */
export interface RatingFlags {
  level: number;
  active: boolean;
  excluded: boolean;
  replied: boolean;
  followed: boolean;
  satisfied: boolean | null;
}

/** One rating's share of its rollup row; an excluded rating (upheld appeal) counts only as excluded. */
export function contribution(r: RatingFlags): Counts {
  const c = zeroCounts();
  if (r.excluded) {
    c.excluded = 1;
    return c;
  }
  const bad = isBad(r.level);
  c.ratings = 1;
  c.good = bad ? 0 : 1;
  c.bad = bad ? 1 : 0;
  c.active = r.active ? 1 : 0;
  c.activeGood = r.active && !bad ? 1 : 0;
  c.badReplied = bad && r.replied ? 1 : 0;
  c.badFollowed = bad && r.followed ? 1 : 0;
  c.followedSatisfied = bad && r.followed && r.satisfied === true ? 1 : 0;
  return c;
}

/** The change to a rollup row when a rating goes from `before` (null: new) to `after`. */
export function delta(before: RatingFlags | null, after: RatingFlags): Counts {
  const a = contribution(after);
  if (!before) return a;
  const b = contribution(before);
  return Object.fromEntries(COUNTERS.map((k) => [k, a[k] - b[k]])) as Counts;
}

export interface Figures {
  ratings: number;
  goodRate: number | null;
  activeGoodRate: number | null;
  unratedRate: number | null;
  bad: number;
  badReplyRate: number | null;
  followUpRate: number | null;
  followUpSatisfiedRate: number | null;
  excluded: number;
  casesConcluded: number;
  casesUnrated: number;
}

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

/** The published figures from summed counters (docs/ratings.md gives each definition). */
export function figuresOf(c: Counts): Figures {
  const unrated = Math.max(0, c.casesConcluded - c.casesRated);
  return {
    ratings: c.ratings,
    goodRate: ratio(c.good, c.ratings),
    activeGoodRate: ratio(c.activeGood, c.active),
    unratedRate: ratio(unrated, c.casesConcluded),
    bad: c.bad,
    badReplyRate: ratio(c.badReplied, c.bad),
    followUpRate: ratio(c.badFollowed, c.bad),
    followUpSatisfiedRate: ratio(c.followedSatisfied, c.badFollowed),
    excluded: c.excluded,
    casesConcluded: c.casesConcluded,
    casesUnrated: unrated,
  };
}

/** First day of the month in China time, as YYYY-MM-01: ratings are counted in the month people see. */
export function monthOf(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`;
}
