import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { applyFor, bundleTestApp, finishCase, type BundleTestApp, type Client } from '../workflow/testing.js';
import { ratingLog } from './events.js';
import { expectError } from './test-helpers.js';

const CODE = '421202-YJS-QYKB';
let t: BundleTestApp;
let enterprise: Client;
let person: Client;
let supervisor: Client;
let hall: Client;
let lead: { id: string; code: string };

async function rows<T = Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await t.dbh.db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** Everything a refused rating must leave alone. */
async function stored() {
  return (await rows(sql`SELECT (SELECT count(*) FROM ratings)::int AS ratings, (SELECT count(*) FROM rating_rectifications)::int AS rects,
    (SELECT count(*) FROM rating_events)::int AS events, (SELECT coalesce(sum(ratings + bad + excluded), 0) FROM rating_rollups)::int AS rollups,
    (SELECT coalesce(sum(ratings + bad), 0) FROM rating_rollups_department)::int AS dept`))[0];
}

async function runToConclusion(id: string) {
  for (let round = 0; round < 10; round++) {
    const b = (await t.admin.get(`/api/v1/bundle-cases/${id}`)).json();
    if (b.status === 'concluded') return b;
    const running = b.children.filter((c: any) => c.status === 'running' && c.case?.state === 'in_steps');
    expect(running.length, JSON.stringify(b.children)).toBeGreaterThan(0);
    for (const c of running) await finishCase(t, c.case.id);
  }
  throw new Error('bundle did not conclude');
}

beforeAll(async () => {
  t = await bundleTestApp(await testDbHandle());
  [enterprise, person, supervisor] = await Promise.all([t.login('91421202MA49AB1C2J'), t.login('421202199001011232'), t.login('supervisor')]);
  hall = await t.clerk('421202');
  const def = (await t.anonymous.get(`/api/v1/bundles/${CODE}`)).json().definition;
  const departments = (await t.anonymous.get('/api/v1/departments')).json() as { id: string; code: string }[];
  lead = departments.find((d) => d.code === def.leadDepartmentCode)!;
  expect(lead).toBeDefined();
}, 180_000);

const thisMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

describe('rating a 一件事 as a whole', () => {
  it('after 受理 and after 办结, bound to the bundle, its version, lead department and region; refusals store nothing', async () => {
    const { bundle } = await applyFor(enterprise, 'enterprise', CODE, { needSeal: true, needInvoice: true });
    const url = `/api/v1/bundle-cases/${bundle.id}/ratings`;

    let before = await stored();
    expectError(await enterprise.post(url, { channel: 'online', stage: 'accept', level: 5 }), 409, 'RATING_STAGE_NOT_REACHED');
    expect(await stored()).toEqual(before);

    expect((await hall.post(`/api/v1/bundle-cases/${bundle.id}/accept`)).statusCode).toBe(200);
    before = await stored();
    expectError(await person.post(url, { channel: 'online', stage: 'accept', level: 5 }), 403, 'RATING_NOT_YOURS');
    expectError(await person.get(url), 403, 'RATING_NOT_YOURS');
    expectError(await enterprise.post(url, { channel: 'online', stage: 'conclude', level: 5 }), 409, 'RATING_STAGE_NOT_REACHED');
    for (const level of [0, 6, 2.5, -3]) expectError(await enterprise.post(url, { channel: 'online', stage: 'accept', level, comment: 'x' }), 400, 'RATING_LEVEL_INVALID');
    expectError(await enterprise.post(url, { channel: 'window', stage: 'accept', level: 5 }), 403, 'RATING_CHANNEL_FORBIDDEN');
    expectError(await enterprise.post('/api/v1/bundle-cases/00000000-0000-4000-8000-000000000000/ratings', { channel: 'online', stage: 'accept', level: 5 }), 404, 'RATING_BUNDLE_NOT_FOUND');
    expect(await stored()).toEqual(before);

    const ok = await enterprise.post(url, { channel: 'online', stage: 'accept', level: 5, options: ['one_visit'] });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ bundleId: bundle.id, caseId: null, caseNumber: bundle.number, itemCode: CODE, channel: 'online', stage: 'accept', level: 5, rectification: null });
    const [row] = await rows(sql`SELECT subject_kind, region_code, department_id, item_code, item_version, staff_names, rater_kind FROM ratings WHERE id = ${ok.json().id}`);
    expect(row).toEqual({ subject_kind: 'bundle', region_code: '421202', department_id: lead.id, item_code: CODE, item_version: bundle.bundleVersion, staff_names: ['clerk_421202'], rater_kind: 'applicant' });

    const once = await stored();
    expectError(await enterprise.post(url, { channel: 'online', stage: 'accept', level: 1, comment: '再评一次' }), 409, 'RATING_DUPLICATE');
    expect(await stored()).toEqual(once);
    // The 评价器 at the hall is another channel of the same stage.
    expect((await hall.post(url, { channel: 'window', stage: 'accept', level: 4 })).statusCode).toBe(201);

    await runToConclusion(bundle.id);
    const view = (await enterprise.get(url)).json();
    expect(view).toMatchObject({ caseId: bundle.id, caseNumber: bundle.number, stages: [{ stage: 'accept', problem: null }, { stage: 'conclude', problem: null }] });
    expect(view.items).toHaveLength(2);

    const bad = await enterprise.post(url, { channel: 'online', stage: 'conclude', level: 1, options: ['repeat_visits'], comment: '各部门仍要求重复提交材料' });
    expect(bad.statusCode, bad.body).toBe(201);
    expect(bad.json().rectification).toMatchObject({ state: 'verifying' });
    // 办结's staff are those who passed and concluded the children's steps (read from the children's case logs).
    const [b] = await rows<{ staff: string[] }>(sql`SELECT staff_names AS staff FROM ratings WHERE id = ${bad.json().id}`);
    const [acted] = await rows<{ staff: string[] }>(sql`SELECT array_agg(DISTINCT e.actor_name ORDER BY e.actor_name) AS staff FROM case_events e
      JOIN bundle_children c ON c.case_id = e.case_id WHERE c.bundle_id = ${bundle.id} AND e.action IN ('pass_step', 'conclude', 'pledge')`);
    expect([...b!.staff].sort()).toEqual(acted!.staff);

    // The 差评 is the lead department's to verify, like a case's.
    const [rect] = await rows(sql`SELECT department_id, state, case_id FROM rating_rectifications WHERE rating_id = ${bad.json().id}`);
    expect(rect).toEqual({ department_id: lead.id, state: 'verifying', case_id: null });
    const approver = await t.approver(lead.id);
    const inbox = (await approver.get('/api/v1/rectifications')).json().items;
    expect(inbox.map((x: { ratingId: string }) => x.ratingId)).toContain(bad.json().id);
    const v = await approver.post(`/api/v1/rectifications/${bad.json().id}/verify`, { classification: 'immediate', reply: '已统一材料共享' });
    expect(v.statusCode, v.body).toBe(200);
    expect((await ratingLog.verify(t.dbh.db, { ownerId: bad.json().id })).broken).toEqual([]);

    // Counted in the figures under the bundle's code, in its lead department's row.
    const m = thisMonth();
    const byItem = (await supervisor.get(`/api/v1/rating-figures?regionCode=421202&from=${m}&to=${m}&by=item`)).json();
    expect(byItem.groups.find((g: { key: string }) => g.key === CODE)).toMatchObject({ ratings: 3, bad: 1, badReplyRate: 1 });
    const byDept = (await supervisor.get(`/api/v1/rating-figures?regionCode=421202&from=${m}&to=${m}&by=department`)).json();
    expect(byDept.groups.find((g: { key: string }) => g.key === lead.id).ratings).toBeGreaterThanOrEqual(3);
  });
});
