import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { getDepartmentByCode } from '../org/index.js';
import { caseTestApp, type CaseTestApp, type Client } from '../cases/testing.js';
import { startRouting, type RoutingWorker } from './dispatch.js';
import { hmacSignature } from './rules.js';
import { routingMessages, routingOutbox } from './schema.js';
import { acceptedCase, fakeDepartment, waitFor } from './testing.js';

let t: CaseTestApp;
let admin: Client;
let person: Client;
let clerk: Client;
let approver: Client;
let dept: Awaited<ReturnType<typeof fakeDepartment>>;
let worker: RoutingWorker;
let systemId: string;
let key: string;

function callback(body: Record<string, unknown>, opts: { key?: string; system?: string; ts?: string; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = opts.ts ?? new Date().toISOString();
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/routing/callbacks',
    headers: { 'content-type': 'application/json', 'x-routing-system': opts.system ?? systemId, 'x-routing-timestamp': ts, 'x-routing-signature': hmacSignature(opts.key ?? key, ts, JSON.stringify(body)) },
    payload: raw,
  });
}

async function caseRow(id: string) {
  const r = (await t.dbh.db.execute(sql`SELECT state, version, current_step FROM cases WHERE id = ${id}`)) as unknown as { rows: { state: string; version: number; current_step: number | null }[] };
  return r.rows[0]!;
}

async function lastEvent(id: string) {
  const r = (await t.dbh.db.execute(sql`SELECT actor_id, actor_name, action, role FROM case_events WHERE case_id = ${id} ORDER BY seq DESC LIMIT 1`)) as unknown as { rows: { actor_id: string; actor_name: string; action: string; role: string }[] };
  return r.rows[0]!;
}

/** A case at step 1, dispatched to the system and delivered. */
async function dispatched(): Promise<string> {
  const c = await acceptedCase(person, clerk, t.itemIds['421202-TEST-A']!);
  expect((await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0 })).statusCode).toBe(200);
  await waitFor(() => t.dbh.db.select().from(routingOutbox).where(eq(routingOutbox.caseId, c.id)), (r) => r[0]?.state === 'delivered');
  return c.id;
}

beforeAll(async () => {
  t = await caseTestApp(await testDbHandle());
  [admin, person, clerk, approver] = await Promise.all(['admin', '421202199001011232', 'clerk', 'approver'].map((a) => t.login(a)));
  dept = await fakeDepartment();
  const scjg = (await getDepartmentByCode(t.dbh.db, '421202-scjg')).id;
  const res = await admin.post('/api/v1/routing/systems', { departmentId: scjg, name: '市场监管审批系统', endpoint: dept.url, takeovers: [{ itemCode: '421202-TEST-A', steps: [1] }] });
  systemId = res.json().id;
  key = res.json().key;
  worker = await startRouting(t.dbh, { cipher: t.app.cipher, dataDir: t.config.dataDir }, { publicUrl: 'http://tongban.test', maxAttempts: 3, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await dept?.close();
});

describe('callbacks from a department system', () => {
  let caseId: string;

  it('refuses a bad signature with 401, logs it, and changes nothing', async () => {
    caseId = await dispatched();
    const before = await caseRow(caseId);
    const body = { messageId: 'm-1', caseId, step: 1, action: 'conclude', text: '准予许可' };
    const refusedBefore = (await t.dbh.db.select().from(routingMessages).where(eq(routingMessages.kind, 'callback_refused'))).length;
    const wrongKey = await callback(body, { key: Buffer.alloc(32, 7).toString('base64') });
    expect(wrongKey.statusCode, wrongKey.body).toBe(401);
    expect(wrongKey.json().code).toBe('ROUTING_SIGNATURE_INVALID');
    // Signed, then changed in transit.
    const tampered = await callback(body, { raw: JSON.stringify({ ...body, action: 'deny', reason: 'x' }) });
    expect(tampered.statusCode).toBe(401);
    const stale = await callback(body, { ts: new Date(Date.now() - 10 * 60_000).toISOString() });
    expect(stale.statusCode).toBe(401);
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/v1/routing/callbacks', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(unsigned.statusCode).toBe(401);
    expect(await caseRow(caseId)).toEqual(before);
    const refused = await t.dbh.db.select().from(routingMessages).where(eq(routingMessages.kind, 'callback_refused')).orderBy(desc(routingMessages.seq));
    expect(refused.length - refusedBefore).toBe(4);
    expect(refused.map((r) => r.note)).toEqual(expect.arrayContaining(['signature mismatch', 'timestamp outside the window', 'headers missing or malformed']));
    expect(refused.every((r) => r.status === 401)).toBe(true);
  });

  it('concludes the step through the case rules, with an event naming the system; a duplicate is answered the same and applies nothing', async () => {
    const body = { messageId: 'm-2', caseId, step: 1, action: 'conclude', text: '经审查,准予许可。' };
    const res = await callback(body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ messageId: 'm-2', duplicate: false, caseId, step: 1, action: 'conclude', state: 'concluded_approved' });
    expect(res.json().documentId).toBeTruthy();
    const ev = await lastEvent(caseId);
    expect(ev).toMatchObject({ actor_id: systemId, action: 'conclude', role: 'approver' });
    expect(ev.actor_name).toContain('市场监管审批系统');
    const version = (await caseRow(caseId)).version;
    const again = await callback(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ messageId: 'm-2', duplicate: true, state: 'concluded_approved', documentId: res.json().documentId });
    expect((await caseRow(caseId)).version).toBe(version);
    // A new message for the step the case has left: a clear 409, nothing applied.
    const late = await callback({ ...body, messageId: 'm-3' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CASE_STATE_CONFLICT');
    expect((await caseRow(caseId)).version).toBe(version);
    // The refusal is itself the first answer to m-3.
    const lateAgain = await callback({ ...body, messageId: 'm-3' });
    expect(lateAgain.statusCode).toBe(409);
    expect(lateAgain.json().code).toBe('CASE_STATE_CONFLICT');
  });

  it('answers 409 for a step not held by the system, 400 for an incomplete return', async () => {
    const c = await acceptedCase(person, clerk, t.itemIds['421202-TEST-A']!);
    const before = await caseRow(c.id);
    const notHeld = await callback({ messageId: 'm-4', caseId: c.id, step: 0, action: 'pass' });
    expect(notHeld.statusCode).toBe(409);
    expect(notHeld.json().code).toBe('ROUTING_STEP_NOT_HELD');
    expect(await caseRow(c.id)).toEqual(before);
    const held = await dispatched();
    const incomplete = await callback({ messageId: 'm-5', caseId: held, step: 1, action: 'return', toStep: 0 });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().code).toBe('ROUTING_CALLBACK_INVALID');
    const wrongStep = await callback({ messageId: 'm-6', caseId: held, step: 0, action: 'pass' });
    expect(wrongStep.json().code).toBe('ROUTING_STEP_NOT_HELD');
  });

  it('accepts the old key during a rotation’s grace period, and the new one', async () => {
    const held = await dispatched();
    const rotated = (await admin.post(`/api/v1/routing/systems/${systemId}/rotate-key`, { graceHours: 1 })).json();
    const oldKey = key;
    const back = await callback({ messageId: 'm-7', caseId: held, step: 1, action: 'return', toStep: 0, reason: '材料需核实' }, { key: oldKey });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().state).toBe('in_steps');
    expect((await caseRow(held)).current_step).toBe(0);
    expect((await approver.post(`/api/v1/cases/${held}/steps/pass`, { step: 0 })).statusCode).toBe(200);
    // Entering step 1 again is a new dispatch with a new delivery id.
    const rows = await waitFor(() => t.dbh.db.select().from(routingOutbox).where(eq(routingOutbox.caseId, held)), (r) => r.length === 2 && r.every((x) => x.state === 'delivered'));
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);
    key = rotated.key;
    const deny = await callback({ messageId: 'm-8', caseId: held, step: 1, action: 'deny', reason: '不符合条件', text: '不予许可。' });
    expect(deny.statusCode, deny.body).toBe(200);
    expect(deny.json().state).toBe('concluded_denied');
  });
});
