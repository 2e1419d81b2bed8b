/**
 * The reference department system (examples/department-system/server.mjs) as a separate process against tongban
 * listening on real HTTP: dispatch, callback, a kill and restart while messages are pending, a tampered callback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { getDepartmentByCode } from '../org/index.js';
import { caseTestApp, type CaseTestApp, type Client } from '../cases/testing.js';
import { startRouting, type RoutingWorker } from './dispatch.js';
import { verifyLog } from './log.js';
import { hmacSignature } from './rules.js';
import { routingCallbacks, routingMessages, routingOutbox } from './schema.js';
import { acceptedCase, waitFor } from './testing.js';

const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples/department-system/server.mjs');

let t: CaseTestApp;
let person: Client;
let clerk: Client;
let approver: Client;
let worker: RoutingWorker;
let tongbanUrl: string;
let deptPort: number;
let systemId: string;
let key: string;
const stateFile = join(mkdtempSync(join(tmpdir(), 'department-')), 'state.jsonl');
let dept: ChildProcess | null = null;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Starts the department system and resolves once it says it is listening. */
async function startDepartment(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: String(deptPort), TONGBAN_URL: tongbanUrl, SYSTEM_ID: systemId, SYSTEM_KEY: key, DELAY_MS: '200', STATE_FILE: stateFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && ok());
    child.once('exit', (code) => fail(new Error(`department system exited ${code}`)));
  });
  return child;
}

async function stopDepartment(): Promise<void> {
  if (!dept) return;
  const exited = new Promise((r) => dept!.once('exit', r));
  dept.kill('SIGKILL');
  await exited;
  dept = null;
}

async function caseState(id: string): Promise<string> {
  const r = (await t.dbh.db.execute(sql`SELECT state FROM cases WHERE id = ${id}`)) as unknown as { rows: { state: string }[] };
  return r.rows[0]!.state;
}

async function toStepOne(): Promise<string> {
  const c = await acceptedCase(person, clerk, t.itemIds['421202-TEST-A']!);
  expect((await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0 })).statusCode).toBe(200);
  return c.id;
}

beforeAll(async () => {
  t = await caseTestApp(await testDbHandle());
  const admin = await t.login('admin');
  [person, clerk, approver] = await Promise.all(['421202199001011232', 'clerk', 'approver'].map((a) => t.login(a)));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  tongbanUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  deptPort = await freePort();
  const scjg = (await getDepartmentByCode(t.dbh.db, '421202-scjg')).id;
  const res = await admin.post('/api/v1/routing/systems', { departmentId: scjg, name: '市场监管审批系统', endpoint: `http://127.0.0.1:${deptPort}/cases`, takeovers: [{ itemCode: '421202-TEST-A', steps: [1] }] });
  expect(res.statusCode, res.body).toBe(201);
  systemId = res.json().id;
  key = res.json().key;
  worker = await startRouting(t.dbh, { cipher: t.app.cipher, dataDir: t.config.dataDir }, { publicUrl: tongbanUrl, maxAttempts: 30, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 });
  dept = await startDepartment();
}, 120_000);

afterAll(async () => {
  await stopDepartment();
  await worker?.stop();
});

describe('the reference department system, as a separate process', () => {
  it('takes a dispatched case and concludes it by callback', async () => {
    const id = await toStepOne();
    expect(await waitFor(() => caseState(id), (s) => s === 'concluded_approved', 90_000)).toBe('concluded_approved');
    const r = (await t.dbh.db.execute(sql`SELECT actor_id, action FROM case_events WHERE case_id = ${id} ORDER BY seq DESC LIMIT 1`)) as unknown as { rows: { actor_id: string; action: string }[] };
    expect(r.rows[0]).toEqual({ actor_id: systemId, action: 'conclude' });
  }, 120_000);

  it('loses nothing and doubles nothing when the department system is killed and restarted', async () => {
    await stopDepartment();
    const ids = [await toStepOne(), await toStepOne()];
    // Both messages fail at least once while the department is down.
    await waitFor(() => t.dbh.db.select().from(routingOutbox).where(sql`${routingOutbox.caseId} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`), (rows) => rows.length === 2 && rows.every((r) => r.attempts >= 1 && r.state === 'pending'), 60_000);
    dept = await startDepartment();
    for (const id of ids) expect(await waitFor(() => caseState(id), (s) => s === 'concluded_approved', 120_000)).toBe('concluded_approved');
    for (const id of ids) {
      const out = await t.dbh.db.select().from(routingOutbox).where(eq(routingOutbox.caseId, id));
      expect(out).toHaveLength(1);
      expect(out[0]!.state).toBe('delivered');
      const concludes = (await t.dbh.db.execute(sql`SELECT count(*)::int AS n FROM case_events WHERE case_id = ${id} AND action = 'conclude'`)) as unknown as { rows: { n: number }[] };
      expect(concludes.rows[0]!.n).toBe(1);
      expect(await t.dbh.db.select().from(routingCallbacks).where(eq(routingCallbacks.caseId, id))).toHaveLength(1);
    }
    // The department took each delivery once (its own record, across the restart).
    const state = (await (await fetch(`http://127.0.0.1:${deptPort}/state`)).json()) as { deliveries: { caseId: string; done: boolean; status: number }[] };
    for (const id of ids) expect(state.deliveries.filter((d) => d.caseId === id)).toEqual([expect.objectContaining({ done: true, status: 200 })]);
  }, 240_000);

  it('refuses and logs a tampered callback over HTTP', async () => {
    const id = await toStepOne();
    await stopDepartment(); // so only the tampered message reaches tongban about this case
    const body = JSON.stringify({ messageId: 'forged-1', caseId: id, step: 1, action: 'conclude', text: '准予' });
    const ts = new Date().toISOString();
    const res = await fetch(`${tongbanUrl}/api/v1/routing/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-routing-system': systemId, 'x-routing-timestamp': ts, 'x-routing-signature': hmacSignature(key, ts, body.replace('conclude', 'deny')) },
      body,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('ROUTING_SIGNATURE_INVALID');
    expect(await caseState(id)).toBe('in_steps');
    const logged = await t.dbh.db.select().from(routingMessages).where(eq(routingMessages.messageId, 'forged-1'));
    expect(logged).toMatchObject([{ direction: 'in', kind: 'callback_refused', status: 401, note: 'signature mismatch' }]);
    expect(await verifyLog(t.dbh.db)).toMatchObject({ ok: true, broken: [] });
  }, 60_000);
});
