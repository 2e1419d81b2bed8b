import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { errorCatalog } from '../../platform/errors.js';
import { hotlineErrors } from './errors.js';
import { canStart, DEFAULT_LIMITS, effectiveSettings, hotspots, isDuplicate, maskName, maskPhone, monthOf, percent, rates, regionChain, regionPrefix, scopesOf } from './rules.js';

describe('hotline rules', () => {
  it('masks names and numbers', () => {
    expect([maskName('王小明'), maskName('张三'), maskName('欧阳娜娜娜'), maskName('李')]).toEqual(['王**', '张*', '欧***', '*']);
    expect(maskPhone('13912345678')).toBe('139****5678');
    fc.assert(fc.property(fc.stringMatching(/^1\d{10}$/), (p) => !maskPhone(p).includes(p.slice(3, 7))));
  });

  it('walks a region up to its province and finds descendants by prefix', () => {
    expect(regionChain('421202001')).toEqual(['421202001', '421202', '421200', '420000']);
    expect(regionChain('420000')).toEqual(['420000']);
    expect([regionPrefix('420000'), regionPrefix('421200'), regionPrefix('421202')]).toEqual(['42', '4212', '421202']);
  });

  it('takes each setting from the nearest region that sets it, limits merged from the top down', () => {
    const s = effectiveSettings([
      { limits: { consult: 2 }, followUpDays: null, mergeWindowHours: null, basicCountsAsSatisfied: null, routes: null },
      undefined,
      { limits: { consult: 5, complaint: 10 }, followUpDays: 3, mergeWindowHours: null, basicCountsAsSatisfied: false, routes: { CS01: 'x' } },
    ]);
    expect(s.limits).toEqual({ ...DEFAULT_LIMITS, consult: 2, complaint: 10 });
    expect([s.followUpDays, s.mergeWindowHours, s.basicCountsAsSatisfied, s.routes]).toEqual([3, 72, false, { CS01: 'x' }]);
  });

  it('allows each action only from its states', () => {
    expect(canStart('dispatch', 'returned')).toBe(true);
    expect(canStart('close', 'dispatched')).toBe(false);
    expect(canStart('followUp', 'closed')).toBe(true);
    expect(canStart('return', 'replied')).toBe(false);
  });

  it('counts a repeat by caller or place within the window, same subject only', () => {
    const a = { subjectCode: 'CS01', callerIndex: 'k', location: '温泉路12号', receivedAt: new Date('2026-11-02T00:00:00Z') };
    expect(isDuplicate(a, { ...a, receivedAt: new Date('2026-11-04T00:00:00Z') }, 72)).toBe(true);
    expect(isDuplicate(a, { ...a, receivedAt: new Date('2026-11-06T00:00:00Z') }, 72)).toBe(false);
    expect(isDuplicate(a, { ...a, subjectCode: 'CS02' }, 72)).toBe(false);
    expect(isDuplicate(a, { ...a, callerIndex: 'other', location: '温泉路 12 号' }, 72)).toBe(true);
    expect(isDuplicate(a, { ...a, callerIndex: null, location: null }, 72)).toBe(false);
  });

  it('computes the rates as the seed rounds them, 满意率 with or without 基本满意', () => {
    const r = { calls: 44770, answered: 43555, received: 48185, closed: 47514, closedOnTime: 46944, satisfied: 30000, basic: 9057, unsatisfied: 8457 };
    expect(rates(r, true)).toEqual({ answerRate: 97.3, closeRate: 98.6, onTimeRate: 98.8, satisfactionRate: 82.2 });
    expect(rates(r, false).satisfactionRate).toBe(63.1);
    expect(percent(1, 0)).toBeNull();
  });

  it('names the month in China time and ranks the month’s hot subjects', () => {
    expect(monthOf(new Date('2020-09-30T17:00:00Z'))).toBe('2020-10');
    const h = hotspots(new Map([['A', 30], ['B', 12], ['C', 5]]), new Map([['A', 29], ['B', 2]]));
    expect(h).toEqual([{ subjectCode: 'A', count: 30, previous: 29, rising: false }, { subjectCode: 'B', count: 12, previous: 2, rising: true }, { subjectCode: 'C', count: 5, previous: 0, rising: false }]);
  });

  it('has Chinese and English text for every code', () => {
    for (const code of Object.keys(hotlineErrors)) {
      const t = errorCatalog().get(code)!;
      expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(t.en).toMatch(/[A-Za-z]/);
    }
  });
});

describe('scopesOf', () => {
  it('names every prefix a figures query can ask for, each with the one above', () => {
    expect(scopesOf('421202')).toEqual([{ scope: '42', parent: '' }, { scope: '4212', parent: '42' }, { scope: '421202', parent: '4212' }]);
    expect(scopesOf('420000').map((s) => s.scope)).toEqual(['42', '4200', '420000']);
    expect(scopesOf('421202001002')).toEqual([
      { scope: '42', parent: '' }, { scope: '4212', parent: '42' }, { scope: '421202', parent: '4212' }, { scope: '421202001', parent: '421202' }, { scope: '421202001002', parent: '421202001' },
    ]);
  });
});
