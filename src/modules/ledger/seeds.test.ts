/**
 * The importer on the five policy seeds. Expectations are read from the documents themselves (line numbers in
 * the comments); the seeds live outside the repository, and their absence is a failure, not a skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type ParseResult, type ParsedTask } from './parser.js';

const SEEDS = process.env.TONGBAN_SEEDS ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/seeds');

function load(prefix: string): ParseResult {
  if (!existsSync(SEEDS)) throw new Error(`policy seeds not found at ${SEEDS} (set TONGBAN_SEEDS)`);
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!file) throw new Error(`seed ${prefix} missing in ${SEEDS}`);
  return parseDocument(readFileSync(resolve(SEEDS, file), 'utf8'));
}

function at(r: ParseResult, line: number): ParsedTask {
  const t = r.tasks.find((x) => x.lines[0] === line);
  if (!t) throw new Error(`no task starts at line ${line}`);
  return t;
}

function no(r: ParseResult, n: string): ParsedTask {
  const t = r.tasks.find((x) => x.no === n);
  if (!t) throw new Error(`no task numbered ${n}`);
  return t;
}

const codes = (r: ParseResult) => r.warnings.map((w) => w.code);

describe('seed 002 湖北省深入推进审批服务便民化工作方案: (牵头单位:…;责任单位:…), deadlines in the text', () => {
  let r: ParseResult;
  beforeAll(() => {
    r = load('002');
  });

  it('reads title and date, and 24 tasks (L10–L41); 三、工作要求 holds no task', () => {
    expect(r.title).toBe('湖北省深入推进审批服务便民化工作方案');
    expect(r.date).toBe('2019-11-06');
    expect(r.tasks).toHaveLength(24);
    expect(r.tasks.map((t) => t.no)).toEqual(Array.from({ length: 24 }, (_, i) => String(i + 1)));
    expect(r.tasks.every((t) => t.lines[0] === t.lines[1])).toBe(true);
  });

  it('task 2 (L11): owners from the clause, two deadlines from the text', () => {
    const t = no(r, '2');
    expect(t.section).toBe('二(一)');
    expect(t.lines).toEqual([11, 11]);
    expect(t.leadUnits).toEqual(['省政务管理办']);
    expect(t.responsibleUnits).toEqual(['省直有关部门', '各市、州、县人民政府']);
    expect(t.deadlines).toEqual(['2019年底前', '2020年底前']);
    expect(t.deadlineDetails.map((d) => d.date)).toEqual(['2019-12-31', '2020-12-31']);
    expect(t.text).not.toContain('牵头单位');
  });

  it('task 15 (L29): named responsible units, a working-day target, no deadline', () => {
    const t = no(r, '15');
    expect(t.leadUnits).toEqual(['省市场监管局']);
    expect(t.responsibleUnits).toEqual(['省公安厅', '省人社厅', '省税务局', '人民银行武汉分行', '各市、州、县人民政府']);
    expect(t.deadlines).toEqual([]);
    expect(t.targets).toContainEqual(expect.objectContaining({ comparator: '<=', value: 3, unit: '个工作日' }));
  });

  it('task 20 (L36): two leads and 2019年12月底前; task 12 "2019年起" is a start, not a deadline', () => {
    expect(no(r, '20').leadUnits).toEqual(['省政务管理办', '省市场监管局']);
    expect(no(r, '20').deadlines).toEqual(['2019年12月底前']);
    expect(no(r, '12').deadlines).toEqual([]);
  });

  it('task 3 (L12): "分别达到90%、70%以上" gives two ≥ targets', () => {
    const targets = no(r, '3').targets.filter((x) => x.unit === '%');
    expect(targets.map((x) => [x.comparator, x.value])).toEqual([['>=', 90], ['>=', 70]]);
  });
});

describe('seed 004 湖南省2021年…重点任务分工方案: (X牵头,Y按职责分工负责)', () => {
  let r: ParseResult;
  beforeAll(() => {
    r = load('004');
  });

  it('63 tasks in four chapters; the damaged title line is repaired from the cover notice', () => {
    expect(r.tasks).toHaveLength(63);
    expect(r.issuer).toBe('湖南省人民政府办公厅');
    expect(r.date).toBe('2021-03-10');
    expect(r.title).toBe('湖南省2021年深化“放管服”改革优化营商环境重点任务分工方案');
    expect(codes(r)).toContain('LEDGER_TITLE_REPAIRED');
    expect(r.tasks.filter((t) => t.section === '一')).toHaveLength(17);
    expect(r.tasks.filter((t) => t.section === '四').map((t) => t.no)).toEqual(['61', '62', '63']);
  });

  it('task 1 (L9) is the contract example', () => {
    const t = no(r, '1');
    expect({ no: t.no, section: t.section, deadlines: t.deadlines, lines: t.lines }).toEqual({
      no: '1', section: '一', deadlines: ['2021年9月底前'], lines: [9, 9],
    });
    expect(t.leadUnits).toEqual(['省政务局']);
    expect(t.responsibleUnits).toEqual(['省直相关部门', '各市州人民政府']);
    expect(t.deadlineDetails[0]!.date).toBe('2021-09-30');
  });

  it('task 3 (L11): distributive names stay whole, 和 splits two units', () => {
    const t = no(r, '3');
    expect(t.leadUnits).toEqual(['省政务局', '长沙市、岳阳市、郴州市人民政府']);
    expect(t.responsibleUnits).toEqual(['省直相关部门', '自贸试验区长沙、岳阳、郴州片区管委会']);
  });

  it('23 tasks name no 牵头 unit (the B patterns), 40 do', () => {
    expect(r.tasks.filter((t) => t.leadUnits.length === 0)).toHaveLength(23);
  });

  it('task 4 (L12) has no 牵头 part: empty leadUnits; "等省直相关部门及…" splits', () => {
    const t = no(r, '4');
    expect(t.leadUnits).toEqual([]);
    expect(t.responsibleUnits).toEqual([
      '省发展改革委', '省司法厅', '省住房城乡建设厅', '省自然资源厅', '省市场监管局', '省政务局', '省直相关部门', '各市州人民政府',
    ]);
  });

  it('和 inside a name is kept: 省工业和信息化厅 (task 9)', () => {
    expect(no(r, '9').leadUnits).toEqual(['省工业和信息化厅', '省商务厅']);
  });

  it('deadlines: 2021年底前 (13, 46, 50), 2021年4月底前 (25), 2021年前 (41); 57 tasks carry none', () => {
    expect(no(r, '25').deadlines).toEqual(['2021年4月底前']);
    expect(no(r, '41').deadlines).toEqual(['2021年前']);
    for (const n of ['13', '46', '50']) expect(no(r, n).deadlines).toEqual(['2021年底前']);
    expect(r.tasks.filter((t) => t.deadlines.length === 0)).toHaveLength(57);
  });

  it('task 59 (L69): ≤ 8 working days target', () => {
    expect(no(r, '59').targets).toContainEqual(expect.objectContaining({ comparator: '<=', value: 8, unit: '个工作日' }));
  });
});

describe('seed 003 华容区…行动方案: the attachment table, one cell per line, merged cells inherited', () => {
  let r: ParseResult;
  beforeAll(() => {
    r = load('003');
  });

  it('135 table rows are the tasks; the 61 main-text measures are reported as superseded', () => {
    expect(r.tasks).toHaveLength(135);
    expect(r.tasks.map((t) => t.no)).toEqual(Array.from({ length: 135 }, (_, i) => String(i + 1)));
    expect(r.tasks.every((t) => t.source === 'table')).toBe(true);
    expect(r.title).toBe('华容区以控制成本为核心优化营商环境行动方案');
    expect(r.issuer).toBe('中共华容区委 华容区人民政府');
    expect(r.date).toBe('2023-06-07');
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'LEDGER_TABLE_SUPERSEDES_TEXT', details: { text: 61, rows: 135 } }));
  });

  it('row 1 (L246–L258) is fully written; rows 2 and 3 inherit every cell', () => {
    const r1 = no(r, '1');
    expect(r1.lines).toEqual([246, 258]);
    expect(r1.section).toBe('(一)');
    expect(r1.measure).toBe('1.推行企业开办“1050”标准');
    expect(r1.group).toBe('市场环境组');
    expect(r1.leadUnits).toEqual(['市场监管局']);
    expect(r1.responsibleUnits).toEqual(['区公安分局', '区税务局', '区人社局', '区医保局', '区发改经信局(发改)', '区住建局']);
    expect(r1.deadlines).toEqual(['2023年6月底,长期推进']);
    expect(r1.deadlineDetails[0]).toMatchObject({ date: '2023-06-30', ongoing: true });
    for (const n of ['2', '3']) {
      const t = no(r, n);
      expect([t.leadUnits, t.responsibleUnits, t.deadlines, t.group]).toEqual([r1.leadUnits, r1.responsibleUnits, r1.deadlines, r1.group]);
    }
  });

  it('a row with only a lead keeps the responsible units of the row above (r14 after r13)', () => {
    expect(no(r, '14').leadUnits).toEqual(['区住建局']);
    expect(no(r, '14').responsibleUnits).toEqual(no(r, '13').responsibleUnits);
  });

  it('an NBSP after the lead is an empty 责任单位 (r59, r92, r118–r121); after a page-break heading it is not (r12)', () => {
    for (const n of ['59', '92', '118', '119', '120', '121']) expect(no(r, n).responsibleUnits).toEqual([]);
    expect(no(r, '59').deadlines).toEqual(['2023年10月']);
    expect(no(r, '59').deadlineDetails[0]!.date).toBe('2023-10-31');
    expect(no(r, '12').responsibleUnits).toEqual(no(r, '11').responsibleUnits);
  });

  it('defects are reported, not hidden: r10 two 责任单位 lines, r81 repeated cell, r102 cut-short cell', () => {
    expect(no(r, '10').flags).toContain('double_responsible');
    expect(no(r, '10').responsibleUnits).toContain('区自规分局');
    expect(codes(r)).toEqual(expect.arrayContaining(['LEDGER_TABLE_EXTRA_CELLS', 'LEDGER_CELL_REPEATED', 'LEDGER_CELL_TRUNCATED']));
    expect(no(r, '82').deadlines).toEqual(['2023年8月底,长期推进']);
    expect(no(r, '102').deadlines).toEqual(['2023年12月底,长期推']);
  });

  it('r135 skips the NBSP before its text; r134 is ongoing without a date', () => {
    expect(no(r, '135').text.startsWith('将优化营商环境工作纳入')).toBe(true);
    expect(no(r, '135').lines).toEqual([1660, 1670]);
    expect(no(r, '134').deadlineDetails[0]).toMatchObject({ raw: '长期推进', date: null, ongoing: true });
  });

  it('r28 targets: 进驻率 = 100%, 覆盖率 ≥ 50%', () => {
    const t = no(r, '28').targets;
    expect(t).toContainEqual(expect.objectContaining({ comparator: '=', value: 100, unit: '%' }));
    expect(t).toContainEqual(expect.objectContaining({ comparator: '>=', value: 50, unit: '%' }));
  });
});

describe('seed 000 湖北省优化营商环境2020年…工作方案: 27 plans bundled, every ownership form', () => {
  let r: ParseResult;
  beforeAll(() => {
    r = load('000');
  });

  it('cover notice, issuer, date; 27 plans; 240 tasks', () => {
    expect(r.issuer).toBe('湖北省优化营商环境领导小组');
    expect(r.date).toBe('2020-06-23');
    expect(r.parts).toHaveLength(27);
    expect(r.tasks).toHaveLength(240);
  });

  it('P1 (L788): (牵头单位:…;责任单位:…;完成时间:…)', () => {
    const t = at(r, 788);
    expect([t.section, t.no]).toEqual(['二(一)', '1']);
    expect(t.leadUnits).toEqual(['省政务办']);
    expect(t.responsibleUnits).toEqual(['省直有关部门', '各市、州、县人民政府']);
    expect(t.deadlines).toEqual(['2020年10月底前']);
  });

  it('P1 comma variant with roles (L225–L227): roles are not part of the names', () => {
    const t = at(r, 225);
    expect(t.leadUnits).toEqual(['省自然资源厅']);
    expect(t.responsibleUnits).toEqual(['省政务办', '省住建厅', '省公安厅', '省民政厅', '省税务局', '湖北银保监局', '各市、州、县人民政府']);
    expect(t.deadlineDetails[0]!.date).toBe('2020-12-31');
  });

  it('P5 block lines (L312–L322): 牵头单位 / 参加单位 / 完成时限 on their own lines', () => {
    const t = at(r, 312);
    expect(t.lines).toEqual([312, 322]);
    expect(t.leadUnits).toEqual(['省商务厅(口岸办)']);
    expect(t.responsibleUnits).toEqual([
      '省发改委', '省财政厅', '省交通运输厅', '省市场监管局', '武汉海关', '长江海事局', '口岸所在地市州政府', '相关企业',
    ]);
    expect(t.deadlines).toEqual(['2020年底前第三方完成评估']);
    expect(at(r, 336).text).toContain('1.除传统的口岸清关');
  });

  it('P6 (L585): (X、Y、Z牵头,…按职责分工负责); P7 (L547): (X负责) with 年底前 in the text', () => {
    expect(at(r, 585).leadUnits).toEqual(['省市场监管局', '省政务办', '省司法厅']);
    expect(at(r, 585).responsibleUnits).toEqual(['省政府有关部门', '中央在鄂有关单位']);
    expect(at(r, 547).leadUnits).toEqual([]);
    expect(at(r, 547).responsibleUnits).toEqual(['省市场监管局']);
    expect(at(r, 547).deadlineDetails[0]).toMatchObject({ raw: '年底前', date: '2020-12-31', yearInferred: true });
  });

  it('P10 (L191): "(6月15日前完成)" in a step heading, year from the document', () => {
    const t = at(r, 191);
    expect(t.deadlines).toEqual(['6月15日前']);
    expect(t.deadlineDetails[0]!.date).toBe('2020-06-15');
  });

  it('P13 (L665): two inline deadlines, owners after the date in the same bracket', () => {
    const t = at(r, 665);
    expect(t.deadlines).toEqual(['2020年7月底', '2020年11月底']);
    expect(t.leadUnits).toEqual(['省市场监管局']);
    expect(t.responsibleUnits).toEqual(['市场监管领域其他相关部门']);
  });

  it('P4 (L1099): (牵头单位:X) only; the plan-wide 三、完成时限 applies', () => {
    const t = at(r, 1099);
    expect(t.leadUnits).toEqual(['省电力公司']);
    expect(t.responsibleUnits).toEqual([]);
    expect(t.deadlines).toEqual(['2020年11月底前']);
    expect(t.flags).toContain('deadline_inherited');
  });

  it('P11/P12: (完成时间:…日前) and (实施时限:2020年6月-11月) resolve to the end of the range', () => {
    expect(at(r, 1031).deadlineDetails[0]!.date).toBe('2020-06-30');
    expect(at(r, 1137).deadlineDetails[0]!.date).toBe('2020-11-30');
  });

  it('the missing (五) of the 企业注销 plan is reported (L649)', () => {
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'LEDGER_NUMBERING_GAP', line: 649 }));
  });
});

describe('seed 001 咸宁市…工作总结: a report, numbered items without owners', () => {
  let r: ParseResult;
  beforeAll(() => {
    r = load('001');
  });

  it('30 items: 25 achievements and 5 next steps; 存在问题 and 建议 hold none', () => {
    expect(r.tasks).toHaveLength(30);
    expect(r.date).toBe('2020-12-15');
    expect(r.tasks.filter((t) => t.section === '三')).toHaveLength(5);
    expect(r.tasks.every((t) => t.leadUnits.length === 0)).toBe(true);
  });

  it('"3着力…" (L36) lost its separator and is still item 3, with a warning', () => {
    expect(at(r, 36).no).toBe('3');
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'LEDGER_NUMBER_SEPARATOR_MISSING', line: 36 }));
  });

  it('"9月底前" (L54) takes the year of the report', () => {
    expect(at(r, 54).deadlineDetails[0]).toMatchObject({ raw: '9月底前', date: '2020-09-30' });
  });
});
