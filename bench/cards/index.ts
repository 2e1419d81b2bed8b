/**
 * Red and yellow cards of a region among 1,000,000 open cases on PostgreSQL, through the service's listCards
 * (the partial index on yellow_at), against the same query with index scans switched off (a full scan).
 * Run: npx tsx bench/cards/index.ts   (uses DATABASE_URL, or starts a throw-away PostgreSQL)
 * Writes bench/results/cards.json. Figures are medians of several runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { FieldCipher } from '../../src/platform/crypto.js';
import { migrateDb, openDb, type Db } from '../../src/platform/db.js';
import type { Caller } from '../../src/platform/http.js';
import { listCards } from '../../src/modules/cases/index.js';
import { benchPostgres, median } from '../case-flow/postgres.js';

const OPEN_CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = 15;
const RESULT_FILE = fileURLToPath(new URL('../results/cards.json', import.meta.url));

/**
 * Open cases over 17 × 12 county codes of 湖北 (42xxyy); per mille of cases: 30 red (due passed), 24 yellow
 * (due within the next day), the rest green.
 */
async function generate(db: Db, n: number): Promise<void> {
  const batch = 250_000;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await db.execute(sql`
      INSERT INTO cases (region_code, id, number, item_id, item_version, item, department_id, step_department_ids, channel,
        applicant_kind, applicant_name, applicant_id_enc, applicant_id_masked, form_data, state, current_step,
        submitted_at, accepted_at, clock_kind, clock_start, limit_days, due_at, yellow_at, version, last_hash)
      SELECT r.code, gen_random_uuid(), r.code || lpad(g::text, 12, '0'), '00000000-0000-4000-8000-000000000001', 1,
        '{"name":"基准测试事项","steps":[],"materials":[]}'::jsonb, '00000000-0000-4000-8000-000000000002', '{}'::uuid[], 'online',
        'person', '申请人', 'x', '4212**********1232', '{}'::jsonb, 'in_steps', 0,
        d.due - interval '10 days', d.due - interval '10 days', 'processing', d.due - interval '10 days', 5, d.due, d.due - interval '1 day', 1, repeat('0', 64)
      FROM generate_series(${from}::int, ${to}::int) AS g
      CROSS JOIN LATERAL (SELECT '42' || lpad(((g % 17) + 1)::text, 2, '0') || lpad(((g % 12) + 1)::text, 2, '0') AS code) r
      CROSS JOIN LATERAL (SELECT now() + (((g::bigint * 7919) % 1000) - 30) * interval '1 hour' AS due) d`);
  }
  await db.execute(sql`ANALYZE cases`);
}

function supervisorOf(regionCode: string): Caller {
  return { id: '00000000-0000-4000-8000-0000000000aa', kind: 'staff', displayName: 'bench', roles: ['supervisor'], regionCode, departmentId: null, sessionId: 'bench' };
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export interface CardsBenchResult {
  name: 'cards';
  openCases: number;
  queries: { label: string; regionCode: string; color: string; matching: number; rows: number; indexedMs: number; fullScanMs: number; ratio: number }[];
  postgres: string;
  node: string;
  date: string;
}

export async function main(): Promise<CardsBenchResult> {
  const pg = await benchPostgres('tb_bench_cards');
  const handle = await openDb({ url: pg.url, poolSize: 4 });
  try {
    await migrateDb(handle);
    const db = handle.db;
    const t0 = Date.now();
    await generate(db, OPEN_CASES);
    process.stdout.write(`generated ${OPEN_CASES.toLocaleString('en')} open cases in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const env = { cipher: new FieldCipher('bench'), dataDir: '/tmp' };
    const cases = [
      { label: '县 county 421202, red+yellow', regionCode: '421202', color: undefined },
      { label: '市 city 421200, red', regionCode: '421200', color: 'red' as const },
      { label: '市 city 421200, yellow', regionCode: '421200', color: 'yellow' as const },
      { label: '省 province 420000, red+yellow', regionCode: '420000', color: undefined },
    ];
    const queries: CardsBenchResult['queries'] = [];
    for (const q of cases) {
      const caller = supervisorOf(q.regionCode);
      const run = (d: Db) => listCards(d, env, caller, { regionCode: q.regionCode, color: q.color, limit: 50, offset: 0 });
      const fullScan = () =>
        db.transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL enable_indexscan = off`);
          await tx.execute(sql`SET LOCAL enable_bitmapscan = off`);
          await tx.execute(sql`SET LOCAL enable_indexonlyscan = off`);
          return run(tx);
        });
      await run(db);
      await fullScan();
      const indexed: number[] = [];
      const scanned: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS; i++) {
        indexed.push(await timeMs(async () => (rows = (await run(db)).length)));
        scanned.push(await timeMs(fullScan));
      }
      const prefix = q.regionCode.endsWith('0000') ? q.regionCode.slice(0, 2) : q.regionCode.endsWith('00') ? q.regionCode.slice(0, 4) : q.regionCode;
      const colorSql = q.color === 'red' ? sql`AND due_at <= now()` : q.color === 'yellow' ? sql`AND due_at > now()` : sql``;
      const count = (await db.execute(sql`SELECT count(*)::int AS n FROM cases WHERE yellow_at <= now() AND region_code LIKE ${prefix + '%'} ${colorSql}`)) as unknown as { rows: { n: number }[] };
      const r = { label: q.label, regionCode: q.regionCode, color: q.color ?? 'red+yellow', matching: count.rows[0]!.n, rows, indexedMs: median(indexed), fullScanMs: median(scanned), ratio: median(scanned) / median(indexed) };
      queries.push(r);
      process.stdout.write(`${r.label.padEnd(34)} ${String(r.matching).padStart(7)} matching, first ${r.rows}: ${r.indexedMs.toFixed(2)} ms indexed vs ${r.fullScanMs.toFixed(1)} ms full scan (×${r.ratio.toFixed(0)})\n`);
    }
    const result: CardsBenchResult = { name: 'cards', openCases: OPEN_CASES, queries, postgres: pg.version, node: process.version, date: new Date().toISOString() };
    mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
    writeFileSync(RESULT_FILE, JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    await handle.close();
    await pg.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
