import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  card,
  createWorkCalendar,
  dayInfo,
  due,
  dueMs,
  elapsed,
  formatInstant,
  isWorkday,
  localDate,
  missingYears,
  parseInstant,
  remaining,
  validateOfficeHours,
  type Pause,
} from './rules.js';
import { readSeed, seedWorkCalendar } from './seed.js';

const { findWorkday } = chineseDays;

const cal = seedWorkCalendar();
const at = (s: string) => {
  const d = parseInstant(s);
  if (!d) throw new Error(`bad instant ${s}`);
  return d;
};
const iso = (d: Date) => formatInstant(d);

describe('seed data (chinese-days, 2019–2026)', () => {
  it('has the 2026 adjusted workdays of the State Council notice and nothing else', () => {
    const adjusted = readSeed().days.filter((d) => d.kind === 'adjusted_workday' && d.date.startsWith('2026'));
    expect(adjusted.map((d) => d.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('has the 2025 adjusted workdays and 28 holiday days', () => {
    const y2025 = readSeed().days.filter((d) => d.date.startsWith('2025'));
    expect(y2025.filter((d) => d.kind === 'adjusted_workday').map((d) => d.date)).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
    expect(y2025.filter((d) => d.kind === 'holiday')).toHaveLength(28);
  });

  it('records where it came from and covers 2019–2026', () => {
    const seed = readSeed();
    expect(seed.source).toMatch(/^chinese-days@\d/);
    expect(seed.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(readSeed().days.filter((d) => d.date.startsWith('2026') && d.kind === 'holiday')).toHaveLength(33);
  });
});

describe('days', () => {
  it('knows the 2026 Spring Festival and its adjusted workdays', () => {
    for (let d = 15; d <= 23; d++) expect(dayInfo(cal, `2026-02-${d}`)).toMatchObject({ workday: false, kind: 'holiday', name: '春节' });
    expect(dayInfo(cal, '2026-02-14')).toMatchObject({ workday: true, kind: 'adjusted_workday' });
    expect(dayInfo(cal, '2026-02-28')).toMatchObject({ workday: true, kind: 'adjusted_workday' });
    expect(dayInfo(cal, '2026-02-24')).toMatchObject({ workday: true, kind: 'workday', provisional: false });
  });

  it('knows the 2026 National Day, Mid-Autumn and their adjusted workdays', () => {
    expect(dayInfo(cal, '2026-10-10')).toEqual({ date: '2026-10-10', workday: true, kind: 'adjusted_workday', name: '国庆节', provisional: false });
    expect(dayInfo(cal, '2026-09-20').workday).toBe(true);
    for (const d of ['2026-09-25', '2026-09-26', '2026-09-27', '2026-10-01', '2026-10-05', '2026-10-07']) expect(isWorkday(cal, d)).toBe(false);
    expect(dayInfo(cal, '2026-10-11')).toMatchObject({ workday: false, kind: 'weekend' });
    expect(isWorkday(cal, '2026-10-08')).toBe(true);
  });

  it('takes the local (Asia/Shanghai) date of an instant', () => {
    // 2026-10-09T16:30Z is already Saturday 10-10 00:30 in Beijing.
    expect(dayInfo(cal, new Date('2026-10-09T16:30:00Z')).date).toBe('2026-10-10');
  });

  it('answers a year nobody entered with weekends only, marked provisional', () => {
    expect(dayInfo(cal, '2027-01-01')).toMatchObject({ workday: true, kind: 'workday', provisional: true });
    expect(dayInfo(cal, '2027-01-02')).toMatchObject({ workday: false, kind: 'weekend', provisional: true });
    expect(missingYears(cal, 2025, 2028)).toEqual([2027, 2028]);
  });

  it('rejects impossible dates', () => {
    expect(() => dayInfo(cal, '2026-02-30')).toThrow(RangeError);
    expect(() => dayInfo(cal, '1969-12-31')).toThrow(RangeError);
  });
});

describe('due: published conventions', () => {
  it('20 working days from 2026-09-21 10:00 end at close of office on 2026-10-26', () => {
    expect(due(cal, at('2026-09-21T10:00:00+08:00'), 20)).toEqual({
      due: at('2026-10-26T17:30:00+08:00'),
      provisional: false,
      paused: false,
    });
  });

  it('does not count the acceptance day, whatever the hour', () => {
    for (const t of ['2026-09-21T08:00:00+08:00', '2026-09-21T17:29:00+08:00', '2026-09-21T23:59:00+08:00']) {
      expect(iso(due(cal, at(t), 1).due)).toBe('2026-09-22T17:30:00+08:00');
    }
    // Accepted on the Saturday before an adjusted workday: the Sunday 9-20 is the first working day.
    expect(iso(due(cal, at('2026-09-19T11:00:00+08:00'), 1).due)).toBe('2026-09-20T17:30:00+08:00');
  });

  it('ends a 即办件 at the close of the same working day, or the next one when accepted outside office hours', () => {
    expect(iso(due(cal, at('2026-09-21T10:00:00+08:00'), 0).due)).toBe('2026-09-21T17:30:00+08:00');
    expect(iso(due(cal, at('2026-09-21T07:30:00+08:00'), 0).due)).toBe('2026-09-21T17:30:00+08:00');
    expect(iso(due(cal, at('2026-09-21T17:30:00+08:00'), 0).due)).toBe('2026-09-22T17:30:00+08:00');
    expect(iso(due(cal, at('2026-09-30T18:00:00+08:00'), 0).due)).toBe('2026-10-08T17:30:00+08:00');
    expect(iso(due(cal, at('2026-09-18T18:00:00+08:00'), 0).due)).toBe('2026-09-20T17:30:00+08:00');
  });

  it('counts a fraction as a share of one day of office time from the start', () => {
    // 420 office minutes a day; half is 210: 10:00→12:00 is 120, then 13:30 + 90 min.
    expect(iso(due(cal, at('2026-09-21T10:00:00+08:00'), 0.5).due)).toBe('2026-09-21T15:00:00+08:00');
    expect(iso(due(cal, at('2026-09-21T09:00:00+08:00'), 0.5).due)).toBe('2026-09-21T14:00:00+08:00');
    expect(iso(due(cal, at('2026-09-21T16:00:00+08:00'), 0.5).due)).toBe('2026-09-22T11:00:00+08:00');
    // Accepted at night before a holiday: counted from the next opening.
    expect(iso(due(cal, at('2026-09-30T20:00:00+08:00'), 0.5).due)).toBe('2026-10-08T14:00:00+08:00');
  });

  it('reads 1.5 as one whole day by the convention, then half a day of office time', () => {
    expect(iso(due(cal, at('2026-09-21T10:00:00+08:00'), 1.5).due)).toBe('2026-09-23T14:00:00+08:00');
    expect(iso(due(cal, at('2026-09-21T16:59:00+08:00'), 1.5).due)).toBe('2026-09-23T14:00:00+08:00');
  });

  it('honours configured office hours', () => {
    const short = createWorkCalendar({ days: readSeed().days, years: readSeed().years, officeHours: [{ start: '08:30', end: '16:30' }] });
    expect(iso(due(short, at('2026-09-21T10:00:00+08:00'), 20).due)).toBe('2026-10-26T16:30:00+08:00');
    expect(iso(due(short, at('2026-09-21T10:00:00+08:00'), 0.5).due)).toBe('2026-09-21T14:00:00+08:00');
    expect(validateOfficeHours([{ start: '13:00', end: '12:00' }])).not.toBeNull();
    expect(validateOfficeHours([{ start: '09:00', end: '12:00' }, { start: '11:00', end: '17:00' }])).not.toBeNull();
    expect(validateOfficeHours([{ start: '9:00', end: '12:00' }])).not.toBeNull();
    expect(validateOfficeHours([])).not.toBeNull();
  });

  it('marks a result provisional when it reaches a year not entered', () => {
    const r = due(cal, at('2026-12-20T10:00:00+08:00'), 20);
    expect(r.provisional).toBe(true);
    expect(iso(r.due)).toBe('2027-01-15T17:30:00+08:00');
    expect(due(cal, at('2026-12-01T10:00:00+08:00'), 5).provisional).toBe(false);
  });

  it('rejects a negative or non-finite limit', () => {
    expect(() => due(cal, at('2026-09-21T10:00:00+08:00'), -1)).toThrow(RangeError);
    expect(() => due(cal, at('2026-09-21T10:00:00+08:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('pauses, elapsed, remaining, card', () => {
  const start = at('2026-09-21T10:00:00+08:00');

  it('moves the due by the working time paused, not by calendar time', () => {
    // 补正 from Tuesday 15:00 to Wednesday 10:00 takes 150 + 60 office minutes.
    const pauses: Pause[] = [{ start: at('2026-09-22T15:00:00+08:00'), end: at('2026-09-23T10:00:00+08:00') }];
    expect(iso(due(cal, start, 20, { pauses }).due)).toBe('2026-10-27T14:00:00+08:00');
    // A pause over the National Day holiday costs no working time at all.
    const holiday: Pause[] = [{ start: at('2026-10-01T00:00:00+08:00'), end: at('2026-10-07T23:00:00+08:00') }];
    expect(iso(due(cal, start, 20, { pauses: holiday }).due)).toBe('2026-10-26T17:30:00+08:00');
  });

  it('ignores paused time on the uncounted acceptance day and after the due', () => {
    const sameDay: Pause[] = [{ start: at('2026-09-21T11:00:00+08:00'), end: at('2026-09-21T16:00:00+08:00') }];
    expect(iso(due(cal, start, 20, { pauses: sameDay }).due)).toBe('2026-10-26T17:30:00+08:00');
    const late: Pause[] = [{ start: at('2026-10-27T09:00:00+08:00'), end: at('2026-10-28T09:00:00+08:00') }];
    expect(iso(due(cal, start, 20, { pauses: late }).due)).toBe('2026-10-26T17:30:00+08:00');
  });

  it('counts overlapping pauses once', () => {
    const pauses: Pause[] = [
      { start: at('2026-09-22T09:00:00+08:00'), end: at('2026-09-22T17:30:00+08:00') },
      { start: at('2026-09-22T13:30:00+08:00'), end: at('2026-09-23T17:30:00+08:00') },
    ];
    expect(iso(due(cal, start, 20, { pauses }).due)).toBe('2026-10-28T17:30:00+08:00');
  });

  it('lets a running pause push the due until now', () => {
    const pauses: Pause[] = [{ start: at('2026-09-22T09:00:00+08:00'), end: null }];
    const r = due(cal, start, 20, { pauses, now: at('2026-09-23T09:00:00+08:00') });
    expect(r.paused).toBe(true);
    expect(iso(r.due)).toBe('2026-10-27T17:30:00+08:00');
    expect(remaining(cal, { start, limitDays: 20, pauses }, at('2026-09-24T09:00:00+08:00')).workingDays).toBe(20);
  });

  it('measures elapsed and remaining in working days and office minutes', () => {
    const clock = { start, limitDays: 20 };
    expect(elapsed(cal, clock, at('2026-09-21T16:00:00+08:00'))).toEqual({ workingDays: 0, officeMinutes: 0, provisional: false });
    expect(elapsed(cal, clock, at('2026-09-30T12:00:00+08:00'))).toMatchObject({ workingDays: 5 + 3 / 7, officeMinutes: 5 * 420 + 180 });
    const r = remaining(cal, clock, at('2026-10-26T13:30:00+08:00'));
    expect(r).toMatchObject({ officeMinutes: 240, overdue: false });
    expect(remaining(cal, clock, at('2026-10-27T10:00:00+08:00'))).toMatchObject({ officeMinutes: -60, overdue: true });
  });

  it('shows green, then yellow near the due, then red with how far overdue', () => {
    const clock = { start, limitDays: 20 };
    expect(card(cal, clock, at('2026-10-08T09:00:00+08:00')).color).toBe('green');
    // 4 working days = 20 % of 20: yellow from the close of 10-20.
    expect(card(cal, clock, at('2026-10-20T17:00:00+08:00')).color).toBe('green');
    expect(card(cal, clock, at('2026-10-20T17:30:00+08:00')).color).toBe('yellow');
    expect(card(cal, clock, at('2026-10-26T17:30:00+08:00')).color).toBe('yellow');
    const late = card(cal, clock, at('2026-10-28T10:30:00+08:00'));
    expect(late).toMatchObject({ color: 'red', overdue: { workingDays: 1 + 90 / 420, officeMinutes: 510 } });
    // Overdue only by evening time: red, with no working time lost yet.
    expect(card(cal, clock, at('2026-10-26T20:00:00+08:00'))).toMatchObject({ color: 'red', overdue: { officeMinutes: 0 } });
  });

  it('takes per-item thresholds', () => {
    const clock = { start, limitDays: 20 };
    const now = at('2026-10-15T09:00:00+08:00'); // 8 working days left, 10-15 included
    expect(card(cal, clock, now).color).toBe('green');
    expect(card(cal, clock, now, { ratio: 0.5 }).color).toBe('yellow');
    expect(card(cal, clock, now, { ratio: 0, days: 8 }).color).toBe('yellow');
    expect(card(cal, { start, limitDays: 3 }, at('2026-09-22T09:00:00+08:00'), { ratio: 0, days: 0 }).color).toBe('green');
  });
});

describe('instants', () => {
  it('parses and formats Beijing time', () => {
    expect(parseInstant('2026-10-26T17:30:00+08:00')?.toISOString()).toBe('2026-10-26T09:30:00.000Z');
    expect(parseInstant('2026-10-26 17:30')?.toISOString()).toBe('2026-10-26T09:30:00.000Z');
    expect(parseInstant('2026-10-26')?.toISOString()).toBe('2026-10-25T16:00:00.000Z');
    expect(parseInstant('2026-02-30')).toBeNull();
    expect(parseInstant('next tuesday')).toBeNull();
    expect(formatInstant(new Date('2026-10-26T09:30:00Z'))).toBe('2026-10-26T17:30:00+08:00');
    expect(localDate(new Date('2026-10-25T16:00:00Z'))).toBe('2026-10-26');
  });
});

// Properties over the entered years (2019–2026) and into a provisional 2027.
const FROM = Date.parse('2019-01-01T00:00:00+08:00');
const TO = Date.parse('2026-10-01T00:00:00+08:00');
const instant = fc.integer({ min: FROM, max: TO });
const wholeLimit = fc.integer({ min: 1, max: 80 });
const positiveLimit = fc.oneof(wholeLimit, fc.integer({ min: 1, max: 8000 }).map((n) => n / 100));
const limit = fc.oneof(fc.constant(0), positiveLimit);
const MINUTE = 60_000;

function inOfficeHours(t: number): boolean {
  const info = dayInfo(cal, new Date(t));
  if (!info.workday) return false;
  const local = formatInstant(t).slice(11, 19);
  return ['09:00:00', '13:30:00'].some((open, i) => local >= open && local <= ['12:00:00', '17:30:00'][i]!);
}

describe('due: properties', () => {
  it('is monotonic in the start', () => {
    fc.assert(
      fc.property(instant, instant, limit, (a, b, l) => {
        const [s1, s2] = a <= b ? [a, b] : [b, a];
        expect(dueMs(cal, s1, l)).toBeLessThanOrEqual(dueMs(cal, s2, l));
      }),
    );
  });

  it('is monotonic in the limit (0 only against whole days: a 即办件 is a category, not a quantity)', () => {
    fc.assert(
      fc.property(instant, positiveLimit, positiveLimit, (s, a, b) => {
        const [l1, l2] = a <= b ? [a, b] : [b, a];
        expect(dueMs(cal, s, l1)).toBeLessThanOrEqual(dueMs(cal, s, l2));
      }),
    );
    fc.assert(fc.property(instant, wholeLimit, (s, n) => {
        expect(dueMs(cal, s, 0)).toBeLessThanOrEqual(dueMs(cal, s, n));
      }),
    );
  });

  it('never falls in a non-working period', () => {
    fc.assert(
      fc.property(instant, limit, (s, l) => {
        expect(inOfficeHours(dueMs(cal, s, l))).toBe(true);
      }),
    );
  });

  it('agrees with chinese-days on the date of whole-day limits', () => {
    fc.assert(
      fc.property(instant, wholeLimit, (s, n) => {
        expect(localDate(dueMs(cal, s, n))).toBe(findWorkday(n, localDate(s)));
      }),
    );
  });

  it('has elapsed(start, due) = limit', () => {
    fc.assert(
      fc.property(instant, positiveLimit, (s, l) => {
        const start = new Date(s);
        const e = elapsed(cal, { start, limitDays: l }, due(cal, start, l).due);
        expect(e.workingDays).toBeCloseTo(l, 9);
        expect(remaining(cal, { start, limitDays: l }, due(cal, start, l).due).officeMinutes).toBeCloseTo(0, 6);
      }),
    );
  });

  it('moves by exactly P working minutes for a pause of P working minutes', () => {
    fc.assert(
      fc.property(
        instant,
        positiveLimit,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 30 * 24 * 60 }),
        (s, l, where, minutes) => {
          const start = new Date(s);
          const d0 = due(cal, start, l).due.getTime();
          const a = Math.floor(s + where * (d0 - s));
          // The acceptance day is not part of a whole-day limit, so a pause there stops nothing.
          fc.pre(a < d0 && (l < 1 || localDate(a) !== localDate(s)));
          const b = a + minutes * MINUTE;
          const p = cal.workingMs(b) - cal.workingMs(a);
          const d1 = due(cal, start, l, { pauses: [{ start: new Date(a), end: new Date(b) }] }).due.getTime();
          expect(cal.workingMs(d1) - cal.workingMs(d0)).toBe(p);
          expect(inOfficeHours(d1)).toBe(true);
          const e = elapsed(cal, { start, limitDays: l, pauses: [{ start: new Date(a), end: new Date(b) }] }, new Date(d1));
          expect(e.workingDays).toBeCloseTo(l, 9);
        },
      ),
    );
  });

  it('is provisional exactly when it reaches a year not entered', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2026-10-01T00:00:00+08:00'), max: Date.parse('2027-02-01T00:00:00+08:00') }), limit, (s, l) => {
        const r = due(cal, new Date(s), l);
        expect(r.provisional).toBe(localDate(r.due) >= '2027-01-01');
      }),
    );
  });
});
