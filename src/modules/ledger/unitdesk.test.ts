/**
 * The unit side of the ledger over HTTP on the whole server and a real database: a supervisor settles the units an
 * import does not know (alias or new unit linked to a department), then the staff of those departments see 我的任务
 * with the reports they owe, file them, and answer the 督办单 sent to their unit.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Client } from '../../../test/helpers/app.js';
import type { DbHandle } from '../../platform/db.js';
import { createStaffUser, getDepartmentByCode } from '../org/index.js';

const DOC = [
  '咸安区2026年优化营商环境重点任务分工方案',
  '发布单位:咸宁市咸安区人民政府办公室 日期:2026-01-05',
  '一、重点任务',
  '1.推行企业开办全程网办,企业开办时间压缩至1个工作日内。(牵头单位:咸安区市场监管局;责任单位:咸安区行政审批局;完成时限:2026年12月底前)',
  '2.推进不动产登记与水电气过户一窗受理。(牵头单位:区不动产中心;责任单位:咸安区市场监管局;完成时限:2026年6月底前)',
].join('\n');

interface Draft {
  id: string;
  version: number;
  unknownUnits: string[];
  tasks: Array<{ no: string; leadUnitsResolved: Array<{ written: string; name: string; known: boolean }>; responsibleUnitsResolved: Array<{ name: string; known: boolean }> }>;
}
interface MyTask {
  id: string;
  no: string;
  text: string;
  completedOn: string | null;
  status: string;
  cadence: string;
  dueOn: string | null;
  currentPeriod: string;
  currentFiled: boolean;
  myUnits: Array<{ unitId: string; name: string; role: string; reporter: boolean }>;
  owed: Array<{ unitName: string; period: string; dueBy: string }>;
  targets: Array<{ id: string; latest: number | null; met: boolean | null }>;
}
interface My {
  units: Array<{ id: string; name: string }>;
  tasks: MyTask[];
  orders: Array<{ id: string; taskNo: string; status: string; unitName: string }>;
}

let dbh: DbHandle;
let login: (account: string) => Promise<Client>;
let supervisor: Client;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { code: string; message: string; messageEn: string };
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
}

beforeAll(async () => {
  const t = await testApp();
  dbh = t.dbh;
  login = (account) => t.login(account);
  supervisor = await login('supervisor');
});

describe('the unit side of the ledger', () => {
  it('is described in the OpenAPI document', async () => {
    const doc = (await supervisor.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.paths['/api/v1/ledger/my']!.get).toBeDefined();
    expect(doc.paths['/api/v1/ledger/imports/{id}/units']!.post!.requestBody).toBeDefined();
    expect(doc.paths['/api/v1/ledger/units/{id}/merge']!.post).toBeDefined();
  });

  let draft: Draft;
  let unitIdOf: (name: string) => string;

  it('flags the units an import does not know, and lets the supervisor settle each one', async () => {
    const res = await supervisor.post('/api/v1/ledger/imports', { filename: 'xianan.txt', text: DOC });
    expect(res.statusCode, res.body).toBe(201);
    draft = (await res.json()) as Draft;
    expect(draft.unknownUnits.sort()).toEqual(['区不动产中心', '咸安区市场监管局', '咸安区行政审批局'].sort());

    const scjg = await getDepartmentByCode(dbh.db, '421202-scjg');
    const xzsp = await getDepartmentByCode(dbh.db, '421202-xzsp');
    const clerk = await login('clerk');
    expectError(await clerk.post(`/api/v1/ledger/imports/${draft.id}/units`, { written: '咸安区市场监管局', create: { kind: 'department' } }), 403, 'FORBIDDEN');

    // A new unit under its full name, linked to the department whose staff act for it.
    let r = await supervisor.post(`/api/v1/ledger/imports/${draft.id}/units`, {
      written: '咸安区市场监管局', create: { name: '咸宁市咸安区市场监督管理局', kind: 'department', departmentId: scjg.id },
    });
    expect(r.statusCode, r.body).toBe(200);
    draft = (await r.json()) as Draft;
    expect(draft.unknownUnits).not.toContain('咸安区市场监管局');
    expect(draft.tasks[0]!.leadUnitsResolved[0]).toMatchObject({ written: '咸安区市场监管局', name: '咸宁市咸安区市场监督管理局', known: true });
    expect(draft.tasks[1]!.responsibleUnitsResolved[0]).toMatchObject({ name: '咸宁市咸安区市场监督管理局', known: true });

    r = await supervisor.post(`/api/v1/ledger/imports/${draft.id}/units`, { written: '咸安区行政审批局', create: { kind: 'department', departmentId: xzsp.id } });
    expect(r.statusCode, r.body).toBe(200);

    // Another spelling of a registered unit becomes its alias.
    const created = await supervisor.post('/api/v1/ledger/units', { name: '咸宁市咸安区不动产登记中心', kind: 'department', regionCode: '421202' });
    expect(created.statusCode, created.body).toBe(201);
    const estate = (await created.json()) as { id: string };
    // Linking hands a unit's tasks to the department's staff: a 咸宁 supervisor cannot hand them to 长沙.
    const changsha = await getDepartmentByCode(dbh.db, '430100-scjg');
    expectError(await supervisor.patch(`/api/v1/ledger/units/${estate.id}`, { departmentId: changsha.id }), 403, 'LEDGER_DEPARTMENT_OUT_OF_SCOPE');
    expectError(await supervisor.post('/api/v1/ledger/units', { name: '长沙市某局', kind: 'department', departmentId: changsha.id }), 403, 'LEDGER_DEPARTMENT_OUT_OF_SCOPE');
    expectError(await supervisor.patch(`/api/v1/ledger/units/${estate.id}`, { departmentId: randomUUID() }), 404, 'DEPARTMENT_NOT_FOUND');
    const unchanged = (await (await supervisor.get('/api/v1/ledger/units?q=不动产登记中心')).json()) as Array<{ id: string; departmentId: string | null }>;
    expect(unchanged.find((u) => u.id === estate.id)?.departmentId).toBeNull();
    expect((await (await supervisor.get('/api/v1/ledger/units?q=长沙市某局')).json()) as unknown[]).toEqual([]);
    expectError(await supervisor.post(`/api/v1/ledger/imports/${draft.id}/units`, { written: '区不动产中心', unitId: randomUUID() }), 404, 'LEDGER_UNIT_NOT_FOUND');
    r = await supervisor.post(`/api/v1/ledger/imports/${draft.id}/units`, { written: '区不动产中心', unitId: estate.id });
    expect(r.statusCode, r.body).toBe(200);
    draft = (await r.json()) as Draft;
    expect(draft.unknownUnits).toEqual([]);
    expect(draft.tasks[1]!.leadUnitsResolved[0]).toMatchObject({ written: '区不动产中心', name: '咸宁市咸安区不动产登记中心', known: true });

    // A name already settled, or not in the draft, is refused; so is a malformed body.
    expectError(await supervisor.post(`/api/v1/ledger/imports/${draft.id}/units`, { written: '区不动产中心', unitId: estate.id }), 409, 'LEDGER_UNIT_NOT_UNKNOWN');
    expectError(await supervisor.post(`/api/v1/ledger/imports/${draft.id}/units`, { written: '省政府', create: { kind: 'government' } }), 409, 'LEDGER_UNIT_NOT_UNKNOWN');
    expectError(await supervisor.post(`/api/v1/ledger/imports/${draft.id}/units`, { written: 'x', unitId: estate.id, create: { kind: 'other' } }), 400, 'VALIDATION_FAILED');

    const confirmed = await supervisor.post(`/api/v1/ledger/imports/${draft.id}/confirm`, { version: draft.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(((await confirmed.json()) as { createdUnits: string[] }).createdUnits).toEqual([]);
    expectError(await supervisor.post(`/api/v1/ledger/imports/${draft.id}/units`, { written: '区不动产中心', unitId: estate.id }), 409, 'LEDGER_DRAFT_CLOSED');

    const units = (await (await supervisor.get('/api/v1/ledger/units?q=咸安')).json()) as Array<{ id: string; name: string; aliases: string[]; departmentId: string | null; verified: boolean }>;
    const estateUnit = units.find((u) => u.id === estate.id)!;
    expect(estateUnit.aliases).toContain('区不动产中心');
    expect(units.find((u) => u.name === '咸宁市咸安区市场监督管理局')).toMatchObject({ departmentId: scjg.id, verified: true });
    unitIdOf = (name) => units.find((u) => u.name === name)!.id;
  });

  it('我的任务: an approver sees the tasks their unit leads or shares, with the reports it owes now', async () => {
    const approver = await login('approver');
    const my = (await (await approver.get('/api/v1/ledger/my?today=2026-11-05')).json()) as My;
    expect(my.units.map((u) => u.name)).toEqual(['咸宁市咸安区市场监督管理局']);
    expect(my.tasks.map((t) => t.no).sort()).toEqual(['1', '2']);
    const t1 = my.tasks.find((t) => t.no === '1')!;
    expect(t1).toMatchObject({ status: '未启动', cadence: 'monthly', dueOn: '2026-12-31', currentPeriod: '2026-11' });
    expect(t1.myUnits).toEqual([{ unitId: unitIdOf('咸宁市咸安区市场监督管理局'), name: '咸宁市咸安区市场监督管理局', role: 'lead', reporter: true }]);
    // October can still be filed on time until 10 November; November is the current period.
    expect(t1.owed.map((o) => [o.period, o.dueBy])).toEqual([['2026-10', '2026-11-10'], ['2026-11', '2026-12-10']]);
    const t2 = my.tasks.find((t) => t.no === '2')!;
    expect(t2).toMatchObject({ status: '逾期' });
    expect(t2.myUnits[0]).toMatchObject({ role: 'responsible' });

    // Past the grace days only the current period is owed.
    const later = (await (await approver.get('/api/v1/ledger/my?today=2026-11-22')).json()) as My;
    expect(later.tasks.find((t) => t.no === '1')!.owed.map((o) => o.period)).toEqual(['2026-11']);

    // A unit member files October's report with the target's figure; it leaves the owed list.
    const target = t1.targets[0]!;
    const filed = await approver.post(`/api/v1/ledger/tasks/${t1.id}/reports`, {
      unitId: unitIdOf('咸宁市咸安区市场监督管理局'), period: '2026-10', text: '全程网办上线,平均0.8个工作日办结',
      figures: [{ targetId: target.id, value: 0.8 }], attachments: [{ name: '运行情况说明', url: 'https://oa.example.gov.cn/doc/123' }],
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const after = (await (await approver.get('/api/v1/ledger/my?today=2026-11-05')).json()) as My;
    const t1After = after.tasks.find((t) => t.no === '1')!;
    expect(t1After.owed.map((o) => o.period)).toEqual(['2026-11']);
    expect(t1After.currentFiled).toBe(false);
    // Early in a month the previous period may still be owed after the current one is filed; the page shows both.
    const early = (await (await approver.get('/api/v1/ledger/my?today=2026-10-08')).json()) as My;
    const t1Early = early.tasks.find((t) => t.no === '1')!;
    expect(t1Early).toMatchObject({ currentPeriod: '2026-10', currentFiled: true });
    expect(t1Early.owed.map((o) => [o.period, o.dueBy])).toEqual([['2026-09', '2026-10-10']]);
    expect(t1After).toMatchObject({ status: '推进中', targets: [{ latest: 0.8, met: true }] });

    // The supervisor sees it in the task's history and in 月调度.
    const detail = (await (await supervisor.get(`/api/v1/ledger/tasks/${t1.id}`)).json()) as { history: Array<{ period: string; text: string; unitId: string }> };
    expect(detail.history).toEqual([expect.objectContaining({ period: '2026-10', text: '全程网办上线,平均0.8个工作日办结' })]);
    const dispatch = (await (await supervisor.get('/api/v1/ledger/dispatch?month=2026-10')).json()) as { missing: Array<{ taskId: string; unitName: string }> };
    const missingT1 = dispatch.missing.filter((m) => m.taskId === t1.id).map((m) => m.unitName);
    expect(missingT1).toEqual(['咸宁市咸安区行政审批局']);
  });

  it('a window clerk of a responsible unit sees and files too; staff without a unit see nothing', async () => {
    const clerk = await login('clerk');
    const my = (await (await clerk.get('/api/v1/ledger/my?today=2026-11-05')).json()) as My;
    expect(my.units.map((u) => u.name)).toEqual(['咸宁市咸安区行政审批局']);
    expect(my.tasks.map((t) => t.no)).toEqual(['1']);
    const res = await clerk.post(`/api/v1/ledger/tasks/${my.tasks[0]!.id}/reports`, { unitId: my.units[0]!.id, period: '2026-10', text: '窗口已开设企业开办专区' });
    expect(res.statusCode, res.body).toBe(201);
    const dispatch = (await (await supervisor.get('/api/v1/ledger/dispatch?month=2026-10')).json()) as { missing: Array<{ taskId: string }> };
    expect(dispatch.missing.filter((m) => m.taskId === my.tasks[0]!.id)).toEqual([]);
    // A unit the clerk does not belong to cannot be reported for.
    const other = (await (await supervisor.get('/api/v1/ledger/units?q=市场监督')).json()) as Array<{ id: string; name: string }>;
    const scjg = other.find((u) => u.name === '咸宁市咸安区市场监督管理局')!;
    expectError(await clerk.post(`/api/v1/ledger/tasks/${my.tasks[0]!.id}/reports`, { unitId: scjg.id, text: '代报' }), 403, 'LEDGER_NOT_UNIT_STAFF');

    const none = (await (await supervisor.get('/api/v1/ledger/my')).json()) as My;
    expect(none).toMatchObject({ units: [], tasks: [], orders: [] });
    expectError(await (await login('421202199001011232')).get('/api/v1/ledger/my'), 403, 'FORBIDDEN');
  });

  it('the lead unit sees its 督办单 on 我的任务; an approver answers it, a window clerk may not', async () => {
    const round = await supervisor.post('/api/v1/ledger/supervision', { quarter: '2027-Q1', asOf: '2027-01-05' });
    expect(round.statusCode, round.body).toBe(200);
    const approver = await login('approver');
    const my = (await (await approver.get('/api/v1/ledger/my?today=2027-01-06')).json()) as My;
    expect(my.orders).toEqual([expect.objectContaining({ taskNo: '1', status: 'open', unitName: '咸宁市咸安区市场监督管理局' })]);
    const order = my.orders[0]!;

    const scjg = await getDepartmentByCode(dbh.db, '421202-scjg');
    await createStaffUser(dbh.db, null, { username: 'scjgclerk', displayName: '咸安区市场监管窗口', password: 'Tongban@2026', roles: ['window_clerk'], regionCode: '421202', departmentId: scjg.id });
    const unitClerk = await login('scjgclerk');
    expect(((await (await unitClerk.get('/api/v1/ledger/my?today=2027-01-06')).json()) as My).orders).toHaveLength(1);
    expectError(await unitClerk.post(`/api/v1/ledger/orders/${order.id}/answer`, { answer: '已办结' }), 403, 'LEDGER_NOT_UNIT_STAFF');
    expectError(await (await login('clerk')).post(`/api/v1/ledger/orders/${order.id}/answer`, { answer: '已办结' }), 403, 'LEDGER_NOT_UNIT_STAFF');

    const answered = await approver.post(`/api/v1/ledger/orders/${order.id}/answer`, { answer: '系统已上线,12月完成验收,补报办结材料' });
    expect(answered.statusCode, answered.body).toBe(200);
    const orders = (await (await supervisor.get('/api/v1/ledger/orders?quarter=2027-Q1')).json()) as Array<{ id: string; status: string; answer: string }>;
    expect(orders.find((o) => o.id === order.id)).toMatchObject({ status: 'answered', answer: '系统已上线,12月完成验收,补报办结材料' });
  });

  it('a yearly task (每年6月底前) falls due each year, owes one report a year, and is completed year by year', async () => {
    const text = [
      '咸安区营商环境常态化工作安排',
      '发布单位:咸宁市咸安区人民政府办公室 日期:2026-01-05',
      '一、常态化任务',
      '1.对疫苗委托配送企业进行全覆盖检查。(牵头单位:咸安区市场监管局;完成时限:每年6月底前)',
      '2.按季度通报审批时限压缩情况。(牵头单位:咸安区市场监管局;完成时限:每季度)',
    ].join('\n');
    const imported = await supervisor.post('/api/v1/ledger/imports', { filename: 'routine.txt', text });
    expect(imported.statusCode, imported.body).toBe(201);
    const d = imported.json() as Draft;
    expect(d.unknownUnits).toEqual([]);
    expect((await supervisor.post(`/api/v1/ledger/imports/${d.id}/confirm`, { version: d.version })).statusCode).toBe(200);

    const approver = await login('approver');
    const find = async (today: string, words: string) =>
      ((await approver.get(`/api/v1/ledger/my?today=${today}`)).json() as My).tasks.find((t) => t.text.includes(words))!;
    let check = await find('2027-03-01', '疫苗');
    expect(check).toMatchObject({ cadence: 'yearly', dueOn: '2027-06-30', status: '未启动', currentPeriod: '2027' });
    expect(check.owed.map((o) => [o.period, o.dueBy])).toEqual([['2027', '2028-01-10']]);
    expect(await find('2027-03-01', '按季度')).toMatchObject({ cadence: 'quarterly', currentPeriod: '2027-Q1' });
    expect((await find('2027-07-02', '疫苗')).status).toBe('逾期');

    // Reports are dated the day they are filed: the completion counts for this year.
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4));
    const unitId = check.myUnits[0]!.unitId;
    const filed = await approver.post(`/api/v1/ledger/tasks/${check.id}/reports`, { unitId, period: String(year), text: '全年检查已完成', completed: true });
    expect(filed.statusCode, filed.body).toBe(201);
    check = await find(`${year}-12-31`, '疫苗');
    expect(check).toMatchObject({ status: '已完成', owed: [] });
    // The next year the task is open again, due on its new occurrence, with that year's report owed.
    check = await find(`${year + 1}-03-01`, '疫苗');
    expect(check).toMatchObject({ dueOn: `${year + 1}-06-30`, completedOn: null, status: '推进中' });
    expect(check.owed.map((o) => o.period)).toEqual([String(year + 1)]);
  });

  it('an unverified unit an import added is merged into the registered one: its tasks and reports move there', async () => {
    const text = [
      '咸安区营商环境补充任务',
      '发布单位:咸宁市咸安区人民政府办公室 日期:2026-02-01',
      '一、补充任务',
      '1.推行涉企经营许可告知承诺制。(牵头单位:咸安区市监局;完成时限:2026年12月底前)',
    ].join('\n');
    const imported = (await supervisor.post('/api/v1/ledger/imports', { filename: 'extra.txt', text })).json() as Draft;
    expect(imported.unknownUnits).toEqual(['咸安区市监局']);
    const confirmed = await supervisor.post(`/api/v1/ledger/imports/${imported.id}/confirm`, { version: imported.version });
    expect(confirmed.json()).toMatchObject({ createdUnits: ['咸安区市监局'] });
    const taskId = (confirmed.json() as { taskIds: string[] }).taskIds[0]!;

    const unverified = (await supervisor.get('/api/v1/ledger/units?verified=false')).json() as Array<{ id: string; name: string }>;
    const stray = unverified.find((u) => u.name === '咸安区市监局')!;
    expect(stray).toBeDefined();
    const filed = await supervisor.post(`/api/v1/ledger/tasks/${taskId}/reports`, { unitId: stray.id, period: '2026-10', text: '已梳理告知承诺事项清单' });
    expect(filed.statusCode, filed.body).toBe(201);
    const approver = await login('approver');
    const mine = () => (approver.get('/api/v1/ledger/my?today=2026-11-05')).then((r) => (r.json() as My).tasks.map((t) => t.id));
    expect(await mine()).not.toContain(taskId);

    const target = unitIdOf('咸宁市咸安区市场监督管理局');
    expectError(await supervisor.post(`/api/v1/ledger/units/${target}/merge`, { into: target }), 400, 'LEDGER_UNIT_MERGE_SELF');
    expectError(await approver.post(`/api/v1/ledger/units/${stray.id}/merge`, { into: target }), 403, 'FORBIDDEN');
    const merged = await supervisor.post(`/api/v1/ledger/units/${stray.id}/merge`, { into: target });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((merged.json() as { aliases: string[] }).aliases).toContain('咸安区市监局');
    expectError(await supervisor.post(`/api/v1/ledger/units/${stray.id}/merge`, { into: target }), 404, 'LEDGER_UNIT_NOT_FOUND');

    expect(await mine()).toContain(taskId);
    const detail = (await approver.get(`/api/v1/ledger/tasks/${taskId}`)).json() as { leadUnits: Array<{ unitId: string }>; history: Array<{ unitId: string; text: string }> };
    expect(detail.leadUnits.map((u) => u.unitId)).toEqual([target]);
    expect(detail.history).toEqual([expect.objectContaining({ unitId: target, text: '已梳理告知承诺事项清单' })]);
    // The next document that writes 咸安区市监局 resolves to the registered unit.
    const again = (await supervisor.post('/api/v1/ledger/imports', { filename: 'again.txt', text })).json() as Draft;
    expect(again.unknownUnits).toEqual([]);
  });
});
