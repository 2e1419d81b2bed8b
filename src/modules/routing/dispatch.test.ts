import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { FieldCipher, hmacSm3, sm3 } from '../../platform/crypto.js';
import { getDepartmentByCode } from '../org/index.js';
import { caseTestApp, type CaseTestApp, type Client } from '../cases/testing.js';
import { startRouting, type RoutingWorker } from './dispatch.js';
import { routingOutbox } from './schema.js';
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

const outbox = (caseId: string) => t.dbh.db.select().from(routingOutbox).where(eq(routingOutbox.caseId, caseId));

beforeAll(async () => {
  t = await caseTestApp(await testDbHandle());
  [admin, person, clerk, approver] = await Promise.all(['admin', '421202199001011232', 'clerk', 'approver'].map((a) => t.login(a)));
  dept = await fakeDepartment();
  const scjg = (await getDepartmentByCode(t.dbh.db, '421202-scjg')).id;
  const res = await admin.post('/api/v1/routing/systems', { departmentId: scjg, name: '市场监管审批系统', endpoint: dept.url, takeovers: [{ itemCode: '421202-TEST-A', steps: [1] }] });
  expect(res.statusCode, res.body).toBe(201);
  systemId = res.json().id;
  key = res.json().key;
  worker = await startRouting(t.dbh, { cipher: t.app.cipher, dataDir: t.config.dataDir }, { publicUrl: 'http://tongban.test', maxAttempts: 3, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await dept?.close();
});

describe('dispatch through the outbox', () => {
  it('writes no outbox row for a step tongban serves, and one in the step event’s transaction for a step the system serves', async () => {
    const c = await acceptedCase(person, clerk, t.itemIds['421202-TEST-A']!);
    expect(await outbox(c.id)).toEqual([]);
    // A refused pass (wrong step) changes nothing, so writes no outbox row either.
    expect((await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 1 })).statusCode).toBe(409);
    expect(await outbox(c.id)).toEqual([]);
    const passed = await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0, opinion: '同意' });
    expect(passed.statusCode, passed.body).toBe(200);
    const [row] = await outbox(c.id);
    const ev = (await t.dbh.db.execute(sql`SELECT version FROM cases WHERE id = ${c.id}`)) as unknown as { rows: { version: number }[] };
    expect(row).toMatchObject({ systemId, step: 1, caseSeq: ev.rows[0]!.version });

    const delivered = await waitFor(() => outbox(c.id), (r) => r[0]?.state === 'delivered');
    expect(delivered[0]!.attempts).toBe(1);
    const got = dept.received.filter((r) => JSON.parse(r.body).caseId === c.id);
    expect(got).toHaveLength(1);
    const msg = JSON.parse(got[0]!.body);
    expect(msg).toMatchObject({ deliveryId: row!.id, caseId: c.id, caseNumber: c.number, itemCode: '421202-TEST-A', step: 1, stepName: '决定', form: { name: '张三的小店', kind: 'a' } });
    // The signature is HMAC-SM3 over timestamp and the body's SM3, with the system's key.
    const h = got[0]!.headers;
    expect(h['x-tongban-delivery']).toBe(row!.id);
    const expected = hmacSm3(Buffer.from(key, 'base64'), `${h['x-tongban-timestamp']}\n${sm3(got[0]!.body)}`).toString('hex');
    expect(String(h['x-tongban-signature']).split(',')).toContain(expected);
    // Materials come as signed links that expire: the link serves the file, a changed one does not.
    expect(msg.materials).toHaveLength(2);
    const link = new URL(msg.materials[0].url);
    expect(Date.parse(msg.materials[0].expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const file = await t.anonymous.get(link.pathname + link.search);
    expect(file.statusCode, file.body).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const tampered = link.pathname + link.search.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await t.anonymous.get(tampered)).statusCode).toBe(404);
  });

  it('retries with backoff, dead-letters after the last attempt, and replays with the same delivery id', async () => {
    dept.status = 503;
    const c = await acceptedCase(person, clerk, t.itemIds['421202-TEST-A']!);
    expect((await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0 })).statusCode).toBe(200);
    const [dead] = await waitFor(() => outbox(c.id), (r) => r[0]?.state === 'dead');
    expect(dead).toMatchObject({ attempts: 3, lastError: 'answered 503' });
    const attempts = dept.received.filter((r) => r.headers['x-tongban-delivery'] === dead!.id);
    expect(attempts.map((a) => a.headers['x-tongban-attempt'])).toEqual(['1', '2', '3']);
    // Every attempt sent the same bytes under the same delivery id.
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    const list = (await admin.get('/api/v1/routing/deliveries?state=dead')).json();
    expect(list.items.map((d: { id: string }) => d.id)).toContain(dead!.id);

    dept.status = 200;
    const replayed = await admin.post(`/api/v1/routing/deliveries/${dead!.id}/replay`, {});
    expect(replayed.statusCode, replayed.body).toBe(200);
    expect(replayed.json()).toMatchObject({ id: dead!.id, state: 'pending', attempts: 0 });
    const [done] = await waitFor(() => outbox(c.id), (r) => r[0]?.state === 'delivered');
    expect(done!.attempts).toBe(1);
    const all = dept.received.filter((r) => r.headers['x-tongban-delivery'] === dead!.id);
    expect(all).toHaveLength(4);
    expect(new Set(all.map((a) => JSON.parse(a.body).deliveryId))).toEqual(new Set([dead!.id]));
    // A delivered message is not a dead letter: replaying it is refused and queues nothing.
    const again = await admin.post(`/api/v1/routing/deliveries/${dead!.id}/replay`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ROUTING_DELIVERY_NOT_DEAD');
    expect((await admin.post('/api/v1/routing/deliveries/00000000-0000-4000-8000-000000000000/replay', {})).json().code).toBe('ROUTING_DELIVERY_NOT_FOUND');
    const [still] = await t.dbh.db.select().from(routingOutbox).where(and(eq(routingOutbox.id, dead!.id)));
    expect(still!.state).toBe('delivered');
  });

  it('keeps the system’s key encrypted at rest', async () => {
    const r = (await t.dbh.db.execute(sql`SELECT key_enc FROM routing_systems WHERE id = ${systemId}`)) as unknown as { rows: { key_enc: string }[] };
    expect(new FieldCipher(t.config.secret).decrypt(r.rows[0]!.key_enc)).toBe(key);
  });
});
