/**
 * Pure rules of supervision's statistics: how an event changes a case's (or bundle's) statistical state,
 * what a state contributes to the rollups, and the delta one event makes. The consumer adds deltas, so a
 * late event (a window delivery after conclusion) corrects the bucket its case already counted in.
 */

export const CASE_COUNTERS = [
  'applications',
  'immediate',
  'accepted',
  'deficiency',
  'pledged',
  'rejected',
  'withdrawn',
  'concluded',
  'timed',
  'onTime',
  'overdue',
  'overdueDays',
  'usedDays',
  'limitDays',
  'onceDone',
  'zeroVisit',
  'atMostOnce',
] as const;
export type CaseCounter = (typeof CASE_COUNTERS)[number];

export const BUNDLE_COUNTERS = ['applications', 'accepted', 'withdrawn', 'concluded', 'timed', 'onTime'] as const;
export type BundleCounter = (typeof BUNDLE_COUNTERS)[number];

export type Counters<K extends string> = Partial<Record<K, number>>;

/** A case as statistics see it (instants as ISO strings: the state is stored as jsonb). */
export interface CaseStat {
  departmentId: string;
  itemCode: string;
  channel: string;
  immediate: boolean;
  limitDays: number | null;
  submittedAt: string | null;
  acceptedAt: string | null;
  /** Processing-clock pauses (特别程序, corrections after acceptance): [start, end | null]. */
  pauses: [string, string | null][];
  corrections: number;
  visits: number;
  deficiency: boolean;
  pledge: boolean;
  outcome: 'approved' | 'denied' | 'rejected' | 'withdrawn' | null;
  closedAt: string | null;
  /** Working days the processing clock used, fixed at conclusion (calendar module). */
  usedDays: number | null;
}

export interface CaseEventLike {
  at: Date;
  role: string;
  action: string;
  fromState: string | null;
  toState: string;
  payload: Record<string, unknown>;
}

export interface CaseDims {
  departmentId: string;
  itemCode: string;
  channel: string;
  immediate: boolean;
  limitDays: number | null;
}

export function initialCaseStat(d: CaseDims): CaseStat {
  return {
    ...d,
    submittedAt: null,
    acceptedAt: null,
    pauses: [],
    corrections: 0,
    visits: 0,
    deficiency: false,
    pledge: false,
    outcome: null,
    closedAt: null,
    usedDays: null,
  };
}

/** Working days used by a processing clock that started at `start` and stopped at `end`, pauses excluded. */
export type UsedDays = (start: Date, limitDays: number, pauses: { start: Date; end: Date | null }[], end: Date) => number;

const CLERK = 'window_clerk';

function closePause(p: [string, string | null][], at: string): [string, string | null][] {
  const i = p.findIndex(([, end]) => end === null);
  return i < 0 ? p : p.map((x, j) => (j === i ? [x[0], at] : x));
}

/** The statistical state after one event. Unknown actions leave it as it was. */
export function reduceCase(s: CaseStat, e: CaseEventLike, usedDays: UsedDays): CaseStat {
  const at = e.at.toISOString();
  switch (e.action) {
    case 'apply':
      // An application filed at the window is the applicant's first visit.
      return { ...s, submittedAt: at, visits: s.visits + (s.channel === 'window' ? 1 : 0) };
    case 'accept':
      return { ...s, acceptedAt: at };
    case 'accept_with_deficiency':
      return { ...s, acceptedAt: at, deficiency: true };
    case 'pledge':
      return { ...s, acceptedAt: at, pledge: true, outcome: 'approved', closedAt: at, usedDays: s.limitDays === null ? null : 0 };
    case 'request_correction':
      return { ...s, corrections: s.corrections + 1, pauses: e.fromState === 'in_steps' ? [...s.pauses, [at, null]] : s.pauses };
    case 'resubmit':
      return { ...s, visits: s.visits + (e.role === CLERK ? 1 : 0), pauses: e.fromState === 'step_correction' ? closePause(s.pauses, at) : s.pauses };
    case 'supply_deficiency':
      return { ...s, visits: s.visits + (e.role === CLERK ? 1 : 0) };
    case 'start_special_procedure':
      return { ...s, pauses: [...s.pauses, [at, null]] };
    case 'end_special_procedure':
      return { ...s, pauses: closePause(s.pauses, at) };
    case 'conclude': {
      const used =
        s.acceptedAt && s.limitDays !== null
          ? usedDays(new Date(s.acceptedAt), s.limitDays, s.pauses.map(([a, b]) => ({ start: new Date(a), end: b ? new Date(b) : null })), e.at)
          : null;
      return { ...s, outcome: e.payload.decision === 'deny' ? 'denied' : 'approved', closedAt: at, usedDays: used };
    }
    case 'reject':
      return { ...s, outcome: 'rejected', closedAt: at };
    case 'withdraw':
    case 'terminate':
      return { ...s, outcome: 'withdrawn', closedAt: at };
    case 'deliver':
      return { ...s, visits: s.visits + (e.payload.method === 'window' ? 1 : 0) };
    default:
      return s;
  }
}

/** Tolerance for comparing working days computed in floating point (a millisecond is ~3.5e-8 days). */
const EPS = 1e-6;

/** What a case contributes, per local day (YYYY-MM-DD of Asia/Shanghai, from `dayOf`). */
export function caseContribution(s: CaseStat, dayOf: (iso: string) => string): Map<string, Counters<CaseCounter>> {
  const out = new Map<string, Counters<CaseCounter>>();
  const add = (iso: string, c: Counters<CaseCounter>) => {
    const day = dayOf(iso);
    out.set(day, sumCounters(out.get(day) ?? {}, c));
  };
  if (s.submittedAt) add(s.submittedAt, { applications: 1, immediate: s.immediate ? 1 : 0 });
  if (s.acceptedAt) add(s.acceptedAt, { accepted: 1, deficiency: s.deficiency ? 1 : 0, pledged: s.pledge ? 1 : 0 });
  if (s.closedAt && s.outcome === 'rejected') add(s.closedAt, { rejected: 1 });
  if (s.closedAt && s.outcome === 'withdrawn') add(s.closedAt, { withdrawn: 1 });
  if (s.closedAt && (s.outcome === 'approved' || s.outcome === 'denied')) {
    const c: Counters<CaseCounter> = { concluded: 1, onceDone: s.corrections === 0 ? 1 : 0, zeroVisit: s.visits === 0 ? 1 : 0, atMostOnce: s.visits <= 1 ? 1 : 0 };
    if (s.usedDays !== null && s.limitDays !== null) {
      const late = s.usedDays > s.limitDays + EPS;
      Object.assign(c, { timed: 1, usedDays: s.usedDays, limitDays: s.limitDays, onTime: late ? 0 : 1, overdue: late ? 1 : 0, overdueDays: late ? s.usedDays - s.limitDays : 0 });
    }
    add(s.closedAt, c);
  }
  return out;
}

/** 一件事 as statistics see it. */
export interface BundleStat {
  bundleCode: string;
  channel: string;
  submittedAt: string | null;
  acceptedAt: string | null;
  dueAt: string | null;
  outcome: 'concluded' | 'withdrawn' | null;
  closedAt: string | null;
}

export function reduceBundle(s: BundleStat, e: CaseEventLike): BundleStat {
  const at = e.at.toISOString();
  switch (e.action) {
    case 'apply':
      return { ...s, submittedAt: at };
    case 'accept':
      return { ...s, acceptedAt: at, dueAt: typeof e.payload.dueAt === 'string' ? e.payload.dueAt : null };
    case 'recompute_due':
      return s.outcome ? s : { ...s, dueAt: typeof e.payload.to === 'string' ? e.payload.to : s.dueAt };
    case 'withdraw':
      return { ...s, outcome: 'withdrawn', closedAt: at };
    case 'child_closed':
      return e.toState === 'concluded' && e.fromState !== 'concluded' ? { ...s, outcome: 'concluded', closedAt: at } : s;
    default:
      return s;
  }
}

export function bundleContribution(s: BundleStat, dayOf: (iso: string) => string): Map<string, Counters<BundleCounter>> {
  const out = new Map<string, Counters<BundleCounter>>();
  const add = (iso: string, c: Counters<BundleCounter>) => {
    const day = dayOf(iso);
    out.set(day, sumCounters(out.get(day) ?? {}, c));
  };
  if (s.submittedAt) add(s.submittedAt, { applications: 1 });
  if (s.acceptedAt) add(s.acceptedAt, { accepted: 1 });
  if (s.closedAt && s.outcome === 'withdrawn') add(s.closedAt, { withdrawn: 1 });
  if (s.closedAt && s.outcome === 'concluded') {
    const timed = s.dueAt !== null;
    add(s.closedAt, { concluded: 1, timed: timed ? 1 : 0, onTime: timed && Date.parse(s.closedAt) <= Date.parse(s.dueAt!) ? 1 : 0 });
  }
  return out;
}

export function sumCounters<K extends string>(a: Counters<K>, b: Counters<K>, sign = 1): Counters<K> {
  const out: Counters<K> = { ...a };
  for (const k of Object.keys(b) as K[]) out[k] = (out[k] ?? 0) + sign * (b[k] ?? 0);
  return out;
}

/**
 * The change from `before` to `after`, expanded to three grains: 'd' keyed by the day, 'm' by the first day of
 * its month, 'y' by the first day of its year (a province's year then sums a few rows per county and item).
 * Buckets whose counters all cancel are left out.
 */
export function delta<K extends string>(before: Map<string, Counters<K>>, after: Map<string, Counters<K>>): Map<string, Counters<K>> {
  const out = new Map<string, Counters<K>>();
  const put = (day: string, c: Counters<K>, sign: number) => {
    for (const key of [`d|${day}`, `m|${day.slice(0, 8)}01`, `y|${day.slice(0, 5)}01-01`]) out.set(key, sumCounters(out.get(key) ?? {}, c, sign));
  };
  for (const [day, c] of before) put(day, c, -1);
  for (const [day, c] of after) put(day, c, 1);
  for (const [key, c] of out) if (Object.values(c).every((v) => Math.abs(v as number) < 1e-12)) out.delete(key);
  return out;
}
