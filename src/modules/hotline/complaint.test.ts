/**
 * 投诉 → 差评: a 12345 complaint the operator marks as about a case's handling or a department's service opens a
 * 差评 with its rectification in the ratings module, in the intake's own transaction, linked both ways.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { verifyAllChains } from '../../platform/event-log/index.js';
import { caseTestApp, type CaseTestApp, type Client } from '../cases/testing.js';
import { getDepartmentByCode } from '../org/index.js';
import { complaintOrderOf } from '../ratings/index.js';
import { accept, expectError, file } from '../ratings/test-helpers.js';

let t: CaseTestApp;
let operator: Client;
let cg: Client;
let person: Client;
let clerk: Client;
let supervisor: Client;
let depts: Record<'cg' | 'scjg', string>;

const complaint = {
  category: 'complaint',
  subjectCode: 'CS01',
  regionCode: '421202',
  callerName: '王小明',
  callerPhone: '13912345678',
  location: '咸安区温泉路 12 号',
  title: '城管执法人员态度粗暴',
  description: '在温泉路摆摊被城管执法人员呵斥,态度粗暴,要求处理。',
};

async function one<T = Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T> {
  const res = (await t.dbh.db.execute(q)) as unknown as { rows: T[] };
  return res.rows[0]!;
}

/** Everything a refused intake must leave alone, on both sides. */
const stored = () =>
  one<{ orders: number; events: number; ratings: number; rects: number; rating_rollups: number; order_rollups: number }>(sql`SELECT
    (SELECT count(*) FROM hotline_orders)::int AS orders, (SELECT count(*) FROM hotline_events)::int AS events,
    (SELECT count(*) FROM ratings)::int AS ratings, (SELECT count(*) FROM rating_rectifications)::int AS rects,
    (SELECT coalesce(sum(ratings + bad), 0) FROM rating_rollups)::int AS rating_rollups,
    (SELECT coalesce(sum(received), 0) FROM hotline_rollups)::int AS order_rollups`);

beforeAll(async () => {
  t = await caseTestApp(await testDbHandle());
  [operator, cg, person, clerk, supervisor] = await Promise.all(['operator', 'cgclerk', '421202199001011232', 'clerk', 'supervisor'].map((a) => t.login(a)));
  depts = { cg: (await getDepartmentByCode(t.dbh.db, '421200-cg')).id, scjg: (await getDepartmentByCode(t.dbh.db, '421202-scjg')).id };
}, 300_000);

describe('a 投诉 about a department’s service', () => {
  let orderId: string;
  let orderNumber: string;
  let ratingId: string;

  it('opens a 差评 for that department, with its rectification, and the order shows it', async () => {
    const before = await stored();
    const res = await operator.post('/api/v1/hotline/orders', { ...complaint, complaintOf: 'department', complaintDepartmentId: depts.cg });
    expect(res.statusCode, res.body).toBe(201);
    orderId = res.json().id;
    orderNumber = res.json().number;
    const after = await stored();
    expect(after).toMatchObject({ orders: before.orders + 1, ratings: before.ratings + 1, rects: before.rects + 1 });

    const detail = (await operator.get(`/api/v1/hotline/orders/${orderId}`)).json();
    expect(detail.complaintRating).toMatchObject({ departmentId: depts.cg, level: 2, state: 'verifying', caseNumber: null });
    ratingId = detail.complaintRating.id;
    const receive = detail.events.find((e: { action: string }) => e.action === 'receive');
    expect(receive.payload.complaintRating).toBe(ratingId);

    const row = await one<{ channel: string; subject_kind: string; department_id: string; level: number; comment: string; rater_id: string | null }>(
      sql`SELECT channel, subject_kind, department_id, level, comment, rater_id FROM ratings WHERE id = ${ratingId}`,
    );
    expect(row).toMatchObject({ channel: 'hotline', subject_kind: 'department', department_id: depts.cg, level: 2, rater_id: null });
    expect(row.comment).toContain(orderNumber);
  });

  it('the rating names its order, and the department finds it in its 差评 inbox', async () => {
    const regionCode = (await one<{ r: string }>(sql`SELECT region_code AS r FROM ratings WHERE id = ${ratingId}`)).r;
    expect(await complaintOrderOf(t.dbh.db, { id: ratingId, regionCode })).toEqual({ id: orderId, number: orderNumber });
    const inbox = await cg.get('/api/v1/rectifications');
    expect(inbox.statusCode, inbox.body).toBe(200);
    expect(inbox.json().items.map((i: { ratingId: string }) => i.ratingId)).toContain(ratingId);
  });

  it('the rectification runs as for any 差评, and the order shows where it stands', async () => {
    const v = await cg.post(`/api/v1/rectifications/${ratingId}/verify`, { classification: 'explanation', reply: '已核实,执法人员已批评教育。' });
    expect(v.statusCode, v.body).toBe(200);
    expect((await operator.get(`/api/v1/hotline/orders/${orderId}`)).json().complaintRating.state).toBe('follow_up');
    // 回访 by a supervisor: the caller has no rating of their own to answer.
    const f = await supervisor.post(`/api/v1/rectifications/${ratingId}/follow-up`, { satisfied: true, note: '电话回访,满意' });
    expect(f.statusCode, f.body).toBe(200);
    expect((await operator.get(`/api/v1/hotline/orders/${orderId}`)).json().complaintRating.state).toBe('closed');
  });
});

describe('a 投诉 about a case’s handling', () => {
  it('opens a 差评 of that case for the department that handled it', async () => {
    const c = await file(person, t.itemIds['421202-TEST-A']!);
    await accept({ clerk, approver: clerk }, c.id);
    const res = await operator.post('/api/v1/hotline/orders', { ...complaint, title: '营业执照办理推诿', linkedCase: { id: c.id, regionCode: '421202' }, complaintOf: 'case' });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await operator.get(`/api/v1/hotline/orders/${res.json().id}`)).json();
    expect(detail.linkedCase).toMatchObject({ id: c.id, number: c.number });
    expect(detail.complaintRating).toMatchObject({ departmentId: depts.scjg, caseNumber: c.number, state: 'verifying' });
    const row = await one<{ case_id: string; subject_kind: string; stage: string | null }>(sql`SELECT case_id, subject_kind, stage FROM ratings WHERE id = ${detail.complaintRating.id}`);
    expect(row).toEqual({ case_id: c.id, subject_kind: 'case', stage: null });
    // The applicant's own 一事一评 of the same case is untouched by the hotline's 差评.
    const own = await person.post(`/api/v1/cases/${c.id}/ratings`, { channel: 'online', stage: 'accept', level: 5 });
    expect(own.statusCode, own.body).toBe(201);
  });
});

describe('refusals store nothing on either side', () => {
  it('refuses a mark on a non-complaint, a case mark without the case, a department mark without or with an unknown department', async () => {
    const before = await stored();
    expectError(await operator.post('/api/v1/hotline/orders', { ...complaint, category: 'suggestion', complaintOf: 'department', complaintDepartmentId: depts.cg }), 400, 'HOTLINE_COMPLAINT_SUBJECT');
    expectError(await operator.post('/api/v1/hotline/orders', { ...complaint, complaintOf: 'case' }), 400, 'HOTLINE_COMPLAINT_SUBJECT');
    expectError(await operator.post('/api/v1/hotline/orders', { ...complaint, complaintOf: 'department' }), 400, 'HOTLINE_COMPLAINT_SUBJECT');
    expectError(await operator.post('/api/v1/hotline/orders', { ...complaint, complaintDepartmentId: depts.cg }), 400, 'HOTLINE_COMPLAINT_SUBJECT');
    expectError(await operator.post('/api/v1/hotline/orders', { ...complaint, complaintOf: 'department', complaintDepartmentId: '00000000-0000-4000-8000-000000000001' }), 400, 'HOTLINE_DEPARTMENT_INVALID');
    expect(await stored()).toEqual(before);
  });

  it('a failure on the ratings side rolls the order back with it (one transaction)', async () => {
    const before = await stored();
    await t.dbh.db.execute(sql`CREATE FUNCTION test_refuse_rating() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$`);
    await t.dbh.db.execute(sql`CREATE TRIGGER test_refuse_rating BEFORE INSERT ON rating_rectifications FOR EACH ROW EXECUTE FUNCTION test_refuse_rating()`);
    try {
      const res = await operator.post('/api/v1/hotline/orders', { ...complaint, complaintOf: 'department', complaintDepartmentId: depts.cg });
      expect(res.statusCode).toBe(500);
    } finally {
      await t.dbh.db.execute(sql`DROP TRIGGER test_refuse_rating ON rating_rectifications`);
      await t.dbh.db.execute(sql`DROP FUNCTION test_refuse_rating()`);
    }
    expect(await stored()).toEqual(before);
  });

  it('leaves both event chains intact', async () => {
    const all = await verifyAllChains(t.dbh.db);
    expect(all.ok, JSON.stringify(all.kinds.filter((k) => k.broken.length))).toBe(true);
  });
});
