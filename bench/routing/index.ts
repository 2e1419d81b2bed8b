/**
 * Messages per second through the routing outbox (pg-boss worker, signed, logged) to the reference department
 * system, against the same signed HTTP posts sent directly one after another to the same server.
 * Run: npx tsx bench/routing/index.ts   (uses DATABASE_URL, or starts a throw-away PostgreSQL); BENCH_MESSAGES=n
 * Writes bench/results/routing.json. The aim (issue 17) is a ratio of at least 0.5.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { FieldCipher } from '../../src/platform/crypto.js';
import { migrateDb, openDb } from '../../src/platform/db.js';
import { startRouting } from '../../src/modules/routing/index.js';
import { hmacSignature } from '../../src/modules/routing/rules.js';
import { routingOutbox, routingSystems } from '../../src/modules/routing/schema.js';
import { benchPostgres } from '../case-flow/postgres.js';
import { writeResult } from '../lib.js';

const N = Number(process.env.BENCH_MESSAGES ?? 300);
const PORT = 4300 + Math.floor(Math.random() * 500);

export async function main() {
  const pg = await benchPostgres('tb_bench_routing');
  const handle = await openDb({ url: pg.url, poolSize: 4 });
  const key = Buffer.alloc(32, 3).toString('base64');
  const cipher = new FieldCipher('bench');
  const dept = spawn(process.execPath, [resolve(fileURLToPath(import.meta.url), '../../../examples/department-system/server.mjs')], {
    env: { ...process.env, PORT: String(PORT), SYSTEM_ID: randomUUID(), SYSTEM_KEY: key, DELAY_MS: '3600000', STATE_FILE: join(mkdtempSync(join(tmpdir(), 'bench-dept-')), 's.jsonl') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok) => dept.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && ok()));
  const endpoint = `http://127.0.0.1:${PORT}/cases`;
  try {
    await migrateDb(handle);
    const db = handle.db;
    const [system] = await db
      .insert(routingSystems)
      .values({ regionCode: '421202', departmentId: randomUUID(), name: 'bench', endpoint, keyEnc: cipher.encrypt(key), takeovers: [] })
      .returning();
    const message = (id: string) => JSON.stringify({ deliveryId: id, caseId: randomUUID(), caseNumber: 'B1', itemCode: 'X', step: 1, stepName: '决定', form: { name: '基准' }, materials: [], sentAt: new Date().toISOString() });

    // Baseline: the same signed posts, sent directly one after another.
    const d0 = performance.now();
    for (let i = 0; i < N; i++) {
      const id = randomUUID();
      const body = message(id);
      const ts = new Date().toISOString();
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tongban-delivery': id, 'x-tongban-timestamp': ts, 'x-tongban-signature': hmacSignature(key, ts, body) }, body });
      if (!res.ok) throw new Error(`direct post answered ${res.status}`);
      await res.text();
    }
    const directMs = performance.now() - d0;

    // Through the outbox: rows as the case hook writes them (message already composed), drained by the worker.
    const rows = Array.from({ length: N }, () => {
      const id = randomUUID();
      return { regionCode: '421202', id, systemId: system!.id, caseId: randomUUID(), step: 1, caseSeq: 1, payload: { number: 'B1', itemCode: 'X', form: {} }, body: message(id) };
    });
    await db.insert(routingOutbox).values(rows);
    const o0 = performance.now();
    const worker = await startRouting(handle, { cipher, dataDir: tmpdir() }, { publicUrl: 'http://127.0.0.1', pollingIntervalSeconds: 0.5, databaseUrl: pg.url });
    for (;;) {
      const r = (await db.execute(sql`SELECT count(*)::int AS n FROM routing_outbox WHERE state = 'delivered'`)) as unknown as { rows: { n: number }[] };
      if (r.rows[0]!.n >= N) break;
      await new Promise((x) => setTimeout(x, 20));
    }
    const outboxMs = performance.now() - o0;
    await worker.stop();
    const dead = await db.select().from(routingOutbox).where(eq(routingOutbox.state, 'dead'));
    const result = {
      name: 'routing', messages: N,
      direct: { ms: directMs, perSecond: (N * 1000) / directMs },
      outbox: { ms: outboxMs, perSecond: (N * 1000) / outboxMs, dead: dead.length },
      ratio: directMs / outboxMs,
      postgres: pg.version, node: process.version, date: new Date().toISOString(),
    };
    process.stdout.write(`${N} messages: outbox ${result.outbox.perSecond.toFixed(1)}/s vs direct ${result.direct.perSecond.toFixed(1)}/s (ratio ${result.ratio.toFixed(2)}, aim ≥ 0.5)\n`);
    writeResult('routing', result);
  } finally {
    dept.kill('SIGTERM');
    await handle.close();
    await pg.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
