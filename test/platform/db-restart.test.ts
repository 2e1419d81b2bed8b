import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseTestApp, type CaseTestApp, type Client } from '../../src/modules/cases/testing.js';
import { migrateDb, openDb } from '../../src/platform/db.js';
import { verifyChains } from '../../src/platform/event-log/verify.js';
import { asRoot, freePort, pgBin, pgTool } from '../helpers/pg-cluster.js';

/**
 * PostgreSQL restarted under load: requests during the outage get 503 DATABASE_UNAVAILABLE with Retry-After (never a
 * 500), the server serves again without restarting once the database is back, and every submission it acknowledged is
 * still there; the clients' retries with their Idempotency-Keys create nothing twice. It needs a cluster of its own
 * (restarting the suite's shared one would fail every other test file), so it runs where PostgreSQL's binaries are:
 * the PostgreSQL run of the suite.
 */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const bin = pgBin();
const pg = (tool: string, args: string[]): void => void pgTool(tool, args);

describe.skipIf(!process.env.DATABASE_URL || !bin)('PostgreSQL restarted under load', () => {
  let dir: string;
  let port: number;
  let t: CaseTestApp;
  let person: Client;
  let fileId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tongban-pgrestart-'));
    if (asRoot) execFileSync('chown', ['-R', 'postgres', dir]);
    port = await freePort();
    pg('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    pg('pg_ctl', ['-D', join(dir, 'data'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(dir, 'log'), '-w', 'start']);
    const dbh = await openDb({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, poolSize: 10 });
    await migrateDb(dbh);
    t = await caseTestApp(dbh);
    person = await t.login('421202199001011232');
    const boundary = '----tbrestart';
    const upload = await person.request(
      'POST',
      '/api/v1/cases/files',
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), PDF, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
    );
    expect(upload.statusCode, upload.body).toBe(201);
    fileId = upload.json().id;
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await t?.dbh.close().catch(() => undefined);
    if (dir) {
      try {
        pg('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 with Retry-After while it is down, serves again when it is back, and loses no acknowledged submission', async () => {
    const body = { itemId: t.itemIds['421202-TEST-A'], channel: 'online', form: { name: '重启中的申请', kind: 'a' }, materials: [{ requirement: 0, fileId }] };
    const acknowledged = new Map<string, string>(); // Idempotency-Key → case id
    const pending = new Set<string>();
    const statuses = new Map<number, number>();
    const unavailable: { retryAfter?: string; code?: string }[] = [];
    let n = 0;
    let phase: 'load' | 'stopping' | 'done' = 'load';

    const submit = async (key: string) => {
      const res = await person.post('/api/v1/cases', body, { 'idempotency-key': key });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode === 201 || res.statusCode === 200) {
        acknowledged.set(key, res.json().id);
        pending.delete(key);
      } else {
        pending.add(key);
        if (res.statusCode === 503) unavailable.push({ retryAfter: res.headers['retry-after'] as string | undefined, code: res.json().code });
      }
      return res.statusCode;
    };
    // Four clients submit back to back, each with a fresh key, until told to stop.
    const clients = Array.from({ length: 4 }, async (_, c) => {
      while (phase !== 'done') await submit(`restart-${c}-${n++}`);
    });

    const waitFor = async (what: string, cond: () => boolean) => {
      for (let i = 0; !cond(); i++) {
        if (i > 6000) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await waitFor('submissions before the restart', () => acknowledged.size >= 20);
    phase = 'stopping';
    pg('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
    await waitFor('503 answers while the database is down', () => unavailable.length >= 10);
    const ackedBeforeStart = acknowledged.size;
    pg('pg_ctl', ['-D', join(dir, 'data'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(dir, 'log'), '-w', 'start']);
    const back = Date.now();
    // The same process, its pool reconnecting: no restart of tongban.
    await waitFor('a submission acknowledged after the restart', () => acknowledged.size > ackedBeforeStart);
    const recoveredMs = Date.now() - back;
    phase = 'done';
    await Promise.all(clients);

    // No 500 storm: only acknowledgements and "come back later".
    expect([...statuses.keys()].sort()).toEqual([201, 503]);
    expect(unavailable.every((u) => u.code === 'DATABASE_UNAVAILABLE' && u.retryAfter === '5')).toBe(true);
    expect(recoveredMs).toBeLessThan(5_000);

    // The clients retry what was not acknowledged, with the same keys.
    for (const key of [...pending]) expect([200, 201]).toContain(await submit(key));
    expect(pending.size).toBe(0);
    const ids = [...acknowledged.values()];
    const stored = await t.dbh.query<{ id: string }>(`SELECT id FROM cases WHERE id = ANY($1::uuid[])`, [ids]);
    expect(stored.rows.length).toBe(new Set(ids).size);
    // One case per key: a retry of a submission that had in fact committed found it instead of making another.
    const perKey = await t.dbh.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE form_data->>'name' = '重启中的申请'`);
    expect(perKey.rows[0]!.n).toBe(acknowledged.size);
    expect((await verifyChains(t.dbh.db, { kind: 'case' })).ok).toBe(true);
  }, 300_000);
});
