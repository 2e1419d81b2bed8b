/**
 * The ledger through its service on a real database: import preview → edit → confirm (nothing in the ledger
 * before), progress reports, 月调度, 季督办 with tracked answers, 年评价, and the exports.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { SEED_DIR } from '../../seed.js';
import { getDepartmentByCode, seedOrgStructure } from '../org/index.js';
import { dispatchTable, evaluationTable, ordersTable, taskTable, toDocx, toXlsx } from './export.js';
import { ledgerTasks, ledgerUnits } from './schema.js';
import * as ledger from './service.js';

const SEEDS = process.env.TONGBAN_SEEDS ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/seeds');

function seed(prefix: string): Buffer {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!file) throw new Error(`seed ${prefix} missing in ${SEEDS}`);
  return readFileSync(resolve(SEEDS, file));
}

const supervisor: Caller = {
  id: randomUUID(), kind: 'staff', displayName: '省督查员', roles: ['supervisor'], regionCode: '420000', departmentId: null, sessionId: 's1',
};
const outsider: Caller = { ...supervisor, id: randomUUID(), regionCode: '430000', displayName: '外省督查员' };

async function rejects(p: Promise<unknown>, code: string) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err, `expected ${code}`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
}

let db: Db;
let draftId: string;
let version: number;

beforeAll(async () => {
  db = await testDb();
  await ledger.seedUnits(db);
});

describe('import: preview, edit, confirm', () => {
  it('previews seed 002 as a draft; nothing enters the ledger yet', async () => {
    const draft = await ledger.previewImport(db, supervisor, { filename: '002.txt', content: seed('002'), regionCode: '420000' });
    draftId = draft.id;
    version = draft.version;
    expect(draft.status).toBe('draft');
    expect(draft.tasks).toHaveLength(24);
    expect(draft.unitScope).toBe('湖北省');
    expect(draft.sourceLines[draft.tasks[0]!.lines[0] - 1]).toContain('清理规范审批服务事项');
    expect(draft.tasks[1]!.leadUnitsResolved[0]).toMatchObject({ written: '省政务管理办', known: true, name: '湖北省政务管理办公室' });
    expect(draft.unknownUnits).toEqual([]);
    const [{ n }] = await db.select({ n: count() }).from(ledgerTasks);
    expect(n).toBe(0);
  });

  it('rejects another region, a stale version and an unreadable deadline, and changes nothing', async () => {
    await rejects(ledger.getDraft(db, outsider, draftId), 'OUT_OF_SCOPE');
    const draft = await ledger.getDraft(db, supervisor, draftId);
    const tasks = draft.tasks.map((t) => ({ no: t.no, section: t.section, text: t.text, leadUnits: t.leadUnits, responsibleUnits: t.responsibleUnits, deadlines: t.deadlines, targets: t.targets, lines: t.lines }));
    await rejects(ledger.updateDraft(db, supervisor, draftId, { version: version + 5, tasks }), 'LEDGER_DRAFT_STALE');
    const bad = tasks.map((t, i) => (i === 0 ? { ...t, deadlines: ['尽快'] } : t));
    await rejects(ledger.updateDraft(db, supervisor, draftId, { version, tasks: bad }), 'LEDGER_DRAFT_INVALID');
    expect((await ledger.getDraft(db, supervisor, draftId)).version).toBe(version);
  });

  it('saves the reviewer’s edits: a deadline added to task 1, a new unit flagged as unknown', async () => {
    const draft = await ledger.getDraft(db, supervisor, draftId);
    const tasks = draft.tasks.map((t, i) => ({
      no: t.no, section: t.section, text: t.text, leadUnits: t.leadUnits,
      responsibleUnits: i === 0 ? [...t.responsibleUnits, '省营商环境研究中心'] : t.responsibleUnits,
      deadlines: i === 0 ? ['2019年12月底前'] : t.deadlines, targets: t.targets, lines: t.lines,
    }));
    const saved = await ledger.updateDraft(db, supervisor, draftId, { version, tasks });
    version = saved.version;
    expect(saved.tasks[0]!.deadlineDetails[0]!.date).toBe('2019-12-31');
    expect(saved.unknownUnits).toEqual(['省营商环境研究中心']);
    expect(saved.warnings.map((w) => w.code)).toContain('LEDGER_UNIT_UNKNOWN');
  });

  it('confirms: 24 tasks with owners and targets; the unknown unit is added unverified; a second confirm is refused', async () => {
    const result = await ledger.confirmDraft(db, supervisor, draftId, { version });
    expect(result.tasks).toBe(24);
    expect(result.createdUnits).toEqual(['省营商环境研究中心']);
    const [unit] = await db.select().from(ledgerUnits).where(eq(ledgerUnits.name, '省营商环境研究中心'));
    expect(unit).toMatchObject({ verified: false, scope: '湖北省' });
    await rejects(ledger.confirmDraft(db, supervisor, draftId, { version: version + 1 }), 'LEDGER_DRAFT_CLOSED');
    const tasks = await ledger.listTasks(db, supervisor, { today: '2019-12-01' });
    expect(tasks).toHaveLength(24);
    const t15 = tasks.find((t) => t.no === '15')!;
    expect(t15.leadUnits.map((u) => u.written)).toEqual(['省市场监管局']);
    expect(t15.targets).toHaveLength(1);
    expect(await ledger.listTasks(db, outsider)).toEqual([]);
  });
});

describe('running the ledger', () => {
  const today = '2019-12-10';
  let t2: ledger.TaskView;
  let t15: ledger.TaskView;

  beforeAll(async () => {
    const tasks = await ledger.listTasks(db, supervisor, { today });
    t2 = tasks.find((t) => t.no === '2')!;
    t15 = tasks.find((t) => t.no === '15')!;
  });

  it('statuses: 未启动 before any report, 推进中 after one, 逾期 after the deadline', async () => {
    expect(t2.status).toBe('未启动');
    expect(t2.dueOn).toBe('2020-12-31');
    await ledger.fileReport(db, supervisor, t2.id, { unitId: t2.leadUnits[0]!.unitId, text: '省级事项已梳理', reportedOn: today });
    expect((await ledger.getTask(db, supervisor, t2.id, today)).status).toBe('推进中');
    const [t6] = await ledger.listTasks(db, supervisor, { today: '2020-01-05', ids: [(await ledger.listTasks(db, supervisor, { today })).find((t) => t.no === '6')!.id] });
    expect(t6!.status).toBe('逾期');
  });

  it('a report must come from an owner, may carry figures against the task’s targets, and the lead closes the task', async () => {
    const lead = t15.leadUnits[0]!.unitId;
    const stranger = t2.responsibleUnits.find((u) => !t15.responsibleUnits.some((r) => r.unitId === u.unitId))!.unitId;
    await rejects(ledger.fileReport(db, supervisor, t15.id, { unitId: stranger, text: 'x' }), 'LEDGER_NOT_TASK_OWNER');
    await rejects(ledger.fileReport(db, supervisor, t15.id, { unitId: lead, text: 'x', figures: [{ targetId: randomUUID(), value: 2 }] }), 'LEDGER_TARGET_NOT_OF_TASK');
    const clerk: Caller = { ...supervisor, id: randomUUID(), roles: ['approver'], departmentId: randomUUID() };
    await rejects(ledger.fileReport(db, clerk, t15.id, { unitId: lead, text: 'x' }), 'LEDGER_NOT_UNIT_STAFF');
    await ledger.fileReport(db, supervisor, t15.id, { unitId: lead, text: '已压缩至2个工作日', figures: [{ targetId: t15.targets[0]!.id, value: 2 }], completed: true, reportedOn: today });
    const after = await ledger.getTask(db, supervisor, t15.id, today);
    expect(after.status).toBe('已完成');
    expect(after.completedOn).toBe(today);
    expect(after.targets[0]).toMatchObject({ latest: 2, met: true });
  });

  it('staff of a unit linked to their department report for it and see its tasks', async () => {
    // The org structure arrives only now, so that no unit has been linked to a department by its name yet.
    await seedOrgStructure(db, SEED_DIR);
    const departmentId = (await getDepartmentByCode(db, '420000-fgw')).id;
    const unitId = t2.leadUnits[0]!.unitId;
    await rejects(ledger.updateUnit(db, outsider, unitId, { departmentId }), 'LEDGER_DEPARTMENT_OUT_OF_SCOPE');
    await ledger.updateUnit(db, supervisor, unitId, { departmentId });
    const clerk: Caller = { ...supervisor, id: randomUUID(), roles: ['approver'], departmentId };
    const report = await ledger.fileReport(db, clerk, t2.id, { unitId, text: '本月继续推进', reportedOn: '2020-01-10' });
    expect(report.period).toBe('2020-01');
    const mine = await ledger.listTasks(db, clerk, { today });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.leadUnits.some((u) => u.unitId === unitId) || t.responsibleUnits.some((u) => u.unitId === unitId))).toBe(true);
  });

  it('月调度: who has not reported for the month, what falls due, what is overdue', async () => {
    const d = await ledger.monthlyDispatch(db, supervisor, { month: '2019-12', today: '2019-12-20' });
    expect(d.asOf).toBe('2019-12-20');
    expect(d.missing.some((m) => m.taskId === t2.id)).toBe(false);
    expect(d.missing.some((m) => m.no === '3' && m.unitName === '湖北省政务管理办公室')).toBe(true);
    expect(d.missing.every((m) => m.period === '2019-12')).toBe(true);
    expect(d.dueThisMonth.map((t) => t.no)).toEqual(expect.arrayContaining(['1', '3', '6', '20']));
    expect(d.overdue).toEqual([]);
    await rejects(ledger.monthlyDispatch(db, supervisor, { month: '2019-13' }), 'LEDGER_PERIOD_INVALID');
  });

  it('季督办: one 督办单 per overdue task to its lead unit, once per quarter; answered, sent back, closed', async () => {
    const first = await ledger.quarterlySupervision(db, supervisor, { quarter: '2020-Q1' });
    expect(first.created).toBeGreaterThan(0);
    const t6 = first.orders.find((o) => o.taskNo === '6')!;
    expect(t6).toMatchObject({ reason: 'overdue', unitName: '湖北省政务管理办公室', issuedOn: '2020-03-31', dueOn: '2020-04-15', status: 'open' });
    expect(first.orders.some((o) => o.taskNo === '15')).toBe(false);
    const again = await ledger.quarterlySupervision(db, supervisor, { quarter: '2020-Q1' });
    expect(again.created).toBe(0);
    expect(again.orders).toHaveLength(first.orders.length);

    await rejects(ledger.closeOrder(db, supervisor, t6.id, { accepted: true }), 'LEDGER_ORDER_STATE');
    const answered = await ledger.answerOrder(db, supervisor, t6.id, { answer: '已完成事项梳理,正在审定', today: '2020-04-10' });
    expect(answered).toMatchObject({ status: 'answered', late: false });
    const back = await ledger.closeOrder(db, supervisor, t6.id, { accepted: false, today: '2020-04-12' });
    expect(back.status).toBe('open');
    const late = await ledger.answerOrder(db, supervisor, t6.id, { answer: '已全部完成', today: '2020-04-20' });
    expect(late).toMatchObject({ status: 'answered', late: true });
    const closed = await ledger.closeOrder(db, supervisor, t6.id, { accepted: true, today: '2020-04-21' });
    expect(closed).toMatchObject({ status: 'closed', closedOn: '2020-04-21' });
    await rejects(ledger.answerOrder(db, outsider, t6.id, { answer: 'x' }), 'LEDGER_NOT_UNIT_STAFF');
  });

  it('年评价: units scored on on-time completion, reporting and targets, and ranked; regions ranked', async () => {
    const e = await ledger.annualEvaluation(db, supervisor, { year: 2019 });
    expect(e.units.length).toBeGreaterThan(1);
    const market = e.units.find((u) => u.unitName === '湖北省市场监督管理局')!;
    expect(market.due).toBeGreaterThan(0);
    expect(e.units.map((u) => u.rank)).toEqual([...e.units.map((u) => u.rank)].sort((a, b) => a - b));
    const gov = e.units.find((u) => u.unitName === '湖北省政务管理办公室')!;
    expect(gov.reportsFiled).toBeGreaterThan(0);
    expect(e.regions).toEqual([expect.objectContaining({ regionCode: '420000', rank: 1 })]);
  });
});

describe('exports in the layout of seed 003’s table', () => {
  it('the ledger as xlsx: title, header, one row per task, merged 政策措施 column', async () => {
    const tasks = await ledger.listTasks(db, supervisor, { today: '2019-12-10' });
    const buffer = await toXlsx(taskTable('湖北省深入推进审批服务便民化任务台账', tasks));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('湖北省深入推进审批服务便民化任务台账');
    expect(ws.getRow(2).values).toEqual([undefined, '政策措施', '序号', '重点任务', '责任专项组', '牵头单位', '责任单位', '完成时限', '状态']);
    expect(ws.rowCount).toBe(2 + tasks.length);
    // 二(一) spans tasks 1–5 (rows 3–7): one merged cell.
    expect(ws.getCell('A3').isMerged && ws.getCell('A7').isMerged && ws.getCell('A7').master.address).toBe('A3');
  });

  it('rankings, dispatch and orders as docx, readable back', async () => {
    const e = await ledger.annualEvaluation(db, supervisor, { year: 2019 });
    const text = (await mammoth.extractRawText({ buffer: await toDocx(evaluationTable(e, new Map([['420000', '湖北省']]))) })).value;
    expect(text).toContain('2019年度改革任务落实情况评价排名');
    expect(text).toContain('湖北省市场监督管理局');
    const d = await ledger.monthlyDispatch(db, supervisor, { month: '2019-12', today: '2019-12-20' });
    expect((await mammoth.extractRawText({ buffer: await toDocx(dispatchTable(d)) })).value).toContain('未报送进展');
    const orders = await ledger.listOrders(db, supervisor, { quarter: '2020-Q1' });
    expect((await mammoth.extractRawText({ buffer: await toDocx(ordersTable('2020-Q1', orders)) })).value).toContain('已办结');
  });
});

describe('units and org departments', () => {
  it('links a unit to the department of the same full name, once org data exists', async () => {
    await seedOrgStructure(db, SEED_DIR);
    expect(await ledger.linkUnitsToDepartments(db)).toBeGreaterThan(0);
    const [unit] = await db.select().from(ledgerUnits).where(eq(ledgerUnits.name, '湖北省市场监督管理局'));
    expect(unit!.departmentId).toBe((await getDepartmentByCode(db, '420000-scjg')).id);
    const [huarong] = await db.select().from(ledgerUnits).where(eq(ledgerUnits.name, '葛华自来水公司'));
    expect(huarong!.departmentId).toBe((await getDepartmentByCode(db, '420703-gs')).id);
  });
});
