import { describe, expect, it } from 'vitest';
import { elapsed, WorkCalendar } from '../calendar/index.js';
import { onOrAfterFirstWorkingDay } from './jobs.js';
import { DEFAULT_WEIGHTS, scoreOf, validateWeights } from './ranking.js';
import { caseContribution, delta, initialCaseStat, reduceCase, type CaseEventLike } from './rules.js';
import { spanOf } from './stats.js';

const cal = new WorkCalendar({ days: [{ date: '2026-10-01', kind: 'holiday' }, { date: '2026-10-02', kind: 'holiday' }], years: [2026] });
const used = (start: Date, limitDays: number, pauses: { start: Date; end: Date | null }[], end: Date) => elapsed(cal, { start, limitDays, pauses }, end).workingDays;
const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
const ev = (action: string, at: string, extra: Partial<CaseEventLike> = {}): CaseEventLike => ({ action, at: new Date(at), role: 'approver', fromState: null, toState: '', payload: {}, ...extra });

function walk(events: CaseEventLike[], channel = 'online') {
  let s = initialCaseStat({ departmentId: 'd', itemCode: 'i', channel, immediate: false, limitDays: 5 });
  for (const e of events) s = reduceCase(s, e, used);
  return s;
}

describe('a case’s statistical state', () => {
  it('counts a conclusion after the limit as overdue by the working days over, pauses excluded', () => {
    const late = walk([ev('apply', '2026-09-28T01:00:00Z'), ev('accept', '2026-09-28T01:00:00Z'), ev('conclude', '2026-10-12T01:00:00Z', { payload: { decision: 'approve' } })]);
    const c = caseContribution(late, dayOf).get('2026-10-12')!;
    expect(c).toMatchObject({ concluded: 1, timed: 1, overdue: 1, onTime: 0 });
    expect(c.overdueDays).toBeGreaterThan(0);
    // The same span with a 特别程序 over the holiday week is on time.
    const paused = walk([
      ev('apply', '2026-09-28T01:00:00Z'),
      ev('accept', '2026-09-28T01:00:00Z'),
      ev('start_special_procedure', '2026-09-29T01:00:00Z'),
      ev('end_special_procedure', '2026-10-09T01:00:00Z'),
      ev('conclude', '2026-10-12T01:00:00Z', { payload: { decision: 'approve' } }),
    ]);
    expect(caseContribution(paused, dayOf).get('2026-10-12')).toMatchObject({ onTime: 1, overdue: 0, overdueDays: 0 });
  });

  it('moves a late window collection into the conclusion day’s visit counts, on both grains', () => {
    const concluded = walk([ev('apply', '2026-03-02T01:00:00Z'), ev('accept', '2026-03-02T02:00:00Z'), ev('conclude', '2026-03-03T02:00:00Z', { payload: { decision: 'approve' } })]);
    const delivered = reduceCase(concluded, ev('deliver', '2026-04-01T02:00:00Z', { payload: { method: 'window' } }), used);
    const d = delta(caseContribution(concluded, dayOf), caseContribution(delivered, dayOf));
    expect([...d.keys()].sort()).toEqual(['d|2026-03-03', 'm|2026-03-01', 'y|2026-01-01']);
    expect(d.get('d|2026-03-03')).toMatchObject({ zeroVisit: -1 });
    expect(d.get('d|2026-03-03')!.atMostOnce ?? 0).toBe(0);
  });

  it('counts a correction round against 一次办成 and a window filing as a visit', () => {
    const s = walk([ev('apply', '2026-03-02T01:00:00Z'), ev('request_correction', '2026-03-02T02:00:00Z', { fromState: 'submitted' }), ev('resubmit', '2026-03-02T03:00:00Z', { role: 'window_clerk' }), ev('accept', '2026-03-02T04:00:00Z'), ev('conclude', '2026-03-02T05:00:00Z', { payload: { decision: 'deny' } })], 'window');
    expect(caseContribution(s, dayOf).get('2026-03-02')).toMatchObject({ applications: 1, accepted: 1, concluded: 1, onceDone: 0, zeroVisit: 0, atMostOnce: 0 });
  });
});

describe('ranking scores', () => {
  it('rescale to the applied parts and say why the others are not applied', () => {
    const r = scoreOf(DEFAULT_WEIGHTS, { onTime: 0.9, online: 0.6, goodRating: 'absent', rectification: 'absent', hotlineSatisfaction: null });
    expect(r.score).toBeCloseTo(((30 * 0.9 + 15 * 0.6) / 45) * 100, 2);
    expect(r.parts.find((p) => p.part === 'goodRating')).toMatchObject({ applied: false, reason: 'module_absent', points: null });
    expect(r.parts.find((p) => p.part === 'hotlineSatisfaction')).toMatchObject({ applied: false, reason: 'no_data' });
    expect(scoreOf(DEFAULT_WEIGHTS, { onTime: null, online: null, goodRating: 'absent', rectification: 'absent', hotlineSatisfaction: 'absent' }).score).toBeNull();
  });

  it('refuses weights out of range, unknown or all zero', () => {
    expect(() => validateWeights({ onTime: 101 })).toThrow();
    expect(() => validateWeights({ onTime: 10, speed: 5 })).toThrow();
    expect(() => validateWeights({})).toThrow();
    expect(validateWeights({ onTime: 10 })).toMatchObject({ onTime: 10, online: 0 });
  });
});

describe('periods and the monthly schedule', () => {
  it('reads months for a year or a month, days when split by day, and refuses bad periods', () => {
    expect(spanOf('2026')).toEqual({ grain: 'y', from: '2026-01-01', to: '2026-01-01' });
    expect(spanOf('2026', true)).toEqual({ grain: 'm', from: '2026-01-01', to: '2026-12-01' });
    expect(spanOf('2026-02', true)).toEqual({ grain: 'd', from: '2026-02-01', to: '2026-02-28' });
    expect(() => spanOf('2026-02-30')).toThrow();
    expect(() => spanOf('26-01')).toThrow();
  });

  it('waits for the month’s first working day (after the National Day holidays)', () => {
    expect(onOrAfterFirstWorkingDay(cal, '2026-10-02')).toBe(false);
    expect(onOrAfterFirstWorkingDay(cal, '2026-10-05')).toBe(true);
    expect(onOrAfterFirstWorkingDay(cal, '2026-11-02')).toBe(true);
    expect(onOrAfterFirstWorkingDay(cal, '2026-11-01')).toBe(false);
  });
});
