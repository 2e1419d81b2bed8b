/**
 * The supervisor's hotline figures and red/yellow card list over 1,000,000 work orders on PostgreSQL: the
 * service's figures (read from the scope rollups by equality on the region) against the same totals computed by a
 * plain scan of the orders, and beside them what the figures read before (the detailed rollup, by LIKE); listCards
 * (partial index on yellow_at) against the same query with index scans switched off.
 * Run: npx tsx bench/hotline/index.ts   (uses DATABASE_URL, or starts a throw-away PostgreSQL); BENCH_ORDERS=n
 * Writes bench/results/hotline.json. Figures are medians of BENCH_RUNS (default 9) runs.
 *
 * The orders are generated in SQL; their rollups are filled by one aggregate over them, which is what the
 * per-transition counters add up to for orders that were received, dispatched, closed and visited once.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { FieldCipher } from '../../src/platform/crypto.js';
import { migrateDb, openDb, type Db } from '../../src/platform/db.js';
import type { Caller } from '../../src/platform/http.js';
import { figures, listCards } from '../../src/modules/hotline/index.js';
import { benchPostgres } from '../case-flow/postgres.js';
import { median, writeResult } from '../lib.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

async function generate(db: Db, n: number): Promise<void> {
  const batch = 250_000;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    // 2 % of orders still open (a third of them late), the rest closed; months spread over two years.
    await db.execute(sql`
      INSERT INTO hotline_orders (region_code, id, number, channel, category, subject_code, state, title, description, department_id,
        limit_days, clock_start, due_at, yellow_at, received_at, closed_at, closed_on_time, closed_month, closed_department_id, follow_up, version, last_hash)
      SELECT r.code, gen_random_uuid(), 'B' || lpad(g::text, 10, '0'), (ARRAY['phone','web','app','message','letter'])[1 + h.h1 % 5],
        (ARRAY['consult','help','complaint','report','suggestion','praise'])[1 + h.h2 % 6], 'S' || lpad((h.h3 % 40)::text, 2, '0'),
        CASE WHEN g % 50 = 0 THEN 'dispatched' ELSE 'closed' END, '基准工单', '基准工单', ('00000000-0000-4000-8000-' || lpad((r.city * 100 + h.h5 % 30)::text, 12, '0'))::uuid,
        3, t.received, t.due, CASE WHEN g % 50 = 0 THEN t.due - interval '1 day' END, t.received,
        CASE WHEN g % 50 = 0 THEN NULL ELSE t.received + interval '2 hours' END, CASE WHEN g % 50 = 0 THEN NULL ELSE g % 97 <> 0 END,
        CASE WHEN g % 50 = 0 THEN NULL ELSE to_char(t.received + interval '2 hours', 'YYYY-MM') END, NULL,
        CASE WHEN g % 50 = 0 THEN NULL ELSE jsonb_build_object('result', (ARRAY['satisfied','basic','unsatisfied'])[1 + h.h7 % 3]) END, 1, repeat('0', 64)
      FROM generate_series(${from}::int, ${to}::int) AS g
      -- Each dimension from its own hash of g, so that they vary independently as real orders do (a residue of g
      -- for each would tie subject, department, channel and region together and keep the detailed rollup small).
      CROSS JOIN LATERAL (SELECT abs(hashint4extended(g, 1)) AS h1, abs(hashint4extended(g, 2)) AS h2, abs(hashint4extended(g, 3)) AS h3,
        abs(hashint4extended(g, 4)) AS h4, abs(hashint4extended(g, 5)) AS h5, abs(hashint4extended(g, 6)) AS h6, abs(hashint4extended(g, 7)) AS h7) h
      CROSS JOIN LATERAL (SELECT 1 + h.h4 % 17 AS city, 1 + (h.h4 / 17) % 12 AS county) c
      CROSS JOIN LATERAL (SELECT c.city, '42' || lpad(c.city::text, 2, '0') || lpad(c.county::text, 2, '0') AS code) r
      CROSS JOIN LATERAL (SELECT now() - (h.h6 % 17520) * interval '1 hour' AS received,
        now() + (((g::bigint * 31) % 200) - 60) * interval '1 hour' AS due) t`);
  }
  await db.execute(sql`
    INSERT INTO hotline_rollups (region_code, month, category, subject_code, department_id, channel, received, dispatched, closed, closed_on_time, satisfied, basic, unsatisfied)
    SELECT region_code, to_char(received_at, 'YYYY-MM'), category, subject_code, department_id, channel, count(*), count(*),
      count(closed_at), count(*) FILTER (WHERE closed_on_time), count(*) FILTER (WHERE follow_up->>'result' = 'satisfied'),
      count(*) FILTER (WHERE follow_up->>'result' = 'basic'), count(*) FILTER (WHERE follow_up->>'result' = 'unsatisfied')
    FROM hotline_orders GROUP BY 1, 2, 3, 4, 5, 6`);
  // The scope rollups from the detailed one, as migration 0021 backfills them (and routes.test checks they agree).
  await db.execute(sql`
    INSERT INTO hotline_figure_rollups (scope, parent, month, category, received, dispatched, closed, closed_on_time, satisfied, basic, unsatisfied)
    SELECT left(r.region_code, l.n), left(r.region_code, l.up), r.month, r.category, sum(r.received), sum(r.dispatched), sum(r.closed), sum(r.closed_on_time), sum(r.satisfied), sum(r.basic), sum(r.unsatisfied)
      FROM hotline_rollups r JOIN (VALUES (2, 0), (4, 2), (6, 4), (9, 6), (12, 9)) AS l(n, up) ON l.n <= length(r.region_code)
     GROUP BY 1, 2, 3, 4`);
  await db.execute(sql`
    INSERT INTO hotline_list_rollups (scope, month, dimension, key, received, dispatched, closed, closed_on_time, satisfied, basic, unsatisfied)
    SELECT left(r.region_code, l.n), r.month, d.dimension, CASE d.dimension WHEN 'subject' THEN r.subject_code ELSE r.department_id::text END,
           sum(r.received), sum(r.dispatched), sum(r.closed), sum(r.closed_on_time), sum(r.satisfied), sum(r.basic), sum(r.unsatisfied)
      FROM hotline_rollups r JOIN (VALUES (2), (4), (6), (9), (12)) AS l(n) ON l.n <= length(r.region_code)
      CROSS JOIN (VALUES ('subject'), ('department')) AS d(dimension)
     WHERE d.dimension = 'subject' OR r.department_id <> '00000000-0000-0000-0000-000000000000'
     GROUP BY 1, 2, 3, 4`);
  await db.execute(sql`ANALYZE hotline_orders`);
  await db.execute(sql`ANALYZE hotline_rollups`);
  await db.execute(sql`ANALYZE hotline_figure_rollups`);
  await db.execute(sql`ANALYZE hotline_list_rollups`);
}

/** The same totals and groupings a supervisor sees, straight from the orders. */
async function plainScan(db: Db, prefix: string) {
  return Promise.all([
    db.execute(sql`SELECT count(*), count(closed_at), count(*) FILTER (WHERE closed_on_time), count(*) FILTER (WHERE follow_up->>'result' IN ('satisfied','basic')), count(follow_up) FROM hotline_orders WHERE region_code LIKE ${prefix}`),
    db.execute(sql`SELECT category, count(*) FROM hotline_orders WHERE region_code LIKE ${prefix} GROUP BY category`),
    db.execute(sql`SELECT subject_code, count(*) FROM hotline_orders WHERE region_code LIKE ${prefix} GROUP BY subject_code`),
    db.execute(sql`SELECT department_id, count(*) FROM hotline_orders WHERE region_code LIKE ${prefix} GROUP BY department_id`),
    db.execute(sql`SELECT left(region_code, 6), count(*) FROM hotline_orders WHERE region_code LIKE ${prefix} GROUP BY 1`),
    db.execute(sql`SELECT to_char(received_at, 'YYYY-MM'), count(*) FROM hotline_orders WHERE region_code LIKE ${prefix} GROUP BY 1`),
  ]);
}

/** What the figures read before the scope rollups: the same groupings over the detailed rollup, by LIKE on the region. */
async function detailScan(db: Db, prefix: string) {
  const w = sql`FROM hotline_rollups WHERE region_code LIKE ${prefix}`;
  return Promise.all([
    db.execute(sql`SELECT sum(received), sum(closed), sum(closed_on_time), sum(satisfied), sum(basic), sum(unsatisfied) ${w}`),
    db.execute(sql`SELECT category, sum(received), sum(closed) ${w} GROUP BY 1`),
    db.execute(sql`SELECT subject_code, sum(received), sum(closed) ${w} GROUP BY 1`),
    db.execute(sql`SELECT department_id, sum(dispatched), sum(closed), sum(closed_on_time) ${w} GROUP BY 1`),
    db.execute(sql`SELECT left(region_code, 6), sum(received), sum(closed) ${w} GROUP BY 1`),
    db.execute(sql`SELECT month, sum(received), sum(closed) ${w} GROUP BY 1`),
  ]);
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const supervisor = (regionCode: string): Caller => ({ id: '00000000-0000-4000-8000-0000000000aa', kind: 'staff', displayName: 'bench', roles: ['supervisor'], regionCode, departmentId: null, sessionId: 'bench' });

export async function main() {
  const pg = await benchPostgres('tb_bench_hotline');
  const handle = await openDb({ url: pg.url, poolSize: 4 });
  try {
    await migrateDb(handle);
    const db = handle.db;
    const t0 = Date.now();
    await generate(db, ORDERS);
    process.stdout.write(`generated ${ORDERS.toLocaleString('en')} work orders in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const env = { cipher: new FieldCipher('bench') };
    const rows = [];
    for (const region of ['420000', '421200', '421202']) {
      const prefix = `${region.endsWith('0000') ? region.slice(0, 2) : region.endsWith('00') ? region.slice(0, 4) : region}%`;
      const fig = () => figures(db, supervisor(region), {});
      const cards = () => listCards(db, env, supervisor(region), { limit: 50, offset: 0 });
      const cardsScan = () => db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL enable_indexscan = off`);
        await tx.execute(sql`SET LOCAL enable_bitmapscan = off`);
        return listCards(tx, env, supervisor(region), { limit: 50, offset: 0 });
      });
      await fig(); await plainScan(db, prefix); await detailScan(db, prefix); await cards(); await cardsScan();
      const a: number[] = []; const b: number[] = []; const c: number[] = []; const d: number[] = []; const e: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        a.push(await timeMs(fig)); b.push(await timeMs(() => plainScan(db, prefix))); e.push(await timeMs(() => detailScan(db, prefix)));
        c.push(await timeMs(cards)); d.push(await timeMs(cardsScan));
      }
      const r = { regionCode: region, figuresMs: median(a), figuresPlainScanMs: median(b), figuresRatio: median(b) / median(a), figuresDetailRollupMs: median(e), cardsMs: median(c), cardsFullScanMs: median(d), cardsRatio: median(d) / median(c) };
      rows.push(r);
      process.stdout.write(`${region}: figures ${r.figuresMs.toFixed(1)} ms vs plain scan ${r.figuresPlainScanMs.toFixed(1)} ms (×${r.figuresRatio.toFixed(1)}; detailed rollup ${r.figuresDetailRollupMs.toFixed(1)} ms); cards ${r.cardsMs.toFixed(2)} ms vs full scan ${r.cardsFullScanMs.toFixed(1)} ms (×${r.cardsRatio.toFixed(1)})\n`);
    }
    const sizes = await db.execute(sql`SELECT (SELECT count(*) FROM hotline_rollups)::int AS detailed, (SELECT count(*) FROM hotline_figure_rollups)::int AS figure, (SELECT count(*) FROM hotline_list_rollups)::int AS list`);
    const rollupRows = (sizes as unknown as { rows: Record<string, number>[] }).rows[0];
    process.stdout.write(`rollup rows: ${JSON.stringify(rollupRows)}\n`);
    writeResult('hotline', { name: 'hotline', orders: ORDERS, rollupRows, rows, postgres: pg.version, node: process.version, date: new Date().toISOString() });
  } finally {
    await handle.close();
    await pg.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
