import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle, testDbKind } from '../../../test/helpers/db.js';
import { applyFor, bundleTestApp, finishCase, upload, type BundleTestApp, type Client } from './testing.js';

/**
 * Bundles whose three parallel children all conclude at once, from concurrent requests. The count is
 * TONGBAN_BUNDLE_CONCURRENCY, by default 1,000 on PostgreSQL and 50 on PGlite (one connection: there the
 * requests interleave between statements but their transactions run one at a time).
 */
const COUNT = Number(process.env.TONGBAN_BUNDLE_CONCURRENCY ?? (testDbKind() === 'postgres' ? 1000 : 50));
const CODE = '421202-YJS-BF';

let t: BundleTestApp;
let enterprise: Client;
let clerk: Client;

const source = { ref: 'seed:000_e4086131eff9af3a.txt#L812', quote: '关联事项、一表申请、一链办理' };
const definition = {
  code: CODE,
  name: '并联测试',
  nameEn: 'Parallel test',
  regionCode: '421202',
  leadDepartmentCode: '421202-scjg',
  audiences: ['enterprise'],
  limit: { days: 10, source },
  limitRules: [],
  questions: [],
  stages: [
    {
      key: 'parallel',
      name: { zh: '三项并联', en: 'Three in parallel' },
      items: ['421202-YD-YLQX', '421202-BDC-CFDJ', '421202-QYZX-JYZX'].map((itemCode) => ({ itemCode, mandatory: true })),
    },
    { key: 'after', name: { zh: '其后', en: 'After' }, items: [{ itemCode: '421200-GC-TZBA', mandatory: true }] },
  ],
  onDenial: 'stop',
  form: { merge: [], prefilled: [] },
  materials: { merge: [], fromResults: [] },
  delivery: { window: '咸安区政务服务中心 综合窗口' },
  sources: [{ about: '一事联办', source }],
};

async function pool<T, R>(items: readonly T[], width: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

async function rows<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await t.dbh.db.execute(q)) as unknown as { rows: T[] }).rows;
}

beforeAll(async () => {
  t = await bundleTestApp(await testDbHandle());
  enterprise = await t.login('91421202MA49AB1C2J');
  clerk = await t.login('clerk');
  expect((await t.admin.post('/api/v1/admin/bundles', definition)).statusCode).toBe(201);
  expect((await t.admin.post(`/api/v1/admin/bundles/${CODE}/publish`)).statusCode).toBe(200);
}, 120_000);

describe(`${COUNT} bundles whose parallel children conclude at the same moment`, () => {
  it('advances each bundle exactly once, loses no child, and every chain verifies', async () => {
    const file = await upload(enterprise);
    const bundles = await pool(Array.from({ length: COUNT }, (_, i) => i), 16, async () => (await applyFor(enterprise, 'enterprise', CODE, {}, file)).bundle);
    await pool(bundles, 16, async (b) => {
      const res = await clerk.post(`/api/v1/bundle-cases/${b.id}/accept`);
      expect(res.statusCode, res.body).toBe(200);
    });
    const children = bundles.flatMap((b) => b.children.filter((c: any) => c.case).map((c: any) => c.case.id as string));
    expect(children).toHaveLength(3 * COUNT);

    // Every last step of every parallel child at once: three conclusions per bundle racing for its row.
    const started = Date.now();
    const results = await Promise.all(children.map((id) => clerk.post(`/api/v1/cases/${id}/conclude`, { step: 0, decision: 'approve', text: '准予' })));
    const seconds = (Date.now() - started) / 1000;
    expect(results.filter((r) => r.statusCode !== 200).map((r) => r.body)).toEqual([]);

    const ids = bundles.map((b) => b.id as string);
    const perBundle = await rows<{ id: string; children: number; closed: number; stage_starts: number; stage: number; statuses: string }>(sql`
      SELECT b.id::text,
             (SELECT count(*)::int FROM bundle_children c WHERE c.bundle_id = b.id) AS children,
             (SELECT count(*)::int FROM bundle_case_events e WHERE e.bundle_id = b.id AND e.action = 'child_closed') AS closed,
             (SELECT count(*)::int FROM bundle_case_events e, jsonb_array_elements(e.payload->'effects') x
                WHERE e.bundle_id = b.id AND x->>'type' = 'stageStarted' AND (x->>'stage')::int = 1) AS stage_starts,
             (b.engine->>'stage')::int AS stage,
             (SELECT string_agg(x->>'status', ',' ORDER BY x->>'itemCode') FROM jsonb_array_elements(b.engine->'children') x) AS statuses
      FROM bundle_cases b WHERE b.bundle_code = ${CODE}`);
    expect(perBundle).toHaveLength(COUNT);
    const wrong = perBundle.filter((r) => r.children !== 4 || r.closed !== 3 || r.stage_starts !== 1 || r.stage !== 1 || r.statuses !== 'running,approved,approved,approved');
    expect(wrong).toEqual([]);
    expect(new Set(perBundle.map((r) => r.id))).toEqual(new Set(ids));
    const [cases] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM bundle_children c JOIN cases k ON k.id = c.case_id WHERE c.bundle_id IN (SELECT id FROM bundle_cases WHERE bundle_code = ${CODE})`);
    expect(cases!.n).toBe(4 * COUNT);

    // The second stage's child of one bundle finishes it: concluded once.
    const one = (await t.admin.get(`/api/v1/bundle-cases/${ids[0]}`)).json();
    await finishCase(t, one.children.find((c: any) => c.stage === 1).case.id);
    expect((await t.admin.get(`/api/v1/bundle-cases/${ids[0]}`)).json()).toMatchObject({ status: 'concluded', outcome: 'approved' });

    const verify = (await t.admin.get('/api/v1/admin/bundles/verify')).json();
    expect(verify).toMatchObject({ bundlesChecked: COUNT, broken: [] });
    expect((await t.admin.get('/api/v1/admin/cases/verify')).json().broken).toEqual([]);
    if (process.env.TONGBAN_BUNDLE_CONCURRENCY_REPORT) {
      process.stderr.write(`${testDbKind()}: ${COUNT} bundles, ${children.length} concurrent conclusions in ${seconds.toFixed(1)} s\n`);
    }
  }, 3_600_000);
});
