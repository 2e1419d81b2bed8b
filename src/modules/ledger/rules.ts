/**
 * Pure rules of running the ledger: task status, reporting periods, at-risk tasks, whether a reported figure
 * meets its target, and the annual score. Dates are plain calendar dates (ISO strings): these are policy
 * deadlines, not working-day case limits.
 */
import type { Comparator } from './targets.js';

export const TASK_STATUSES = ['未启动', '推进中', '已完成', '逾期', '长期推进'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type Cadence = 'monthly' | 'quarterly' | 'yearly';
export const CADENCES: readonly Cadence[] = ['monthly', 'quarterly', 'yearly'];

export interface StatusInput {
  /** Final deadline (the latest dated milestone), or null. */
  dueOn: string | null;
  /** "长期推进" / "持续实施": the obligation outlives the milestone. */
  ongoing: boolean;
  /** Set when the lead unit (or a supervisor) recorded completion (for an ongoing task: the milestone met). */
  completedOn: string | null;
  /** Number of progress reports filed. */
  reports: number;
}

export function taskStatus(t: StatusInput, today: string): TaskStatus {
  if (t.completedOn) return t.ongoing ? '长期推进' : '已完成';
  if (t.dueOn && t.dueOn < today) return '逾期';
  if (t.ongoing && !t.dueOn) return '长期推进';
  return t.reports > 0 ? '推进中' : '未启动';
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar helpers on ISO dates

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export interface Period {
  /** "2024-05" or "2024-Q2". */
  key: string;
  start: string;
  end: string;
}

export function monthPeriod(month: string): Period {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const mm = String(m).padStart(2, '0');
  return { key: `${y}-${mm}`, start: `${y}-${mm}-01`, end: `${y}-${mm}-${lastDayOfMonth(y, m)}` };
}

export function quarterPeriod(quarter: string): Period {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  const y = Number(m[1]);
  const q = Number(m[2]);
  const first = (q - 1) * 3 + 1;
  const last = first + 2;
  return {
    key: quarter,
    start: `${y}-${String(first).padStart(2, '0')}-01`,
    end: `${y}-${String(last).padStart(2, '0')}-${lastDayOfMonth(y, last)}`,
  };
}

export function yearPeriod(year: number): Period {
  return { key: String(year), start: `${year}-01-01`, end: `${year}-12-31` };
}

/** The reporting period a date falls in, for a cadence. */
export function periodOf(date: string, cadence: Cadence): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (cadence === 'yearly') return yearPeriod(y);
  return cadence === 'monthly' ? monthPeriod(`${y}-${String(m).padStart(2, '0')}`) : quarterPeriod(`${y}-Q${Math.ceil(m / 3)}`);
}

export function previousPeriod(p: Period, cadence: Cadence): Period {
  return periodOf(addDays(p.start, -1), cadence);
}

/** Periods of a cadence that end inside [from, to] — the reports a task owes over that span. */
export function periodsEndingWithin(from: string, to: string, cadence: Cadence): Period[] {
  const out: Period[] = [];
  let p = periodOf(from, cadence);
  while (p.start <= to) {
    if (p.end >= from && p.end <= to) out.push(p);
    p = periodOf(addDays(p.end, 1), cadence);
  }
  return out;
}

/** A period's report still counts as on time this many calendar days after the period ends. */
export const REPORT_GRACE_DAYS = 10;

export interface OwedReport {
  period: string;
  start: string;
  end: string;
  /** Last day the report counts as filed on time. */
  dueBy: string;
}

/**
 * The reports a unit owes on a task today: the current period's, and the previous period's while it can still be
 * filed on time. Nothing is owed for a period that ended before the task was issued or began after it was completed.
 * The same periods are counted as owed by 年评价 once they end.
 */
export function reportsDue(
  t: { cadence: Cadence; startsOn: string; completedOn: string | null },
  filed: ReadonlySet<string>,
  today: string,
): OwedReport[] {
  const current = periodOf(today, t.cadence);
  const previous = previousPeriod(current, t.cadence);
  const out: OwedReport[] = [];
  for (const p of [previous, current]) {
    if (p.end < t.startsOn || filed.has(p.key)) continue;
    if (t.completedOn && p.end > t.completedOn) continue;
    const dueBy = addDays(p.end, REPORT_GRACE_DAYS);
    if (p === previous && today > dueBy) continue;
    out.push({ period: p.key, start: p.start, end: p.end, dueBy });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Recurring tasks ("每年12月底前", "每季度")

interface DeadlineWords {
  raw: string;
  date: string | null;
  recurring: boolean;
}

const YEARLY = /每年|年度|每一年/;
const QUARTERLY = /每季度|按季度|每季/;
const MONTHLY = /每月|按月/;

/**
 * The reporting cadence a task's own words ask for: "每季度" quarterly, "每月" monthly, "每年…" once a year;
 * otherwise the cadence the reviewer chose for the document.
 */
export function cadenceFor(deadlines: DeadlineWords[], chosen: Cadence): Cadence {
  const recurring = deadlines.filter((d) => d.recurring).map((d) => d.raw);
  if (recurring.some((r) => MONTHLY.test(r))) return 'monthly';
  if (recurring.some((r) => QUARTERLY.test(r))) return 'quarterly';
  if (recurring.some((r) => YEARLY.test(r))) return 'yearly';
  return chosen;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * A task repeated every year ("每年12月底前", "每年"): it falls due on this year's occurrence of its date (31 December
 * when none is written), and a completion counts for its own year only. Null for a task that does not recur yearly.
 */
export function yearlySchedule(deadlines: DeadlineWords[], completedOn: string | null, today: string): { dueOn: string; completedOn: string | null } | null {
  const yearly = deadlines.filter((d) => d.recurring && YEARLY.test(d.raw));
  if (yearly.length === 0) return null;
  const year = Number(today.slice(0, 4));
  let monthDay = yearly.map((d) => (d.date ? d.date.slice(5) : '12-31')).sort().at(-1)!;
  if (monthDay === '02-29' && !isLeap(year)) monthDay = '02-28';
  const start = `${year}-01-01`;
  return { dueOn: `${year}-${monthDay}`, completedOn: completedOn && completedOn >= start ? completedOn : null };
}

export const AT_RISK_DAYS = 30;

/**
 * A task is at risk when its deadline falls within AT_RISK_DAYS of `asOf` and its owners reported nothing in the
 * current or the previous period: close to due and silent.
 */
export function atRisk(t: StatusInput & { lastReportOn: string | null; cadence: Cadence }, asOf: string): boolean {
  if (t.completedOn || !t.dueOn || t.dueOn < asOf) return false;
  if (t.dueOn > addDays(asOf, AT_RISK_DAYS)) return false;
  const since = previousPeriod(periodOf(asOf, t.cadence), t.cadence).start;
  return t.lastReportOn === null || t.lastReportOn < since;
}

export function targetMet(comparator: Comparator, target: number, actual: number): boolean {
  switch (comparator) {
    case '<=':
      return actual <= target;
    case '<':
      return actual < target;
    case '>=':
      return actual >= target;
    case '>':
      return actual > target;
    case '=':
      return actual >= target;
    case 'reduce_by':
    case 'increase_by':
      // Reported as the achieved change in the target's unit.
      return actual >= target;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 年评价

export const SCORE_WEIGHTS = { onTime: 0.5, reporting: 0.3, targets: 0.2 } as const;

export interface UnitYear {
  unitId: string;
  /** Tasks the unit leads whose deadline fell in the year. */
  due: number;
  /** Of those, completed on or before the deadline. */
  onTime: number;
  /** Reports owed over the year and reports filed on time (within their period). */
  reportsOwed: number;
  reportsFiled: number;
  /** Targets of the unit's tasks, and those whose latest reported figure meets them. */
  targets: number;
  targetsMet: number;
}

export interface UnitScore extends UnitYear {
  onTimeRate: number | null;
  reportingRate: number | null;
  targetsRate: number | null;
  score: number;
  rank: number;
}

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

/**
 * Score = weighted mean of the three rates the unit has (a rate with nothing to measure is left out and the
 * remaining weights are rescaled), on a 0–100 scale; ties share a rank.
 */
export function scoreUnits(rows: UnitYear[]): UnitScore[] {
  const scored = rows.map((r) => {
    const parts: Array<[number | null, number]> = [
      [rate(r.onTime, r.due), SCORE_WEIGHTS.onTime],
      [rate(r.reportsFiled, r.reportsOwed), SCORE_WEIGHTS.reporting],
      [rate(r.targetsMet, r.targets), SCORE_WEIGHTS.targets],
    ];
    const present = parts.filter(([v]) => v !== null) as Array<[number, number]>;
    const weight = present.reduce((s, [, w]) => s + w, 0);
    const score = weight === 0 ? 0 : Math.round((present.reduce((s, [v, w]) => s + v * w, 0) / weight) * 10000) / 100;
    return {
      ...r,
      onTimeRate: parts[0]![0],
      reportingRate: parts[1]![0],
      targetsRate: parts[2]![0],
      score,
      rank: 0,
    };
  });
  scored.sort((a, b) => b.score - a.score || a.unitId.localeCompare(b.unitId));
  scored.forEach((s, i) => {
    s.rank = i > 0 && scored[i - 1]!.score === s.score ? scored[i - 1]!.rank : i + 1;
  });
  return scored;
}
