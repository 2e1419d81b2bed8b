/**
 * The hotline's HTTP surface with real logins (demo accounts) on the whole server and a real database: intake from
 * a signed telephony push to 回访, with every refusal coded in Chinese and English and changing nothing.
 */
import { createHash, createHmac } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Client, type TestApp } from '../../../test/helpers/app.js';
import { auditLog } from '../audit/schema.js';
import { getDepartmentByCode } from '../org/index.js';
import { sql } from 'drizzle-orm';
import { hotlineLog } from './events.js';
import { hotlineEvents, hotlineOrders, hotlineRollups } from './schema.js';

let t: TestApp;
let operator: Client;
let cg: Client;
let zj: Client;
let supervisor: Client;
let citizen: Client;
let admin: Client;
let depts: Record<'cg' | 'zj' | 'scjg', string>;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messageEn).toMatch(/[A-Za-z]/);
}

const orderCount = async () => (await t.dbh.db.select({ n: count() }).from(hotlineOrders))[0]!.n;

const complaint = {
  category: 'complaint',
  subjectCode: 'CS01',
  regionCode: '421202',
  callerName: '王小明',
  callerPhone: '13912345678',
  location: '咸安区温泉路 12 号',
  title: '小区门口垃圾三天未清运',
  description: '温泉路 12 号小区门口的垃圾堆放三天无人清运,气味很大。',
};

beforeAll(async () => {
  t = await testApp();
  [operator, cg, zj, supervisor, citizen, admin] = await Promise.all(['operator', 'cgclerk', 'zjclerk', 'supervisor', '421202199001011232', 'admin'].map((a) => t.login(a)));
  const id = async (code: string) => (await getDepartmentByCode(t.dbh.db, code)).id;
  depts = { cg: await id('421200-cg'), zj: await id('421200-zj'), scjg: await id('421200-scjg') };
}, 300_000);

describe('telephony push', () => {
  let system: { id: string; key: string };
  const push = (body: unknown, opts: { key?: string; ts?: string; system?: string } = {}) => {
    const raw = JSON.stringify(body);
    const ts = opts.ts ?? new Date().toISOString();
    const sig = createHmac('sm3', Buffer.from(opts.key ?? system.key, 'base64')).update(`${ts}\n${createHash('sm3').update(raw).digest('hex')}`).digest('hex');
    return t.app.inject({ method: 'POST', url: '/api/v1/hotline/telephony/calls', headers: { 'content-type': 'application/json', 'x-hotline-system': opts.system ?? system.id, 'x-hotline-timestamp': ts, 'x-hotline-signature': sig }, payload: raw });
  };

  it('registers a system for admins only and shows its key once', async () => {
    expectError(await supervisor.post('/api/v1/hotline/telephony-systems', { regionCode: '421200', name: '呼叫中心' }), 403, 'FORBIDDEN');
    const res = await admin.post('/api/v1/hotline/telephony-systems', { regionCode: '421200', name: '咸宁12345呼叫中心' });
    expect(res.statusCode, res.body).toBe(201);
    system = res.json();
    expect(Buffer.from(system.key, 'base64')).toHaveLength(32);
  });

  it('takes signed calls (answered, abandoned, called back) once, and refuses a bad signature or an old timestamp', async () => {
    const calls = {
      regionCode: '421200',
      calls: [
        { externalId: 'c1', caller: '13912345678', startedAt: '2026-11-02T01:00:00Z', answeredAt: '2026-11-02T01:00:08Z', endedAt: '2026-11-02T01:04:00Z' },
        { externalId: 'c2', caller: '13800000000', startedAt: '2026-11-02T01:01:00Z', endedAt: '2026-11-02T01:01:40Z' },
        { externalId: 'c3', caller: '13700000000', startedAt: '2026-11-02T01:02:00Z', endedAt: '2026-11-02T01:02:30Z', calledBackAt: '2026-11-02T01:10:00Z' },
      ],
    };
    expectError(await push(calls, { key: Buffer.alloc(32, 1).toString('base64') }), 401, 'HOTLINE_SIGNATURE_INVALID');
    expectError(await push(calls, { ts: new Date(Date.now() - 10 * 60_000).toISOString() }), 401, 'HOTLINE_SIGNATURE_INVALID');
    const first = await push(calls);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ accepted: 3, duplicates: 0 });
    expect((await push(calls)).json()).toEqual({ accepted: 0, duplicates: 3 });
    expectError(await push({ regionCode: '421200', calls: [{ externalId: 'c9', startedAt: '2026-11-02T01:00:00Z', endedAt: '2026-11-02T00:59:00Z' }] }), 400, 'HOTLINE_CALL_TIMES');
    expectError(await push({ regionCode: '421200', calls: [] }), 400, 'VALIDATION_FAILED');

    const list = await operator.get('/api/v1/hotline/calls');
    expect(list.statusCode, list.body).toBe(200);
    const byId = Object.fromEntries(list.json().map((c: { externalId: string }) => [c.externalId, c]));
    expect(byId.c1.callerMasked).toBe('139****5678');
    expect(list.body).not.toContain('13912345678');
    expect([byId.c1.outcome, byId.c2.outcome, byId.c3.outcome]).toEqual(['answered', 'abandoned', 'called_back']);
    expectError(await cg.get('/api/v1/hotline/calls'), 403, 'HOTLINE_NOT_OPERATOR');
  });
});

describe('intake', () => {
  it('refuses bad input with a code and text in both languages, storing nothing', async () => {
    const before = await orderCount();
    expectError(await operator.post('/api/v1/hotline/orders', { ...complaint, category: 'gossip' }), 400, 'VALIDATION_FAILED');
    expectError(await operator.post('/api/v1/hotline/orders', { ...complaint, subjectCode: 'XX99' }), 400, 'HOTLINE_SUBJECT_UNKNOWN');
    expectError(await operator.post('/api/v1/hotline/orders', { ...complaint, anonymous: true, callerName: undefined, callerPhone: undefined }), 400, 'HOTLINE_ANONYMOUS_NOT_ALLOWED');
    expectError(await operator.post('/api/v1/hotline/orders', { ...complaint, callerPhone: undefined }), 400, 'HOTLINE_CALLER_REQUIRED');
    expectError(await operator.post('/api/v1/hotline/orders', { ...complaint, callerPhone: 'abc' }), 400, 'VALIDATION_FAILED');
    expectError(await cg.post('/api/v1/hotline/orders', complaint), 403, 'HOTLINE_NOT_OPERATOR');
    expectError(await t.anonymous.post('/api/v1/hotline/orders', complaint), 401, 'UNAUTHENTICATED');
    expect(await orderCount()).toBe(before);
  });

  it('takes an anonymous 举报, and masks the caller everywhere but the order itself (whose read is audited)', async () => {
    const anon = await operator.post('/api/v1/hotline/orders', { ...complaint, category: 'report', anonymous: true, callerName: undefined, callerPhone: undefined, title: '无证经营' });
    expect(anon.statusCode, anon.body).toBe(201);
    expect(anon.json()).toMatchObject({ anonymous: true, callerNameMasked: null, callerPhoneMasked: null });

    const res = await operator.post('/api/v1/hotline/orders', complaint);
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({ state: 'received', channel: 'phone', callerNameMasked: '王**', callerPhoneMasked: '139****5678', card: 'green' });
    const desk = await operator.get('/api/v1/hotline/orders?view=desk');
    expect(desk.body).not.toContain('13912345678');
    expect(desk.body).not.toContain('王小明');
    const detail = await operator.get(`/api/v1/hotline/orders/${o.id}`);
    expect(detail.json()).toMatchObject({ callerName: '王小明', callerPhone: '13912345678' });
    expect(JSON.stringify(detail.json().events)).not.toContain('13912345678');
    const audits = await t.dbh.db.select().from(auditLog).where(eq(auditLog.targetId, o.id));
    expect(audits.map((a) => a.action)).toContain('hotline.order.reveal_caller');
    const [stored] = await t.dbh.db.select().from(hotlineOrders).where(eq(hotlineOrders.id, o.id));
    expect(stored!.callerPhoneEnc).not.toContain('139');
  });

  it('lets a citizen file from the portal and see only their own orders', async () => {
    const res = await citizen.post('/api/v1/hotline/orders', { ...complaint, callerName: undefined, channel: 'app', category: 'suggestion', title: '建议增设公交站' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'app', callerNameMasked: '张*' });
    expectError(await citizen.post('/api/v1/hotline/orders', { ...complaint, channel: 'phone' }), 400, 'VALIDATION_FAILED');
    const mine = (await citizen.get('/api/v1/hotline/orders')).json();
    expect(mine.map((x: { title: string }) => x.title)).toEqual(['建议增设公交站']);
    const other = (await operator.get('/api/v1/hotline/orders?view=desk')).json().find((x: { title: string }) => x.title === complaint.title);
    expectError(await citizen.get(`/api/v1/hotline/orders/${other.id}`), 403, 'OUT_OF_SCOPE');
  });
});

describe('answer, dispatch, return, reply, close, 回访', () => {
  it('answers a 咨询 from the knowledge base (linked to the 办事指南) and closes it at once', async () => {
    const kb = await operator.get(`/api/v1/hotline/kb?q=${encodeURIComponent('结婚登记')}&regionCode=421202`);
    expect(kb.statusCode, kb.body).toBe(200);
    expect(kb.json().length).toBeGreaterThan(0);
    const entry = kb.json()[0];
    const full = (await operator.get(`/api/v1/hotline/kb/${entry.id}`)).json();
    expect(full.itemId).toBeTruthy();
    expect(full.guide).toBeTruthy();
    const o = (await operator.post('/api/v1/hotline/orders', { ...complaint, category: 'consult', subjectCode: 'ZW01', title: '怎么办营业执照' })).json();
    const res = await operator.post(`/api/v1/hotline/orders/${o.id}/answer`, { answer: entry.answer, kbEntryId: entry.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'closed', closedOnTime: true, card: null });
    expect(res.json().abilities).toContain('followUp');
  });

  it('runs a complaint through 直派, 退回, redispatch with 协办, reply, close, 回访 不满意 with one reopen', async () => {
    const o = (await operator.post('/api/v1/hotline/orders', { ...complaint, title: '垃圾未清运(流程)' })).json();
    // Misrouted on purpose to 住建, which returns it.
    let r = await operator.post(`/api/v1/hotline/orders/${o.id}/dispatch`, { departmentId: depts.zj });
    expect(r.json()).toMatchObject({ state: 'dispatched', departmentId: depts.zj });
    expectError(await cg.post(`/api/v1/hotline/orders/${o.id}/reply`, { answer: 'x' }), 403, 'OUT_OF_SCOPE');
    expect((await zj.get('/api/v1/hotline/orders?view=inbox')).json().map((x: { id: string }) => x.id)).toContain(o.id);
    expectError(await zj.post(`/api/v1/hotline/orders/${o.id}/return`, { reason: '' }), 400, 'VALIDATION_FAILED');
    r = await zj.post(`/api/v1/hotline/orders/${o.id}/return`, { reason: '垃圾清运属城管职责' });
    expect(r.json()).toMatchObject({ state: 'returned', departmentId: null });
    // 直派 by the subject's rule: CS01 → 城管 (no district 城管, so the city's), with 市场监管 assisting.
    r = await operator.post(`/api/v1/hotline/orders/${o.id}/dispatch`, { assistDepartmentIds: [depts.scjg] });
    expect(r.json()).toMatchObject({ state: 'dispatched', departmentId: depts.cg });
    expect(r.json().abilities).toEqual([]);
    expectError(await cg.post(`/api/v1/hotline/orders/${o.id}/assist-reply`, { opinion: '牵头单位不是协办单位' }), 403, 'HOTLINE_NOT_HANDLER');
    expectError(await operator.post(`/api/v1/hotline/orders/${o.id}/close`, {}), 409, 'HOTLINE_STATE');
    r = await cg.post(`/api/v1/hotline/orders/${o.id}/reply`, { answer: '已安排环卫当日清运' });
    expect(r.json().state).toBe('replied');
    r = await operator.post(`/api/v1/hotline/orders/${o.id}/close`, {});
    expect(r.json()).toMatchObject({ state: 'closed', closedOnTime: true });
    expectError(await operator.post(`/api/v1/hotline/orders/${o.id}/follow-up`, { result: 'satisfied', reopen: true }), 400, 'HOTLINE_REOPEN_NEEDS_UNSATISFIED');
    r = await operator.post(`/api/v1/hotline/orders/${o.id}/follow-up`, { result: 'unsatisfied', comment: '仍有垃圾', reopen: true });
    expect(r.json()).toMatchObject({ state: 'dispatched', departmentId: depts.cg, reopenCount: 1, closedAt: null });
    await cg.post(`/api/v1/hotline/orders/${o.id}/reply`, { answer: '已再次清运并增加频次' });
    await operator.post(`/api/v1/hotline/orders/${o.id}/close`, {});
    expectError(await operator.post(`/api/v1/hotline/orders/${o.id}/follow-up`, { result: 'unsatisfied', reopen: true }), 409, 'HOTLINE_REOPEN_LIMIT');
    r = await operator.post(`/api/v1/hotline/orders/${o.id}/follow-up`, { result: 'basic' });
    expect(r.json()).toMatchObject({ state: 'closed', followUpResult: 'basic' });
    expectError(await operator.post(`/api/v1/hotline/orders/${o.id}/follow-up`, { result: 'satisfied' }), 409, 'HOTLINE_STATE');

    const events = await t.dbh.db.select().from(hotlineEvents).where(eq(hotlineEvents.orderId, o.id)).orderBy(hotlineEvents.seq);
    expect(events.map((e) => e.action)).toEqual(['receive', 'dispatch', 'return', 'dispatch', 'reply', 'close', 'reopen', 'reply', 'close', 'followUp']);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // One closure counted (the reopen took the first out), two 回访 recorded.
    const rollups = await t.dbh.db.select().from(hotlineRollups).where(eq(hotlineRollups.departmentId, depts.cg));
    const sum = (k: 'closed' | 'unsatisfied' | 'basic') => rollups.reduce((a, x) => a + x[k], 0);
    expect([sum('closed'), sum('unsatisfied'), sum('basic')]).toEqual([1, 1, 1]);
  });

  it('lets the citizen record the 回访 of their own order on the portal', async () => {
    const mine = (await citizen.get('/api/v1/hotline/orders')).json()[0];
    await operator.post(`/api/v1/hotline/orders/${mine.id}/dispatch`, { departmentId: depts.zj });
    await zj.post(`/api/v1/hotline/orders/${mine.id}/reply`, { answer: '已转交公交公司研究' });
    await operator.post(`/api/v1/hotline/orders/${mine.id}/close`, {});
    const r = await citizen.post(`/api/v1/hotline/orders/${mine.id}/follow-up`, { result: 'satisfied' });
    expect(r.statusCode, r.body).toBe(200);
    const d = (await citizen.get(`/api/v1/hotline/orders/${mine.id}`)).json();
    expect(d.followUp).toMatchObject({ result: 'satisfied', by: 'citizen' });
  });

  it('takes 延期 only with approval: the due moves when approved', async () => {
    const o = (await operator.post('/api/v1/hotline/orders', { ...complaint, subjectCode: 'CS02', title: '违建(延期)' })).json();
    await operator.post(`/api/v1/hotline/orders/${o.id}/dispatch`, {});
    expectError(await cg.post(`/api/v1/hotline/orders/${o.id}/extension`, { days: 0, reason: 'x' }), 400, 'VALIDATION_FAILED');
    let r = await cg.post(`/api/v1/hotline/orders/${o.id}/extension`, { days: 5, reason: '需现场测量' });
    expect(r.json()).toMatchObject({ extensionPending: true, dueAt: o.dueAt });
    expectError(await cg.post(`/api/v1/hotline/orders/${o.id}/extension`, { days: 5, reason: '再次' }), 409, 'HOTLINE_EXTENSION_PENDING');
    expectError(await cg.post(`/api/v1/hotline/orders/${o.id}/extension/decide`, { approve: true }), 403, 'FORBIDDEN');
    r = await operator.post(`/api/v1/hotline/orders/${o.id}/extension/decide`, { approve: true });
    expect(r.json().extensionPending).toBe(false);
    expect(Date.parse(r.json().dueAt)).toBeGreaterThan(Date.parse(o.dueAt));
    const d = (await operator.get(`/api/v1/hotline/orders/${o.id}`)).json();
    expect(d).toMatchObject({ limitDays: 18, extendedDays: 5 });
  });

  it('merges a repeat (same caller, subject, within the window) and keeps the link', async () => {
    const a = (await operator.post('/api/v1/hotline/orders', { ...complaint, subjectCode: 'CS03', title: '夜间施工噪声' })).json();
    const b = (await operator.post('/api/v1/hotline/orders', { ...complaint, subjectCode: 'CS03', title: '夜间施工噪声(再次来电)' })).json();
    const other = (await operator.post('/api/v1/hotline/orders', { ...complaint, subjectCode: 'SC01', title: '其他' })).json();
    const dup = await operator.get(`/api/v1/hotline/orders/${b.id}/duplicates`);
    expect(dup.json().map((x: { id: string }) => x.id)).toContain(a.id);
    expectError(await operator.post(`/api/v1/hotline/orders/${other.id}/merge`, { intoId: a.id }), 409, 'HOTLINE_NOT_DUPLICATE');
    const r = await operator.post(`/api/v1/hotline/orders/${b.id}/merge`, { intoId: a.id });
    expect(r.json()).toMatchObject({ state: 'merged', mergedInto: a.id, card: null });
    expect((await operator.get(`/api/v1/hotline/orders/${a.id}`)).json().merged).toEqual([{ id: b.id, number: b.number }]);
  });
});

describe('cards and 督办', () => {
  it('lists red orders (same card rule as cases) and lets the supervisor 督办 them, not green ones', async () => {
    const imp = await supervisor.post('/api/v1/hotline/orders/import', {
      orders: [{ externalId: 'late-1', channel: 'phone', category: 'help', subjectCode: 'SD01', regionCode: '421202', title: '停水', receivedAt: '2026-03-02T02:00:00Z', departmentCode: '421200-gs' }],
    });
    expect(imp.json()).toEqual({ imported: 1, existing: 0 });
    const cards = await supervisor.get('/api/v1/hotline/cards?color=red');
    expect(cards.statusCode, cards.body).toBe(200);
    const late = cards.json().find((c: { number: string }) => c.number === 'Ilate-1');
    expect(late).toMatchObject({ card: 'red', state: 'dispatched' });
    expectError(await supervisor.post(`/api/v1/hotline/orders/${late.id}/supervise`, { note: '' }), 400, 'VALIDATION_FAILED');
    const r = await supervisor.post(`/api/v1/hotline/orders/${late.id}/supervise`, { note: '请今日内答复' });
    expect(r.json().superviseCount).toBe(1);
    const green = (await operator.post('/api/v1/hotline/orders', { ...complaint, title: '新工单' })).json();
    expectError(await supervisor.post(`/api/v1/hotline/orders/${green.id}/supervise`, { note: '督办' }), 409, 'HOTLINE_NOT_LATE');
    expectError(await cg.get('/api/v1/hotline/cards'), 403, 'FORBIDDEN');
  });
});

describe('settings', () => {
  it('changes a region’s limits (working days or hours) for orders received afterwards', async () => {
    expectError(await operator.put('/api/v1/hotline/settings/421202', { followUpDays: 2 }), 403, 'FORBIDDEN');
    expectError(await supervisor.put('/api/v1/hotline/settings/421202', { limits: { complaint: { value: -1, unit: 'workingDays' } } }), 400, 'VALIDATION_FAILED');
    const r = await supervisor.put('/api/v1/hotline/settings/421202', { limits: { consult: { value: 14, unit: 'workingHours' } }, basicCountsAsSatisfied: false });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().limits).toMatchObject({ consult: 2, complaint: 13 });
    const o = (await operator.post('/api/v1/hotline/orders', { ...complaint, category: 'consult', subjectCode: 'ZW01', title: '时限' })).json();
    expect((await operator.get(`/api/v1/hotline/orders/${o.id}`)).json().limitDays).toBe(2);
    expect((await supervisor.get('/api/v1/hotline/settings/421200')).json().limits.consult).toBe(3);
  });
});

describe('the work-order event log', () => {
  it('verifies every order’s chain, and the database refuses to change an event', async () => {
    const report = await hotlineLog.verify(t.dbh.db);
    expect(report.chainsChecked).toBe(await orderCount());
    expect(report.eventsChecked).toBeGreaterThan(report.chainsChecked);
    expect(report.broken).toEqual([]);
    const err = (await t.dbh.db.execute(sql`UPDATE hotline_events SET action = 'x' WHERE seq = 1`).catch((e: Error & { cause?: Error }) => e)) as Error & { cause?: Error };
    expect(String(err.cause?.message ?? err.message)).toMatch(/append-only/);
  });
});

describe('the supervisor’s rollups', () => {
  type Row = Record<string, string | number>;
  const rows = async (q: ReturnType<typeof sql>) => ((await t.dbh.db.execute(q)) as unknown as { rows: Row[] }).rows.map((r) => JSON.stringify(Object.values(r).map(String)));

  it('equal a recount of the detailed rollup and of the orders, and the figures read the same as a scan', async () => {
    // Every order of the flows above (dispatch, 退回, reopen, 并单, 延期, 督办) has moved them by now.
    expect(await orderCount()).toBeGreaterThan(3);
    // Every column aliased: rows() keys on the names.
    const cols = sql.raw('sum(received) AS c1, sum(dispatched) AS c2, sum(closed) AS c3, sum(closed_on_time) AS c4, sum(satisfied) AS c5, sum(basic) AS c6, sum(unsatisfied) AS c7');
    const scopes = sql.raw('JOIN (VALUES (2, 0), (4, 2), (6, 4), (9, 6), (12, 9)) AS l(n, up) ON l.n <= length(r.region_code)');
    const figureRecount = await rows(sql`SELECT left(r.region_code, l.n) AS s, left(r.region_code, l.up) AS p, month, category, ${cols} FROM hotline_rollups r ${scopes} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
    const figureRollup = await rows(sql`SELECT scope, parent, month, category, ${cols} FROM hotline_figure_rollups GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
    expect(figureRollup.length).toBeGreaterThan(0);
    expect(figureRollup).toEqual(figureRecount);
    const listRecount = await rows(sql`
      SELECT left(r.region_code, l.n) AS s, month, 'subject' AS d, subject_code AS k, ${cols} FROM hotline_rollups r ${scopes} GROUP BY 1, 2, 3, 4
      UNION ALL
      SELECT left(r.region_code, l.n) AS s, month, 'department' AS d, department_id::text AS k, ${cols} FROM hotline_rollups r ${scopes} WHERE department_id <> '00000000-0000-0000-0000-000000000000' GROUP BY 1, 2, 3, 4
      ORDER BY 1, 2, 3, 4`);
    const listRollup = await rows(sql`SELECT scope, month, dimension, key, ${cols} FROM hotline_list_rollups GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
    expect(listRollup.some((r) => r.includes('"department"'))).toBe(true);
    expect(listRollup).toEqual(listRecount);

    // From the orders themselves: intake by the month received (a merged repeat is out), closures by the month closed.
    const month = (col: string) => sql.raw(`to_char((${col} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`);
    const recvOrders = await rows(sql`SELECT left(region_code, l.n) AS s, ${month('received_at')} AS m, category, count(*) FROM hotline_orders r ${scopes} WHERE state <> 'merged' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    const recvRollup = await rows(sql`SELECT scope, month, category, sum(received) FROM hotline_figure_rollups GROUP BY 1, 2, 3 HAVING sum(received) <> 0 ORDER BY 1, 2, 3`);
    expect(recvRollup).toEqual(recvOrders);
    const closedOrders = await rows(sql`SELECT left(region_code, l.n) AS s, closed_month, category, count(*) AS n, count(*) FILTER (WHERE closed_on_time) AS t FROM hotline_orders r ${scopes} WHERE closed_at IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    const closedRollup = await rows(sql`SELECT scope, month, category, sum(closed) AS n, sum(closed_on_time) AS t FROM hotline_figure_rollups GROUP BY 1, 2, 3 HAVING sum(closed) <> 0 ORDER BY 1, 2, 3`);
    expect(closedRollup).toEqual(closedOrders);

    // The figures as the LIKE scan of the detailed rollup gave them before the scope rollups.
    // The city reads its counties' scopes by parent; a county reads its own.
    for (const regionCode of ['421200', '421202']) {
      const res = await supervisor.get(`/api/v1/hotline/figures?regionCode=${regionCode}`);
      expect(res.statusCode, res.body).toBe(200);
      const fig = res.json();
      const prefix = `${regionCode.endsWith('0000') ? regionCode.slice(0, 2) : regionCode.endsWith('00') ? regionCode.slice(0, 4) : regionCode}%`;
      const [tot] = (await t.dbh.db.execute(sql`SELECT coalesce(sum(received), 0)::int AS received, coalesce(sum(closed), 0)::int AS closed, coalesce(sum(satisfied), 0)::int AS satisfied FROM hotline_rollups WHERE region_code LIKE ${prefix}`) as unknown as { rows: Row[] }).rows;
      expect({ received: fig.totals.received, closed: fig.totals.closed, satisfied: fig.totals.satisfied }).toEqual(tot);
      const subjects = (await t.dbh.db.execute(sql`SELECT subject_code AS key, sum(received)::int AS received, sum(closed)::int AS closed FROM hotline_rollups WHERE region_code LIKE ${prefix} GROUP BY 1`) as unknown as { rows: Row[] }).rows
        .filter((r) => r.received !== 0 || r.closed !== 0).sort((a, b) => Number(b.received) - Number(a.received) || String(a.key).localeCompare(String(b.key)));
      expect(fig.bySubject).toEqual(subjects);
      const depts = (await t.dbh.db.execute(sql`SELECT department_id::text AS key, sum(dispatched)::int AS dispatched, sum(closed)::int AS closed, sum(closed_on_time)::int AS "closedOnTime" FROM hotline_rollups WHERE region_code LIKE ${prefix} AND department_id <> '00000000-0000-0000-0000-000000000000' GROUP BY 1`) as unknown as { rows: Row[] }).rows;
      expect([...fig.byDepartment].sort((a: Row, b: Row) => String(a.key).localeCompare(String(b.key)))).toEqual(depts.sort((a, b) => String(a.key).localeCompare(String(b.key))));
      const child = prefix.length === 3 ? 4 : 6;
      const regions = (await t.dbh.db.execute(sql`SELECT left(region_code, ${sql.raw(String(child))}) AS key, sum(received)::int AS received, sum(closed)::int AS closed FROM hotline_rollups WHERE region_code LIKE ${prefix} GROUP BY 1`) as unknown as { rows: Row[] }).rows
        .filter((r) => r.received !== 0 || r.closed !== 0).sort((a, b) => Number(b.received) - Number(a.received) || String(a.key).localeCompare(String(b.key)));
      expect(fig.byRegion).toEqual(regions);
    }
  });
});
