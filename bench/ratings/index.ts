/**
 * 好差评 figures of a city over a year on PostgreSQL: the service's figures query over the rollups against the
 * plain GROUP BY over the same ratings, reported as a ratio. The rollups are loaded from the generated ratings
 * with one INSERT … SELECT (the incremental path keeps them equal, as the ratings tests check row for row).
 * Run: BENCH_RATINGS=10000000 npx tsx bench/ratings/index.ts   (uses DATABASE_URL, or starts a throw-away PostgreSQL)
 * Writes bench/results/ratings.json. Figures are medians of several runs.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrateDb, openDb, type Db } from '../../src/platform/db.js';
import { figures } from '../../src/modules/ratings/index.js';
import { benchPostgres } from '../case-flow/postgres.js';
import { median, writeResult } from '../lib.js';

const RATINGS = Number(process.env.BENCH_RATINGS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
/** A city (咸宁 4212xx) of 7 districts and counties, 40 departments each, 60 items per department, 12 months. */
const REGIONS = ['421202', '421221', '421222', '421223', '421224', '421281', '421200'];
const DEPARTMENTS = 40;
const ITEMS = 60;

/** Deterministic ratings: ~4 % 差评, 70 % 主动, a third of 差评 replied and followed up, 1 % of 差评 excluded. */
async function generate(db: Db, n: number): Promise<void> {
  const batch = 500_000;
  const regions = sql.raw(`ARRAY[${REGIONS.map((r) => `'${r}'`).join(',')}]`);
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await db.execute(sql`
      INSERT INTO ratings (region_code, id, subject_kind, case_id, item_code, item_name, department_id, channel, method, stage, level,
        rater_kind, active, rated_at, month, replied, followed, satisfied, excluded, version, last_hash)
      SELECT r.region, gen_random_uuid(), 'case', gen_random_uuid(), 'ITEM-' || (g % ${ITEMS}), '基准事项',
        ('00000000-0000-4000-8000-' || lpad(((g / 7) % ${DEPARTMENTS})::text || r.idx::text, 12, '0'))::uuid,
        'online', 'web', 'conclude', l.level, 'applicant', (g % 10) < 7, m.at, date_trunc('month', m.at)::date,
        l.level <= 2 AND g % 3 > 0, l.level <= 2 AND g % 3 = 2, CASE WHEN l.level <= 2 AND g % 3 = 2 THEN g % 5 > 0 END,
        l.level <= 2 AND g % 97 = 0, 0, repeat('0', 64)
      FROM generate_series(${from}::int, ${to}::int) AS g
      CROSS JOIN LATERAL (SELECT (${regions})[(g % ${REGIONS.length}) + 1] AS region, g % ${REGIONS.length} AS idx) r
      CROSS JOIN LATERAL (SELECT CASE WHEN g % 50 = 0 THEN 1 WHEN g % 50 = 1 THEN 2 WHEN g % 10 = 2 THEN 3 WHEN g % 10 < 6 THEN 4 ELSE 5 END AS level) l
      CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 00:00+08' + ((g::bigint * 7919) % (365 * 86400)) * interval '1 second' AS at) m`);
    process.stdout.write(`  ${to.toLocaleString('en')} ratings\r`);
  }
  // The same counters the rating transactions add, summed once from the rows.
  await db.execute(sql`
    INSERT INTO rating_rollups (region_code, department_id, item_code, month, ratings, good, bad, active, active_good, bad_replied, bad_followed, followed_satisfied, excluded)
    SELECT region_code, department_id, item_code, month,
      count(*) FILTER (WHERE NOT excluded), count(*) FILTER (WHERE NOT excluded AND level >= 3), count(*) FILTER (WHERE NOT excluded AND level <= 2),
      count(*) FILTER (WHERE NOT excluded AND active), count(*) FILTER (WHERE NOT excluded AND active AND level >= 3),
      count(*) FILTER (WHERE NOT excluded AND level <= 2 AND replied), count(*) FILTER (WHERE NOT excluded AND level <= 2 AND followed),
      count(*) FILTER (WHERE NOT excluded AND level <= 2 AND followed AND satisfied), count(*) FILTER (WHERE excluded)
    FROM ratings GROUP BY 1, 2, 3, 4`);
  await db.execute(sql`
    INSERT INTO rating_rollups_department (region_code, department_id, month, ratings, good, bad, active, active_good, bad_replied, bad_followed, followed_satisfied, excluded)
    SELECT region_code, department_id, month, sum(ratings), sum(good), sum(bad), sum(active), sum(active_good), sum(bad_replied), sum(bad_followed), sum(followed_satisfied), sum(excluded)
    FROM rating_rollups GROUP BY 1, 2, 3`);
  await db.execute(sql`ANALYZE ratings`);
  await db.execute(sql`ANALYZE rating_rollups`);
  await db.execute(sql`ANALYZE rating_rollups_department`);
}

/** The baseline: the same eight figures' counters by a GROUP BY over the ratings of the city and year. */
function plainGroupBy(db: Db) {
  return db.execute(sql`
    SELECT department_id::text AS key, count(*) FILTER (WHERE NOT excluded)::bigint AS ratings,
      count(*) FILTER (WHERE NOT excluded AND level >= 3)::bigint AS good, count(*) FILTER (WHERE NOT excluded AND level <= 2)::bigint AS bad,
      count(*) FILTER (WHERE NOT excluded AND active)::bigint AS active, count(*) FILTER (WHERE NOT excluded AND active AND level >= 3)::bigint AS active_good,
      count(*) FILTER (WHERE NOT excluded AND level <= 2 AND replied)::bigint AS bad_replied, count(*) FILTER (WHERE NOT excluded AND level <= 2 AND followed)::bigint AS bad_followed,
      count(*) FILTER (WHERE NOT excluded AND level <= 2 AND followed AND satisfied)::bigint AS followed_satisfied, count(*) FILTER (WHERE excluded)::bigint AS excluded
    FROM ratings WHERE region_code LIKE '4212%' AND month >= '2026-01-01' AND month <= '2026-12-01' GROUP BY 1 ORDER BY 1`) as unknown as Promise<{ rows: Record<string, string>[] }>;
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function main() {
  const pg = await benchPostgres('tb_bench_ratings');
  const handle = await openDb({ url: pg.url, poolSize: 4 });
  try {
    await migrateDb(handle);
    const db = handle.db;
    const t0 = Date.now();
    await generate(db, RATINGS);
    const rollupRows = ((await db.execute(sql`SELECT count(*)::int AS n FROM rating_rollups`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    process.stdout.write(`generated ${RATINGS.toLocaleString('en')} ratings (${rollupRows.toLocaleString('en')} rollup rows) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const q = { regionCode: '421200', from: '2026-01', to: '2026-12', by: 'department' as const };
    const fromRollups = await figures(db, null, q);
    const plain = (await plainGroupBy(db)).rows;
    // Same answer both ways, department by department, before any timing.
    const byKey = new Map(fromRollups.groups.map((g) => [g.key, g]));
    for (const p of plain) {
      const g = byKey.get(p.key);
      if (!g || g.ratings !== Number(p.ratings) || g.bad !== Number(p.bad) || g.excluded !== Number(p.excluded)) throw new Error(`rollups and GROUP BY disagree for ${p.key}`);
    }
    if (plain.length !== fromRollups.groups.length) throw new Error('rollups and GROUP BY disagree on the departments');
    if (process.env.BENCH_EXPLAIN) {
      // Where the figures' time goes: the rollup sum itself, and the department names beside it.
      const plan = (await db.execute(sql.raw(`EXPLAIN (ANALYZE, BUFFERS) SELECT department_id::text AS key, sum(ratings)::bigint, sum(good)::bigint, sum(bad)::bigint FROM rating_rollups_department
        WHERE region_code LIKE '4212%' AND month >= '2026-01-01'::date AND month <= '2026-12-01'::date GROUP BY 1 ORDER BY 1`))) as unknown as { rows: Record<string, string>[] };
      process.stdout.write(plan.rows.map((r) => Object.values(r)[0]).join('\n') + '\n');
      const { sumRollups } = await import('../../src/modules/ratings/rollups.js');
      const { listDepartments } = await import('../../src/modules/org/index.js');
      const parts = { sum: [] as number[], names: [] as number[], figures: [] as number[], trip: [] as number[] };
      for (let i = 0; i < RUNS; i++) {
        parts.trip.push(await timeMs(() => db.execute(sql`SELECT 1`)));
        parts.sum.push(await timeMs(() => sumRollups(db, { regionCode: '421200', from: '2026-01-01', to: '2026-12-01', by: 'department' })));
        parts.names.push(await timeMs(() => listDepartments(db, { within: '421200' })));
        parts.figures.push(await timeMs(() => figures(db, null, q)));
      }
      process.stdout.write(`profile (median ms): sumRollups ${median(parts.sum).toFixed(1)}, department names ${median(parts.names).toFixed(1)}, figures ${median(parts.figures).toFixed(1)}, SELECT 1 ${median(parts.trip).toFixed(1)}\n`);
    }
    const rolled: number[] = [];
    const scanned: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      rolled.push(await timeMs(() => figures(db, null, q)));
      scanned.push(await timeMs(() => plainGroupBy(db)));
    }
    const result = {
      name: 'ratings',
      ratings: RATINGS,
      rollupRows,
      departments: fromRollups.groups.length,
      query: 'figures of city 421200 by department, 2026-01..2026-12',
      rollupMs: median(rolled),
      groupByMs: median(scanned),
      ratio: median(scanned) / median(rolled),
      postgres: pg.version,
      node: process.version,
      date: new Date().toISOString(),
    };
    process.stdout.write(`figures from rollups ${result.rollupMs.toFixed(1)} ms vs plain GROUP BY ${result.groupByMs.toFixed(0)} ms over ${RATINGS.toLocaleString('en')} ratings (×${result.ratio.toFixed(0)})\n`);
    writeResult('ratings', result);
    return result;
  } finally {
    await handle.close();
    await pg.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
