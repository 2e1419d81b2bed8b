/**
 * The supervisor's hotline figures and red/yellow card list over 1,000,000 work orders on PostgreSQL: the
 * service's figures (read from the rollups) against the same totals computed by a plain scan of the orders, and
 * listCards (partial index on yellow_at) against the same query with index scans switched off.
 * Run: npx tsx bench/hotline/index.ts   (uses DATABASE_URL, or starts a throw-away PostgreSQL); BENCH_ORDERS=n
 * Writes bench/results/hotline.json. Figures are medians of several runs.
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
const RUNS = 9;

async function generate(db: Db, n: number): Promise<void> {
  const batch = 250_000;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    // 2 % of orders still open (a third of them late), the rest closed; months spread over two years.
    await db.execute(sql`
      INSERT INTO hotline_orders (region_code, id, number, channel, category, subject_code, state, title, description, department_id,
        limit_days, clock_start, due_at, yellow_at, received_at, closed_at, closed_on_time, closed_month, closed_department_id, follow_up, version, last_hash)
      SELECT r.code, gen_random_uuid(), 'B' || lpad(g::text, 10, '0'), (ARRAY['phone','web','app','message','letter'])[1 + g % 5],
        (ARRAY['consult','help','complaint','report','suggestion','praise'])[1 + g % 6], 'S' || lpad((g % 40)::text, 2, '0'),
        CASE WHEN g % 50 = 0 THEN 'dispatched' ELSE 'closed' END, '基准工单', '基准工单', ('00000000-0000-4000-8000-' || lpad((g % 30)::text, 12, '0'))::uuid,
        3, t.received, t.due, CASE WHEN g % 50 = 0 THEN t.due - interval '1 day' END, t.received,
        CASE WHEN g % 50 = 0 THEN NULL ELSE t.received + interval '2 hours' END, CASE WHEN g % 50 = 0 THEN NULL ELSE g % 97 <> 0 END,
        CASE WHEN g % 50 = 0 THEN NULL ELSE to_char(t.received + interval '2 hours', 'YYYY-MM') END, NULL,
        CASE WHEN g % 50 = 0 THEN NULL ELSE jsonb_build_object('result', (ARRAY['satisfied','basic','unsatisfied'])[1 + g % 3]) END, 1, repeat('0', 64)
      FROM generate_series(${from}::int, ${to}::int) AS g
      CROSS JOIN LATERAL (SELECT '42' || lpad(((g % 17) + 1)::text, 2, '0') || lpad(((g % 12) + 1)::text, 2, '0') AS code) r
      CROSS JOIN LATERAL (SELECT now() - ((g::bigint * 7919) % 17520) * interval '1 hour' AS received,
        now() + (((g::bigint * 31) % 200) - 60) * interval '1 hour' AS due) t`);
  }
  await db.execute(sql`
    INSERT INTO hotline_rollups (region_code, month, category, subject_code, department_id, channel, received, dispatched, closed, closed_on_time, satisfied, basic, unsatisfied)
    SELECT region_code, to_char(received_at, 'YYYY-MM'), category, subject_code, department_id, channel, count(*), count(*),
      count(closed_at), count(*) FILTER (WHERE closed_on_time), count(*) FILTER (WHERE follow_up->>'result' = 'satisfied'),
      count(*) FILTER (WHERE follow_up->>'result' = 'basic'), count(*) FILTER (WHERE follow_up->>'result' = 'unsatisfied')
    FROM hotline_orders GROUP BY 1, 2, 3, 4, 5, 6`);
  await db.execute(sql`ANALYZE hotline_orders`);
  await db.execute(sql`ANALYZE hotline_rollups`);
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
    for (const region of ['420000', '421200']) {
      const prefix = `${region.endsWith('0000') ? region.slice(0, 2) : region.slice(0, 4)}%`;
      const fig = () => figures(db, supervisor(region), {});
      const cards = () => listCards(db, env, supervisor(region), { limit: 50, offset: 0 });
      const cardsScan = () => db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL enable_indexscan = off`);
        await tx.execute(sql`SET LOCAL enable_bitmapscan = off`);
        return listCards(tx, env, supervisor(region), { limit: 50, offset: 0 });
      });
      await fig(); await plainScan(db, prefix); await cards(); await cardsScan();
      const a: number[] = []; const b: number[] = []; const c: number[] = []; const d: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        a.push(await timeMs(fig)); b.push(await timeMs(() => plainScan(db, prefix)));
        c.push(await timeMs(cards)); d.push(await timeMs(cardsScan));
      }
      const r = { regionCode: region, figuresMs: median(a), figuresPlainScanMs: median(b), figuresRatio: median(b) / median(a), cardsMs: median(c), cardsFullScanMs: median(d), cardsRatio: median(d) / median(c) };
      rows.push(r);
      process.stdout.write(`${region}: figures ${r.figuresMs.toFixed(1)} ms vs plain scan ${r.figuresPlainScanMs.toFixed(1)} ms (×${r.figuresRatio.toFixed(1)}); cards ${r.cardsMs.toFixed(2)} ms vs full scan ${r.cardsFullScanMs.toFixed(1)} ms (×${r.cardsRatio.toFixed(1)})\n`);
    }
    writeResult('hotline', { name: 'hotline', orders: ORDERS, rows, postgres: pg.version, node: process.version, date: new Date().toISOString() });
  } finally {
    await handle.close();
    await pg.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
