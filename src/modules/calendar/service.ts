import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { sm3 } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { regionLevelOf } from '../../platform/validators.js';
import { recordAudit } from '../audit/index.js';
import './errors.js';
import { parseNoticeInPool, type NoticeParse } from './notice.js';
import {
  createWorkCalendar,
  DAY_KINDS,
  dayInfo,
  due,
  FIRST_YEAR,
  formatInstant,
  LAST_YEAR,
  missingYears,
  parseDate,
  parseInstant,
  validateOfficeHours,
  DEFAULT_OFFICE_HOURS,
  type DayEntry,
  type DayInfo,
  type DayKind,
  type OfficePeriod,
  type WorkCalendar,
} from './rules.js';
import { calendarDays, calendarRevision, calendarYears, officeHours, type DaySource } from './schema.js';
import { NATIONAL_REGION, readSeed } from './seed.js';

export interface ActionContext {
  ip?: string | null;
}

/** The national calendar first, then each ancestor of the region, then the region: later rows override earlier ones. */
export function regionChain(regionCode: string): string[] {
  if (regionCode === NATIONAL_REGION) return [NATIONAL_REGION];
  const level = regionLevelOf(regionCode);
  if (level === null || regionCode.startsWith('00')) throw new AppError('CALENDAR_REGION_INVALID', { regionCode });
  const chain = [NATIONAL_REGION, `${regionCode.slice(0, 2)}0000`];
  if (level >= 2) chain.push(`${regionCode.slice(0, 4)}00`);
  if (level >= 3) chain.push(regionCode.slice(0, 6));
  if (level >= 4) chain.push(regionCode.slice(0, 9));
  if (level >= 5) chain.push(regionCode);
  return [...new Set(chain)];
}

// ── cache ───────────────────────────────────────────────────────────────────────────────────────────

interface CacheEntry {
  revision: number;
  calendar: WorkCalendar;
}

let caches = new WeakMap<Db, Map<string, CacheEntry>>();

async function currentRevision(db: Db): Promise<number> {
  const rows = await db.select({ revision: calendarRevision.revision }).from(calendarRevision).where(eq(calendarRevision.id, 1));
  return rows[0]?.revision ?? 0;
}

async function bumpRevision(tx: Db): Promise<void> {
  await tx
    .insert(calendarRevision)
    .values({ id: 1, revision: 1 })
    .onConflictDoUpdate({ target: calendarRevision.id, set: { revision: sql`${calendarRevision.revision} + 1` } });
}

/** Drops this process's calendars for db (all databases when omitted); the revision check catches other nodes. */
export function invalidateCalendarCache(db?: Db): void {
  if (db) caches.delete(db);
  else caches = new WeakMap();
}

async function readCalendar(db: Db, regionCode: string): Promise<WorkCalendar> {
  const chain = regionChain(regionCode);
  const depth = new Map(chain.map((c, i) => [c, i]));
  const dayRows = await db
    .select({ regionCode: calendarDays.regionCode, date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
    .from(calendarDays)
    .where(inArray(calendarDays.regionCode, chain));
  dayRows.sort((a, b) => depth.get(a.regionCode)! - depth.get(b.regionCode)!);
  const yearRows = await db.select({ year: calendarYears.year }).from(calendarYears).where(inArray(calendarYears.regionCode, chain));
  const hours = await officeHoursOf(db, chain);
  return createWorkCalendar({ days: dayRows, years: yearRows.map((r) => r.year), officeHours: hours.periods });
}

/** The deepest region of the chain with rows of its own: every region below it has the same calendar. */
async function owningRegion(db: Db, chain: string[]): Promise<string> {
  const owners = new Set<string>();
  for (const table of [calendarDays, calendarYears, officeHours]) {
    const rows = await db.selectDistinct({ regionCode: table.regionCode }).from(table).where(inArray(table.regionCode, chain));
    for (const r of rows) owners.add(r.regionCode);
  }
  return [...chain].reverse().find((c) => owners.has(c)) ?? NATIONAL_REGION;
}

/**
 * The working-day calendar of a region (national days, overridden by the region's ancestors and then the
 * region itself). Cached in memory per database, and shared by every region without rows of its own (a
 * calendar holds about 0.7 MB of indexes); a change anywhere bumps a revision that every load checks, so
 * all API nodes see a confirmed notice on their next computation.
 */
export async function loadWorkCalendar(db: Db, regionCode: string = NATIONAL_REGION): Promise<WorkCalendar> {
  const revision = await currentRevision(db);
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(regionCode);
  if (hit && hit.revision === revision) return hit.calendar;
  const chain = regionChain(regionCode);
  const owner = await owningRegion(db, chain);
  const calendar = owner === regionCode ? await readCalendar(db, regionCode) : await loadWorkCalendar(db, owner);
  cache.set(regionCode, { revision, calendar });
  return calendar;
}

// ── hook for the cases module ───────────────────────────────────────────────────────────────────────

export interface CalendarChange {
  regionCode: string;
  /** Years whose days changed; 'all' when office hours changed. */
  years: number[] | 'all';
  reason: 'notice' | 'office_hours' | 'day';
}

/**
 * Recomputes the due time of every open case the change can affect, appending an event on each case whose
 * due moved, inside the calendar change's transaction; returns how many cases changed. `calendarFor`
 * loads a region's calendar as it stands inside that transaction.
 */
export type DueRecomputer = (tx: Db, change: CalendarChange, calendarFor: (regionCode: string) => Promise<WorkCalendar>) => Promise<number>;

const dueRecomputers = new Map<string, DueRecomputer>();

/**
 * A module with running clocks (cases, bundle cases) supplies its recomputation here once, at start-up, under
 * its own name, so that building the server again replaces it rather than adding a second one.
 */
export function setDueRecomputer(owner: string, fn: DueRecomputer | null): void {
  if (fn) dueRecomputers.set(owner, fn);
  else dueRecomputers.delete(owner);
}

/** Runs every supplied recomputation in the change's transaction; returns how many clocks moved in all. */
export async function recomputeOpenCaseDues(tx: Db, change: CalendarChange): Promise<number> {
  let changed = 0;
  for (const fn of dueRecomputers.values()) changed += await fn(tx, change, (regionCode) => readCalendar(tx, regionCode));
  return changed;
}

// ── seed ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Adds the national days of the committed seed (chinese-days, 2019–2026) for every seed year not yet
 * entered; a year replaced by a notice or an admin is never overwritten. Safe to run on every start.
 */
export async function seedCalendar(db: Db): Promise<{ years: number[] }> {
  const seed = readSeed();
  const entered = await db.select({ year: calendarYears.year }).from(calendarYears).where(eq(calendarYears.regionCode, NATIONAL_REGION));
  const have = new Set(entered.map((r) => r.year));
  const years = seed.years.filter((y) => !have.has(y));
  if (years.length === 0) return { years };
  const wanted = new Set(years);
  const days = seed.days.filter((d) => wanted.has(Number(d.date.slice(0, 4))));
  await db.transaction(async (tx) => {
    if (days.length) {
      await tx
        .insert(calendarDays)
        .values(days.map((d) => ({ regionCode: NATIONAL_REGION, date: d.date, kind: d.kind, name: d.name ?? null, source: 'seed' as const, sourceRef: seed.source })))
        .onConflictDoNothing();
    }
    await tx
      .insert(calendarYears)
      .values(years.map((year) => ({ regionCode: NATIONAL_REGION, year, source: 'seed' as const, sourceRef: seed.source })))
      .onConflictDoNothing();
    await bumpRevision(tx);
  });
  return { years };
}

// ── holiday notice import ───────────────────────────────────────────────────────────────────────────

export interface NoticeInput {
  year: number;
  text: string;
  regionCode?: string;
}

export interface NoticePreview extends NoticeParse {
  regionCode: string;
  /** Send back on confirmation: proves the admin confirms the days shown. */
  previewHash: string;
  /** What the year holds today. */
  current: { entered: boolean; source: DaySource | null; sourceRef: string | null; days: number };
  /** True when the notice can be confirmed as it is. */
  confirmable: boolean;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) throw new AppError('CALENDAR_YEAR_INVALID', { year });
}

function yearBounds(year: number): [string, string] {
  return [`${year}-01-01`, `${year}-12-31`];
}

function previewHashOf(regionCode: string, parse: NoticeParse): string {
  return sm3(JSON.stringify({ regionCode, year: parse.year, days: parse.days }));
}

/** Parses a pasted notice and shows what confirming it would store. Stores nothing. */
export async function previewNotice(db: Db, input: NoticeInput): Promise<NoticePreview> {
  checkYear(input.year);
  const regionCode = input.regionCode ?? NATIONAL_REGION;
  regionChain(regionCode);
  const parse = await parseNoticeInPool(input.text, input.year);
  const [from, to] = yearBounds(input.year);
  const yearRow = (
    await db.select().from(calendarYears).where(and(eq(calendarYears.regionCode, regionCode), eq(calendarYears.year, input.year)))
  )[0];
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(calendarDays)
    .where(and(eq(calendarDays.regionCode, regionCode), gte(calendarDays.date, from), lte(calendarDays.date, to)));
  return {
    ...parse,
    regionCode,
    previewHash: previewHashOf(regionCode, parse),
    current: { entered: !!yearRow, source: yearRow?.source ?? null, sourceRef: yearRow?.sourceRef ?? null, days: n! },
    confirmable: parse.problems.length === 0,
  };
}

export interface NoticeConfirmation {
  regionCode: string;
  year: number;
  holidays: number;
  adjustedWorkdays: number;
  recomputedCases: number;
}

/**
 * Stores a previewed notice: the year's days of that region are replaced by the notice's, the year is
 * marked entered, and every open case's due is recomputed, all in one transaction. Refuses a notice with
 * unreadable parts or one that differs from the preview.
 */
export async function confirmNotice(
  db: Db,
  caller: Caller | null,
  input: NoticeInput & { previewHash: string; sourceRef?: string },
  ctx: ActionContext = {},
): Promise<NoticeConfirmation> {
  checkYear(input.year);
  const regionCode = input.regionCode ?? NATIONAL_REGION;
  regionChain(regionCode);
  const parse = await parseNoticeInPool(input.text, input.year);
  if (parse.problems.length > 0) throw new AppError('CALENDAR_NOTICE_UNREADABLE', { problems: parse.problems });
  if (previewHashOf(regionCode, parse) !== input.previewHash) throw new AppError('CALENDAR_PREVIEW_STALE');
  const sourceRef = input.sourceRef ?? (parse.titleYear ? `国务院办公厅关于${parse.titleYear}年部分节假日安排的通知` : `节假日通知 ${input.year}`);
  const [from, to] = yearBounds(input.year);
  const result = await db.transaction(async (tx) => {
    await tx.delete(calendarDays).where(and(eq(calendarDays.regionCode, regionCode), gte(calendarDays.date, from), lte(calendarDays.date, to)));
    await tx
      .insert(calendarDays)
      .values(parse.days.map((d) => ({ regionCode, date: d.date, kind: d.kind, name: d.name ?? null, source: 'notice' as const, sourceRef, updatedBy: caller?.id ?? null })))
      .onConflictDoUpdate({
        target: [calendarDays.regionCode, calendarDays.date],
        set: { kind: sql`excluded.kind`, name: sql`excluded.name`, source: sql`excluded.source`, sourceRef: sql`excluded.source_ref`, updatedBy: sql`excluded.updated_by`, updatedAt: sql`now()` },
      });
    await tx
      .insert(calendarYears)
      .values({ regionCode, year: input.year, source: 'notice', sourceRef, enteredBy: caller?.id ?? null })
      .onConflictDoUpdate({
        target: [calendarYears.regionCode, calendarYears.year],
        set: { source: 'notice', sourceRef, enteredBy: caller?.id ?? null, enteredAt: sql`now()` },
      });
    await bumpRevision(tx);
    const years = [...new Set([input.year, ...parse.days.map((d) => Number(d.date.slice(0, 4)))])].sort();
    const recomputedCases = await recomputeOpenCaseDues(tx, { regionCode, years, reason: 'notice' });
    await recordAudit(tx, {
      actorId: caller?.id ?? null,
      actorName: caller?.displayName ?? 'cli',
      action: 'calendar.notice.confirm',
      targetType: 'calendar_year',
      targetId: `${regionCode}/${input.year}`,
      ip: ctx.ip,
      details: { holidays: parse.holidays.length, adjustedWorkdays: parse.adjustedWorkdays.length, sourceRef, recomputedCases },
    });
    return { regionCode, year: input.year, holidays: parse.holidays.length, adjustedWorkdays: parse.adjustedWorkdays.length, recomputedCases };
  });
  invalidateCalendarCache(db);
  return result;
}

// ── office hours and single days ────────────────────────────────────────────────────────────────────

export interface OfficeHoursView {
  regionCode: string;
  periods: OfficePeriod[];
  /** The region whose setting applies ('default' when nobody set one). */
  inheritedFrom: string;
}

async function officeHoursOf(db: Db, chain: string[]): Promise<{ periods: OfficePeriod[]; from: string }> {
  const rows = await db.select().from(officeHours).where(inArray(officeHours.regionCode, chain));
  for (const code of [...chain].reverse()) {
    const row = rows.find((r) => r.regionCode === code);
    if (row) return { periods: row.periods, from: code };
  }
  return { periods: DEFAULT_OFFICE_HOURS.map((p) => ({ ...p })), from: 'default' };
}

export async function getOfficeHours(db: Db, regionCode: string = NATIONAL_REGION): Promise<OfficeHoursView> {
  const { periods, from } = await officeHoursOf(db, regionChain(regionCode));
  return { regionCode, periods, inheritedFrom: from };
}

export async function setOfficeHours(
  db: Db,
  caller: Caller | null,
  regionCode: string,
  periods: OfficePeriod[],
  ctx: ActionContext = {},
): Promise<OfficeHoursView & { recomputedCases: number }> {
  regionChain(regionCode);
  const problem = validateOfficeHours(periods);
  if (problem) throw new AppError('CALENDAR_OFFICE_HOURS_INVALID', { reason: problem });
  const clean = periods.map((p) => ({ start: p.start, end: p.end }));
  const recomputedCases = await db.transaction(async (tx) => {
    await tx
      .insert(officeHours)
      .values({ regionCode, periods: clean, updatedBy: caller?.id ?? null })
      .onConflictDoUpdate({ target: officeHours.regionCode, set: { periods: clean, updatedBy: caller?.id ?? null, updatedAt: sql`now()` } });
    await bumpRevision(tx);
    const n = await recomputeOpenCaseDues(tx, { regionCode, years: 'all', reason: 'office_hours' });
    await recordAudit(tx, {
      actorId: caller?.id ?? null,
      actorName: caller?.displayName ?? 'cli',
      action: 'calendar.office_hours.set',
      targetType: 'office_hours',
      targetId: regionCode,
      ip: ctx.ip,
      details: { periods: clean, recomputedCases: n },
    });
    return n;
  });
  invalidateCalendarCache(db);
  return { regionCode, periods: clean, inheritedFrom: regionCode, recomputedCases };
}

/** An admin's correction of one day for a region (e.g. a local holiday); the day's year must already be entered or it stays provisional. */
export async function setDay(
  db: Db,
  caller: Caller | null,
  input: { regionCode: string; date: string; kind: DayKind; name?: string | null; note?: string | null },
  ctx: ActionContext = {},
): Promise<{ date: string; kind: DayKind; recomputedCases: number }> {
  regionChain(input.regionCode);
  if (parseDate(input.date) === null) throw new AppError('CALENDAR_DATE_INVALID', { date: input.date });
  if (!DAY_KINDS.includes(input.kind)) throw new AppError('VALIDATION_FAILED', { field: 'kind' });
  const year = Number(input.date.slice(0, 4));
  const recomputedCases = await db.transaction(async (tx) => {
    const row = { kind: input.kind, name: input.name ?? null, source: 'admin' as const, sourceRef: input.note ?? null, updatedBy: caller?.id ?? null };
    await tx
      .insert(calendarDays)
      .values({ regionCode: input.regionCode, date: input.date, ...row })
      .onConflictDoUpdate({ target: [calendarDays.regionCode, calendarDays.date], set: { ...row, updatedAt: sql`now()` } });
    await bumpRevision(tx);
    const n = await recomputeOpenCaseDues(tx, { regionCode: input.regionCode, years: [year], reason: 'day' });
    await recordAudit(tx, {
      actorId: caller?.id ?? null,
      actorName: caller?.displayName ?? 'cli',
      action: 'calendar.day.set',
      targetType: 'calendar_day',
      targetId: `${input.regionCode}/${input.date}`,
      ip: ctx.ip,
      details: { kind: input.kind, name: input.name ?? null, recomputedCases: n },
    });
    return n;
  });
  invalidateCalendarCache(db);
  return { date: input.date, kind: input.kind, recomputedCases };
}

// ── queries ─────────────────────────────────────────────────────────────────────────────────────────

export interface YearView {
  regionCode: string;
  year: number;
  entered: boolean;
  /** How the year was entered, for the region or the nearest region above it that entered it. */
  enteredBy: { regionCode: string; source: DaySource; sourceRef: string | null; enteredAt: string } | null;
  workdays: number;
  officeHours: OfficePeriod[];
  /** Days that differ from the weekend rule, with the region and source each comes from. */
  days: Array<DayEntry & { regionCode: string; source: DaySource; sourceRef: string | null }>;
}

export async function yearView(db: Db, regionCode: string, year: number): Promise<YearView> {
  checkYear(year);
  const chain = regionChain(regionCode);
  const depth = new Map(chain.map((c, i) => [c, i]));
  const [from, to] = yearBounds(year);
  const rows = await db
    .select()
    .from(calendarDays)
    .where(and(inArray(calendarDays.regionCode, chain), gte(calendarDays.date, from), lte(calendarDays.date, to)));
  rows.sort((a, b) => a.date.localeCompare(b.date) || depth.get(b.regionCode)! - depth.get(a.regionCode)!);
  const days: YearView['days'] = [];
  for (const r of rows) {
    if (days.length && days[days.length - 1]!.date === r.date) continue;
    days.push({ date: r.date, kind: r.kind, name: r.name, regionCode: r.regionCode, source: r.source, sourceRef: r.sourceRef });
  }
  const years = await db
    .select()
    .from(calendarYears)
    .where(and(inArray(calendarYears.regionCode, chain), eq(calendarYears.year, year)));
  years.sort((a, b) => depth.get(b.regionCode)! - depth.get(a.regionCode)!);
  const cal = await loadWorkCalendar(db, regionCode);
  let workdays = 0;
  for (let d = parseDate(from)!; d <= parseDate(to)!; d++) if (dayInfo(cal, new Date(d * 86_400_000)).workday) workdays++;
  const entry = years[0];
  return {
    regionCode,
    year,
    entered: !!entry,
    enteredBy: entry ? { regionCode: entry.regionCode, source: entry.source, sourceRef: entry.sourceRef, enteredAt: entry.enteredAt.toISOString() } : null,
    workdays,
    officeHours: cal.officeHours.map((p) => ({ ...p })),
    days,
  };
}

/**
 * Years nobody has entered, from the first entered year (or `from`) to next year (or `to`): every one of
 * them is computed provisionally, weekends only.
 */
export async function listMissingYears(
  db: Db,
  regionCode: string = NATIONAL_REGION,
  range: { from?: number; to?: number } = {},
  now: Date = new Date(),
): Promise<{ regionCode: string; from: number; to: number; entered: number[]; missing: number[] }> {
  const cal = await loadWorkCalendar(db, regionCode);
  const thisYear = Number(formatInstant(now).slice(0, 4));
  const from = range.from ?? cal.years[0] ?? thisYear;
  const to = range.to ?? thisYear + 1;
  if (from > to) throw new AppError('CALENDAR_YEAR_INVALID', { from, to });
  checkYear(from);
  checkYear(to);
  return { regionCode, from, to, entered: cal.years.filter((y) => y >= from && y <= to), missing: missingYears(cal, from, to) };
}

function toAppError(e: unknown): never {
  if (e instanceof RangeError) {
    if (/limit/.test(e.message)) throw new AppError('CALENDAR_LIMIT_INVALID', { reason: e.message });
    throw new AppError('CALENDAR_OUT_OF_RANGE', { reason: e.message });
  }
  throw e;
}

/** Due of a limit in working days from an ISO 8601 instant, as the CLI and the API print it. */
export async function computeDue(
  db: Db,
  input: { from: string; days: number; regionCode?: string },
): Promise<{ due: string; provisional: boolean }> {
  const start = parseInstant(input.from);
  if (!start) throw new AppError('CALENDAR_INSTANT_INVALID', { from: input.from });
  if (!Number.isFinite(input.days) || input.days < 0) throw new AppError('CALENDAR_LIMIT_INVALID', { days: input.days });
  const cal = await loadWorkCalendar(db, input.regionCode ?? NATIONAL_REGION);
  try {
    const r = due(cal, start, input.days);
    return { due: formatInstant(r.due), provisional: r.provisional };
  } catch (e) {
    return toAppError(e);
  }
}

export async function getDayInfo(db: Db, date: string, regionCode: string = NATIONAL_REGION): Promise<DayInfo> {
  const year = /^(\d{4})-\d{2}-\d{2}$/.exec(date)?.[1];
  if (year !== undefined && (Number(year) < FIRST_YEAR || Number(year) > LAST_YEAR)) throw new AppError('CALENDAR_OUT_OF_RANGE', { date });
  if (parseDate(date) === null) throw new AppError('CALENDAR_DATE_INVALID', { date });
  const cal = await loadWorkCalendar(db, regionCode);
  return dayInfo(cal, date);
}
