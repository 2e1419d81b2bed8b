import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testApp, DEMO_PASSWORD } from '../../../test/helpers/app.js';
import { sessions, users } from './schema.js';
import { inScope } from './rules.js';
import { sm3 } from '../../platform/crypto.js';

const t = await testApp();
const { app, anonymous } = t;

function expectError(res: { statusCode: number; json(): any }, status: number, code: string) {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messageEn).toMatch(/[A-Za-z]/);
  expect(body).not.toHaveProperty('stack');
  return body;
}

async function userCount() {
  const [{ n }] = await t.dbh.db.select({ n: sql<number>`count(*)::int` }).from(users);
  return n;
}

describe('platform endpoints', () => {
  it('answers health and readiness', async () => {
    expect((await anonymous.get('/healthz')).json()).toMatchObject({ status: 'ok' });
    expect((await anonymous.get('/readyz')).json()).toMatchObject({ status: 'ready', database: t.dbh.kind });
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const doc = (await anonymous.get('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/auth/login'].post.requestBody).toBeDefined();
    expect((await anonymous.get('/api/docs/')).statusCode).toBe(200);
  });

  it('answers unknown routes with a coded 404', async () => {
    expectError(await anonymous.get('/api/v1/nothing-here'), 404, 'NOT_FOUND');
  });
});

describe('registration', () => {
  const person = { name: '王五', idNumber: '11010519491231002X', mobile: '13800000003', password: 'Blue-Harbour-Kettle-71' };

  it('registers a person and stores the ID number encrypted and masked', async () => {
    const res = await anonymous.post('/api/v1/auth/register/person', person);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'submitted' });
    const [row] = await t.dbh.db.select().from(users).where(eq(users.idNumberIndex, app.cipher.blindIndex('11010519491231002X')));
    expect(row).toMatchObject({ kind: 'person', idNumberMasked: '1101**********002X', roles: ['applicant_person'], identityVerifiedAt: null });
    expect(row.idNumberEnc).not.toContain('11010519491231002X');
    expect(app.cipher.decrypt(row.idNumberEnc!)).toBe('11010519491231002X');
    expect(res.body).not.toContain('11010519491231002X');
  });

  it('answers the same ID number a second time exactly like the first, and creates nothing', async () => {
    const before = await userCount();
    const again = await anonymous.post('/api/v1/auth/register/person', { ...person, name: '别人' });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ status: 'submitted' });
    expect(await userCount()).toBe(before);
  });

  it('names the field of a bad ID number, mobile or password and creates nothing', async () => {
    const before = await userCount();
    const bad = expectError(await anonymous.post('/api/v1/auth/register/person', { ...person, idNumber: '110105194912310021' }), 400, 'ID_NUMBER_INVALID');
    expect(bad.details).toMatchObject({ field: 'idNumber', problem: 'checkDigit' });
    expectError(await anonymous.post('/api/v1/auth/register/person', { ...person, idNumber: '430102199302290015' }), 400, 'ID_NUMBER_INVALID');
    expectError(await anonymous.post('/api/v1/auth/register/person', { ...person, idNumber: '430102199202290018', mobile: '12345' }), 400, 'MOBILE_INVALID');
    expectError(await anonymous.post('/api/v1/auth/register/person', { ...person, idNumber: '430102199202290018', password: 'abcdefgh' }), 400, 'PASSWORD_TOO_WEAK');
    expectError(await anonymous.post('/api/v1/auth/register/person', { ...person, idNumber: '430102199202290018', password: 'Ab1#' }), 400, 'PASSWORD_TOO_WEAK');
    expect(await userCount()).toBe(before);
  });

  it('registers an enterprise by a checked credit code', async () => {
    const enterprise = { name: '示例股份有限公司', creditCode: '91440300708461136T', legalRepresentative: '赵六', mobile: '13800000004', password: 'Blue-Harbour-Kettle-71' };
    expect((await anonymous.post('/api/v1/auth/register/enterprise', enterprise)).statusCode).toBe(202);
    const bad = expectError(await anonymous.post('/api/v1/auth/register/enterprise', { ...enterprise, creditCode: '91440300708461136U' }), 400, 'CREDIT_CODE_INVALID');
    expect(bad.details.field).toBe('creditCode');
    const login = await anonymous.post('/api/v1/auth/login', { account: '91440300708461136T', password: 'Blue-Harbour-Kettle-71' });
    expect(login.json().user.roles).toEqual(['applicant_enterprise']);
  });

  it('rejects malformed JSON, wrong types, unknown and missing fields, and oversize bodies with 4xx', async () => {
    const before = await userCount();
    const raw = await app.inject({ method: 'POST', url: '/api/v1/auth/register/person', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expectError(raw, 400, 'BAD_JSON');
    const wrongType = expectError(await anonymous.post('/api/v1/auth/register/person', { ...person, name: 42 }), 400, 'VALIDATION_FAILED');
    expect(wrongType.details.fields[0].field).toBe('name');
    const unknown = expectError(await anonymous.post('/api/v1/auth/register/person', { ...person, isAdmin: true }), 400, 'VALIDATION_FAILED');
    expect(unknown.details.fields.map((f: { field: string }) => f.field)).toContain('isAdmin');
    const missing = expectError(await anonymous.post('/api/v1/auth/register/person', { name: 'x' }), 400, 'VALIDATION_FAILED');
    expect(missing.details.fields.map((f: { field: string }) => f.field)).toContain('idNumber');
    const big = await app.inject({ method: 'POST', url: '/api/v1/auth/register/person', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ...person, name: 'x'.repeat(2 * 1024 * 1024) }) });
    expectError(big, 413, 'BODY_TOO_LARGE');
    const text = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await userCount()).toBe(before);
  });
});

describe('sessions', () => {
  it('logs in with an httpOnly SameSite cookie and returns a CSRF token', async () => {
    const res = await anonymous.post('/api/v1/auth/login', { account: 'admin', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'tb_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json().csrfToken).toMatch(/.{20,}/);
    expect(res.json().idleSeconds).toBe(1800);
  });

  it('logs a person in by ID number', async () => {
    const res = await anonymous.post('/api/v1/auth/login', { account: '421202199001011232', password: DEMO_PASSWORD });
    expect(res.json().user.roles).toEqual(['applicant_person']);
  });

  it('requires the CSRF token on state-changing requests', async () => {
    const admin = await t.login('admin');
    const noToken = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: admin.cookie! } });
    expectError(noToken, 403, 'CSRF_TOKEN_INVALID');
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: admin.cookie!, 'x-csrf-token': 'forged' } });
    expectError(wrong, 403, 'CSRF_TOKEN_INVALID');
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('ends the session on the server at logout', async () => {
    const admin = await t.login('admin');
    expect((await admin.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expectError(await admin.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('expires a staff session after 30 minutes idle', async () => {
    const clerk = await t.login('clerk');
    expect((await clerk.get('/api/v1/auth/me')).statusCode).toBe(200);
    const sessionId = sm3(clerk.cookie!.replace('tb_session=', ''));
    await t.dbh.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 29 * 60_000) }).where(eq(sessions.id, sessionId));
    expect((await clerk.get('/api/v1/auth/me')).statusCode).toBe(200);
    await t.dbh.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) }).where(eq(sessions.id, sessionId));
    expectError(await clerk.get('/api/v1/auth/me'), 401, 'SESSION_EXPIRED');
    expectError(await clerk.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('answers 401 without a session', async () => {
    expectError(await anonymous.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await anonymous.get('/api/v1/admin/users'), 401, 'UNAUTHENTICATED');
  });

  it('locks an account for 15 minutes after 5 failed logins, and audits it', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/v1/admin/users', { username: 'locktest', displayName: '锁定测试', password: 'Blue-Harbour-Kettle-71', roles: ['supervisor'], regionCode: '421200' });
    expect(created.statusCode).toBe(201);
    for (let i = 0; i < 4; i++) expectError(await anonymous.post('/api/v1/auth/login', { account: 'locktest', password: 'wrong-pass-1' }), 401, 'LOGIN_FAILED');
    const fifth = expectError(await anonymous.post('/api/v1/auth/login', { account: 'locktest', password: 'wrong-pass-1' }), 423, 'ACCOUNT_LOCKED');
    const until = new Date(fifth.details.lockedUntil).getTime();
    expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
    expectError(await anonymous.post('/api/v1/auth/login', { account: 'locktest', password: 'Blue-Harbour-Kettle-71' }), 423, 'ACCOUNT_LOCKED');
    const audit = (await admin.get(`/api/v1/admin/audit?targetId=&actorId=${created.json().id}&limit=50`)).json();
    const actions = audit.map((a: { action: string }) => a.action);
    expect(actions).toContain('account.locked');
    expect(actions).toContain('login.locked');
    expect((await admin.get(`/api/v1/admin/users?kind=staff&limit=500`)).json().find((u: { id: string }) => u.id === created.json().id).lockedUntil).not.toBeNull();
    expect(actions.filter((a: string) => a === 'login.failed')).toHaveLength(5);
    const unlocked = await admin.patch(`/api/v1/admin/users/${created.json().id}`, { unlock: true });
    expect(unlocked.json().lockedUntil).toBeNull();
    expect((await anonymous.post('/api/v1/auth/login', { account: 'locktest', password: 'Blue-Harbour-Kettle-71' })).statusCode).toBe(200);
  });

  it('gives the same answer for an unknown account as for a wrong password', async () => {
    expectError(await anonymous.post('/api/v1/auth/login', { account: 'nobody', password: 'whatever1' }), 401, 'LOGIN_FAILED');
  });
});

describe('administration and scope', () => {
  it('lets an admin create staff and audits it; the new clerk needs a department', async () => {
    const admin = await t.login('admin');
    const departments = (await admin.get('/api/v1/departments?regionCode=421202')).json();
    const xzsp = departments.find((d: { code: string }) => d.code === '421202-xzsp');
    expectError(await admin.post('/api/v1/admin/users', { username: 'clerk2', displayName: '窗口二', password: 'Blue-Harbour-Kettle-71', roles: ['window_clerk'], regionCode: '421202' }), 400, 'ROLE_SCOPE_REQUIRED');
    const res = await admin.post('/api/v1/admin/users', { username: 'clerk2', displayName: '窗口二', password: 'Blue-Harbour-Kettle-71', roles: ['window_clerk'], regionCode: '421202', departmentId: xzsp.id });
    expect(res.statusCode).toBe(201);
    expectError(await admin.post('/api/v1/admin/users', { username: 'clerk2', displayName: '窗口二', password: 'Blue-Harbour-Kettle-71', roles: ['window_clerk'], regionCode: '421202', departmentId: xzsp.id }), 409, 'ACCOUNT_EXISTS');
    expectError(await admin.post('/api/v1/admin/users', { username: 'xone', displayName: 'x', password: 'Blue-Harbour-Kettle-71', roles: ['applicant_person'], regionCode: '421202' }), 400, 'ROLE_NOT_STAFF');
    expectError(await admin.post('/api/v1/admin/users', { username: 'xtwo', displayName: 'x', password: 'Blue-Harbour-Kettle-71', roles: ['supervisor'], regionCode: '429999' }), 404, 'REGION_NOT_FOUND');
    const audit = (await admin.get('/api/v1/admin/audit?action=admin.user.create')).json();
    expect(audit.some((a: { targetId: string }) => a.targetId === res.json().id)).toBe(true);
  });

  it('keeps a city admin inside its city', async () => {
    const admin = await t.login('admin');
    await admin.post('/api/v1/admin/users', { username: 'xnadmin', displayName: '咸宁管理员', password: 'Blue-Harbour-Kettle-71', roles: ['admin'], regionCode: '421200' });
    const cityAdmin = await t.login('xnadmin', 'Blue-Harbour-Kettle-71');
    expect((await cityAdmin.post('/api/v1/admin/users', { username: 'xnsup', displayName: '咸安督查', password: 'Blue-Harbour-Kettle-71', roles: ['supervisor'], regionCode: '421202' })).statusCode).toBe(201);
    expectError(await cityAdmin.post('/api/v1/admin/users', { username: 'ezsup', displayName: '华容督查', password: 'Blue-Harbour-Kettle-71', roles: ['supervisor'], regionCode: '420703' }), 403, 'OUT_OF_SCOPE');
    expectError(await cityAdmin.post('/api/v1/admin/departments', { code: '420703-test', name: '测试', regionCode: '420703' }), 403, 'OUT_OF_SCOPE');
    const listed = (await cityAdmin.get('/api/v1/admin/users?kind=staff&limit=500')).json();
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((u: { regionCode: string }) => u.regionCode.startsWith('4212'))).toBe(true);
  });

  it('forbids admin routes to other roles', async () => {
    for (const account of ['supervisor', 'clerk', 'approver', '421202199001011232']) {
      const client = await t.login(account);
      expectError(await client.get('/api/v1/admin/users'), 403, 'FORBIDDEN');
      expectError(await client.post('/api/v1/admin/regions', { code: '421202002', name: '测试街道', parentCode: '421202' }), 403, 'FORBIDDEN');
    }
  });

  it('validates region codes against the tree', async () => {
    const admin = await t.login('admin');
    expectError(await admin.post('/api/v1/admin/regions', { code: '4212', name: '坏代码', parentCode: '421200' }), 400, 'REGION_CODE_INVALID');
    expectError(await admin.post('/api/v1/admin/regions', { code: '421202002', name: '错层级', parentCode: '421200' }), 400, 'REGION_PARENT_MISMATCH');
    const ok = await admin.post('/api/v1/admin/regions', { code: '421202002', name: '永安街道', parentCode: '421202' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().level).toBe(4);
    expectError(await admin.post('/api/v1/admin/regions', { code: '421202002', name: '重复', parentCode: '421202' }), 409, 'REGION_EXISTS');
    const path = (await admin.get('/api/v1/regions/421202002')).json().path.map((r: { name: string }) => r.name);
    expect(path).toEqual(['湖北省', '咸宁市', '咸安区', '永安街道']);
    expectError(await admin.get('/api/v1/regions/12'), 400, 'VALIDATION_FAILED');
  });

  it('seeds the regions and departments the seeds name', async () => {
    const regions = (await anonymous.get('/api/v1/regions')).json().map((r: { code: string }) => r.code);
    for (const code of ['420000', '420100', '421200', '421202', '420700', '420703', '430000', '430100']) expect(regions).toContain(code);
    const within = (await anonymous.get('/api/v1/departments?within=421200')).json();
    expect(within.length).toBeGreaterThan(10);
    expect(within.every((d: { regionCode: string }) => d.regionCode.startsWith('4212'))).toBe(true);
  });
});

describe('personal data', () => {
  it('lets a window clerk find an applicant by ID number, masked, and audits the lookup and a full read', async () => {
    const clerk = await t.login('clerk');
    const found = await clerk.get('/api/v1/applicants/lookup?identifier=421202199001011232');
    expect(found.statusCode).toBe(200);
    expect(found.json().idNumberMasked).toBe('4212**********1232');
    expect(found.body).not.toContain('421202199001011232');
    // Staff read a full ID number only through a case they handle (/cases/:id/applicant-id), never by user id.
    expectError(await clerk.get(`/api/v1/users/${found.json().id}/id-number`), 404, 'USER_NOT_FOUND');
    expectError(await clerk.get('/api/v1/applicants/lookup?identifier=110105194912310021'), 404, 'USER_NOT_FOUND');
    const admin = await t.login('admin');
    const audit = (await admin.get(`/api/v1/admin/audit?action=pii.lookup&targetId=${found.json().id}`)).json();
    expect(audit[0]).toMatchObject({ action: 'pii.lookup', actorName: '咸安区综合窗口', details: { found: true } });
    const applicant = await t.login('421202199001011232');
    expectError(await applicant.get('/api/v1/applicants/lookup?identifier=421202199001011232'), 403, 'FORBIDDEN');
  });
});

describe('data scope rule', () => {
  const base = { id: 'u1', kind: 'staff' as const, displayName: 'x', sessionId: 's' };
  it('gives supervisors their region and below, clerks their department, applicants their own', () => {
    const sup = { ...base, roles: ['supervisor' as const], regionCode: '421200', departmentId: null };
    expect(inScope(sup, { regionCode: '421202' })).toBe(true);
    expect(inScope(sup, { regionCode: '420703' })).toBe(false);
    const clerk = { ...base, roles: ['window_clerk' as const], regionCode: '421202', departmentId: 'd1' };
    expect(inScope(clerk, { regionCode: '421202', departmentId: 'd1' })).toBe(true);
    expect(inScope(clerk, { regionCode: '421202', departmentId: 'd2' })).toBe(false);
    const applicant = { ...base, id: 'p1', kind: 'person' as const, roles: ['applicant_person' as const], regionCode: null, departmentId: null };
    expect(inScope(applicant, { regionCode: '421202', ownerId: 'p1' })).toBe(true);
    expect(inScope(applicant, { regionCode: '421202', ownerId: 'p2' })).toBe(false);
  });
});
