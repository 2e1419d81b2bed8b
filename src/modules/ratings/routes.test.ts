import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { createStaffUser, getDepartmentByCode } from '../org/index.js';
import { due, loadWorkCalendar } from '../calendar/index.js';
import { caseTestApp, type CaseTestApp, type Client } from '../cases/testing.js';
import { sweepInvitations } from './hooks.js';
import { ratingLog } from './events.js';
import { verifyAllChains } from '../../platform/event-log/index.js';
import { accept, conclude, expectError, file, type Actors } from './test-helpers.js';

let t: CaseTestApp;
let person: Client;
let person2: Client;
let clerk: Client;
let approver: Client;
let approverGa: Client;
let supervisor: Client;
let admin: Client;
let itemA: string;
let a: Actors;

async function one<T = Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T> {
  const res = (await t.dbh.db.execute(q)) as unknown as { rows: T[] };
  return res.rows[0]!;
}

/** Everything a refused rating must leave alone. */
async function stored() {
  return one(sql`SELECT (SELECT count(*) FROM ratings)::int AS ratings, (SELECT count(*) FROM rating_rectifications)::int AS rects,
    (SELECT coalesce(sum(ratings + excluded + cases_rated), 0) FROM rating_rollups)::int AS rollups`);
}

async function staff(username: string, roles: ('approver' | 'window_clerk' | 'supervisor')[], regionCode: string, departmentCode?: string) {
  const departmentId = departmentCode ? (await getDepartmentByCode(t.dbh.db, departmentCode)).id : null;
  await createStaffUser(t.dbh.db, null, { username, displayName: username, password: 'Tongban@2026', roles, regionCode, departmentId });
  return t.login(username);
}

beforeAll(async () => {
  t = await caseTestApp(await testDbHandle(), { testClock: true });
  itemA = t.itemIds['421202-TEST-A']!;
  [person, clerk, approver, supervisor, admin] = await Promise.all(['421202199001011232', 'clerk', 'approver', 'supervisor', 'admin'].map((x) => t.login(x)));
  const reg = await t.anonymous.post('/api/v1/auth/register/person', { name: '王五', idNumber: '11010519491231002X', mobile: '13800000003', password: 'Blue-Harbour-Kettle-71' });
  expect(reg.statusCode, reg.body).toBe(202);
  person2 = await t.login('11010519491231002X', 'Blue-Harbour-Kettle-71');
  approverGa = await staff('approver_ga', ['approver'], '421202', '421202-ga');
  a = { clerk, approver };
}, 120_000);

const thisMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

async function figureTotal(c: Client = supervisor) {
  const m = thisMonth();
  const res = await c.get(`/api/v1/rating-figures?regionCode=421200&from=${m}&to=${m}&by=department`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().total;
}

describe('rating a case', () => {
  it('binds an online rating of 受理 to the case, item version, department and the clerk who accepted (三对应)', async () => {
    const c = await file(person, itemA);
    await accept(a, c.id);
    const res = await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 5, options: ['fast', 'friendly'], comment: '很快' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ caseId: c.id, caseNumber: c.number, channel: 'online', method: 'web', stage: 'accept', level: 5, active: true, rectification: null });
    const row = await one<{ department: string; item_code: string; item_version: number; staff: string[]; rater: string }>(
      sql`SELECT d.code AS department, r.item_code, r.item_version, r.staff_names AS staff, r.rater_kind AS rater FROM ratings r JOIN departments d ON d.id = r.department_id WHERE r.id = ${res.json().id}`,
    );
    expect(row).toMatchObject({ department: '421202-scjg', item_code: '421202-TEST-A', item_version: 1, staff: ['咸安区综合窗口'], rater: 'applicant' });
    const view = (await person.get(`/api/v1/cases/${c.id}/ratings`)).json();
    expect(view.stages).toEqual([{ stage: 'accept', problem: null }, { stage: 'conclude', problem: 'RATING_STAGE_NOT_REACHED' }]);
    expect(view.items).toHaveLength(1);
  });

  it('refuses, with nothing stored: another’s case, a stage not reached, twice, a level out of range, a foreign option', async () => {
    const c = await file(person, itemA);
    await accept(a, c.id);
    const before = await stored();
    expectError(await person2.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 5 }), 403, 'RATING_NOT_YOURS');
    expectError(await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'conclude', level: 5 }), 409, 'RATING_STAGE_NOT_REACHED');
    for (const level of [0, 6, 2.5, -3]) expectError(await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level, comment: 'x' }), 400, 'RATING_LEVEL_INVALID');
    expectError(await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 4, options: ['attitude'] }), 400, 'RATING_OPTION_INVALID');
    expectError(await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 1 }), 400, 'RATING_COMMENT_REQUIRED');
    expectError(await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'window', stage: 'accept', level: 5 }), 403, 'RATING_CHANNEL_FORBIDDEN');
    expectError(await approverGa.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'window', stage: 'accept', level: 5 }), 403, 'RATING_CHANNEL_FORBIDDEN');
    expectError(await person.post(`/api/v1/cases/00000000-0000-4000-8000-000000000000/ratings`, { channel: 'online', stage: 'accept', level: 5 }), 404, 'RATING_CASE_NOT_FOUND');
    expect(await stored()).toEqual(before);

    expect((await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 4 })).statusCode).toBe(201);
    const once = await stored();
    expectError(await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 1, comment: '再评一次' }), 409, 'RATING_DUPLICATE');
    expect(await stored()).toEqual(once);
    // Another channel of the same stage is another rating (一次一评 at the window besides 一事一评 online).
    expect((await clerk.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'window', stage: 'accept', level: 5 })).statusCode).toBe(201);
  });

  it('lets only one of two simultaneous ratings of the same stage through', async () => {
    const c = await file(person, itemA);
    await accept(a, c.id);
    const [x, y] = await Promise.all([1, 2].map(() => person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 3 })));
    expect([x!.statusCode, y!.statusCode].sort()).toEqual([201, 409]);
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM ratings WHERE case_id = ${c.id}`)).n).toBe(1);
  });
});

describe('the QR code on the notices', () => {
  it('prints a rating QR on the 受理通知书 and 决定书 that rates that stage once without an account', async () => {
    const c = await file(person, itemA);
    const notice = await accept(a, c.id);
    const html = (await person.get(`/api/v1/cases/${c.id}/documents/${notice}`)).body;
    expect(html).toContain('<svg');
    const token = /\/rate\/([A-Za-z0-9_-]+)/.exec(html)![1]!;
    const subject = await t.anonymous.get(`/api/v1/public/ratings/qr/${token}`);
    expect(subject.json()).toEqual({ caseNumber: c.number, itemName: expect.any(String), stage: 'accept', open: true, rated: null });
    expect(JSON.stringify(subject.json())).not.toContain('张三');
    const rated = await t.anonymous.post(`/api/v1/public/ratings/qr/${token}`, { level: 4, options: ['guide_clear'] });
    expect(rated.statusCode, rated.body).toBe(201);
    expectError(await t.anonymous.post(`/api/v1/public/ratings/qr/${token}`, { level: 4 }), 409, 'RATING_DUPLICATE');
    expect((await t.anonymous.get(`/api/v1/public/ratings/qr/${token}`)).json()).toMatchObject({ open: false, rated: { level: 4 } });
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expectError(await t.anonymous.post(`/api/v1/public/ratings/qr/${forged}`, { level: 5 }), 404, 'RATING_TOKEN_INVALID');
    const decision = await conclude(a, c.id);
    const dh = (await person.get(`/api/v1/cases/${c.id}/documents/${decision}`)).body;
    const t2 = /\/rate\/([A-Za-z0-9_-]+)/.exec(dh)![1]!;
    expect(t2).not.toBe(token);
    expect((await t.anonymous.get(`/api/v1/public/ratings/qr/${t2}`)).json()).toMatchObject({ stage: 'conclude', open: true });
  });
});

describe('差评 handling', () => {
  it('walk-in 非常不满意 at the 评价器 → 核实 in 1 working day → 限期整改 in 15 → 回访 satisfied, with the figures following', async () => {
    const c = await file(clerk, itemA, true);
    await accept(a, c.id);
    await conclude(a, c.id);
    const f0 = await figureTotal();
    const r = await clerk.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'window', stage: 'conclude', level: 1, options: ['attitude', 'slow'], comment: '等了很久,态度冷淡' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ method: 'device', rectification: { state: 'verifying' } });
    const id = r.json().id;

    const inbox = (await approver.get('/api/v1/rectifications')).json().items;
    const item = inbox.find((x: { ratingId: string }) => x.ratingId === id);
    expect(item).toMatchObject({ state: 'verifying', level: 1, caseNumber: c.number, abilities: expect.arrayContaining(['verify', 'appeal']) });
    const cal = await loadWorkCalendar(t.dbh.db, '421202');
    const opened = new Date(item.ratedAt);
    expect(new Date(item.verifyDueAt).getTime()).toBe(due(cal, opened, 1).due.getTime());
    expect((await approverGa.get('/api/v1/rectifications')).json().items.map((x: { ratingId: string }) => x.ratingId)).not.toContain(id);
    expectError(await approverGa.post(`/api/v1/rectifications/${id}/verify`, { classification: 'scheduled', reply: 'x' }), 404, 'RECTIFICATION_NOT_FOUND');
    expectError(await person.post(`/api/v1/rectifications/${id}/verify`, { classification: 'scheduled', reply: 'x' }), 403, 'FORBIDDEN');
    expectError(await approver.post(`/api/v1/rectifications/${id}/rectify`, { note: '已整改' }), 409, 'RECTIFICATION_STATE_CONFLICT');
    expectError(await approver.post(`/api/v1/rectifications/${id}/verify`, { classification: 'scheduled', reply: '  ' }), 400, 'RECTIFICATION_NOTE_REQUIRED');

    const v = await approver.post(`/api/v1/rectifications/${id}/verify`, { classification: 'scheduled', reply: '情况属实,已约谈窗口人员,限期整改。' });
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({ state: 'rectifying', classification: 'scheduled' });
    expect(new Date(v.json().rectifyDueAt).getTime()).toBe(due(cal, new Date(v.json().verifiedAt), 15).due.getTime());
    expect((await figureTotal()).badReplyRate).not.toBeNull();

    const fixed = await approver.post(`/api/v1/rectifications/${id}/rectify`, { note: '增设导办员,高峰期增开窗口。' });
    expect(fixed.json()).toMatchObject({ state: 'follow_up', dueAt: null });
    const inboxOfPerson = (await person.get('/api/v1/inbox')).json();
    expect(JSON.stringify(inboxOfPerson)).toContain('差评整改回访');
    expectError(await person2.post(`/api/v1/rectifications/${id}/follow-up`, { satisfied: true }), 404, 'RECTIFICATION_NOT_FOUND');
    const fu = await person.post(`/api/v1/rectifications/${id}/follow-up`, { satisfied: true, note: '改进明显' });
    expect(fu.statusCode, fu.body).toBe(200);
    expect(fu.json()).toMatchObject({ state: 'closed', followUpSatisfied: true, followUpByKind: 'rater' });
    const chain = (await t.dbh.db.execute(sql`SELECT action, role, from_state AS "from", to_state AS "to" FROM rating_events WHERE rating_id = ${id} ORDER BY seq`)) as unknown as { rows: unknown[] };
    expect(chain.rows).toEqual([
      { action: 'rate', role: 'window_clerk', from: null, to: 'verifying' },
      { action: 'verify', role: 'approver', from: 'verifying', to: 'rectifying' },
      { action: 'rectify', role: 'approver', from: 'rectifying', to: 'follow_up' },
      { action: 'follow_up', role: 'applicant_person', from: 'follow_up', to: 'closed' },
    ]);
    expect((await ratingLog.verify(t.dbh.db, { ownerId: id })).broken).toEqual([]);

    const f1 = await figureTotal();
    expect(f1.ratings).toBe(f0.ratings + 1);
    expect(f1.bad).toBe(f0.bad + 1);

    const pub = await t.anonymous.get(`/api/v1/public/ratings?regionCode=421202&from=${thisMonth()}&to=${thisMonth()}`);
    expect(pub.statusCode, pub.body).toBe(200);
    const entry = pub.json().rectifications.find((x: { id: string }) => x.id === id);
    expect(entry).toMatchObject({ state: 'closed', classification: 'scheduled', followUpSatisfied: true, level: 1, onTime: true });
    const text = JSON.stringify(pub.json());
    for (const personal of ['张三', '态度冷淡', c.number, '咸安区综合窗口', '421202199001011232']) expect(text).not.toContain(personal);
  });

  it('an explanation goes straight to 回访, which a supervisor may record by phone', async () => {
    const c = await file(person, itemA);
    await accept(a, c.id);
    const r = (await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 2, options: ['guide_unclear'] })).json();
    const v = await approver.post(`/api/v1/rectifications/${r.id}/verify`, { classification: 'explanation', reply: '该材料为法定要求,已电话解释。' });
    expect(v.json()).toMatchObject({ state: 'follow_up', rectifyDueAt: null });
    const fu = await supervisor.post(`/api/v1/rectifications/${r.id}/follow-up`, { satisfied: true, note: '电话回访:接受解释' });
    expect(fu.json()).toMatchObject({ state: 'closed', followUpSatisfied: true, followUpByKind: 'supervisor' });
  });

  it('an unsatisfied 回访 reopens rectification once with the rater’s reason; a second goes to a supervisor, who closes it', async () => {
    const c = await file(person, itemA);
    await accept(a, c.id);
    const f0 = await figureTotal();
    const id = (await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 2, options: ['slow'] })).json().id;
    await approver.post(`/api/v1/rectifications/${id}/verify`, { classification: 'explanation', reply: '受理需核对原件。' });
    const url = `/api/v1/rectifications/${id}`;

    // Unsatisfied needs the reason the department is to work on; refused, nothing moves.
    const chainBefore = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM rating_events WHERE rating_id = ${id}`);
    expectError(await person.post(`${url}/follow-up`, { satisfied: false }), 400, 'RECTIFICATION_NOTE_REQUIRED');
    expectError(await person.post(`${url}/follow-up`, { satisfied: false, note: '   ' }), 400, 'RECTIFICATION_NOTE_REQUIRED');
    expect((await person.get(url)).json()).toMatchObject({ state: 'follow_up', reopen: { count: 0, reason: null } });
    expect(await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM rating_events WHERE rating_id = ${id}`)).toEqual(chainBefore);

    const first = await person.post(`${url}/follow-up`, { satisfied: false, note: '解释不清,仍需跑两次' });
    expect(first.statusCode, first.body).toBe(200);
    const cal = await loadWorkCalendar(t.dbh.db, '421202');
    expect(first.json()).toMatchObject({ state: 'rectifying', followUpSatisfied: false, reopen: { count: 1, reason: '解释不清,仍需跑两次' } });
    // An explanation the rater rejects is rectified within the region's limit (15 working days), from the calendar.
    expect(new Date(first.json().dueAt).getTime()).toBe(due(cal, new Date(first.json().reopen.at), 15).due.getTime());
    expect(first.json().rectifyDueAt).toBe(first.json().dueAt);
    expect((await approver.get('/api/v1/rectifications')).json().items.find((x: { ratingId: string }) => x.ratingId === id)).toMatchObject({ state: 'rectifying', abilities: expect.arrayContaining(['rectify']) });
    const f1 = await figureTotal();
    expect(f1.bad).toBe(f0.bad + 1);

    expect((await approver.post(`${url}/rectify`, { note: '改为当场核对原件' })).json().state).toBe('follow_up');
    const second = await person.post(`${url}/follow-up`, { satisfied: false, note: '还是不行' });
    expect(second.json()).toMatchObject({ state: 'escalated', reopen: { count: 1 }, escalation: { at: expect.any(String), decision: null }, dueAt: null });
    expect((await supervisor.get('/api/v1/rectifications')).json().items.find((x: { ratingId: string }) => x.ratingId === id)).toMatchObject({ state: 'escalated', abilities: expect.arrayContaining(['decide_escalation']) });
    // Neither the department nor the rater closes it; only a supervisor, and only with a decision.
    expectError(await approver.post(`${url}/rectify`, { note: '再改' }), 409, 'RECTIFICATION_STATE_CONFLICT');
    expectError(await person.post(`${url}/follow-up`, { satisfied: true }), 409, 'RECTIFICATION_STATE_CONFLICT');
    expectError(await approver.post(`${url}/escalation/decide`, { decision: 'x' }), 403, 'FORBIDDEN');
    expectError(await supervisor.post(`${url}/escalation/decide`, { decision: ' ' }), 400, 'RECTIFICATION_NOTE_REQUIRED');
    const closed = await supervisor.post(`${url}/escalation/decide`, { decision: '经督办核查,窗口已按规定办理,告知申请人复议途径' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', escalation: { decision: '经督办核查,窗口已按规定办理,告知申请人复议途径', decidedAt: expect.any(String) } });
    expectError(await supervisor.post(`${url}/escalation/decide`, { decision: 'again' }), 409, 'RECTIFICATION_STATE_CONFLICT');

    const chain = (await t.dbh.db.execute(sql`SELECT action, role, from_state AS "from", to_state AS "to" FROM rating_events WHERE rating_id = ${id} ORDER BY seq`)) as unknown as { rows: unknown[] };
    expect(chain.rows).toEqual([
      { action: 'rate', role: 'applicant_person', from: null, to: 'verifying' },
      { action: 'verify', role: 'approver', from: 'verifying', to: 'follow_up' },
      { action: 'follow_up', role: 'applicant_person', from: 'follow_up', to: 'rectifying' },
      { action: 'rectify', role: 'approver', from: 'rectifying', to: 'follow_up' },
      { action: 'follow_up', role: 'applicant_person', from: 'follow_up', to: 'escalated' },
      { action: 'decide_escalation', role: 'supervisor', from: 'escalated', to: 'closed' },
    ]);
    expect((await ratingLog.verify(t.dbh.db, { ownerId: id })).broken).toEqual([]);
    // Followed up once in the figures, and not satisfied.
    const f2 = await figureTotal();
    expect(f2.bad).toBe(f0.bad + 1);
    const [counts] = ((await t.dbh.db.execute(sql`SELECT followed, satisfied FROM ratings WHERE id = ${id}`)) as unknown as { rows: unknown[] }).rows;
    expect(counts).toEqual({ followed: true, satisfied: false });
  });

  it('an upheld appeal excludes the rating from every figure and keeps the reason; a rejected one lets the work go on', async () => {
    const c = await file(person, itemA);
    await accept(a, c.id);
    const f0 = await figureTotal();
    const r = (await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 1, comment: '乱写的' })).json();
    const f1 = await figureTotal();
    expect(f1.bad).toBe(f0.bad + 1);
    expectError(await supervisor.post(`/api/v1/rectifications/${r.id}/appeal/decide`, { upheld: true, reason: 'x' }), 409, 'RECTIFICATION_STATE_CONFLICT');
    const ap = await approver.post(`/api/v1/rectifications/${r.id}/appeal`, { kind: 'malicious', reason: '评价内容与办件无关' });
    expect(ap.json().appeal).toMatchObject({ state: 'pending', kind: 'malicious' });
    expectError(await approver.post(`/api/v1/rectifications/${r.id}/appeal`, { kind: 'mistaken', reason: '再次申诉' }), 409, 'APPEAL_ALREADY_MADE');
    expect((await supervisor.get('/api/v1/rectifications?appeal=pending')).json().items.map((x: { ratingId: string }) => x.ratingId)).toContain(r.id);
    expectError(await approver.post(`/api/v1/rectifications/${r.id}/appeal/decide`, { upheld: true, reason: 'x' }), 403, 'FORBIDDEN');
    const d = await supervisor.post(`/api/v1/rectifications/${r.id}/appeal/decide`, { upheld: true, reason: '经核查为恶意差评' });
    expect(d.json()).toMatchObject({ state: 'excluded', excludedReason: '经核查为恶意差评', appeal: { state: 'upheld' }, dueAt: null });
    const f2 = await figureTotal();
    expect(f2).toMatchObject({ bad: f0.bad, ratings: f0.ratings, excluded: f0.excluded + 1 });
    const view = (await person.get(`/api/v1/cases/${c.id}/ratings`)).json().items[0];
    expect(view).toMatchObject({ excluded: true, excludedReason: '经核查为恶意差评' });

    const r2 = (await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 5 }));
    expectError(r2, 409, 'RATING_DUPLICATE');
    const c2 = await file(person, itemA);
    await accept(a, c2.id);
    const b = (await person.post(`/api/v1/cases/${c2.id}/ratings`, { channel: 'online', stage: 'accept', level: 2, options: ['slow'] })).json();
    await approver.post(`/api/v1/rectifications/${b.id}/appeal`, { kind: 'mistaken', reason: '误评' });
    expectError(await person.post(`/api/v1/rectifications/${b.id}/follow-up`, { satisfied: true }), 409, 'RECTIFICATION_STATE_CONFLICT');
    const no = await supervisor.post(`/api/v1/rectifications/${b.id}/appeal/decide`, { upheld: false, reason: '评价有据' });
    expect(no.json()).toMatchObject({ state: 'verifying', appeal: { state: 'rejected', decisionReason: '评价有据' } });
    expect((await approver.post(`/api/v1/rectifications/${b.id}/verify`, { classification: 'immediate', reply: '已当场改正' })).json().state).toBe('rectifying');
  });
});

describe('the public page’s regions', () => {
  it('come from the org tree: regions with a department in or below them, parents first; a new one appears once it has a department', async () => {
    const list = async () => {
      const res = await t.anonymous.get('/api/v1/public/ratings/regions');
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as { code: string; name: string; parentCode: string | null; depth: number }[];
    };
    const before = await list();
    const codes = before.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['421200', '421202']));
    expect(codes.indexOf('421200')).toBeLessThan(codes.indexOf('421202'));
    const city = before.find((r) => r.code === '421200')!;
    expect(before.find((r) => r.code === '421202')).toMatchObject({ parentCode: '421200', depth: city.depth + 1, name: expect.stringMatching(/[\u4e00-\u9fff]/) });

    const region = await admin.post('/api/v1/admin/regions', { code: '421299', name: '测试新区', parentCode: '421200' });
    expect(region.statusCode, region.body).toBe(201);
    expect((await list()).map((r) => r.code)).not.toContain('421299');
    const dept = await admin.post('/api/v1/admin/departments', { code: '421299-zwb', name: '测试新区政务服务中心', regionCode: '421299' });
    expect(dept.statusCode, dept.body).toBe(201);
    const after = await list();
    expect(after.find((r) => r.code === '421299')).toEqual({ code: '421299', name: '测试新区', parentCode: '421200', depth: city.depth + 1 });
    expect(after.findIndex((r) => r.code === '421299')).toBeGreaterThan(after.findIndex((r) => r.code === '421200'));
  });
});

describe('figures', () => {
  it('the rollups answer exactly what a GROUP BY over the ratings answers', async () => {
    const plain = await one<Record<string, number>>(sql`SELECT count(*) FILTER (WHERE NOT excluded)::int AS ratings,
      count(*) FILTER (WHERE NOT excluded AND level >= 3)::int AS good, count(*) FILTER (WHERE NOT excluded AND level <= 2)::int AS bad,
      count(*) FILTER (WHERE NOT excluded AND level <= 2 AND replied)::int AS replied, count(*) FILTER (WHERE excluded)::int AS excluded FROM ratings`);
    const roll = await one<Record<string, number>>(sql`SELECT sum(ratings)::int AS ratings, sum(good)::int AS good, sum(bad)::int AS bad, sum(bad_replied)::int AS replied, sum(excluded)::int AS excluded FROM rating_rollups`);
    expect(roll).toEqual(plain);
    const all = await verifyAllChains(t.dbh.db);
    expect(all.kinds.map((k) => k.kind)).toContain('rating');
    expect(all.ok).toBe(true);
    // A rating row that no longer points at its last event is reported by the verification `tongban verify` runs.
    const victim = await one<{ id: string; last_hash: string }>(sql`SELECT id, last_hash FROM ratings LIMIT 1`);
    await t.dbh.db.execute(sql`UPDATE ratings SET last_hash = ${'0'.repeat(64)} WHERE id = ${victim.id}`);
    expect((await ratingLog.verify(t.dbh.db, { ownerId: victim.id })).broken).toHaveLength(1);
    await t.dbh.db.execute(sql`UPDATE ratings SET last_hash = ${victim.last_hash} WHERE id = ${victim.id}`);
    await expect(t.dbh.db.execute(sql`UPDATE rating_events SET payload = '{}'::jsonb WHERE rating_id = ${victim.id}`)).rejects.toThrow();
    const byDepartment = await one<Record<string, number>>(sql`SELECT sum(ratings)::int AS ratings, sum(good)::int AS good, sum(bad)::int AS bad, sum(bad_replied)::int AS replied, sum(excluded)::int AS excluded FROM rating_rollups_department`);
    expect(byDepartment).toEqual(plain);
    expect(plain.ratings).toBeGreaterThan(5);
    const byMonth = (await supervisor.get(`/api/v1/rating-figures?from=${thisMonth()}&to=${thisMonth()}&by=month`)).json();
    expect(byMonth.groups).toEqual([expect.objectContaining({ key: thisMonth(), ratings: plain.ratings })]);
    const byItem = (await supervisor.get(`/api/v1/rating-figures?from=${thisMonth()}&to=${thisMonth()}&by=item`)).json();
    expect(byItem.groups.map((g: { key: string }) => g.key)).toContain('421202-TEST-A');
    expectError(await approver.get(`/api/v1/rating-figures?from=${thisMonth()}&to=${thisMonth()}`), 403, 'FORBIDDEN');
    expectError(await supervisor.get(`/api/v1/rating-figures?regionCode=420700&from=${thisMonth()}&to=${thisMonth()}`), 403, 'OUT_OF_SCOPE');
  });

  it('invites an unrated concluded case once, counts it 未评 and never as 好评; a rating after it is not 主动', async () => {
    const c = await file(person, itemA);
    await accept(a, c.id);
    await conclude(a, c.id);
    const before = await figureTotal();
    expect(before.casesUnrated).toBeGreaterThanOrEqual(1);
    const invites = async () => (await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM case_notifications WHERE case_id = ${c.id} AND kind = 'rating_invitation'`)).n;
    expect(await sweepInvitations(t.dbh.db, new Date())).toBe(0);
    const later = new Date(Date.now() + 4 * 86_400_000);
    expect(await sweepInvitations(t.dbh.db, later)).toBeGreaterThanOrEqual(1);
    expect(await invites()).toBe(1);
    await sweepInvitations(t.dbh.db, later);
    expect(await invites()).toBe(1);
    expect((await figureTotal()).goodRate).toBe(before.goodRate);
    const r = (await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'conclude', level: 5 })).json();
    expect(r.active).toBe(false);
    const after = await figureTotal();
    expect(after.casesUnrated).toBe(before.casesUnrated - 1);
  });

  it('综合点评 of an item once a month, and 监督查评 by a supervisor', async () => {
    const g = await person.post('/api/v1/ratings/general', { itemCode: '421202-TEST-A', level: 4, options: ['process_easy'] });
    expect(g.statusCode, g.body).toBe(201);
    expect(g.json()).toMatchObject({ channel: 'general', caseId: null, itemCode: '421202-TEST-A' });
    expectError(await person.post('/api/v1/ratings/general', { itemCode: '421202-TEST-A', level: 3 }), 409, 'RATING_GENERAL_DUPLICATE');
    expectError(await person.post('/api/v1/ratings/general', { itemCode: 'NOPE', level: 3 }), 404, 'RATING_SUBJECT_NOT_FOUND');
    const c = await file(person, itemA);
    await accept(a, c.id);
    const s = await supervisor.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'supervision', stage: 'accept', level: 3 });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json()).toMatchObject({ channel: 'supervision', active: false });
    expectError(await approver.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'supervision', stage: 'accept', level: 3 }), 403, 'RATING_CHANNEL_FORBIDDEN');
  });

  it('shows the supervisor red and yellow cards per department', async () => {
    const cards = await supervisor.get('/api/v1/rectifications/cards');
    expect(cards.statusCode, cards.body).toBe(200);
    const scjg = cards.json().items.find((x: { departmentName: { zh: string } }) => x.departmentName.zh.includes('市场监'));
    expect(scjg.open).toBeGreaterThanOrEqual(1);
  });
});

describe('settings and the 补充评价 period (moves the clock: last)', () => {
  it('refuses a rating after the period; an admin sets a region’s period and limits', async () => {
    expectError(await admin.put('/api/v1/rating-settings/421202', { supplementDays: 0, verifyDays: 1, rectifyDays: 15 }), 400, 'RATING_SETTINGS_INVALID');
    expectError(await supervisor.put('/api/v1/rating-settings/421202', { supplementDays: 10, verifyDays: 1, rectifyDays: 15 }), 403, 'FORBIDDEN');
    expect((await approver.get('/api/v1/rating-settings/421202')).json()).toEqual({ supplementDays: 30, verifyDays: 1, rectifyDays: 15, from: null });
    const set = await admin.put('/api/v1/rating-settings/421200', { supplementDays: 10, verifyDays: 1, rectifyDays: 10 });
    expect(set.json()).toEqual({ supplementDays: 10, verifyDays: 1, rectifyDays: 10, from: '421200' });
    expect((await approver.get('/api/v1/rating-settings/421202')).json().from).toBe('421200');

    const c = await file(person, itemA);
    await accept(a, c.id);
    await conclude(a, c.id);
    const before = await stored();
    expect((await admin.put('/api/v1/test/clock', { at: new Date(Date.now() + 11 * 86_400_000).toISOString() })).statusCode).toBe(200);
    const closed = expectError(await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'conclude', level: 5 }), 409, 'RATING_WINDOW_CLOSED');
    expect(closed.details.closedAt).toBeTruthy();
    expect(await stored()).toEqual(before);
    // Red card: the open 差评 of earlier tests are now past their 1-working-day 核实.
    const red = (await supervisor.get('/api/v1/rectifications?card=red')).json().items;
    expect(red.length).toBeGreaterThanOrEqual(1);
    expect(red.every((x: { card: string }) => x.card === 'red')).toBe(true);
  });
});
