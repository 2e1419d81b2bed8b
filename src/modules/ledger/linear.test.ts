/**
 * Issue 21: the importer is linear in its input. The attack that held a server for an hour ("1." and "(一" × 1.2
 * million, 4.8 MB) and adversarial documents up to 1 MB must each parse within a stated bound, and the linear scans
 * must read small inputs exactly as the quadratic ones they replaced (test/helpers/ledger-quadratic.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDeadlinesOld, parenGroupsOld, splitTopLevelOld, splitUnitsOld } from '../../../test/helpers/ledger-quadratic.js';
import { findDeadlines } from './deadlines.js';
import { parseDocument } from './parser.js';
import { parenGroups, splitTopLevel } from './text.js';
import { splitUnits } from './units.js';

/**
 * Time allowed for a document of `chars` characters: 2 s plus 40 s per million characters. The costliest shape found
 * (a numbered item per five characters, each a task with a warning) takes about 4 s per million on an idle 2-core
 * host, the attack 0.15 s per million; the margin is for a CI host many times slower. The quadratic code took
 * 15 s for 160,000 characters of the attack, about 150 s for one million, and an hour for the 4.8 MB attack.
 */
const boundMs = (chars: number) => 2_000 + (40_000 * chars) / 1_000_000;

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('the importer on hostile input (issue 21)', () => {
  it('parses the attack of the issue (1.2 million unclosed brackets, 4.8 MB) within its bound', () => {
    const attack = `1.${'(一'.repeat(1_200_000)}`;
    const { value, ms } = timed(() => parseDocument(attack));
    expect(ms).toBeLessThan(boundMs(attack.length));
    expect(value.tasks).toHaveLength(1);
    expect(value.tasks[0]!.text.length).toBe(attack.length - 2);
  }, 120_000);

  const pieces = [
    // unclosed and stray brackets of every kind the importer folds or reads
    '(', ')', '（', '）', '〔', '〕', '[', ']', '【', '《', '“', '(一', '((((', '))))',
    // numbering markers of every level, glued and separated
    '1.', '12.', '3做', '一、', '二,', '(一)', '(二)', '(1)', '(12)', '\n1.', '\n一、', '\n(一)', '\n(1)', '\n',
    // unit lists and ownership words
    '省政务办', '和', '及', '、', ',', ';', '等', '牵头', '负责', '配合', '牵头单位:', '责任单位:', '完成时限:',
    // dates, numbers and targets
    '2024年', '6月', '底前', '前', '30日', '9999', '.5', '%', '达到', '压缩至', '个工作日',
    // white space runs and long text
    ' ', '   ', '\t', '\u3000', '\n\n', '做好相关工作', '完成时限', '实施方案', '附件',
  ];
  const chunk = fc.oneof(
    fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }).map((a) => a.join('')),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  );
  // The document is built inside the property, so a failure reports its recipe rather than a megabyte of text.
  const recipe = fc.record({ head: fc.constantFrom('', '1.', '一、做\n(一)做\n1.做', '序号\n任务\n牵头单位\n'), chunk, size: fc.integer({ min: 1_000, max: 1_000_000 }) });
  const build = ({ head, chunk: c, size }: { head: string; chunk: string; size: number }) => head + c.repeat(Math.max(1, Math.floor(size / c.length)));

  it('parses adversarial documents up to 1 MB within 2 s + 40 s per million characters', () => {
    fc.assert(
      fc.property(recipe, (r) => {
        const text = build(r);
        const { value, ms } = timed(() => parseDocument(text));
        // parseDocument never throws; an internal failure would show as a warning with details.internal.
        expect(value.warnings.filter((w) => (w.details as { internal?: unknown } | undefined)?.internal)).toEqual([]);
        expect(ms, `${text.length} characters`).toBeLessThan(boundMs(text.length));
      }),
      // No shrinking: each step would parse up to a megabyte again.
      { numRuns: 10, endOnFailure: true },
    );
  }, 600_000);

  const small = fc.array(fc.constantFrom(...pieces, ')', '(', ' ', '办', '局'), { maxLength: 30 }).map((a) => a.join(''));

  it('finds the same bracket groups and top-level parts as the quadratic scans did', () => {
    fc.assert(
      fc.property(small, fc.constantFrom(',', ',;', '、'), (s, seps) => {
        expect(parenGroups(s)).toEqual(parenGroupsOld(s));
        expect(splitTopLevel(s, seps)).toEqual(splitTopLevelOld(s, seps));
      }),
      { numRuns: 2_000 },
    );
  });

  it('splits unit lists as the quadratic splitter did', () => {
    fc.assert(fc.property(small, (s) => {
      expect(splitUnits(s)).toEqual(splitUnitsOld(s));
    }), { numRuns: 2_000 });
  });

  it('finds the same deadlines as the quadratic scan did', () => {
    fc.assert(fc.property(small, (s) => {
      expect(findDeadlines(s)).toEqual(findDeadlinesOld(s));
    }), { numRuns: 2_000 });
  });
});
