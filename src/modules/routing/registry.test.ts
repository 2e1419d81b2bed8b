import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { FieldCipher } from '../../platform/crypto.js';
import { createStaffUser, getDepartmentByCode } from '../org/index.js';
import { caseTestApp, type CaseTestApp, type Client } from '../cases/testing.js';
import { routingSystems } from './schema.js';
import { acceptedKeys } from './service.js';

let t: CaseTestApp;
let admin: Client;
let ezhouAdmin: Client;
let approver: Client;
let scjg: string;
let ga: string;

function expectError(res: { statusCode: number; body: string; json(): any }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messageEn).toMatch(/[A-Za-z]/);
}

async function systemCount(): Promise<number> {
  const r = (await t.dbh.db.execute(sql`SELECT count(*)::int AS n FROM routing_systems`)) as unknown as { rows: { n: number }[] };
  return r.rows[0]!.n;
}

const body = (over: Record<string, unknown> = {}) => ({ departmentId: scjg, name: '市场监管审批系统', endpoint: 'http://127.0.0.1:9/cases', takeovers: [{ itemCode: '421202-TEST-A', steps: [1] }], ...over });

beforeAll(async () => {
  t = await caseTestApp(await testDbHandle());
  admin = await t.login('admin');
  approver = await t.login('approver');
  scjg = (await getDepartmentByCode(t.dbh.db, '421202-scjg')).id;
  ga = (await getDepartmentByCode(t.dbh.db, '421202-ga')).id;
  await createStaffUser(t.dbh.db, null, { username: 'admin_ez', displayName: 'admin_ez', password: 'Tongban@2026', roles: ['admin'], regionCode: '420700', departmentId: null });
  ezhouAdmin = await t.login('admin_ez');
}, 120_000);

describe('the registry of department systems', () => {
  let id: string;
  let firstKey: string;

  it('registers a system, shows its key once and keeps it only encrypted', async () => {
    const res = await admin.post('/api/v1/routing/systems', body());
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({ regionCode: '421202', departmentId: scjg, status: 'active', keyVersion: 1, takeovers: [{ itemCode: '421202-TEST-A', steps: [1] }] });
    expect(Buffer.from(s.key, 'base64')).toHaveLength(32);
    id = s.id;
    firstKey = s.key;
    const [row] = await t.dbh.db.select().from(routingSystems);
    expect(row!.keyEnc).not.toContain(s.key);
    expect(new FieldCipher(t.config.secret).decrypt(row!.keyEnc)).toBe(s.key);
    const list = (await admin.get('/api/v1/routing/systems')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].key).toBeUndefined();
  });

  it('refuses bad input with a coded error and stores nothing', async () => {
    const before = await systemCount();
    expectError(await admin.post('/api/v1/routing/systems', body({ endpoint: 'ftp://x/y' })), 400, 'ROUTING_ENDPOINT_INVALID');
    expectError(await admin.post('/api/v1/routing/systems', body({ endpoint: 'not a url' })), 400, 'ROUTING_ENDPOINT_INVALID');
    expectError(await admin.post('/api/v1/routing/systems', body({ takeovers: [{ itemCode: 'NO-SUCH-ITEM' }] })), 400, 'ROUTING_TAKEOVER_INVALID');
    // The item's steps are 市场监管's, not 公安's; step 5 does not exist.
    expectError(await admin.post('/api/v1/routing/systems', body({ departmentId: ga, takeovers: [{ itemCode: '421202-TEST-A' }] })), 400, 'ROUTING_TAKEOVER_INVALID');
    expectError(await admin.post('/api/v1/routing/systems', body({ takeovers: [{ itemCode: '421202-TEST-A', steps: [5] }] })), 400, 'ROUTING_TAKEOVER_INVALID');
    expectError(await admin.post('/api/v1/routing/systems', body({ takeovers: [] })), 400, 'VALIDATION_FAILED');
    // Step 1 is already served by the first system.
    expectError(await admin.post('/api/v1/routing/systems', body({ takeovers: [{ itemCode: '421202-TEST-A' }] })), 409, 'ROUTING_TAKEOVER_CONFLICT');
    expectError(await ezhouAdmin.post('/api/v1/routing/systems', body({ takeovers: [{ itemCode: '421202-TEST-B' }] })), 403, 'ROUTING_FORBIDDEN');
    expect((await approver.post('/api/v1/routing/systems', body({ takeovers: [{ itemCode: '421202-TEST-B' }] }))).statusCode).toBe(403);
    expect(await systemCount()).toBe(before);
    expectError(await ezhouAdmin.post(`/api/v1/routing/systems/${id}/status`, { status: 'suspended' }), 404, 'ROUTING_SYSTEM_NOT_FOUND');
    expect((await ezhouAdmin.get('/api/v1/routing/systems')).json().items).toEqual([]);
  });

  it('suspends and reactivates, refusing a repeat', async () => {
    const s = await admin.post(`/api/v1/routing/systems/${id}/status`, { status: 'suspended' });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().status).toBe('suspended');
    expectError(await admin.post(`/api/v1/routing/systems/${id}/status`, { status: 'suspended' }), 409, 'ROUTING_SYSTEM_STATE_CONFLICT');
    // While it is suspended, another system may take the step; reactivating the first would then overlap.
    const other = await admin.post('/api/v1/routing/systems', body({ name: '备用系统' }));
    expect(other.statusCode, other.body).toBe(201);
    expectError(await admin.post(`/api/v1/routing/systems/${id}/status`, { status: 'active' }), 409, 'ROUTING_TAKEOVER_CONFLICT');
    expect((await admin.post(`/api/v1/routing/systems/${other.json().id}/status`, { status: 'suspended' })).statusCode).toBe(200);
    const back = await admin.post(`/api/v1/routing/systems/${id}/status`, { status: 'active' });
    expect(back.json().status).toBe('active');
  });

  it('rotates the key with a grace period in which the old key is still accepted', async () => {
    expectError(await admin.post(`/api/v1/routing/systems/${id}/rotate-key`, { graceHours: 1000 }), 400, 'ROUTING_GRACE_INVALID');
    const r = await admin.post(`/api/v1/routing/systems/${id}/rotate-key`, { graceHours: 2 });
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json();
    expect(s.keyVersion).toBe(2);
    expect(s.key).not.toBe(firstKey);
    expect(Date.parse(s.previousKeyValidUntil)).toBeGreaterThan(Date.now() + 3_500_000);
    const [row] = await t.dbh.db.select().from(routingSystems).where(sql`id = ${id}`);
    const cipher = new FieldCipher(t.config.secret);
    expect(acceptedKeys({ cipher }, row!)).toEqual([s.key, firstKey]);
    // After the grace period only the new key counts.
    expect(acceptedKeys({ cipher, now: () => new Date(Date.now() + 3 * 3_600_000) }, row!)).toEqual([s.key]);
  });
});
