/**
 * Working-time arithmetic on a working-day calendar. Pure: no database, no clock.
 *
 * Every instant is mapped onto a "working-time axis" W (milliseconds of office time counted from the
 * start of the table). On that axis a limit is a plain addition and a pause a plain subtraction, and
 * the per-calendar precomputed indexes (cumulative working days per day, day of each working day)
 * make both directions O(1), so `due` never walks day by day.
 *
 * Conventions (docs/time-limits.md has the worked examples):
 * - whole N ≥ 1: the acceptance day is not counted (民法典 第二百零一条); the limit ends at the close of
 *   office hours on the Nth working day after the acceptance date;
 * - 0 (即办件): the close of office hours on the acceptance day, or on the next working day when accepted
 *   on a non-working day or at/after the close;
 * - 0 < f < 1: that share of one working day's office time, counted from the start (or from the next
 *   opening when accepted outside office hours);
 * - mixed N + f (N ≥ 1): N whole days as above, then f of a day's office time on the following working
 *   day(s); so 1.5 from Monday ends at mid-office-time on Wednesday, always between due(1) and due(2).
 * An instant is in office time when start ≤ t ≤ end of one of the day's periods; a due falls at the
 * earliest such instant, so it ends a period (12:00, 17:30) rather than opening the next one.
 */

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

export const DAY_KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'adjusted_workday'];

export interface DayEntry {
  /** Local date `YYYY-MM-DD` (Asia/Shanghai). */
  date: string;
  kind: DayKind;
  /** Festival name, e.g. 春节. */
  name?: string | null;
}

export interface OfficePeriod {
  /** `HH:MM`, local time. */
  start: string;
  end: string;
}

export interface WorkCalendarSpec {
  /** Days that differ from the default rule (Mon–Fri work, Sat–Sun weekend); later entries win. */
  days: Iterable<DayEntry>;
  /** Years whose holiday notice has been entered; any other year is provisional (weekends only). */
  years: Iterable<number>;
  officeHours?: readonly OfficePeriod[];
}

export interface Pause {
  start: Date;
  /** `null` while the pause is still running. */
  end: Date | null;
}

export interface Clock {
  /** The instant of 受理. */
  start: Date;
  limitDays: number;
  pauses?: readonly Pause[];
}

export interface WorkingTime {
  workingDays: number;
  officeMinutes: number;
}

export interface CardThresholds {
  /** Yellow when remaining ≤ ratio × limit. Default 0.2. */
  ratio?: number;
  /** Yellow when remaining ≤ this many working days. Default 1. */
  days?: number;
}

export type CardColor = 'green' | 'yellow' | 'red';

export const DEFAULT_OFFICE_HOURS: readonly OfficePeriod[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

/** Asia/Shanghai has had no daylight saving time since 1991, and the table starts in 1970 only for safety. */
export const UTC_OFFSET_MS = 8 * 3_600_000;
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2199;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const KIND_CODE: Record<DayKind, number> = { workday: 0, weekend: 1, holiday: 2, adjusted_workday: 3 };
const FIRST_DAY = Date.UTC(FIRST_YEAR, 0, 1) / DAY_MS;
const END_DAY = Date.UTC(LAST_YEAR + 1, 0, 1) / DAY_MS;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HHMM_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/**
 * An immutable working-day calendar with its precomputed indexes. Build it once per region and
 * share it: construction costs a few milliseconds, every query afterwards is constant time.
 */
export class WorkCalendar {
  readonly years: readonly number[];
  readonly officeHours: readonly OfficePeriod[];
  /** Office time of one working day, in milliseconds. */
  readonly dayMs: number;
  /** Office periods as [start, end) offsets in ms from local midnight. */
  readonly periodStart: Float64Array;
  readonly periodEnd: Float64Array;
  /** Index by (epoch day − FIRST_DAY). */
  readonly kinds: Uint8Array;
  /** cumWork[i] = working days strictly before day i; length n + 1. */
  readonly cumWork: Int32Array;
  /** workdays[k] = day index of the k-th working day. */
  readonly workdays: Int32Array;
  /** yearOfDay[i] = year of day i − FIRST_YEAR. */
  readonly yearOfDay: Uint8Array;
  /** cumProvisional[y] = years before FIRST_YEAR + y that nobody entered. */
  readonly cumProvisional: Int32Array;
  readonly names: ReadonlyMap<number, string>;

  constructor(spec: WorkCalendarSpec) {
    const years = new Set<number>();
    for (const y of spec.years) {
      if (!Number.isInteger(y) || y < FIRST_YEAR || y > LAST_YEAR) throw new RangeError(`year out of range: ${y}`);
      years.add(y);
    }
    this.years = [...years].sort((a, b) => a - b);
    this.officeHours = (spec.officeHours ?? DEFAULT_OFFICE_HOURS).map((p) => ({ start: p.start, end: p.end }));
    const periods = parseOfficeHours(this.officeHours);
    this.periodStart = Float64Array.from(periods.map((p) => p[0]));
    this.periodEnd = Float64Array.from(periods.map((p) => p[1]));
    this.dayMs = periods.reduce((sum, [s, e]) => sum + (e - s), 0);

    const n = END_DAY - FIRST_DAY;
    const kinds = new Uint8Array(n);
    // 1970-01-01 was a Thursday (weekday 4, Sunday = 0).
    for (let i = 0; i < n; i++) {
      const wd = (i + FIRST_DAY + 4) % 7;
      kinds[i] = wd === 0 || wd === 6 ? KIND_CODE.weekend : KIND_CODE.workday;
    }
    const names = new Map<number, string>();
    for (const entry of spec.days) {
      const day = parseDate(entry.date);
      if (day === null) throw new RangeError(`invalid date: ${entry.date}`);
      const code = KIND_CODE[entry.kind];
      if (code === undefined) throw new RangeError(`invalid day kind: ${String(entry.kind)}`);
      kinds[day - FIRST_DAY] = code;
      if (entry.name) names.set(day - FIRST_DAY, entry.name);
      else names.delete(day - FIRST_DAY);
    }

    const cumWork = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) cumWork[i + 1] = cumWork[i]! + (isWorkCode(kinds[i]!) ? 1 : 0);
    const workdays = new Int32Array(cumWork[n]!);
    for (let i = 0, k = 0; i < n; i++) if (isWorkCode(kinds[i]!)) workdays[k++] = i;

    const yearOfDay = new Uint8Array(n);
    const cumProvisional = new Int32Array(LAST_YEAR - FIRST_YEAR + 2);
    for (let y = FIRST_YEAR, i = 0; y <= LAST_YEAR; y++) {
      const end = Date.UTC(y + 1, 0, 1) / DAY_MS - FIRST_DAY;
      for (; i < end; i++) yearOfDay[i] = y - FIRST_YEAR;
      cumProvisional[y - FIRST_YEAR + 1] = cumProvisional[y - FIRST_YEAR]! + (years.has(y) ? 0 : 1);
    }

    this.kinds = kinds;
    this.cumWork = cumWork;
    this.workdays = workdays;
    this.yearOfDay = yearOfDay;
    this.cumProvisional = cumProvisional;
    this.names = names;
  }

  /** Position of an instant on the working-time axis (ms of office time before it). */
  workingMs(t: number): number {
    const local = t + UTC_OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    const i = checkDay(day);
    const before = this.cumWork[i]! * this.dayMs;
    if (!isWorkCode(this.kinds[i]!)) return before;
    const ms = local - day * DAY_MS;
    let acc = 0;
    for (let p = 0; p < this.periodStart.length; p++) {
      const s = this.periodStart[p]!;
      const e = this.periodEnd[p]!;
      if (ms >= e) acc += e - s;
      else {
        if (ms > s) acc += ms - s;
        break;
      }
    }
    return before + acc;
  }

  /** The earliest instant whose working-time position is w. */
  instantAt(w: number): number {
    const dayMs = this.dayMs;
    const k = w <= 0 ? 0 : Math.ceil(w / dayMs) - 1;
    if (k >= this.workdays.length) throw new RangeError(`working time beyond ${LAST_YEAR}`);
    let rest = w - k * dayMs;
    const dayStart = (this.workdays[k]! + FIRST_DAY) * DAY_MS - UTC_OFFSET_MS;
    const last = this.periodStart.length - 1;
    for (let p = 0; p < last; p++) {
      const len = this.periodEnd[p]! - this.periodStart[p]!;
      if (rest <= len) return dayStart + this.periodStart[p]! + rest;
      rest -= len;
    }
    return dayStart + this.periodStart[last]! + rest;
  }

  /** Working days on or before the local date of instant t. */
  workdaysThrough(t: number): number {
    const i = checkDay(Math.floor((t + UTC_OFFSET_MS) / DAY_MS));
    return this.cumWork[i + 1]!;
  }

  /** True when any local date between the two instants (inclusive) lies in a year not entered. */
  touchesProvisional(a: number, b: number): boolean {
    const lo = this.yearOfDay[checkDay(Math.floor((Math.min(a, b) + UTC_OFFSET_MS) / DAY_MS))]!;
    const hi = this.yearOfDay[checkDay(Math.floor((Math.max(a, b) + UTC_OFFSET_MS) / DAY_MS))]!;
    return this.cumProvisional[hi + 1]! - this.cumProvisional[lo]! > 0;
  }

  /** Close of office hours on the local date of t, when that date is a working day and t is before it. */
  isBeforeCloseOnWorkday(t: number): boolean {
    const local = t + UTC_OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    const i = checkDay(day);
    return isWorkCode(this.kinds[i]!) && local - day * DAY_MS < this.periodEnd[this.periodEnd.length - 1]!;
  }
}

export function createWorkCalendar(spec: WorkCalendarSpec): WorkCalendar {
  return new WorkCalendar(spec);
}

function isWorkCode(code: number): boolean {
  return code === 0 || code === 3;
}

function checkDay(day: number): number {
  if (!(day >= FIRST_DAY && day < END_DAY)) throw new RangeError(`date outside ${FIRST_YEAR}–${LAST_YEAR}`);
  return day - FIRST_DAY;
}

/** Epoch day of a `YYYY-MM-DD` string, or null when it is not a real date. */
export function parseDate(s: string): number | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  const day = t / DAY_MS;
  return day >= FIRST_DAY && day < END_DAY ? day : null;
}

function parseOfficeHours(periods: readonly OfficePeriod[]): Array<[number, number]> {
  if (periods.length === 0) throw new RangeError('office hours need at least one period');
  const out: Array<[number, number]> = [];
  let prevEnd = -1;
  for (const p of periods) {
    const s = parseHhmm(p.start);
    const e = parseHhmm(p.end);
    if (s === null || e === null) throw new RangeError(`invalid office period ${p.start}–${p.end}`);
    if (e <= s || s < prevEnd) throw new RangeError(`office periods must be ordered and not overlap: ${p.start}–${p.end}`);
    out.push([s, e]);
    prevEnd = e;
  }
  return out;
}

function parseHhmm(s: string): number | null {
  const m = HHMM_RE.exec(s);
  if (!m) return null;
  if (s === '24:00') return DAY_MS;
  return (Number(m[1]) * 60 + Number(m[2])) * MINUTE_MS;
}

export function validateOfficeHours(periods: readonly OfficePeriod[]): string | null {
  try {
    parseOfficeHours(periods);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Local date `YYYY-MM-DD` (Asia/Shanghai) of an instant. */
export function localDate(t: Date | number): string {
  const d = new Date((typeof t === 'number' ? t : t.getTime()) + UTC_OFFSET_MS);
  return d.toISOString().slice(0, 10);
}

/** ISO 8601 with the +08:00 offset, e.g. `2026-10-26T17:30:00+08:00`. */
export function formatInstant(t: Date | number): string {
  const ms = typeof t === 'number' ? t : t.getTime();
  const iso = new Date(ms + UTC_OFFSET_MS).toISOString();
  const frac = ms % 1000 === 0 ? '' : iso.slice(19, 23);
  return `${iso.slice(0, 19)}${frac}+08:00`;
}

/**
 * Parses `YYYY-MM-DD` (local midnight), `YYYY-MM-DDTHH:MM[:SS]` (local time) or a full ISO 8601
 * instant with an offset. Returns null on anything else.
 */
export function parseInstant(s: string): Date | null {
  const text = s.trim();
  if (DATE_RE.test(text)) {
    const day = parseDate(text);
    return day === null ? null : new Date(day * DAY_MS - UTC_OFFSET_MS);
  }
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?$/.exec(text);
  if (local) {
    const day = parseDate(local[1]!);
    const h = Number(local[2]);
    const mi = Number(local[3]);
    const sec = Number(local[4] ?? 0);
    if (day === null || h > 23 || mi > 59 || sec > 59) return null;
    const ms = Math.round(Number(local[5] ?? 0) * 1000);
    return new Date(day * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + ms - UTC_OFFSET_MS);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

function checkLimit(limitDays: number): void {
  if (!Number.isFinite(limitDays) || limitDays < 0) throw new RangeError(`invalid limit: ${limitDays}`);
}

interface ClockAxis {
  /** Where the clock starts on the working-time axis. */
  origin: number;
  /** Office time the limit grants. */
  budget: number;
}

function axis(cal: WorkCalendar, start: number, limitDays: number): ClockAxis {
  checkLimit(limitDays);
  const dayMs = cal.dayMs;
  if (limitDays === 0) {
    const through = cal.workdaysThrough(start);
    const closeDay = cal.isBeforeCloseOnWorkday(start) ? through : through + 1;
    const origin = Math.min(cal.workingMs(start), closeDay * dayMs);
    return { origin, budget: closeDay * dayMs - origin };
  }
  if (limitDays < 1) return { origin: cal.workingMs(start), budget: Math.round(limitDays * dayMs) };
  return { origin: cal.workdaysThrough(start) * dayMs, budget: Math.round(limitDays * dayMs) };
}

interface Span {
  from: number;
  to: number;
}

/** Pauses on the working-time axis, clipped to the clock's origin, merged and sorted. */
function pauseSpans(cal: WorkCalendar, origin: number, pauses: readonly Pause[] | undefined, now: number | undefined): Span[] {
  if (!pauses || pauses.length === 0) return [];
  const raw: Span[] = [];
  for (const p of pauses) {
    const a = p.start.getTime();
    const b = p.end === null ? Math.max(a, now ?? a) : p.end.getTime();
    if (!(b > a)) continue;
    const from = Math.max(origin, cal.workingMs(a));
    const to = cal.workingMs(b);
    if (to > from) raw.push({ from, to });
  }
  raw.sort((x, y) => x.from - y.from);
  const merged: Span[] = [];
  for (const s of raw) {
    const last = merged[merged.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else merged.push({ ...s });
  }
  return merged;
}

/** Working-time position of the due instant: each pause that begins before the (moving) due pushes it by its length. */
function dueWorking(spans: readonly Span[], origin: number, budget: number): number {
  let w = origin + budget;
  for (const s of spans) {
    if (s.from >= w) break;
    w += s.to - s.from;
  }
  return w;
}

/** Office time consumed between origin and wNow, pauses excluded. */
function consumed(spans: readonly Span[], origin: number, wNow: number): number {
  let used = wNow - origin;
  for (const s of spans) {
    if (s.from >= wNow) break;
    used -= Math.min(s.to, wNow) - s.from;
  }
  return Math.max(0, used);
}

function hasOpenPause(pauses: readonly Pause[] | undefined): boolean {
  return !!pauses && pauses.some((p) => p.end === null);
}

/** Fast path for hot loops: due instant (epoch ms) without pauses. */
export function dueMs(cal: WorkCalendar, startMs: number, limitDays: number): number {
  const { origin, budget } = axis(cal, startMs, limitDays);
  return cal.instantAt(origin + budget);
}

export interface DueResult {
  due: Date;
  provisional: boolean;
  /** A pause is still running: the due moves on while it lasts (computed as if it ended at `now`). */
  paused: boolean;
}

/**
 * When a limit of `limitDays` working days, started at `start`, runs out. Running pauses count until
 * `now` (default: their own start), so the answer is then a lower bound and `paused` is true.
 */
export function due(
  cal: WorkCalendar,
  start: Date,
  limitDays: number,
  opts: { pauses?: readonly Pause[]; now?: Date } = {},
): DueResult {
  const s = start.getTime();
  const { origin, budget } = axis(cal, s, limitDays);
  const spans = pauseSpans(cal, origin, opts.pauses, opts.now?.getTime());
  const d = cal.instantAt(dueWorking(spans, origin, budget));
  return { due: new Date(d), provisional: cal.touchesProvisional(s, d), paused: hasOpenPause(opts.pauses) };
}

function toWorkingTime(cal: WorkCalendar, ms: number): WorkingTime {
  return { workingDays: ms / cal.dayMs, officeMinutes: ms / MINUTE_MS };
}

export interface ElapsedResult extends WorkingTime {
  provisional: boolean;
}

/**
 * Working time of the limit consumed by `now`. The clock runs from the start of the first working
 * day after acceptance for limits ≥ 1, from the start itself for limits below 1; paused time does not
 * count. With `elapsed(start, due) = limit` for every limit > 0.
 */
export function elapsed(cal: WorkCalendar, clock: Clock, now: Date): ElapsedResult {
  const s = clock.start.getTime();
  const n = now.getTime();
  const { origin } = axis(cal, s, clock.limitDays);
  const spans = pauseSpans(cal, origin, clock.pauses, n);
  const used = consumed(spans, origin, cal.workingMs(n));
  return { ...toWorkingTime(cal, used), provisional: cal.touchesProvisional(s, n) };
}

export interface RemainingResult extends WorkingTime {
  due: Date;
  /** now is after the due instant. */
  overdue: boolean;
  paused: boolean;
  provisional: boolean;
}

/** Working time left before the due (negative once overdue: how much working time has run over). */
export function remaining(cal: WorkCalendar, clock: Clock, now: Date): RemainingResult {
  const s = clock.start.getTime();
  const n = now.getTime();
  const { origin, budget } = axis(cal, s, clock.limitDays);
  const spans = pauseSpans(cal, origin, clock.pauses, n);
  const d = cal.instantAt(dueWorking(spans, origin, budget));
  const left = budget - consumed(spans, origin, cal.workingMs(n));
  return {
    ...toWorkingTime(cal, left),
    due: new Date(d),
    overdue: n > d,
    paused: hasOpenPause(clock.pauses),
    provisional: cal.touchesProvisional(s, Math.max(n, d)),
  };
}

export interface CardResult {
  color: CardColor;
  due: Date;
  remaining: WorkingTime;
  /** How far overdue in working time (0 when overdue only by non-working time); null unless red. */
  overdue: WorkingTime | null;
  paused: boolean;
  provisional: boolean;
}

export const DEFAULT_CARD_THRESHOLDS: Required<CardThresholds> = { ratio: 0.2, days: 1 };

/** Working time before the due at which a clock turns yellow: the larger of ratio × limit and `days` days. */
export function yellowLeadDays(limitDays: number, thresholds: Required<CardThresholds> = DEFAULT_CARD_THRESHOLDS): number {
  return Math.max(thresholds.ratio * limitDays, thresholds.days);
}

/** The card from the two stored instants (what the indexed list queries compute in SQL). */
export function cardFromInstants(now: Date, dueAt: Date | null, yellowAt: Date | null): CardColor | null {
  if (!dueAt) return null;
  if (now.getTime() > dueAt.getTime()) return 'red';
  if (yellowAt && now.getTime() >= yellowAt.getTime()) return 'yellow';
  return 'green';
}

/**
 * Red once past the due instant; yellow when the remaining working time is at most `ratio` of the
 * limit or at most `days` working days; green otherwise. A 即办件 (limit 0) measures the ratio
 * against the office time left on its day.
 */
export function card(cal: WorkCalendar, clock: Clock, now: Date, thresholds: CardThresholds = {}): CardResult {
  const ratio = thresholds.ratio ?? DEFAULT_CARD_THRESHOLDS.ratio;
  const days = thresholds.days ?? DEFAULT_CARD_THRESHOLDS.days;
  const r = remaining(cal, clock, now);
  const left = { workingDays: r.workingDays, officeMinutes: r.officeMinutes };
  const base = { due: r.due, paused: r.paused, provisional: r.provisional };
  if (r.overdue) {
    const over = Math.max(0, -r.officeMinutes * MINUTE_MS);
    return { color: 'red', remaining: left, overdue: toWorkingTime(cal, over), ...base };
  }
  const { budget } = axis(cal, clock.start.getTime(), clock.limitDays);
  const leftMs = r.officeMinutes * MINUTE_MS;
  const yellow = leftMs <= ratio * budget || leftMs <= days * cal.dayMs;
  return { color: yellow ? 'yellow' : 'green', remaining: left, overdue: null, ...base };
}

export interface DayInfo {
  date: string;
  workday: boolean;
  kind: DayKind;
  name: string | null;
  /** The date's year has not been entered: the answer is the weekend rule only. */
  provisional: boolean;
}

function dayIndex(date: string | Date): number {
  const day = typeof date === 'string' ? parseDate(date) : Math.floor((date.getTime() + UTC_OFFSET_MS) / DAY_MS);
  if (day === null) throw new RangeError(`invalid date: ${String(date)}`);
  return checkDay(day);
}

export function dayInfo(cal: WorkCalendar, date: string | Date): DayInfo {
  const i = dayIndex(date);
  const kind = DAY_KINDS[cal.kinds[i]!]!;
  return {
    date: new Date((i + FIRST_DAY) * DAY_MS).toISOString().slice(0, 10),
    workday: isWorkCode(cal.kinds[i]!),
    kind,
    name: cal.names.get(i) ?? null,
    provisional: cal.cumProvisional[cal.yearOfDay[i]! + 1]! - cal.cumProvisional[cal.yearOfDay[i]!]! > 0,
  };
}

export function isWorkday(cal: WorkCalendar, date: string | Date): boolean {
  return isWorkCode(cal.kinds[dayIndex(date)]!);
}

/** Years in [from, to] that nobody has entered. */
export function missingYears(cal: WorkCalendar, from: number, to: number): number[] {
  const entered = new Set(cal.years);
  const out: number[] = [];
  for (let y = from; y <= to; y++) if (!entered.has(y)) out.push(y);
  return out;
}
