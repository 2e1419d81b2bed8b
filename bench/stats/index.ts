/**
 * Statistics from the rollups against the plain GROUP BY over the same cases, on PostgreSQL: a city's month
 * by county, a province's year by city, and the department ranking of a city's month.
 * Run: BENCH_CASES=10000000 npx tsx bench/stats/index.ts   (default 1,000,000; uses DATABASE_URL or starts a
 * throw-away PostgreSQL). Writes bench/results/stats.json. Figures are medians of several runs.
 *
 * The cases are generated in SQL, spread over 2026, 204 counties of 湖北, 40 departments, 200 items and four
 * channels; their rollup rows are built with one GROUP BY per grain (what the consumer would have left after
 * applying their events: rollup.test.ts proves the consumer equal to a recount). Synthetic cases count every
 * figure on their submission day.
 */
import { sql } from 'drizzle-orm';
import type { Caller } from '../../src/platform/http.js';
import { migrateDb, openDb, type Db } from '../../src/platform/db.js';
import { ranking, statistics } from '../../src/modules/supervision/index.js';
import { benchPostgres } from '../case-flow/postgres.js';
import { median, writeResult } from '../lib.js';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

async function generate(db: Db, n: number): Promise<void> {
  const batch = 500_000;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await db.execute(sql`
      INSERT INTO cases (region_code, id, number, item_id, item_version, item, department_id, step_department_ids, channel,
        applicant_kind, applicant_name, applicant_id_enc, applicant_id_masked, form_data, state, submitted_at, accepted_at,
        concluded_at, clock_kind, limit_days, closed_overdue, version, last_hash)
      SELECT r.code, gen_random_uuid(), r.code || lpad(g::text, 12, '0'), '00000000-0000-4000-8000-000000000001', 1,
        jsonb_build_object('code', 'BENCH-' || (g % 200), 'name', '基准事项' || (g % 200), 'promisedLimit', CASE WHEN g % 5 = 0 THEN 0 ELSE 5 END),
        ('00000000-0000-4000-8000-' || lpad((g % 40)::text, 12, '0'))::uuid, '{}'::uuid[],
        (ARRAY['online', 'mobile', 'kiosk', 'window'])[1 + g % 4], 'person', '申请人', 'x', '4212**********1232', '{}'::jsonb,
        CASE WHEN g % 10 < 8 THEN 'concluded_approved' ELSE 'in_steps' END, s.at, s.at + interval '1 hour',
        CASE WHEN g % 10 < 8 THEN s.at + interval '3 days' END, 'processing', 5, CASE WHEN g % 10 < 8 THEN g % 17 = 0 END, 3, repeat('0', 64)
      FROM generate_series(${from}::int, ${to}::int) AS g
      CROSS JOIN LATERAL (SELECT '42' || lpad(((g % 17) + 1)::text, 2, '0') || lpad(((g / 17 % 12) + 1)::text, 2, '0') AS code) r
      CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 00:00+08' + ((g::bigint * 7919) % 31536000) * interval '1 second' AS at) s`);
  }
  await db.execute(sql`
    INSERT INTO stats_rollups (region_code, grain, period, department_id, item_code, channel, applications, immediate, accepted, concluded, timed, on_time, overdue, used_days, limit_days, once_done, zero_visit, at_most_once)
    SELECT region_code, 'd', ((submitted_at AT TIME ZONE 'UTC') + interval '8 hours')::date, department_id, item->>'code', channel,
      count(*), count(*) FILTER (WHERE item->>'promisedLimit' = '0'), count(accepted_at), count(concluded_at), count(concluded_at), count(*) FILTER (WHERE closed_overdue = false),
      count(*) FILTER (WHERE closed_overdue), 3 * count(concluded_at), 5 * count(concluded_at), count(concluded_at), count(*) FILTER (WHERE concluded_at IS NOT NULL AND channel <> 'window'), count(concluded_at)
    FROM cases GROUP BY 1, 3, 4, 5, 6`);
  await db.execute(sql`
    INSERT INTO stats_rollups (region_code, grain, period, department_id, item_code, channel, applications, immediate, accepted, concluded, timed, on_time, overdue, used_days, limit_days, once_done, zero_visit, at_most_once)
    SELECT region_code, 'm', date_trunc('month', period)::date, department_id, item_code, channel, sum(applications), sum(immediate), sum(accepted), sum(concluded), sum(timed), sum(on_time),
      sum(overdue), sum(used_days), sum(limit_days), sum(once_done), sum(zero_visit), sum(at_most_once)
    FROM stats_rollups WHERE grain = 'd' GROUP BY 1, 3, 4, 5, 6`);
  await db.execute(sql`
    INSERT INTO stats_rollups (region_code, grain, period, department_id, item_code, channel, applications, immediate, accepted, concluded, timed, on_time, overdue, used_days, limit_days, once_done, zero_visit, at_most_once)
    SELECT region_code, 'y', date_trunc('year', period)::date, department_id, item_code, channel, sum(applications), sum(immediate), sum(accepted), sum(concluded), sum(timed), sum(on_time),
      sum(overdue), sum(used_days), sum(limit_days), sum(once_done), sum(zero_visit), sum(at_most_once)
    FROM stats_rollups WHERE grain = 'm' GROUP BY 1, 3, 4, 5, 6`);
  await db.execute(sql`ANALYZE cases`);
  await db.execute(sql`ANALYZE stats_rollups`);
}

const supervisor = (regionCode: string): Caller => ({ id: '00000000-0000-4000-8000-0000000000aa', kind: 'staff', displayName: 'bench', roles: ['supervisor'], regionCode, departmentId: null, sessionId: 'bench' });

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The same figures straight from the cases: what a report without rollups would run. */
const plain = {
  cityMonth: (db: Db) =>
    db.execute(sql`SELECT left(region_code, 6), count(*), count(*) FILTER (WHERE channel IN ('online', 'mobile')), count(accepted_at), count(concluded_at), count(*) FILTER (WHERE closed_overdue = false), count(*) FILTER (WHERE closed_overdue)
      FROM cases WHERE region_code >= '4212' AND region_code < '4213' AND submitted_at >= timestamptz '2026-06-01 00:00+08' AND submitted_at < timestamptz '2026-07-01 00:00+08' GROUP BY 1`),
  provinceYear: (db: Db) =>
    db.execute(sql`SELECT left(region_code, 4), count(*), count(*) FILTER (WHERE channel IN ('online', 'mobile')), count(accepted_at), count(concluded_at), count(*) FILTER (WHERE closed_overdue = false), count(*) FILTER (WHERE closed_overdue)
      FROM cases WHERE region_code >= '42' AND region_code < '43' AND submitted_at >= timestamptz '2026-01-01 00:00+08' AND submitted_at < timestamptz '2027-01-01 00:00+08' GROUP BY 1`),
  ranking: (db: Db) =>
    db.execute(sql`SELECT department_id, count(*) FILTER (WHERE closed_overdue = false)::float / nullif(count(concluded_at), 0), count(*) FILTER (WHERE channel IN ('online', 'mobile'))::float / count(*)
      FROM cases WHERE region_code >= '4212' AND region_code < '4213' AND submitted_at >= timestamptz '2026-05-01 00:00+08' AND submitted_at < timestamptz '2026-07-01 00:00+08' GROUP BY 1`),
};

async function main() {
  const pg = await benchPostgres('tb_bench_stats');
  const handle = await openDb({ url: pg.url, poolSize: 4 });
  try {
    await migrateDb(handle);
    const db = handle.db;
    const t0 = Date.now();
    await generate(db, CASES);
    const [{ n: rollupRows }] = ((await db.execute(sql`SELECT count(*)::int AS n FROM stats_rollups`)) as unknown as { rows: { n: number }[] }).rows as [{ n: number }];
    process.stdout.write(`generated ${CASES.toLocaleString('en')} cases and ${rollupRows.toLocaleString('en')} rollup rows in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const now = new Date('2026-12-31T12:00:00+08:00');
    const queries = [
      { label: '市 city 421200, 2026-06, by county', rollups: () => statistics(db, supervisor('421200'), { regionCode: '421200', period: '2026-06', groupBy: 'region' }), plain: plain.cityMonth },
      { label: '省 province 420000, 2026, by city', rollups: () => statistics(db, supervisor('420000'), { regionCode: '420000', period: '2026', groupBy: 'region' }), plain: plain.provinceYear },
      { label: '排名 ranking, city 421200, 2026-06 vs 05', rollups: () => ranking(db, supervisor('421200'), { regionCode: '421200', month: '2026-06', of: 'department' }, now), plain: plain.ranking },
    ];
    const results = [];
    for (const q of queries) {
      await q.rollups();
      await q.plain(db);
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        a.push(await timeMs(q.rollups));
        b.push(await timeMs(() => q.plain(db)));
      }
      const r = { label: q.label, rollupsMs: median(a), plainGroupByMs: median(b), ratio: median(b) / median(a) };
      results.push(r);
      process.stdout.write(`${r.label.padEnd(40)} rollups ${r.rollupsMs.toFixed(1)} ms (whole service call) vs plain GROUP BY ${r.plainGroupByMs.toFixed(1)} ms (×${r.ratio.toFixed(0)})\n`);
    }
    const file = writeResult('stats', { name: 'stats', cases: CASES, rollupRows, runs: RUNS, queries: results, postgres: pg.version, node: process.version, date: new Date().toISOString() });
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    await handle.close();
    await pg.stop();
  }
}

await main();
