import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { auditLog } from '../audit/schema.js';
import { NOTICE_2026 } from './notice-fixtures.js';
import { calendarDays, calendarRevision, calendarYears } from './schema.js';
import {
  computeDue,
  confirmNotice,
  getDayInfo,
  getOfficeHours,
  listMissingYears,
  loadWorkCalendar,
  previewNotice,
  regionChain,
  seedCalendar,
  setDay,
  setDueRecomputer,
  setOfficeHours,
  yearView,
  type CalendarChange,
} from './service.js';

// Invented dates for tests only: the 2027 notice has not been published (national-rules.md §8.5).
const FIXTURE_2027 = `一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至12日（周五）放假调休，共8天。2月20日（周六）上班。`;

let db: Db;

beforeAll(async () => {
  db = await testDb();
  await seedCalendar(db);
});

async function expectAppError(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

async function dayRows(regionCode: string, year: number) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(calendarDays)
    .where(and(eq(calendarDays.regionCode, regionCode), sql`extract(year from ${calendarDays.date}) = ${year}`));
  return n!;
}

describe('seed and national calendar', () => {
  it('seeds 2019–2026 once and computes the published facts from the database', async () => {
    expect(await seedCalendar(db)).toEqual({ years: [] });
    const years = await db.select().from(calendarYears).where(eq(calendarYears.regionCode, '000000'));
    expect(years.map((y) => y.year).sort()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(years.every((y) => y.source === 'seed' && /^chinese-days@/.test(y.sourceRef ?? ''))).toBe(true);
    expect(await computeDue(db, { from: '2026-09-21T10:00:00+08:00', days: 20 })).toEqual({ due: '2026-10-26T17:30:00+08:00', provisional: false });
    expect(await getDayInfo(db, '2026-10-10')).toMatchObject({ date: '2026-10-10', workday: true, kind: 'adjusted_workday' });
  });

  it('answers a year nobody entered provisionally and lists it as missing', async () => {
    expect(await computeDue(db, { from: '2026-12-20T10:00:00+08:00', days: 20 })).toEqual({ due: '2027-01-15T17:30:00+08:00', provisional: true });
    expect(await listMissingYears(db, '000000', {}, new Date('2026-11-01T00:00:00+08:00'))).toMatchObject({ from: 2019, to: 2027, missing: [2027] });
  });

  it('rejects bad input with coded errors', async () => {
    await expectAppError(computeDue(db, { from: 'tomorrow', days: 1 }), 'CALENDAR_INSTANT_INVALID');
    await expectAppError(computeDue(db, { from: '2026-09-21T10:00:00+08:00', days: -1 }), 'CALENDAR_LIMIT_INVALID');
    await expectAppError(computeDue(db, { from: '2199-12-30T10:00:00+08:00', days: 20 }), 'CALENDAR_OUT_OF_RANGE');
    await expectAppError(getDayInfo(db, '2026-02-30'), 'CALENDAR_DATE_INVALID');
    await expectAppError(getDayInfo(db, '1900-01-01'), 'CALENDAR_OUT_OF_RANGE');
    await expectAppError(computeDue(db, { from: '2026-09-21T10:00:00+08:00', days: 1, regionCode: '12' }), 'CALENDAR_REGION_INVALID');
  });
});

describe('regions', () => {
  it('chains a region to the national calendar through its ancestors', () => {
    expect(regionChain('000000')).toEqual(['000000']);
    expect(regionChain('421202')).toEqual(['000000', '420000', '421200', '421202']);
    expect(regionChain('420703100')).toEqual(['000000', '420000', '420700', '420703', '420703100']);
  });

  it('lets a region override a day for itself and the regions below it only', async () => {
    await setDay(db, null, { regionCode: '421200', date: '2026-10-12', kind: 'holiday', name: '地方假日(测试)' });
    expect((await getDayInfo(db, '2026-10-12', '421202')).kind).toBe('holiday');
    expect((await getDayInfo(db, '2026-10-12', '421200')).kind).toBe('holiday');
    expect((await getDayInfo(db, '2026-10-12', '420100')).kind).toBe('workday');
    expect((await getDayInfo(db, '2026-10-12')).kind).toBe('workday');
    // The county sets the day back to work for itself.
    await setDay(db, null, { regionCode: '421221', date: '2026-10-12', kind: 'workday' });
    expect((await getDayInfo(db, '2026-10-12', '421221')).workday).toBe(true);
    expect((await computeDue(db, { from: '2026-09-21T10:00:00+08:00', days: 20, regionCode: '421202' })).due).toBe('2026-10-27T17:30:00+08:00');
    const view = await yearView(db, '421202', 2026);
    expect(view.days.find((d) => d.date === '2026-10-12')).toMatchObject({ regionCode: '421200', source: 'admin' });
    expect(view.days.find((d) => d.date === '2026-10-10')).toMatchObject({ regionCode: '000000', source: 'seed', kind: 'adjusted_workday' });
    expect(view).toMatchObject({ entered: true, enteredBy: { regionCode: '000000', source: 'seed' } });
    expect(view.workdays).toBe((await yearView(db, '000000', 2026)).workdays - 1);
  });

  it('inherits office hours from the nearest region that set them', async () => {
    expect(await getOfficeHours(db, '421202')).toMatchObject({ inheritedFrom: 'default', periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }] });
    await setOfficeHours(db, null, '420000', [{ start: '08:30', end: '12:00' }, { start: '14:30', end: '17:30' }]);
    expect(await getOfficeHours(db, '421202')).toMatchObject({ inheritedFrom: '420000' });
    expect((await computeDue(db, { from: '2026-09-21T10:00:00+08:00', days: 20, regionCode: '420100' })).due).toBe('2026-10-26T17:30:00+08:00');
    expect((await computeDue(db, { from: '2026-09-21T10:00:00+08:00', days: 0.5, regionCode: '420100' })).due).toBe('2026-09-21T15:45:00+08:00');
    expect((await computeDue(db, { from: '2026-09-21T10:00:00+08:00', days: 0.5 })).due).toBe('2026-09-21T15:00:00+08:00');
    await expectAppError(setOfficeHours(db, null, '420000', [{ start: '12:00', end: '09:00' }]), 'CALENDAR_OFFICE_HOURS_INVALID');
    expect((await getOfficeHours(db, '420100')).periods[0]).toEqual({ start: '08:30', end: '12:00' });
  });
});

describe('holiday notice import', () => {
  it('previews without storing anything', async () => {
    const before = await dayRows('000000', 2027);
    const revision = await db.select().from(calendarRevision);
    const preview = await previewNotice(db, { year: 2027, text: FIXTURE_2027 });
    expect(preview).toMatchObject({ confirmable: true, regionCode: '000000', current: { entered: false, days: 0 } });
    expect(preview.holidays).toHaveLength(11);
    expect(await dayRows('000000', 2027)).toBe(before);
    expect(await db.select().from(calendarRevision)).toEqual(revision);
  });

  it('refuses unreadable or changed text and stores nothing', async () => {
    const bad = `${FIXTURE_2027}\n三、清明节：4月5日（周二）放假，共1天。`;
    const preview = await previewNotice(db, { year: 2027, text: bad });
    expect(preview.confirmable).toBe(false);
    expect(preview.problems).toEqual([expect.objectContaining({ line: 3 })]);
    const err = await expectAppError(confirmNotice(db, null, { year: 2027, text: bad, previewHash: preview.previewHash }), 'CALENDAR_NOTICE_UNREADABLE');
    expect((err.details as { problems: unknown[] }).problems).toHaveLength(1);
    const good = await previewNotice(db, { year: 2027, text: FIXTURE_2027 });
    const edited = FIXTURE_2027.replace('2月20日（周六）', '2月13日（周六）');
    await expectAppError(confirmNotice(db, null, { year: 2027, text: edited, previewHash: good.previewHash }), 'CALENDAR_PREVIEW_STALE');
    expect(await dayRows('000000', 2027)).toBe(0);
  });

  it('rolls the whole import back when the due recomputation fails', async () => {
    setDueRecomputer('test', async () => {
      throw new Error('cases unavailable');
    });
    try {
      const { previewHash } = await previewNotice(db, { year: 2027, text: FIXTURE_2027 });
      await expect(confirmNotice(db, null, { year: 2027, text: FIXTURE_2027, previewHash })).rejects.toThrow('cases unavailable');
      expect(await dayRows('000000', 2027)).toBe(0);
      expect((await listMissingYears(db, '000000', {}, new Date('2026-11-01T00:00:00+08:00'))).missing).toEqual([2027]);
    } finally {
      setDueRecomputer('test', null);
    }
  });

  it('stores a confirmed year, ends its provisional status and recomputes open cases in the same transaction', async () => {
    const changes: CalendarChange[] = [];
    const seen: string[] = [];
    setDueRecomputer('test', async (tx, change, calendarFor) => {
      changes.push(change);
      // The recomputation sees the new days before they are committed.
      const cal = await calendarFor('421202');
      seen.push(cal.years.includes(2027) ? 'entered' : 'missing');
      const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(calendarDays).where(eq(calendarDays.date, '2027-02-08'));
      return n!;
    });
    try {
      const { previewHash } = await previewNotice(db, { year: 2027, text: FIXTURE_2027 });
      const done = await confirmNotice(db, null, { year: 2027, text: FIXTURE_2027, previewHash }, { ip: '127.0.0.1' });
      expect(done).toEqual({ regionCode: '000000', year: 2027, holidays: 11, adjustedWorkdays: 1, recomputedCases: 1 });
      expect(changes).toEqual([{ regionCode: '000000', years: [2027], reason: 'notice' }]);
      expect(seen).toEqual(['entered']);
    } finally {
      setDueRecomputer('test', null);
    }
    expect(await getDayInfo(db, '2027-02-08')).toMatchObject({ workday: false, kind: 'holiday', provisional: false });
    expect(await getDayInfo(db, '2027-02-20')).toMatchObject({ workday: true, kind: 'adjusted_workday' });
    expect((await listMissingYears(db, '000000', {}, new Date('2026-11-01T00:00:00+08:00'))).missing).toEqual([]);
    expect((await computeDue(db, { from: '2026-12-20T10:00:00+08:00', days: 20 })).provisional).toBe(false);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'calendar.notice.confirm'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetId: '000000/2027', ip: '127.0.0.1' });
  });

  it('replaces a seeded year with the notice, keeping the days the notice confirms', async () => {
    const { previewHash, current } = await previewNotice(db, { year: 2026, text: NOTICE_2026 });
    expect(current).toMatchObject({ entered: true, source: 'seed', days: 39 });
    await confirmNotice(db, null, { year: 2026, text: NOTICE_2026, previewHash });
    const view = await yearView(db, '000000', 2026);
    expect(view.enteredBy).toMatchObject({ source: 'notice', sourceRef: '国务院办公厅关于2026年部分节假日安排的通知' });
    expect(view.days).toHaveLength(39);
    expect(view.days.every((d) => d.source === 'notice')).toBe(true);
    expect((await computeDue(db, { from: '2026-09-21T10:00:00+08:00', days: 20 })).due).toBe('2026-10-26T17:30:00+08:00');
    // A restart does not put the seed back over the notice.
    expect(await seedCalendar(db)).toEqual({ years: [] });
    expect((await yearView(db, '000000', 2026)).days.every((d) => d.source === 'notice')).toBe(true);
  });
});

describe('cache', () => {
  it('shares one calendar among the regions without rows of their own', async () => {
    const national = await loadWorkCalendar(db, '000000');
    expect(await loadWorkCalendar(db, '110101')).toBe(national);
    expect(await loadWorkCalendar(db, '421202')).not.toBe(national);
    expect(await loadWorkCalendar(db, '421202100')).toBe(await loadWorkCalendar(db, '421202'));
  });

  it('reloads when another node changed the calendar', async () => {
    const first = await loadWorkCalendar(db, '000000');
    expect(await loadWorkCalendar(db, '000000')).toBe(first);
    // What another API node's confirmation leaves behind: new rows and a bumped revision.
    await db.insert(calendarDays).values({ regionCode: '000000', date: '2026-11-02', kind: 'holiday', name: '测试', source: 'admin' });
    expect(await loadWorkCalendar(db, '000000')).toBe(first);
    await db.update(calendarRevision).set({ revision: sql`${calendarRevision.revision} + 1` });
    const second = await loadWorkCalendar(db, '000000');
    expect(second).not.toBe(first);
    expect((await getDayInfo(db, '2026-11-02')).kind).toBe('holiday');
  });
});
