import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findDeadlines, resolveDeadline } from './deadlines.js';
import { parseOwnership } from './ownership.js';
import { parseDocument } from './parser.js';
import { findTargets } from './targets.js';

describe('targets', () => {
  it.each([
    ['全流程办理时限压缩至3个工作日内', '<=', 3, '个工作日', '全流程办理时限'],
    ['网上可办率达到90%以上', '>=', 90, '%', '网上可办率'],
    ['年纳税次数不超过6次', '<=', 6, '次', '年纳税次数'],
    ['审批时限压缩10%', 'reduce_by', 10, '%', '审批时限'],
    ['综合窗口覆盖率不低于50%', '>=', 50, '%', '综合窗口覆盖率'],
    ['“跨省通办”高频服务事项超140项', '>', 140, '项', '“跨省通办”高频服务事项'],
  ])('%s', (text, comparator, value, unit, metric) => {
    expect(findTargets(text)).toEqual([{ metric, comparator, value, unit, raw: text }]);
  });

  it('ignores dates and codes', () => {
    expect(findTargets('2023年8月底前推行“1050”标准,开通12345热线')).toEqual([]);
  });
});

describe('deadlines', () => {
  it.each([
    ['2021年9月底前', '2021-09-30'],
    ['2020年12月31日', '2020-12-31'],
    ['2023年8月底,长期推进', '2023-08-31'],
    ['2020年2月底前', '2020-02-29'],
    ['2020年6月中旬', '2020-06-20'],
    ['2020年3月31日至12月31日', '2020-12-31'],
    ['6月15日前', '2020-06-15'],
    ['年底前', '2020-12-31'],
    ['20196月底前', '2019-06-30'],
    ['2020年2月30日前', null],
    ['长期推进', null],
  ])('%s → %s', (raw, date) => {
    expect(resolveDeadline(raw, 2020).date).toBe(date);
  });

  it('marks ongoing and repaired deadlines', () => {
    expect(resolveDeadline('2023年8月底,长期推进', null)).toMatchObject({ ongoing: true });
    expect(resolveDeadline('20196月底前', null)).toMatchObject({ repaired: true });
  });

  it('finds deadlines in prose, not start dates or spans', () => {
    expect(findDeadlines('2019年底前,省级事项100%即来即办。2020年底前,市县…').map((d) => d.raw)).toEqual(['2019年底前', '2020年底前']);
    expect(findDeadlines('自2020年8月1日开始推行,2019年起不再建设,截至2020年9月20日')).toEqual([]);
    expect(findDeadlines('前三季度完成').map((d) => d.raw)).toEqual([]);
  });

  it('every found deadline resolves or is marked, for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('2020', '年', '12', '月', '底', '前', '日', '3', ',', '长期推进', '上旬', '至'), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        for (const d of findDeadlines(text)) {
          const r = resolveDeadline(d.raw, 2020);
          expect(r.date === null || /^\d{4}-\d{2}-\d{2}$/.test(r.date)).toBe(true);
        }
      }),
    );
  });
});

describe('ownership clauses', () => {
  it.each([
    ['牵头单位:省政务办;责任单位:省直有关部门,各市、州、县人民政府;完成时间:2020年10月底前', ['省政务办'], ['省直有关部门', '各市、州、县人民政府'], ['2020年10月底前']],
    ['牵头单位:X局,责任单位:Y厅;完成时限:2020年12月31日。', ['X局'], ['Y厅'], ['2020年12月31日']],
    ['省司法厅牵头,省发改委及各市、州、县人民政府按职责分工负责', ['省司法厅'], ['省发改委', '各市、州、县人民政府'], []],
    ['省公安厅牵头,省市场监管局配合', ['省公安厅'], ['省市场监管局'], []],
    ['省市场监管局负责', [], ['省市场监管局'], []],
    ['责任部门:市州政数局(行政审批局)负责对接', [], ['市州政数局(行政审批局)'], []],
    ['2020年11月底完成,省市场监管局牵头,市场监管领域其他相关部门按职责分工负责', ['省市场监管局'], ['市场监管领域其他相关部门'], ['2020年11月底']],
  ])('%s', (content, lead, responsible, deadlines) => {
    expect(parseOwnership(content)).toMatchObject({ lead, responsible, deadlines });
  });

  it('leaves ordinary brackets alone', () => {
    expect(parseOwnership('含交通运输、公积金、不动产自建系统等')).toBeNull();
    expect(parseOwnership('CCC认证')).toBeNull();
  });
});

describe('parser on made-up documents', () => {
  it('reads full-width punctuation and 〔〕 clauses like the ASCII seeds', () => {
    const doc = [
      '某省某某工作方案',
      '为落实……,制定本方案。',
      '一、重点任务',
      '（一）优化服务',
      '1．推行网上办。2022年6月底前，网上可办率达到95%以上。〔牵头单位：省政务办，责任单位：省直有关部门〕',
      '2、压缩时限。办理时限压缩至5个工作日内。（省市场监管局牵头，省公安厅、省税务局按职责分工负责）',
    ].join('\n');
    const r = parseDocument(doc);
    expect(r.title).toBe('某省某某工作方案');
    expect(r.tasks.map((t) => [t.section, t.no, t.leadUnits, t.responsibleUnits, t.deadlines])).toEqual([
      ['一(一)', '1', ['省政务办'], ['省直有关部门'], ['2022年6月底前']],
      ['一(一)', '2', ['省市场监管局'], ['省公安厅', '省税务局'], []],
    ]);
    expect(r.tasks[0]!.targets[0]).toMatchObject({ comparator: '>=', value: 95, unit: '%' });
  });

  it('reports a document without tasks', () => {
    expect(parseDocument('只是一段话。').warnings.map((w) => w.code)).toContain('LEDGER_NO_TASKS');
    expect(parseDocument('').warnings.map((w) => w.code)).toEqual(['LEDGER_EMPTY_DOCUMENT']);
  });

  it('never throws and keeps every task inside the document (fuzz)', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '一、', '(一)', '(1)', '1.', '2、', '3', '\n', '\n\n', '\u00a0', '牵头单位:', '责任单位:', '完成时限:', '(', ')', '〔', '〕',
        '省政务办', '、', ',', ';', '牵头', '按职责分工负责', '2020年12月底前', '长期推进', '序号', '政策措施', '重点任务',
        '专项组', '完成时限', '市场', '环境组', '主要措施:', '附件', '关于', '实施方案', '达到90%以上', '压缩至3个工作日内',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const r = parseDocument(text);
        const lineCount = text.split(/\r\n?|\n/).length;
        for (const t of r.tasks) {
          expect(t.lines[0]).toBeGreaterThanOrEqual(1);
          expect(t.lines[1]).toBeGreaterThanOrEqual(t.lines[0]);
          expect(t.lines[1]).toBeLessThanOrEqual(lineCount);
        }
        expect(Array.isArray(r.warnings)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('message catalogs', () => {
  it('every warning and error code has Chinese and English text', async () => {
    const { WARNINGS } = await import('./warnings.js');
    const { ledgerErrors } = await import('./errors.js');
    const { errorText } = await import('../../platform/errors.js');
    for (const [code, w] of Object.entries(WARNINGS)) {
      const params = { title: 'x', no: 1, expected: 1, found: 2, raw: 'x', date: 'x', text: 'x', row: 1, rows: 1, unit: 'x' };
      expect(w.zh(params), code).toMatch(/[\u4e00-\u9fff]/);
      expect(w.en(params), code).toMatch(/^[\x20-\x7e\u2018-\u201d]+$/u);
    }
    for (const code of Object.keys(ledgerErrors)) {
      expect(errorText(code)?.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(errorText(code)?.en, code).toMatch(/[A-Za-z]/);
    }
  });
});

describe('supervision rules', async () => {
  const { taskStatus, atRisk, scoreUnits, periodsEndingWithin, periodOf, targetMet, reportsDue, cadenceFor, yearlySchedule } = await import('./rules.js');

  it('status', () => {
    const base = { dueOn: '2020-12-31', ongoing: false, completedOn: null, reports: 0 };
    expect(taskStatus(base, '2020-06-01')).toBe('未启动');
    expect(taskStatus({ ...base, reports: 1 }, '2020-06-01')).toBe('推进中');
    expect(taskStatus(base, '2021-01-01')).toBe('逾期');
    expect(taskStatus({ ...base, completedOn: '2020-11-01' }, '2021-01-01')).toBe('已完成');
    expect(taskStatus({ ...base, ongoing: true, completedOn: '2020-11-01' }, '2021-01-01')).toBe('长期推进');
    expect(taskStatus({ ...base, dueOn: null, ongoing: true }, '2021-01-01')).toBe('长期推进');
  });

  it('periods and at-risk', () => {
    expect(periodOf('2020-05-17', 'quarterly')).toEqual({ key: '2020-Q2', start: '2020-04-01', end: '2020-06-30' });
    expect(periodsEndingWithin('2019-11-06', '2019-12-31', 'monthly').map((p) => p.key)).toEqual(['2019-11', '2019-12']);
    const t = { dueOn: '2020-04-20', ongoing: false, completedOn: null, reports: 0, cadence: 'monthly' as const };
    expect(atRisk({ ...t, lastReportOn: null }, '2020-03-31')).toBe(true);
    expect(atRisk({ ...t, lastReportOn: '2020-03-05' }, '2020-03-31')).toBe(false);
    expect(atRisk({ ...t, lastReportOn: null, dueOn: '2020-08-01' }, '2020-03-31')).toBe(false);
  });

  it('reports owed now: the current period, and the previous one until its grace days end', () => {
    const t = { cadence: 'monthly' as const, startsOn: '2026-01-05', completedOn: null };
    const owed = (filed: string[], today: string, over: Partial<Parameters<typeof reportsDue>[0]> = {}) =>
      reportsDue({ ...t, ...over }, new Set(filed), today).map((p) => `${p.period}/${p.dueBy}`);
    expect(owed([], '2026-11-05')).toEqual(['2026-10/2026-11-10', '2026-11/2026-12-10']);
    expect(owed([], '2026-11-10')).toEqual(['2026-10/2026-11-10', '2026-11/2026-12-10']);
    expect(owed([], '2026-11-11')).toEqual(['2026-11/2026-12-10']);
    expect(owed(['2026-10'], '2026-11-05')).toEqual(['2026-11/2026-12-10']);
    expect(owed(['2026-10', '2026-11'], '2026-11-05')).toEqual([]);
    // Not before the document was issued, not after the task was completed.
    expect(owed([], '2026-01-08')).toEqual(['2026-01/2026-02-10']);
    expect(owed([], '2026-11-05', { completedOn: '2026-10-31' })).toEqual(['2026-10/2026-11-10']);
    expect(owed([], '2026-11-05', { completedOn: '2026-10-20' })).toEqual([]);
    expect(owed([], '2026-11-05', { cadence: 'quarterly' })).toEqual(['2026-Q4/2027-01-10']);
  });

  it('recurring tasks: the cadence their words ask for, and a yearly task due on this year’s occurrence', () => {
    const d = (raw: string, date: string | null = null) => ({ raw, date, recurring: true });
    expect(cadenceFor([d('每季度')], 'monthly')).toBe('quarterly');
    expect(cadenceFor([d('每年12月底前', '2020-12-31')], 'monthly')).toBe('yearly');
    expect(cadenceFor([{ raw: '2020年底前', date: '2020-12-31', recurring: false }], 'quarterly')).toBe('quarterly');
    expect(yearlySchedule([{ raw: '2020年底前', date: '2020-12-31', recurring: false }], null, '2026-03-01')).toBeNull();
    expect(yearlySchedule([d('每年6月底前', '2020-06-30')], null, '2026-03-01')).toEqual({ dueOn: '2026-06-30', completedOn: null });
    expect(yearlySchedule([d('每年')], '2025-12-01', '2026-03-01')).toEqual({ dueOn: '2026-12-31', completedOn: null });
    expect(yearlySchedule([d('每年')], '2026-02-01', '2026-03-01')).toEqual({ dueOn: '2026-12-31', completedOn: '2026-02-01' });
    expect(yearlySchedule([d('每年2月29日前', '2024-02-29')], null, '2026-01-10')!.dueOn).toBe('2026-02-28');
  });

  it('targets and scores', () => {
    expect(targetMet('<=', 3, 2)).toBe(true);
    expect(targetMet('>=', 90, 89.5)).toBe(false);
    const scores = scoreUnits([
      { unitId: 'a', due: 2, onTime: 2, reportsOwed: 10, reportsFiled: 10, targets: 0, targetsMet: 0 },
      { unitId: 'b', due: 2, onTime: 1, reportsOwed: 10, reportsFiled: 10, targets: 1, targetsMet: 1 },
      { unitId: 'c', due: 0, onTime: 0, reportsOwed: 4, reportsFiled: 4, targets: 0, targetsMet: 0 },
    ]);
    expect(scores.map((s) => [s.unitId, s.score, s.rank])).toEqual([['a', 100, 1], ['c', 100, 1], ['b', 75, 3]]);
  });
});
