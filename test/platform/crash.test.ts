import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../helpers/db.js';

/**
 * Nothing acknowledged is lost: the server process is killed with SIGKILL in the middle of a stream of submissions,
 * started again on the same database (or the same embedded folder, which must survive the kill), and the clients
 * retry every submission they had no answer for, with its Idempotency-Key. Afterwards each key has exactly one case,
 * every acknowledged case is there, and every chain verifies. TONGBAN_CRASH_SUBMISSIONS sets the count (the
 * suite's default keeps its time; the 10,000 is a manual run).
 */
const SUBMISSIONS = Number(process.env.TONGBAN_CRASH_SUBMISSIONS ?? 400);
const CLIENTS = 8;
const SECRET = 'crash-test-secret-not-for-production';
const FORM_NAME = '断电测试申请';
const run = promisify(execFile);
const adminUrl = process.env.DATABASE_URL;
const databases: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (adminUrl && databases.length) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

async function newDatabase(): Promise<string> {
  if (!adminUrl) return '';
  const name = `tb_crash_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  databases.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const pause = () => new Promise((r) => setTimeout(r, 50));

describe(`SIGKILL during submissions (${testDbKind()})`, () => {
  it('loses no acknowledged submission, doubles none, and every chain verifies after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tongban-crash-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TONGBAN_DATA_DIR: dataDir,
      DATABASE_URL: await newDatabase(),
      TONGBAN_SECRET: SECRET,
      TONGBAN_DEMO: '1',
      TONGBAN_LOGIN_RATE_LIMIT: '100000',
      TONGBAN_CHECKPOINT_MINUTES: '0',
      LOG_LEVEL: 'silent',
    };

    let up = false;
    let server: ChildProcess;
    const start = async () => {
      server = spawn(process.execPath, ['bin/tongban.mjs', 'start'], { env, stdio: 'ignore' });
      children.push(server);
      for (let i = 0; ; i++) {
        if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode} while starting`);
        const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
        if (ready) break;
        if (i > 2400) throw new Error('the server did not become ready');
        await pause();
      }
      up = true;
    };
    await start();

    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: '91421202MA49AB1C2J', password: 'Tongban@2026' }) });
    expect(login.status).toBe(200);
    const session = { cookie: login.headers.getSetCookie().find((c) => c.startsWith('tb_session='))!.split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const items = (await (await fetch(`${base}/api/v1/catalog/items?q=${encodeURIComponent('食品经营许可')}&limit=50`)).json()) as { items: { id: string; code: string }[] };
    const itemId = items.items.find((i) => i.code === '421202-YD-SPJY')!.id;
    const guide = (await (await fetch(`${base}/api/v1/catalog/items/${itemId}/guide`, { headers: session })).json()) as { materials: { required: boolean }[] };
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' }), 'a.pdf');
    const uploaded = await fetch(`${base}/api/v1/cases/files`, { method: 'POST', headers: session, body: form });
    expect(uploaded.status).toBe(201);
    const fileId = ((await uploaded.json()) as { id: string }).id;
    const body = JSON.stringify({
      itemId,
      channel: 'online',
      form: { applicantName: FORM_NAME, creditCode: '91421202MA49AB1C2J', contactName: '李四', contactPhone: '13900000002', address: '咸宁市咸安区温泉路 1 号' },
      materials: guide.materials.flatMap((m, requirement) => (m.required ? [{ requirement, fileId }] : [])),
    });

    const keys = Array.from({ length: SUBMISSIONS }, (_, i) => `crash-key-${String(i).padStart(6, '0')}`);
    const acknowledged = new Map<string, string>();
    const statuses = new Map<string, number>();
    let next = 0;
    let killAt = Math.floor(SUBMISSIONS / 3);
    let restarted: Promise<void> | null = null;
    const client = async () => {
      for (;;) {
        // Each client takes the next key, and keeps a key until the server has acknowledged it.
        const key = next < keys.length ? keys[next++]! : [...keys].find((k) => !acknowledged.has(k) && !inFlight.has(k));
        if (key === undefined) {
          if (acknowledged.size === keys.length) return;
          await pause();
          continue;
        }
        inFlight.add(key);
        for (;;) {
          if (!up) {
            await restarted;
            continue;
          }
          const res = await fetch(`${base}/api/v1/cases`, { method: 'POST', headers: { ...session, 'content-type': 'application/json', 'idempotency-key': key }, body }).catch(() => null);
          const label = res ? String(res.status) : 'no answer';
          statuses.set(label, (statuses.get(label) ?? 0) + 1);
          if (res && (res.status === 201 || res.status === 200)) {
            acknowledged.set(key, ((await res.json()) as { id: string }).id);
            break;
          }
          // Anything but "no answer" or "come back later" is a defect of the test or the server: stop at once.
          if (res && res.status !== 503) throw new Error(`submission ${key}: ${res.status} ${await res.text()}`);
          if (res) await res.body?.cancel();
          await pause();
        }
        inFlight.delete(key);
        if (killAt && acknowledged.size >= killAt) {
          killAt = 0;
          up = false;
          server.kill('SIGKILL');
          restarted = new Promise((r) => server.once('exit', r)).then(start);
        }
      }
    };
    const inFlight = new Set<string>();
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect(restarted).not.toBeNull();
    await restarted;

    // Only acknowledgements, replays of a submission that committed before the kill, and no answer while down.
    for (const label of statuses.keys()) expect(['201', '200', 'no answer', '503']).toContain(label);
    expect(statuses.get('no answer') ?? 0).toBeGreaterThan(0);
    const mine = await fetch(`${base}/api/v1/cases?limit=1`, { headers: session });
    expect(mine.status).toBe(200);
    server!.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));

    // Counted in the database the server left: one case per key, none missing.
    const stored = await run(process.execPath, ['bin/tongban.mjs', 'verify', '--no-checkpoint'], { env });
    const report = JSON.parse(stored.stdout) as { ok: boolean; kinds: { kind: string; chainsChecked: number }[] };
    expect(report.ok).toBe(true);
    expect(report.kinds.find((k) => k.kind === 'case')!.chainsChecked).toBe(SUBMISSIONS);
    expect(new Set(acknowledged.values()).size).toBe(SUBMISSIONS);
  }, Math.max(900_000, SUBMISSIONS * 300));
});
