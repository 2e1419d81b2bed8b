import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regionChain } from './regions.js';
import { checkRatingInput, contribution, COUNTERS, delta, figuresOf, isBad, monthOf, optionsOf, ratingClosesAt, stageProblem, zeroCounts, type RatingFlags } from './rules.js';
import { makeToken, readToken } from './token.js';

const at = (s: string) => new Date(s);

describe('rating input', () => {
  it('accepts the five levels only, with options of that level', () => {
    expect(checkRatingInput(5, ['fast'], undefined)).toBeNull();
    for (const bad of [0, 6, 2.5, -1, Number.NaN]) expect(checkRatingInput(bad, [], 'x')).toEqual({ code: 'RATING_LEVEL_INVALID' });
    expect(checkRatingInput(4, ['attitude'], undefined)).toEqual({ code: 'RATING_OPTION_INVALID', option: 'attitude' });
    expect(checkRatingInput(1, ['fast'], 'x')).toEqual({ code: 'RATING_OPTION_INVALID', option: 'fast' });
  });

  it('asks a 差评 for a reason and counts 2 and 1 as 差评', () => {
    expect(checkRatingInput(1, [], '  ')).toEqual({ code: 'RATING_COMMENT_REQUIRED' });
    expect(checkRatingInput(2, ['slow'], undefined)).toBeNull();
    expect([1, 2, 3, 4, 5].map(isBad)).toEqual([true, true, false, false, false]);
    expect(optionsOf(1)).toBe(optionsOf(2));
    expect(optionsOf(3).map((o) => o.code)).not.toContain('attitude');
  });
});

describe('stages and the 补充评价 period', () => {
  const now = at('2026-06-10T02:00:00Z');
  it('opens 受理 after the decision on acceptance and 办结 after conclusion', () => {
    expect(stageProblem({ state: 'submitted', acceptedAt: null, concludedAt: null }, 'accept', now, 30)).toEqual({ code: 'RATING_STAGE_NOT_REACHED', stage: 'accept' });
    expect(stageProblem({ state: 'in_steps', acceptedAt: now, concludedAt: null }, 'accept', now, 30)).toBeNull();
    expect(stageProblem({ state: 'rejected', acceptedAt: null, concludedAt: null }, 'accept', now, 30)).toBeNull();
    expect(stageProblem({ state: 'in_steps', acceptedAt: now, concludedAt: null }, 'conclude', now, 30)).toEqual({ code: 'RATING_STAGE_NOT_REACHED', stage: 'conclude' });
    expect(stageProblem({ state: 'delivered', acceptedAt: now, concludedAt: now }, 'conclude', now, 30)).toBeNull();
  });

  it('closes every stage once the period after 办结 has passed', () => {
    const concluded = at('2026-05-01T02:00:00Z');
    const c = { state: 'concluded_approved', acceptedAt: concluded, concludedAt: concluded };
    expect(ratingClosesAt(concluded, 30).toISOString()).toBe('2026-05-31T02:00:00.000Z');
    expect(stageProblem(c, 'conclude', at('2026-05-31T02:00:00Z'), 30)).toBeNull();
    expect(stageProblem(c, 'accept', at('2026-05-31T02:00:01Z'), 30)).toMatchObject({ code: 'RATING_WINDOW_CLOSED' });
    expect(stageProblem(c, 'accept', at('2026-05-31T02:00:01Z'), 60)).toBeNull();
  });

  it('counts a rating in its China-time month', () => {
    expect(monthOf(at('2026-06-30T16:30:00Z'))).toBe('2026-07-01');
    expect(monthOf(at('2026-06-30T15:59:00Z'))).toBe('2026-06-01');
  });
});

const flags = fc.record({ level: fc.integer({ min: 1, max: 5 }), active: fc.boolean(), excluded: fc.boolean(), replied: fc.boolean(), followed: fc.boolean(), satisfied: fc.option(fc.boolean(), { nil: null }) });

describe('rollup contributions', () => {
  it('applying the deltas of every change leaves the contribution of the last state', () => {
    fc.assert(
      fc.property(fc.array(flags, { minLength: 1, maxLength: 8 }), (states: RatingFlags[]) => {
        const sum = zeroCounts();
        let prev: RatingFlags | null = null;
        for (const s of states) {
          const d = delta(prev, s);
          for (const k of COUNTERS) sum[k] += d[k];
          prev = s;
        }
        expect(sum).toEqual(contribution(states.at(-1)!));
      }),
    );
  });

  it('an excluded rating counts only as excluded', () => {
    const c = contribution({ level: 1, active: true, excluded: true, replied: true, followed: true, satisfied: true });
    expect(c).toEqual({ ...zeroCounts(), excluded: 1 });
  });

  it('derives the published rates', () => {
    const c = { ...zeroCounts(), ratings: 10, good: 8, bad: 2, active: 5, activeGood: 5, badReplied: 2, badFollowed: 1, followedSatisfied: 1, casesConcluded: 20, casesRated: 15 };
    expect(figuresOf(c)).toMatchObject({ ratings: 10, goodRate: 0.8, activeGoodRate: 1, unratedRate: 0.25, bad: 2, badReplyRate: 1, followUpRate: 0.5, followUpSatisfiedRate: 1, casesUnrated: 5 });
    expect(figuresOf(zeroCounts())).toMatchObject({ goodRate: null, unratedRate: null, badReplyRate: null });
  });
});

describe('the QR token', () => {
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
  it('names the case and stage and refuses a changed or foreign token', () => {
    const t = makeToken('s1', id, 'conclude');
    expect(readToken('s1', t)).toEqual({ caseId: id, stage: 'conclude' });
    expect(readToken('s2', t)).toBeNull();
    const raw = Buffer.from(t, 'base64url');
    raw[16] = 1;
    expect(readToken('s1', raw.toString('base64url'))).toBeNull();
    expect(readToken('s1', 'not a token')).toBeNull();
  });
});

describe('region chain', () => {
  it('walks to the province', () => {
    expect(regionChain('421202')).toEqual(['421202', '421200', '420000']);
    expect(regionChain('421200')).toEqual(['421200', '420000']);
    expect(regionChain('420000')).toEqual(['420000']);
    expect(regionChain('421202001')).toEqual(['421202001', '421202', '421200', '420000']);
  });
});

describe('an unsatisfied 回访', () => {
  it('reopens once, then goes to a supervisor; satisfied always closes', async () => {
    const { stateAfterFollowUp, reopenLimit } = await import('./rules.js');
    expect(stateAfterFollowUp(false, 0)).toBe('rectifying');
    expect(stateAfterFollowUp(false, 1)).toBe('escalated');
    expect(stateAfterFollowUp(true, 0)).toBe('closed');
    expect(stateAfterFollowUp(true, 1)).toBe('closed');
    const s = { supplementDays: 30, verifyDays: 1, rectifyDays: 12 };
    expect(reopenLimit('explanation', s)).toBe(12);
    expect(reopenLimit(null, s)).toBe(12);
    expect(reopenLimit('immediate', s)).toBe(1);
    expect(reopenLimit('scheduled', s)).toBe(12);
  });
});
