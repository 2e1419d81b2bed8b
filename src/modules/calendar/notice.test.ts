import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNotice } from './notice.js';
import { NOTICE_2025, NOTICE_2026 } from './notice-fixtures.js';
import { readSeed } from './seed.js';

function seedYear(year: number) {
  return readSeed().days.filter((d) => d.date.startsWith(String(year)));
}

describe('parseNotice on the published notices', () => {
  it('reads the 2026 notice into the same days as the seed data', () => {
    const r = parseNotice(NOTICE_2026, 2026);
    expect(r.problems).toEqual([]);
    expect(r.titleYear).toBe(2026);
    expect(r.items).toHaveLength(7);
    expect(r.holidays).toHaveLength(33);
    expect(r.adjustedWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(r.days.map(({ date, kind }) => ({ date, kind }))).toEqual(seedYear(2026).map(({ date, kind }) => ({ date, kind })));
    expect(r.days.find((d) => d.date === '2026-02-15')).toEqual({ date: '2026-02-15', kind: 'holiday', name: '春节' });
  });

  it('reads the 2025 notice, including the single day without 调休 and the combined festivals', () => {
    const r = parseNotice(NOTICE_2025, 2025);
    expect(r.problems).toEqual([]);
    expect(r.holidays).toHaveLength(28);
    expect(r.adjustedWorkdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    expect(r.days.map(({ date, kind }) => ({ date, kind }))).toEqual(seedYear(2025).map(({ date, kind }) => ({ date, kind })));
    expect(r.items[0]).toEqual({ line: 5, names: ['元旦'], holidays: ['2025-01-01'], adjustedWorkdays: [] });
    expect(r.items[5]!.names).toEqual(['国庆节', '中秋节']);
    expect(r.days.find((d) => d.date === '2025-10-06')?.name).toBe('国庆节、中秋节');
  });

  it('accounts for every line: an item, a problem or ignored text', () => {
    const r = parseNotice(NOTICE_2026, 2026);
    const nonEmpty = NOTICE_2026.split('\n').flatMap((l, i) => (l.trim() ? [i + 1] : []));
    const seen = new Set([...r.items.map((i) => i.line), ...r.problems.map((p) => p.line), ...r.ignored.map((i) => i.line)]);
    expect([...seen].sort((a, b) => a - b)).toEqual(nonEmpty);
    expect(r.ignored.map((i) => i.line)).toEqual([1, 2, 4, 5, 13, 15, 16]);
  });

  it('accepts half-width punctuation and a notice pasted as one paragraph', () => {
    const r = parseNotice('一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。', 2026);
    expect(r.problems).toEqual([]);
    expect(r.days).toEqual([
      { date: '2026-01-01', kind: 'holiday', name: '元旦' },
      { date: '2026-01-02', kind: 'holiday', name: '元旦' },
      { date: '2026-01-03', kind: 'holiday', name: '元旦' },
      { date: '2026-01-04', kind: 'adjusted_workday', name: '元旦' },
    ]);
    const oneLine = parseNotice(NOTICE_2026.replace(/\n/g, ''), 2026);
    expect(oneLine.problems).toEqual([]);
    expect(oneLine.items).toHaveLength(7);
    expect(oneLine.holidays).toHaveLength(33);
  });

  it('reads the older wording (星期X, 补休, explicit years across new year)', () => {
    const r = parseNotice(
      [
        '一、元旦：1月1日放假，1月2日（星期一）补休。',
        '二、春节：1月27日至2月2日放假调休，共7天。1月22日（星期日）、2月4日（星期六）上班。',
      ].join('\n'),
      2017,
    );
    expect(r.problems).toEqual([]);
    expect(r.holidays.slice(0, 3)).toEqual(['2017-01-01', '2017-01-02', '2017-01-27']);
    expect(r.adjustedWorkdays).toEqual(['2017-01-22', '2017-02-04']);
    const y2019 = parseNotice('一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。', 2019);
    expect(y2019.problems).toEqual([]);
    expect(y2019.holidays).toEqual(['2018-12-30', '2018-12-31', '2019-01-01']);
    const wrap = parseNotice('一、元旦：12月30日（周日）至1月1日（周二）放假调休，共3天。', 2019);
    expect(wrap.holidays).toEqual(['2018-12-30', '2018-12-31', '2019-01-01']);
  });
});

describe('parseNotice on bad text', () => {
  it('reports each unreadable line and still reads the good ones', () => {
    const text = [
      '一、元旦：1月1日（周五）至3日（周六）放假调休，共3天。', // 2026-01-01 is a Thursday
      '二、春节：2月15日（周日）至23日（周一）放假调休，共8天。', // the range has 9 days
      '三、清明节：4月4日（周六）至6日（周一）放假，共3天。',
      '四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月6日（周三）上班。', // not a weekend day
      '五、端午节：放假三天。',
      '六、中秋节：9月25日至27日放假。9月26日上班。',
      '十月一日到七日国庆放假', // no Arabic dates, not an item: ignored
      '10月1日至7日放假', // a schedule without the item frame
    ].join('\n');
    const r = parseNotice(text, 2026);
    expect(r.items.map((i) => i.line)).toEqual([3]);
    expect(r.holidays).toEqual(['2026-04-04', '2026-04-05', '2026-04-06']);
    expect(r.problems.map((p) => p.line)).toEqual([1, 2, 4, 5, 6, 8]);
    expect(r.problems[0]!.zh).toContain('2026-01-01 不是周五');
    expect(r.problems[1]!.en).toContain('says 8 days but the dates span 9');
    expect(r.problems[2]!.en).toContain('not a weekend day');
    expect(r.problems[4]!.en).toContain('both a holiday and a workday');
    for (const p of r.problems) expect(p.zh.length > 0 && p.en.length > 0).toBe(true);
    expect(r.ignored.map((i) => i.line)).toEqual([7]);
  });

  it('says when the notice is for another year', () => {
    const r = parseNotice(NOTICE_2026, 2027);
    expect(r.problems.some((p) => p.line === 0 && p.en.includes('notice for 2026, not 2027'))).toBe(true);
  });

  it('says when nothing could be read', () => {
    for (const text of ['', '   ', 'hello', null, 42, '各省、自治区、直辖市人民政府：']) {
      const r = parseNotice(text, 2027);
      expect(r.days).toEqual([]);
      expect(r.problems.some((p) => p.line === 0)).toBe(true);
    }
    expect(parseNotice(NOTICE_2026, Number.NaN).problems[0]!.en).toContain('invalid year');
  });

  it('never throws on garbage and only yields well-formed days', () => {
    const alphabet = fc.constantFrom(...'一二三四五六七、:：()（）,，。至日月年周星期放假调休上班共天补休农历除夕0123456789\n '.split(''));
    const noticeish = fc.array(alphabet, { maxLength: 200 }).map((cs) => cs.join(''));
    const mutated = fc
      .tuple(fc.constantFrom(NOTICE_2025, NOTICE_2026), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 5 })), { maxLength: 8 }))
      .map(([text, edits]) =>
        edits.reduce<string>((t, [at, del, ins]) => {
          const i = at % (t.length + 1);
          return t.slice(0, i) + ins + t.slice(i + del);
        }, text),
      );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), noticeish, mutated), fc.integer({ min: 1960, max: 2210 }), (text, year) => {
        const r = parseNotice(text, year);
        const lineCount = text.normalize('NFKC').split(/\r\n|\r|\n|\u2028|\u2029/).length;
        for (const d of r.days) {
          expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(['holiday', 'adjusted_workday']).toContain(d.kind);
        }
        for (const p of r.problems) expect(p.line >= 0 && p.line <= lineCount).toBe(true);
        expect(new Set(r.days.map((d) => d.date)).size).toBe(r.days.length);
      }),
      { numRuns: 500 },
    );
  });
});
