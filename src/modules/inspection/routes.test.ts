import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Client, type TestApp } from '../../../test/helpers/app.js';
import { createStaffUser, getDepartmentByCode } from '../org/index.js';
import { creditCheckCharacter } from '../../platform/validators.js';
import { drawLog } from './events.js';
import { drawFromPool, type DrawPool } from './rules.js';
import { verifyDraw } from './service.js';

let t: TestApp;
let approver: Client;
let admin: Client;
let inspectorA: Client;
let outsider: Client;
let scjg: string;
let xzsp: string;
let itemId: string;
const inspectorIds: string[] = [];
let userA: string;

/** A valid credit code from a number (GB 32100 check character computed). */
function code(n: number, prefix = '92'): string {
  const body = `${prefix}421202${String(n).padStart(9, '0')}`;
  return body + creditCheckCharacter(body);
}

async function one<T = Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T> {
  return ((await t.dbh.db.execute(q)) as unknown as { rows: T[] }).rows[0]!;
}

function multipart(name: string, data: Buffer): [Buffer, Record<string, string>] {
  const boundary = '----insp';
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return [body, { 'content-type': `multipart/form-data; boundary=${boundary}` }];
}

function expectError(res: { statusCode: number; body: string; json(): any }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().code).toBe(code);
  return res.json();
}

// 300 企业, 400 个体工商户, 40 合作社: the defaults draw ceil(3 % × 300) = 9, ceil(0.3 % × 400) = 2, ceil(0.3 % × 40) = 1.
const csvRows = [
  ...Array.from({ length: 300 }, (_, i) => [code(i, '91'), `咸安企业${i}有限公司`, '企业', '餐饮', 'B', 'A']),
  ...Array.from({ length: 400 }, (_, i) => [code(1000 + i, '92'), `咸安个体户${i}`, '个体工商户', '零售', 'C', 'B']),
  ...Array.from({ length: 40 }, (_, i) => [code(2000 + i, '93'), `咸安合作社${i}`, 'cooperative', '', '', '']),
];
const csv = ['统一社会信用代码,名称,类别,行业,风险等级,信用等级', ...csvRows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(','))].join('\r\n');

beforeAll(async () => {
  t = await testApp();
  approver = await t.login('approver');
  admin = await t.login('admin');
  scjg = (await getDepartmentByCode(t.dbh.db, '421202-scjg')).id;
  xzsp = (await getDepartmentByCode(t.dbh.db, '421202-xzsp')).id;
  const a = await createStaffUser(t.dbh.db, null, { username: 'insp.a', displayName: '检查员甲', password: 'Tongban@2026', roles: ['window_clerk'], regionCode: '421202', departmentId: scjg });
  userA = (a as { id: string }).id;
  await createStaffUser(t.dbh.db, null, { username: 'insp.out', displayName: '外区人员', password: 'Tongban@2026', roles: ['approver'], regionCode: '420700', departmentId: (await getDepartmentByCode(t.dbh.db, '420700-scjg')).id });
  inspectorA = await t.login('insp.a');
  outsider = await t.login('insp.out');
}, 120_000);

describe('一单两库', () => {
  it('adds items and inspectors for the department the caller manages, and refuses another department', async () => {
    const item = await approver.post('/api/v1/inspection/items', { departmentId: scjg, code: 'SCJG-001', name: '食品经营者检查', basis: '《食品安全法》第一百一十条', objectClasses: ['enterprise', 'individual', 'cooperative'], method: '现场检查' });
    expect(item.statusCode, item.body).toBe(201);
    itemId = item.json().id;
    expectError(await approver.post('/api/v1/inspection/items', { departmentId: xzsp, code: 'X-1', name: '他部门', basis: 'x', objectClasses: ['enterprise'], method: 'x' }), 403, 'INSPECTION_FORBIDDEN');
    expectError(await approver.post('/api/v1/inspection/items', { departmentId: scjg, code: 'SCJG-001', name: '重复', basis: 'x', objectClasses: ['enterprise'], method: 'x' }), 409, 'INSPECTION_ITEM_DUPLICATE');
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM inspection_items`)).n).toBe(1);
    for (let i = 0; i < 4; i++) {
      const res = await approver.post('/api/v1/inspection/inspectors', { departmentId: scjg, name: `执法员${i}`, certificateNo: `42120200${i}`, ...(i === 0 ? { userId: userA } : {}) });
      expect(res.statusCode, res.body).toBe(201);
      inspectorIds.push(res.json().id);
    }
    expectError(await approver.post('/api/v1/inspection/inspectors', { departmentId: scjg, name: '重', certificateNo: '421202000' }), 409, 'INSPECTION_INSPECTOR_DUPLICATE');
    expectError(await outsider.get('/api/v1/inspection/inspectors?regionCode=421202'), 403, 'INSPECTION_FORBIDDEN');
    expect((await approver.get('/api/v1/inspection/inspectors?regionCode=421202')).json().items).toHaveLength(4);
  });

  it('refuses a CSV with bad rows as a whole, naming row, field and a zh/en message', async () => {
    const bad = csv + `\r\n${code(5000).slice(0, 17)}X,坏行,企业,,,\r\n${code(5001)},,火星人,,E,\r\n${code(0, '91')},重复,企业,,,`;
    const err = expectError(await approver.request('POST', '/api/v1/inspection/subjects/import?regionCode=421202', ...multipart('subjects.csv', Buffer.from(bad))), 422, 'INSPECTION_IMPORT_INVALID');
    const first = 2 + csvRows.length;
    expect(err.details.problems.map((p: any) => [p.row, p.field])).toEqual([
      [first, 'creditCode'],
      [first + 1, 'name'],
      [first + 1, 'objectClass'],
      [first + 1, 'riskGrade'],
      [first + 2, 'creditCode'],
    ]);
    expect(err.details.problems[0].zh).toMatch(/校验位/);
    expect(err.details.problems[4].en).toBe('Duplicates row 2');
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM inspection_subjects`)).n).toBe(0);
    expectError(await outsider.request('POST', '/api/v1/inspection/subjects/import?regionCode=421202', ...multipart('subjects.csv', Buffer.from(csv))), 403, 'INSPECTION_FORBIDDEN');
  });

  it('imports CSV, then xlsx updating known subjects, in the worker pool', async () => {
    const res = await approver.request('POST', '/api/v1/inspection/subjects/import?regionCode=421202', ...multipart('subjects.csv', Buffer.from(csv)));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ rows: 740, created: 740, updated: 0 });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('检查对象');
    ws.addRow(['creditCode', 'name', 'objectClass', 'industry']);
    ws.addRow([code(0, '91'), '咸安企业0有限公司(更名)', '企业', '餐饮']);
    ws.addRow([code(3000, '91'), '新增企业', 'enterprise', '制造']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const res2 = await approver.request('POST', '/api/v1/inspection/subjects/import?regionCode=421202', ...multipart('subjects.xlsx', xlsx));
    expect(res2.statusCode, res2.body).toBe(200);
    expect(res2.json()).toEqual({ rows: 2, created: 1, updated: 1 });
    const list = (await approver.get('/api/v1/inspection/subjects?regionCode=421202&objectClass=enterprise&limit=1')).json();
    expect(list.byClass).toEqual({ enterprise: 301, individual: 400, cooperative: 40 });
    expect(list.items[0].name).toBe('咸安企业0有限公司(更名)');
  });
});

describe('draws anyone can re-run', () => {
  let drawId: string;
  let planId: string;

  it('commits to the seed hash before the reveal and draws the seed-001 default ratios with 2 inspectors each', async () => {
    const plan = await approver.post('/api/v1/inspection/plans', { name: '2026 年食品经营者双随机抽查', year: 2026, departmentIds: [scjg], itemIds: [itemId] });
    expect(plan.statusCode, plan.body).toBe(201);
    planId = plan.json().id;
    expect(plan.json().quotas).toEqual({ enterprise: { ratio: 0.03 }, individual: { ratio: 0.003 }, cooperative: { ratio: 0.003 } });
    expectError(await approver.post('/api/v1/inspection/plans', { name: 'x', year: 2026, departmentIds: [scjg], itemIds: [itemId], quotas: { enterprise: { ratio: 0.1, count: 3 } } }), 400, 'INSPECTION_PLAN_INVALID');

    // A declared conflict: inspector 1 never inspects the first enterprise.
    expect((await approver.post(`/api/v1/inspection/inspectors/${inspectorIds[1]}/conflicts`, { creditCode: code(0, '91'), reason: '亲属任法定代表人' })).statusCode).toBe(201);

    const commit = await approver.post(`/api/v1/inspection/plans/${planId}/draws`);
    expect(commit.statusCode, commit.body).toBe(201);
    drawId = commit.json().id;
    expect(commit.json()).toMatchObject({ subjects: 741, inspectors: 4 });
    expect(commit.json().seedHash).toMatch(/^[0-9a-f]{64}$/);
    const before = (await approver.get(`/api/v1/inspection/draws/${drawId}`)).json();
    expect(before).toMatchObject({ state: 'committed', seed: null, tasks: [] });
    // One pending draw per region and year.
    expectError(await approver.post(`/api/v1/inspection/plans/${planId}/draws`), 409, 'INSPECTION_DRAW_STATE_CONFLICT');

    const drawn = await approver.post(`/api/v1/inspection/draws/${drawId}/reveal`);
    expect(drawn.statusCode, drawn.body).toBe(200);
    const d = drawn.json();
    expect(d.seedHash).toBe(commit.json().seedHash);
    expect(d.seed).toMatch(/^[0-9a-f]{64}$/);
    const byClass = (c: string) => d.tasks.filter((x: any) => x.objectClass === c).length;
    expect([byClass('enterprise'), byClass('individual'), byClass('cooperative')]).toEqual([Math.ceil(0.03 * 301), 2, 1]);
    for (const task of d.tasks) {
      expect(new Set(task.inspectorIds).size).toBe(2);
      if (task.creditCode === code(0, '91')) expect(task.inspectorIds).not.toContain(inspectorIds[1]);
    }
    expectError(await approver.post(`/api/v1/inspection/draws/${drawId}/reveal`), 409, 'INSPECTION_DRAW_STATE_CONFLICT');
  });

  it('re-runs to the same objects and inspectors; a tampered task, seed or pool does not verify', async () => {
    const ok = await verifyDraw(t.dbh.db, drawId);
    expect(ok).toMatchObject({ ok: true, seedMatches: true, poolMatches: true, selectionMatches: true, objects: 13 });

    await t.dbh.db.execute(sql`UPDATE inspection_tasks SET credit_code = ${code(299, '91')} WHERE draw_id = ${drawId} AND position = 0`);
    const tampered = await verifyDraw(t.dbh.db, drawId);
    expect(tampered).toMatchObject({ ok: false, seedMatches: true, poolMatches: true, selectionMatches: false });
    expect(tampered.differences![0]!.position).toBe(0);
    await t.dbh.db.execute(sql`UPDATE inspection_tasks SET credit_code = ${tampered.differences![0]!.recomputed!.split(':')[0]} WHERE draw_id = ${drawId} AND position = 0`);
    expect((await verifyDraw(t.dbh.db, drawId)).ok).toBe(true);

    const seed = (await one<{ seed: string }>(sql`SELECT seed FROM inspection_draws WHERE id = ${drawId}`)).seed;
    await t.dbh.db.execute(sql`UPDATE inspection_draws SET seed = ${'0'.repeat(64)} WHERE id = ${drawId}`);
    expect(await verifyDraw(t.dbh.db, drawId)).toMatchObject({ ok: false, seedMatches: false });
    await t.dbh.db.execute(sql`UPDATE inspection_draws SET seed = ${seed}, pool = jsonb_set(pool, '{inspectorsPerObject}', '3') WHERE id = ${drawId}`);
    expect(await verifyDraw(t.dbh.db, drawId)).toMatchObject({ ok: false, seedMatches: true, poolMatches: false });
    await t.dbh.db.execute(sql`UPDATE inspection_draws SET pool = jsonb_set(pool, '{inspectorsPerObject}', '2') WHERE id = ${drawId}`);
    expect((await verifyDraw(t.dbh.db, drawId)).ok).toBe(true);
  });

  it('draws a subject once a year: a second plan of the year leaves out the enterprises already drawn', async () => {
    const plan = await approver.post('/api/v1/inspection/plans', { name: '2026 年第二批', year: 2026, departmentIds: [scjg], itemIds: [itemId], quotas: { enterprise: { count: 5 } } });
    const commit = await approver.post(`/api/v1/inspection/plans/${plan.json().id}/draws`);
    expect(commit.statusCode, commit.body).toBe(201);
    expect(commit.json().subjects).toBe(301 - 10);
    const d = (await approver.post(`/api/v1/inspection/draws/${commit.json().id}/reveal`)).json();
    const first = (await approver.get(`/api/v1/inspection/draws/${drawId}`)).json().tasks.map((x: any) => x.creditCode);
    expect(d.tasks.filter((x: any) => first.includes(x.creditCode))).toEqual([]);
  });

  it('keeps the draw’s history on an append-only chain', async () => {
    expect((await drawLog.verify(t.dbh.db)).broken).toEqual([]);
    await expect(t.dbh.db.execute(sql`UPDATE inspection_draw_events SET action = 'x'`)).rejects.toThrow();
  });
});

describe('the draw function', () => {
  const pool: DrawPool = {
    subjects: Array.from({ length: 1000 }, (_, i) => [`S${String(i).padStart(4, '0')}`, i < 900 ? 'enterprise' : 'individual'] as [string, 'enterprise' | 'individual']),
    inspectors: [['i1', 'd1'], ['i2', 'd1'], ['i3', 'd2'], ['i4', 'd2']],
    conflicts: [['i1', 'S0001'], ['i3', 'S0001']],
    departmentIds: ['d1', 'd2'],
    quotas: { enterprise: { ratio: 0.03 }, individual: { count: 5 } },
    inspectorsPerObject: 2,
  };

  it('is a function of pool and seed: same seed, same list; another seed, another list', () => {
    const a = drawFromPool(pool, 'a'.repeat(64));
    expect(drawFromPool(pool, 'a'.repeat(64))).toEqual(a);
    expect(drawFromPool(pool, 'b'.repeat(64))).not.toEqual(a);
    expect(a).toHaveLength(27 + 5);
    expect(new Set(a.map((x) => x.creditCode)).size).toBe(32);
  });

  it('gives a joint plan one inspector of each department and honours conflicts', () => {
    for (let s = 0; s < 50; s++) {
      const all = drawFromPool({ ...pool, quotas: { enterprise: { count: 900 } } }, `seed${s}`);
      for (const x of all) {
        expect(x.inspectorIds.filter((i) => i === 'i1' || i === 'i2')).toHaveLength(1);
        if (x.creditCode === 'S0001') expect(x.inspectorIds.sort()).toEqual(['i2', 'i4']);
      }
    }
  });
});

describe('results and 公开', () => {
  it('an inspector drawn records 责令整改; publication is due in 20 working days; the public list shows it without personal data', async () => {
    const drawId = (await one<{ id: string }>(sql`SELECT id FROM inspection_draws ORDER BY committed_at LIMIT 1`)).id;
    const mine = (await inspectorA.get(`/api/v1/inspection/draws/${drawId}`)).json();
    expect(mine.tasks.length).toBeGreaterThan(0);
    expect(mine.tasks.every((x: any) => x.inspectorIds.includes(inspectorIds[0]))).toBe(true);
    const all = (await approver.get(`/api/v1/inspection/draws/${drawId}`)).json().tasks;
    const notMine = all.find((x: any) => !x.inspectorIds.includes(inspectorIds[0]));
    if (notMine) expectError(await inspectorA.put(`/api/v1/inspection/draws/${drawId}/tasks/${notMine.creditCode}/result`, { outcome: 'passed', evidence: 'x' }), 403, 'INSPECTION_NOT_ASSIGNED');
    expectError(await outsider.put(`/api/v1/inspection/draws/${drawId}/tasks/${mine.tasks[0].creditCode}/result`, { outcome: 'passed', evidence: 'x' }), 404, 'INSPECTION_NOT_FOUND');
    expectError(await approver.post(`/api/v1/inspection/draws/${drawId}/publish`), 409, 'INSPECTION_RESULT_MISSING');

    const task = mine.tasks[0];
    const inspectedAt = '2026-03-02T02:00:00.000Z';
    const rec = await inspectorA.put(`/api/v1/inspection/draws/${drawId}/tasks/${task.creditCode}/result`, { outcome: 'rectify', evidence: '后厨未按规定留样,负责人王某手机 13900000009', inspectedAt });
    expect(rec.statusCode, rec.body).toBe(200);
    const r = rec.json().tasks.find((x: any) => x.creditCode === task.creditCode);
    expect(r.outcome).toBe('rectify');
    // 2026-03-02 (Monday) + 20 working days, no holidays in March 2026.
    expect(r.publishDueAt.slice(0, 10)).toBe('2026-03-30');
    expect((await t.anonymous.get('/api/v1/public/inspection/results?regionCode=421202')).json().items).toEqual([]);

    const pub = await approver.post(`/api/v1/inspection/draws/${drawId}/publish`);
    expect(pub.statusCode, pub.body).toBe(200);
    const list = await t.anonymous.get('/api/v1/public/inspection/results?regionCode=421200');
    expect(list.statusCode).toBe(200);
    const items = list.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ creditCode: task.creditCode, outcome: 'rectify', items: ['食品经营者检查'], year: 2026 });
    expect(items[0].departments[0]).toMatch(/市场监督管理局/);
    expect(list.body).not.toMatch(/13900000009|王某|inspectorIds|留样/);
    expectError(await inspectorA.put(`/api/v1/inspection/draws/${drawId}/tasks/${task.creditCode}/result`, { outcome: 'passed', evidence: 'x' }), 409, 'INSPECTION_DRAW_STATE_CONFLICT');
    expect((await drawLog.verify(t.dbh.db)).broken).toEqual([]);
    void admin;
  });
});

describe('the reads the pages use', () => {
  it('lists the plans the caller manages with their draws; another region’s staff are refused', async () => {
    const res = await approver.get('/api/v1/inspection/plans?regionCode=421202');
    expect(res.statusCode, res.body).toBe(200);
    const plans = res.json().items;
    expect(plans.map((p: any) => p.name)).toEqual(['2026 年第二批', '2026 年食品经营者双随机抽查']);
    expect(plans[1].draws).toHaveLength(1);
    expect(plans[1].draws[0].seedHash).toMatch(/^[0-9a-f]{64}$/);
    expectError(await outsider.get('/api/v1/inspection/plans?regionCode=421202'), 403, 'INSPECTION_FORBIDDEN');
  });

  it('gives an inspector their own tasks across draws, and nobody else’s', async () => {
    const res = await inspectorA.get('/api/v1/inspection/my-tasks');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((x: any) => x.inspectorIds.includes(inspectorIds[0]))).toBe(true);
    expect(items[0]).toMatchObject({ planName: expect.any(String), year: 2026, drawId: expect.any(String) });
    // Open tasks come before recorded and published ones.
    const done = items.map((x: any) => x.outcome !== null);
    expect(done).toEqual([...done].sort());
    expect((await outsider.get('/api/v1/inspection/my-tasks')).json().items).toEqual([]);
  });

  it('masks a 个体工商户 name on the public page: it may be the operator’s own name', async () => {
    const drawId = (await one<{ id: string }>(sql`SELECT id FROM inspection_draws ORDER BY committed_at LIMIT 1`)).id;
    const task = (await approver.get(`/api/v1/inspection/draws/${drawId}`)).json().tasks.find((x: any) => x.objectClass === 'individual');
    expect((await approver.put(`/api/v1/inspection/draws/${drawId}/tasks/${task.creditCode}/result`, { outcome: 'passed', evidence: '证照齐全' })).statusCode).toBe(200);
    expect((await approver.post(`/api/v1/inspection/draws/${drawId}/publish`)).statusCode).toBe(200);
    const list = await t.anonymous.get(`/api/v1/public/inspection/results?creditCode=${task.creditCode}`);
    const [item] = list.json().items;
    expect(task.subjectName).toMatch(/^咸安个体户\d+$/);
    expect(item.subjectName).toBe(`咸${'*'.repeat([...task.subjectName].length - 1)}`);
    expect(list.body).not.toContain(task.subjectName);
    // An enterprise's name is public.
    const ent = (await t.anonymous.get('/api/v1/public/inspection/results?regionCode=421202')).json().items.find((x: any) => x.objectClass === 'enterprise');
    if (ent) expect(ent.subjectName).toMatch(/有限公司/);
  });
});

describe('tongban inspection verify-draw', () => {
  async function cli(id: string) {
    const { Command } = await import('commander');
    const { registerInspectionCli } = await import('./cli.js');
    const printed: unknown[] = [];
    const program = new Command().exitOverride();
    registerInspectionCli(program, { config: () => { throw new Error('unused'); }, withDb: (fn: (db: unknown, h: unknown) => Promise<unknown>) => fn(t.dbh.db, t.dbh), printJson: (v: unknown) => printed.push(v) } as never);
    const before = process.exitCode;
    try {
      await program.parseAsync(['node', 'tongban', 'inspection', 'verify-draw', id]);
      return { printed, exitCode: process.exitCode };
    } finally {
      process.exitCode = before;
    }
  }

  it('prints the recomputation of a revealed draw, and a coded not-found for a mistyped id', async () => {
    const drawId = (await one<{ id: string }>(sql`SELECT id FROM inspection_draws WHERE state = 'drawn' ORDER BY committed_at LIMIT 1`)).id;
    const ok = await cli(drawId);
    expect(ok.printed[0]).toMatchObject({ ok: true, drawId, seedMatches: true, poolMatches: true, selectionMatches: true });
    expect(ok.exitCode).not.toBe(1);
    await expect(cli('not-a-uuid')).rejects.toMatchObject({ code: 'INSPECTION_NOT_FOUND' });
  });
});
