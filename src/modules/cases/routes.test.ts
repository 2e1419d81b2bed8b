import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { createStaffUser, getDepartmentByCode } from '../org/index.js';
import { Command } from 'commander';
import { WorkCalendar } from './deps.js';
import { registerVerifyCli } from '../../platform/event-log/cli.js';
import { recomputeDues, sweepDeficiencies, verifyEvents } from './service.js';
import { caseTestApp, type CaseTestApp, type Client } from './testing.js';

let t: CaseTestApp;
let person: Client;
let clerk: Client;
let approver: Client;
let itemA: string;
let itemB: string;
let enterprise: Client;
let person2: Client;
let clerkOther: Client;
let approver2: Client;
let approverGa: Client;
let supervisor: Client;
let supervisorOther: Client;
let admin: Client;

function expectError(res: { statusCode: number; body: string; json(): any }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messageEn).toMatch(/[A-Za-z]/);
  return body;
}

async function eventCount(caseId?: string): Promise<number> {
  const res = (await t.dbh.db.execute(caseId ? sql`SELECT count(*)::int AS n FROM case_events WHERE case_id = ${caseId}` : sql`SELECT count(*)::int AS n FROM case_events`)) as unknown as { rows: { n: number }[] };
  return res.rows[0]!.n;
}

async function caseCount(): Promise<number> {
  const res = (await t.dbh.db.execute(sql`SELECT count(*)::int AS n FROM cases`)) as unknown as { rows: { n: number }[] };
  return res.rows[0]!.n;
}

async function staff(username: string, roles: ('approver' | 'window_clerk' | 'supervisor')[], regionCode: string, departmentCode?: string) {
  const departmentId = departmentCode ? (await getDepartmentByCode(t.dbh.db, departmentCode)).id : null;
  await createStaffUser(t.dbh.db, null, { username, displayName: username, password: 'Tongban@2026', roles, regionCode, departmentId });
  return t.login(username);
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function multipart(name: string, content: Buffer) {
  const boundary = '----tongbanTestBoundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(c: Client, name = 'a.pdf', content: Buffer = PDF): Promise<string> {
  const { payload, headers } = multipart(name, content);
  const res = await c.request('POST', '/api/v1/cases/files', payload, headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function applyFull(c: Client, materials?: { requirement: number; fileId: string }[]) {
  const f0 = await upload(c, 'apply.pdf', Buffer.concat([PDF, Buffer.from(Math.random().toString())]));
  const f1 = await upload(c, 'site.pdf', Buffer.concat([PDF, Buffer.from(Math.random().toString())]));
  const res = await c.post('/api/v1/cases', {
    itemId: itemA,
    channel: 'online',
    form: { name: '张三的小店', kind: 'a' },
    materials: materials ?? [
      { requirement: 0, fileId: f0 },
      { requirement: 1, fileId: f1 },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await caseTestApp(await testDbHandle());
  itemA = t.itemIds['421202-TEST-A']!;
  itemB = t.itemIds['421202-TEST-B']!;
  [person, clerk, approver, enterprise, supervisor, admin] = await Promise.all(
    ['421202199001011232', 'clerk', 'approver', '91421202MA49AB1C2J', 'supervisor', 'admin'].map((a) => t.login(a)),
  );
  const reg = await t.anonymous.post('/api/v1/auth/register/person', { name: '王五', idNumber: '11010519491231002X', mobile: '13800000003', password: 'Secret#2026' });
  expect(reg.statusCode, reg.body).toBe(201);
  person2 = await t.login('11010519491231002X', 'Secret#2026');
  clerkOther = await staff('clerk_city', ['window_clerk'], '421200', '421200-zwb');
  approver2 = await staff('approver2', ['approver'], '421202', '421202-scjg');
  approverGa = await staff('approver_ga', ['approver'], '421202', '421202-ga');
  supervisorOther = await staff('supervisor_ez', ['supervisor'], '420700');
}, 120_000);

describe('a case from application to delivery', () => {
  it('walks apply → accept → two steps → conclude → deliver, with a clock, notices, inbox and a whole chain', async () => {
    const c = await applyFull(person);
    expect(c).toMatchObject({ state: 'submitted', channel: 'online', applicantIdMasked: '4212**********1232', clock: { kind: 'acceptance', limitDays: 5 } });
    expect(c.clock.due).toBeTruthy();
    expect(c.abilities).toEqual(['withdraw']);

    const clerkView = (await clerk.get(`/api/v1/cases/${c.id}`)).json();
    expect(clerkView.abilities).toEqual(expect.arrayContaining(['accept', 'request_correction', 'reject', 'review_material']));

    const accepted = await clerk.post(`/api/v1/cases/${c.id}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    const a = accepted.json();
    expect(a.case).toMatchObject({ state: 'in_steps', currentStep: 0, currentStepName: '审查', clock: { kind: 'processing', limitDays: 5, card: 'green' } });
    const notice = await person.get(`/api/v1/cases/${c.id}/documents/${a.documentId}`);
    expect(notice.headers['content-type']).toMatch(/text\/html/);
    expect(notice.body).toContain('受理通知书');
    expect(notice.body).toContain(c.number);

    const pass = await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0, opinion: '材料齐全' });
    expect(pass.statusCode, pass.body).toBe(200);
    expect(pass.json().case).toMatchObject({ currentStep: 1, currentStepName: '决定' });
    const done = await approver.post(`/api/v1/cases/${c.id}/conclude`, { step: 1, decision: 'approve', text: '经审查,准予许可。' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().case).toMatchObject({ state: 'concluded_approved', clock: { due: null, card: null, closed: { overdue: false } } });
    const closed = done.json().case.clock.closed;
    expect(closed.usedWorkingDays).toBeGreaterThanOrEqual(0);
    expect(closed.usedWorkingDays).toBeLessThan(5);
    expect(new Date(closed.at).getTime()).toBeLessThan(new Date(closed.due).getTime());
    expect(new Date(closed.due).getTime()).toBe(new Date(a.case.dueAt).getTime());

    const delivered = await clerk.post(`/api/v1/cases/${c.id}/deliver`, { method: 'post', receiverName: '张三', address: '咸宁市咸安区温泉路1号', trackingNumber: 'SF1234567890' });
    expect(delivered.statusCode, delivered.body).toBe(200);
    expect(delivered.json().case.deliveries[0]).toMatchObject({ method: 'post', trackingNumber: 'SF1234567890', receiverName: '张三' });

    const events = (await person.get(`/api/v1/cases/${c.id}/events`)).json();
    expect(events.map((e: { action: string }) => e.action)).toEqual(['apply', 'accept', 'pass_step', 'conclude', 'deliver']);
    expect(events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[1]).toMatchObject({ role: 'window_clerk', fromState: 'submitted', toState: 'in_steps' });
    expect(events[2].prevHash).toBe(events[1].hash);

    const inbox = (await person.get('/api/v1/inbox')).json();
    expect(inbox.filter((n: { caseId: string }) => n.caseId === c.id).map((n: { kind: string }) => n.kind).sort()).toEqual(['accepted', 'concluded', 'delivered', 'submitted']);
    expect((await verifyEvents(t.dbh.db, { caseId: c.id })).broken).toEqual([]);
  });
});


describe('OpenAPI', () => {
  it('documents the case routes from their schemas', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/cases'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/v1/cases/{id}/steps/pass'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/v1/cases/cards'].get).toBeDefined();
    expect(doc.paths['/api/v1/admin/cases/verify'].get).toBeDefined();
  });
});

describe('bad input and refusals (4xx, nothing written)', () => {
  it('401 without a session, 403 without the CSRF token', async () => {
    const c = await applyFull(person);
    expectError(await t.anonymous.get(`/api/v1/cases/${c.id}`), 401, 'UNAUTHENTICATED');
    expectError(await t.anonymous.post('/api/v1/cases', { itemId: itemA, channel: 'online', form: {} }), 401, 'UNAUTHENTICATED');
    const before = await eventCount(c.id);
    const noCsrf = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/accept`, headers: { cookie: (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { account: 'clerk', password: 'Tongban@2026' } })).headers['set-cookie']!.toString().split(';')[0]! }, payload: {} });
    expectError(noCsrf, 403, 'CSRF_TOKEN_INVALID');
    expect(await eventCount(c.id)).toBe(before);
  });

  it('400 naming each bad form field, and no case is created', async () => {
    const before = await caseCount();
    const res = await person.post('/api/v1/cases', { itemId: itemA, channel: 'online', form: { kind: 'z', contactId: '421202199001011233', creditCode: '91440300708461136U', phone: '123', extra: 'x' } });
    const body = expectError(res, 400, 'CASE_FORM_INVALID');
    expect(Object.fromEntries(body.details.fields.map((f: { field: string; problem: string }) => [f.field, f.problem]))).toEqual({
      'form.extra': 'unknown',
      'form.name': 'missing',
      'form.kind': 'option',
      'form.contactId': 'checkDigit',
      'form.creditCode': 'checkCharacter',
      'form.phone': 'format',
    });
    expectError(await person.post('/api/v1/cases', { itemId: itemA, channel: 'online', form: { name: 'x', kind: 'a' }, bogus: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await person.post('/api/v1/cases', { itemId: itemA, channel: 'window', form: { name: 'x', kind: 'a' } }), 400, 'CASE_CHANNEL_INVALID');
    expectError(await person.post('/api/v1/cases', { itemId: itemA, channel: 'online', form: { name: 'x', kind: 'a' }, materials: [{ requirement: 7, fileId: await upload(person) }] }), 400, 'CASE_MATERIAL_REQUIREMENT_UNKNOWN');
    const othersFile = await upload(enterprise);
    const foreign = expectError(await person.post('/api/v1/cases', { itemId: itemA, channel: 'online', form: { name: 'x', kind: 'a' }, materials: [{ requirement: 0, fileId: othersFile }] }), 400, 'CASE_FILE_UNKNOWN');
    expect(foreign.details.field).toBe('materials[0].fileId');
    const badId = expectError(
      await clerk.post('/api/v1/cases', { itemId: itemA, channel: 'window', form: { name: 'x', kind: 'a' }, applicant: { kind: 'person', name: '赵六', idNumber: '110105194912310021', mobile: '13900000009' } }),
      400,
      'ID_NUMBER_INVALID',
    );
    expect(badId.details).toMatchObject({ field: 'applicant.idNumber', problem: 'checkDigit' });
    expectError(await clerk.post('/api/v1/cases', { itemId: itemA, channel: 'window', form: { name: 'x', kind: 'a' } }), 400, 'CASE_APPLICANT_REQUIRED');
    expectError(await person.post('/api/v1/cases', { itemId: '00000000-0000-4000-8000-000000000000', channel: 'online', form: {} }), 404, 'CATALOG_ITEM_NOT_FOUND');
    expect(await caseCount()).toBe(before);
  });

  it('checks uploads by content, not by name', async () => {
    const exe = multipart('report.pdf', Buffer.from('MZ\x90\x00\x03 this is not a pdf'));
    expectError(await person.request('POST', '/api/v1/cases/files', exe.payload, exe.headers), 415, 'CASE_FILE_TYPE_NOT_ALLOWED');
    const png = multipart('scan.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
    const res = await person.request('POST', '/api/v1/cases/files', png.payload, png.headers);
    expect(res.json()).toMatchObject({ mime: 'image/png', size: 11 });
    const again = await person.request('POST', '/api/v1/cases/files', png.payload, png.headers);
    expect(again.json().sha256).toBe(res.json().sha256);
    expectError(await approver.request('POST', '/api/v1/cases/files', png.payload, png.headers), 403, 'FORBIDDEN');
  });

  it('404 for an unknown case and for a case outside the caller’s scope, 403 for a wrong button, 409 for a stale one', async () => {
    const c = await applyFull(person);
    expectError(await person.get('/api/v1/cases/00000000-0000-4000-8000-000000000000'), 404, 'CASE_NOT_FOUND');
    expectError(await person2.get(`/api/v1/cases/${c.id}`), 404, 'CASE_NOT_FOUND');
    const before = await eventCount(c.id);
    expectError(await person2.post(`/api/v1/cases/${c.id}/accept`, {}), 404, 'CASE_NOT_FOUND');
    expectError(await person.post(`/api/v1/cases/${c.id}/accept`, {}), 403, 'CASE_ACTION_FORBIDDEN');
    expectError(await supervisor.post(`/api/v1/cases/${c.id}/accept`, {}), 403, 'CASE_ACTION_FORBIDDEN');
    expect(await eventCount(c.id)).toBe(before);
    expect((await clerk.post(`/api/v1/cases/${c.id}/accept`, {})).statusCode).toBe(200);
    expectError(await clerk.post(`/api/v1/cases/${c.id}/accept`, {}), 409, 'CASE_STATE_CONFLICT');
    expectError(await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 1 }), 409, 'CASE_STEP_CHANGED');
    expectError(await approver.post(`/api/v1/cases/${c.id}/conclude`, { step: 0, decision: 'approve', text: '准予' }), 409, 'CASE_NOT_LAST_STEP');
    expectError(await approver.post(`/api/v1/cases/${c.id}/steps/return`, { step: 0, toStep: 0, reason: 'x' }), 400, 'CASE_RETURN_TARGET_INVALID');
    expectError(await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 'first' }), 400, 'VALIDATION_FAILED');
    expect(await eventCount(c.id)).toBe(before + 1);
  });
});

describe('idempotent submission', () => {
  it('returns the same case for the same key and body, 409 for another body', async () => {
    const fileId = await upload(person);
    const body = { itemId: itemA, channel: 'mobile', form: { name: '同一申请', kind: 'b' }, materials: [{ requirement: 0, fileId }] };
    const key = { 'idempotency-key': 'order-2026-0001' };
    const before = await caseCount();
    const first = await person.post('/api/v1/cases', body, key);
    const again = await person.post('/api/v1/cases', body, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expectError(await person.post('/api/v1/cases', { ...body, form: { name: '另一申请', kind: 'b' } }, key), 409, 'CASE_IDEMPOTENCY_MISMATCH');
    const [x, y] = await Promise.all([person.post('/api/v1/cases', body, { 'idempotency-key': 'order-2026-0002' }), person.post('/api/v1/cases', body, { 'idempotency-key': 'order-2026-0002' })]);
    expect(x.json().id).toBe(y.json().id);
    expect(await caseCount()).toBe(before + 2);
    expectError(await person.post('/api/v1/cases', body, { 'idempotency-key': 'bad key!' }), 400, 'VALIDATION_FAILED');
  });
});

describe('预审 and 一次性告知补正', () => {
  it('lists every faulty material once, refuses a repeat on an unchanged material, and restarts the acceptance clock', async () => {
    const c = await applyFull(person);
    const m1 = c.materials.find((m: { requirement: number }) => m.requirement === 1);
    const reviewed = await clerk.post(`/api/v1/cases/${c.id}/materials/${m1.id}/review`, { review: 'faulty', reason: '未加盖公章' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expectError(await clerk.post(`/api/v1/cases/${c.id}/accept`, {}), 409, 'CASE_MATERIALS_INCOMPLETE');
    const incomplete = expectError(await clerk.post(`/api/v1/cases/${c.id}/correction`, { items: [{ requirement: 2, reason: '请补充' }] }), 400, 'CASE_CORRECTION_INCOMPLETE');
    expect(incomplete.details.omitted).toEqual([{ requirement: 1, name: '场地证明' }]);
    const corr = await clerk.post(`/api/v1/cases/${c.id}/correction`, { items: [{ requirement: 1, reason: '未加盖公章' }] });
    expect(corr.statusCode, corr.body).toBe(200);
    expect(corr.json().case).toMatchObject({ state: 'correction_requested', clock: { due: null } });
    const doc = await person.get(`/api/v1/cases/${c.id}/documents/${corr.json().documentId}`);
    expect(doc.body).toContain('补正材料一次性告知书');
    expect(doc.body).toContain('未加盖公章');

    const again = await person.post(`/api/v1/cases/${c.id}/resubmit`, { materials: [{ requirement: 0, fileId: await upload(person, 'new.pdf', Buffer.concat([PDF, Buffer.from('v2')])) }] });
    expect(again.json().case.state).toBe('submitted');
    expectError(await clerk.post(`/api/v1/cases/${c.id}/correction`, { items: [{ requirement: 1, reason: '仍未盖章' }] }), 409, 'CASE_CORRECTION_REPEATED');

    expectError(await person.post(`/api/v1/cases/${c.id}/resubmit`, { materials: [{ requirement: 1, fileId: await upload(person) }] }), 409, 'CASE_STATE_CONFLICT');
    const rejected = await clerk.post(`/api/v1/cases/${c.id}/reject`, { reason: '经一次性告知后仍未补正', basis: '《中华人民共和国行政许可法》第三十二条' });
    expect(rejected.json().case).toMatchObject({ state: 'rejected', clock: { due: null, closed: null } });
    expect((await person.get(`/api/v1/cases/${c.id}/documents/${rejected.json().documentId}`)).body).toContain('不予受理决定书');

    const d = await applyFull(person);
    const d1 = d.materials.find((m: { requirement: number }) => m.requirement === 1);
    await clerk.post(`/api/v1/cases/${d.id}/materials/${d1.id}/review`, { review: 'faulty', reason: '模糊' });
    await clerk.post(`/api/v1/cases/${d.id}/correction`, { items: [{ requirement: 1, reason: '模糊' }] });
    const changed = await person.post(`/api/v1/cases/${d.id}/resubmit`, { materials: [{ requirement: 1, fileId: await upload(person, 'clear.pdf', Buffer.concat([PDF, Buffer.from('clear')])) }] });
    const d1b = changed.json().case.materials.find((m: { requirement: number; superseded: boolean }) => m.requirement === 1 && !m.superseded);
    await clerk.post(`/api/v1/cases/${d.id}/materials/${d1b.id}/review`, { review: 'faulty', reason: '仍不清晰' });
    expect((await clerk.post(`/api/v1/cases/${d.id}/correction`, { items: [{ requirement: 1, reason: '仍不清晰' }] })).statusCode).toBe(200);
    const inbox = (await person.get('/api/v1/inbox?unread=true')).json();
    expect(inbox.filter((n: { caseId: string; kind: string }) => n.caseId === d.id && n.kind === 'correction')).toHaveLength(2);
  });
});

describe('容缺受理, 告知承诺, 特别程序 and steps', () => {
  it('accepts with a deficiency commitment, blocks approval until supplied, reminds and flags a passed deadline', async () => {
    const onlyFirst = await applyFull(person, [{ requirement: 0, fileId: await upload(person, 'a0.pdf', Buffer.concat([PDF, Buffer.from('a0')])) }]);
    expectError(await clerk.post(`/api/v1/cases/${onlyFirst.id}/accept`, {}), 409, 'CASE_MATERIALS_INCOMPLETE');
    expectError(await clerk.post(`/api/v1/cases/${onlyFirst.id}/accept-with-deficiency`, { commitment: '本人承诺按期补交', signedBy: '张三', deadline: '2020-01-01T00:00:00Z' }), 400, 'CASE_DEADLINE_INVALID');
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const ok = await clerk.post(`/api/v1/cases/${onlyFirst.id}/accept-with-deficiency`, { commitment: '本人承诺于期限内补交场地证明', signedBy: '张三', deadline });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().case).toMatchObject({ state: 'in_steps', pendingDeficiencies: 1, commitments: [{ requirements: [1] }] });
    await approver.post(`/api/v1/cases/${onlyFirst.id}/steps/pass`, { step: 0 });
    expectError(await approver.post(`/api/v1/cases/${onlyFirst.id}/conclude`, { step: 1, decision: 'approve', text: '准予' }), 409, 'CASE_DEFICIENCIES_PENDING');
    expectError(await person.post(`/api/v1/cases/${onlyFirst.id}/deficiencies`, { requirement: 0, fileId: await upload(person) }), 409, 'CASE_NOT_DEFICIENT');

    const env = { cipher: t.app.cipher, dataDir: t.config.dataDir };
    const remind = await sweepDeficiencies(t.dbh.db, { ...env, now: () => new Date(new Date(deadline).getTime() - 3_600_000) });
    expect(remind.reminded).toBeGreaterThanOrEqual(1);
    const flag = await sweepDeficiencies(t.dbh.db, { ...env, now: () => new Date(new Date(deadline).getTime() + 3_600_000) });
    expect(flag.flagged).toBeGreaterThanOrEqual(1);
    const flagged = (await person.get(`/api/v1/cases/${onlyFirst.id}`)).json();
    expect(flagged.deficiencyOverdue).toBe(true);
    expect((await person.get(`/api/v1/cases/${onlyFirst.id}/events`)).json().at(-1)).toMatchObject({ action: 'flag_deficiency_overdue', role: 'system' });

    const supplied = await person.post(`/api/v1/cases/${onlyFirst.id}/deficiencies`, { requirement: 1, fileId: await upload(person, 'late.pdf', Buffer.concat([PDF, Buffer.from('late')])) });
    expect(supplied.json().case).toMatchObject({ pendingDeficiencies: 0, deficiencyOverdue: false });
    expect((await approver.post(`/api/v1/cases/${onlyFirst.id}/conclude`, { step: 1, decision: 'approve', text: '准予' })).statusCode).toBe(200);
    expect((await verifyEvents(t.dbh.db, { caseId: onlyFirst.id })).broken).toEqual([]);

    const onlySecond = await applyFull(person, [{ requirement: 1, fileId: await upload(person) }]);
    expectError(await clerk.post(`/api/v1/cases/${onlySecond.id}/accept-with-deficiency`, { commitment: '承诺', signedBy: '张三', deadline }), 409, 'CASE_DEFICIENCY_NOT_ALLOWED');
  });

  it('concludes on a pledge where allowed, and revokes the result when the verification finds it false', async () => {
    const b = await person.post('/api/v1/cases', { itemId: itemB, channel: 'online', form: { name: 'x', kind: 'a' } });
    expectError(await clerk.post(`/api/v1/cases/${b.json().id}/pledge`, { text: '本人承诺符合条件', signedBy: '张三' }), 409, 'CASE_PLEDGE_NOT_ALLOWED');
    const a = await applyFull(person);
    const pledged = await clerk.post(`/api/v1/cases/${a.id}/pledge`, { text: '本人承诺已具备经营场所', signedBy: '张三', verificationDays: 10 });
    expect(pledged.statusCode, pledged.body).toBe(200);
    expect(pledged.json().case).toMatchObject({ state: 'concluded_approved', pledges: [{ verificationState: 'open' }] });
    expect(pledged.json().case.abilities).not.toContain('revoke');
    const staffView = (await approver.get(`/api/v1/cases/${a.id}`)).json();
    expect(staffView.abilities).toEqual(expect.arrayContaining(['verify_pledge', 'revoke', 'deliver']));
    expectError(await clerk.post(`/api/v1/cases/${a.id}/verification`, { result: 'false', note: 'x' }), 403, 'CASE_ACTION_FORBIDDEN');
    const revoked = await approver.post(`/api/v1/cases/${a.id}/verification`, { result: 'false', note: '现场核查无经营场所' });
    expect(revoked.json().case).toMatchObject({ state: 'revoked', pledges: [{ verificationState: 'false' }] });
    expectError(await approver.post(`/api/v1/cases/${a.id}/verification`, { result: 'confirmed', note: 'x' }), 409, 'CASE_STATE_CONFLICT');
  });

  it('pauses the clock for a special procedure and for a correction after acceptance, and returns to an earlier step', async () => {
    const c = await applyFull(person);
    await clerk.post(`/api/v1/cases/${c.id}/accept`, {});
    const dueBefore = (await person.get(`/api/v1/cases/${c.id}`)).json().clock.due;
    const sp = await approver.post(`/api/v1/cases/${c.id}/special-procedures`, { step: 0, kind: '现场勘验', reason: '核实经营场所', expectedDays: 3 });
    expect(sp.statusCode, sp.body).toBe(200);
    expect(sp.json().case).toMatchObject({ state: 'special_procedure', paused: true, dueAt: null });
    const cards = (await supervisor.get('/api/v1/cases/cards?color=red&limit=500')).json();
    expect(cards.map((x: { id: string }) => x.id)).not.toContain(c.id);
    const ended = await approver.post(`/api/v1/cases/${c.id}/special-procedures/${sp.json().procedureId}/end`, { result: '场所属实' });
    expect(ended.json().case).toMatchObject({ state: 'in_steps', paused: false, specialProcedures: [{ result: '场所属实' }] });
    expect(new Date(ended.json().case.clock.due).getTime()).toBeGreaterThanOrEqual(new Date(dueBefore).getTime());
    expectError(await approver.post(`/api/v1/cases/${c.id}/special-procedures/${sp.json().procedureId}/end`, { result: 'again' }), 409, 'CASE_STATE_CONFLICT');

    const corr = await approver.post(`/api/v1/cases/${c.id}/correction`, { step: 0, items: [{ requirement: 2, reason: '请补充其他材料' }] });
    expect(corr.json().case).toMatchObject({ state: 'step_correction', paused: true });
    const back = await person.post(`/api/v1/cases/${c.id}/resubmit`, { materials: [{ requirement: 2, fileId: await upload(person) }] });
    expect(back.json().case).toMatchObject({ state: 'in_steps', currentStep: 0, paused: false });

    await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0 });
    const returned = await approver.post(`/api/v1/cases/${c.id}/steps/return`, { step: 1, toStep: 0, reason: '审查意见不完整' });
    expect(returned.json().case).toMatchObject({ currentStep: 0, steps: [{ state: 'active' }, { state: 'returned', opinion: '审查意见不完整' }] });
    const denied = await approver.post(`/api/v1/cases/${c.id}/conclude`, { step: 0, decision: 'deny', text: '不予许可', reason: '不符合条件' });
    expect(denied.json().case.state).toBe('concluded_denied');
    const actions = (await person.get(`/api/v1/cases/${c.id}/events`)).json().map((e: { action: string }) => e.action);
    expect(actions).toEqual(['apply', 'accept', 'start_special_procedure', 'end_special_procedure', 'request_correction', 'resubmit', 'pass_step', 'return_step', 'conclude']);
  });
});

describe('concurrency', () => {
  it('two approvers acting on the same step at once: one succeeds, one gets 409, one event', async () => {
    const c = await applyFull(person);
    await clerk.post(`/api/v1/cases/${c.id}/accept`, {});
    const before = await eventCount(c.id);
    const results = await Promise.all([approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0 }), approver2.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0 })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('CASE_STEP_CHANGED');
    expect(await eventCount(c.id)).toBe(before + 1);
    const many = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? approver : approver2).post(`/api/v1/cases/${c.id}/conclude`, { step: 1, decision: 'approve', text: '准予' })));
    expect(many.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect((await verifyEvents(t.dbh.db, { caseId: c.id })).broken).toEqual([]);
  });
});

describe('who sees what', () => {
  type Who = 'owner' | 'otherPerson' | 'enterprise' | 'clerk' | 'clerkOther' | 'approver' | 'approverGa' | 'supervisor' | 'supervisorOther' | 'admin';
  const clients = (): Record<Who, Client> => ({ owner: person, otherPerson: person2, enterprise, clerk, clerkOther, approver, approverGa, supervisor, supervisorOther, admin });
  const inScope: Record<Who, boolean> = { owner: true, otherPerson: false, enterprise: false, clerk: true, clerkOther: false, approver: true, approverGa: false, supervisor: true, supervisorOther: false, admin: true };
  // Who may press accept on a submitted case, and who may read the ID number in full.
  const mayAccept: Who[] = ['clerk', 'approver'];
  const mayReveal: Who[] = ['owner', 'clerk', 'approver', 'supervisor'];

  it('walks every case route with every role, in and out of scope', async () => {
    const c = await applyFull(person);
    const docId = (await clerk.post(`/api/v1/cases/${c.id}/correction`, { items: [{ requirement: 2, reason: '请补充' }] })).json().documentId;
    await person.post(`/api/v1/cases/${c.id}/resubmit`, { materials: [{ requirement: 2, fileId: await upload(person) }] });
    for (const [who, cl] of Object.entries(clients()) as [Who, Client][]) {
      const reads = [`/api/v1/cases/${c.id}`, `/api/v1/cases/${c.id}/events`, `/api/v1/cases/${c.id}/documents/${docId}`];
      for (const url of reads) {
        const res = await cl.get(url);
        expect(res.statusCode, `${who} GET ${url}`).toBe(inScope[who] ? 200 : 404);
      }
      const reveal = await cl.get(`/api/v1/cases/${c.id}/applicant-id`);
      expect(reveal.statusCode, `${who} reveal`).toBe(mayReveal.includes(who) ? 200 : inScope[who] ? 403 : 404);
      const listed = (await cl.get('/api/v1/cases?limit=500')).json().map((x: { id: string }) => x.id);
      expect(listed.includes(c.id), `${who} list`).toBe(inScope[who]);
      for (const [path, body] of [
        ['reject', { reason: 'r', basis: 'b' }],
        ['steps/pass', { step: 0 }],
        ['deliver', { method: 'window', receiverName: 'x' }],
        ['withdraw', {}],
      ] as const) {
        // Buttons that would succeed are left unpressed: the walk must not change the case.
        const wouldSucceed = path === 'reject' ? mayAccept.includes(who) : path === 'withdraw' && who === 'owner';
        if (inScope[who] && wouldSucceed) continue;
        const expected = !inScope[who] ? 404 : path === 'steps/pass' || path === 'deliver' ? 409 : 403;
        const res = await cl.post(`/api/v1/cases/${c.id}/${path}`, body);
        expect(res.statusCode, `${who} POST ${path}: ${res.body}`).toBe(expected);
      }
    }
    for (const [who, cl] of Object.entries(clients()) as [Who, Client][]) {
      const view = await cl.get(`/api/v1/cases/${c.id}`);
      if (!inScope[who]) continue;
      expect(view.json().abilities.includes('accept'), `${who} abilities`).toBe(mayAccept.includes(who));
    }
    const accepted = await approver.post(`/api/v1/cases/${c.id}/accept`, {});
    expect(accepted.json().case.state).toBe('in_steps');
    expect((await approverGa.get(`/api/v1/cases?inbox=true`)).json()).toEqual([]);
    expect((await approver.get(`/api/v1/cases?inbox=true&limit=500`)).json().map((x: { id: string }) => x.id)).toContain(c.id);
  });

  it('answers 404 on every case route to every caller outside the case’s scope, and writes nothing', async () => {
    const c = await applyFull(person);
    const m = c.materials[0].id;
    const any = '00000000-0000-4000-8000-0000000000ff';
    const posts: [string, unknown][] = [
      [`materials/${m}/review`, { review: 'ok' }],
      ['accept', {}],
      ['accept-with-deficiency', { commitment: 'x', signedBy: 'x', deadline: '2099-01-01T00:00:00Z' }],
      ['correction', { items: [{ requirement: 0, reason: 'x' }] }],
      ['resubmit', { materials: [{ requirement: 0, fileId: any }] }],
      ['reject', { reason: 'x', basis: 'y' }],
      ['withdraw', {}],
      ['pledge', { text: 'x', signedBy: 'x' }],
      ['verification', { result: 'confirmed', note: 'x' }],
      ['deficiencies', { requirement: 1, fileId: any }],
      ['steps/pass', { step: 0 }],
      ['steps/return', { step: 1, toStep: 0, reason: 'x' }],
      ['special-procedures', { step: 0, kind: 'x', reason: 'y' }],
      [`special-procedures/${any}/end`, { result: 'x' }],
      ['conclude', { step: 0, decision: 'deny', text: 'x' }],
      ['deliver', { method: 'window', receiverName: 'x' }],
    ];
    const before = await eventCount(c.id);
    for (const cl of [person2, enterprise, clerkOther, approverGa, supervisorOther]) {
      for (const url of [`/api/v1/cases/${c.id}`, `/api/v1/cases/${c.id}/events`, `/api/v1/cases/${c.id}/applicant-id`, `/api/v1/cases/${c.id}/documents/${any}`]) {
        expectError(await cl.get(url), 404, 'CASE_NOT_FOUND');
      }
      for (const [path, body] of posts) {
        const res = await cl.post(`/api/v1/cases/${c.id}/${path}`, body);
        expectError(res, 404, 'CASE_NOT_FOUND');
      }
      expect((await cl.get('/api/v1/cases?limit=500')).json().map((x: { id: string }) => x.id)).not.toContain(c.id);
    }
    expect(await eventCount(c.id)).toBe(before);
    expect((await person.get(`/api/v1/cases/${c.id}`)).json().state).toBe('submitted');
  });

  it('shows ID numbers masked in lists and audits every full read by staff', async () => {
    const c = await applyFull(person);
    const list = await clerk.get('/api/v1/cases?limit=500');
    expect(list.body).not.toContain('421202199001011232');
    expect(list.json().find((x: { id: string }) => x.id === c.id).applicantIdMasked).toBe('4212**********1232');
    const auditBefore = (await admin.get(`/api/v1/admin/audit?action=pii.read&targetId=${c.id}`)).json().length;
    expect((await person.get(`/api/v1/cases/${c.id}/applicant-id`)).json().identifier).toBe('421202199001011232');
    expect((await admin.get(`/api/v1/admin/audit?action=pii.read&targetId=${c.id}`)).json()).toHaveLength(auditBefore);
    expect((await clerk.get(`/api/v1/cases/${c.id}/applicant-id`)).json().identifier).toBe('421202199001011232');
    const audit = (await admin.get(`/api/v1/admin/audit?action=pii.read&targetId=${c.id}`)).json();
    expect(audit).toHaveLength(auditBefore + 1);
    expect(audit[0]).toMatchObject({ actorName: '咸安区综合窗口', targetType: 'case' });
  });

  it('serves a material’s file inline to those who may read the case, auditing staff reads', async () => {
    const content = Buffer.concat([PDF, Buffer.from('preview')]);
    const c = await applyFull(person, [
      { requirement: 0, fileId: await upload(person, 'id.pdf', content) },
      { requirement: 1, fileId: await upload(person) },
    ]);
    const material = (await person.get(`/api/v1/cases/${c.id}`)).json().materials.find((m: { requirement: number }) => m.requirement === 0);
    const url = `/api/v1/cases/${c.id}/materials/${material.id}/file`;
    const own = await person.get(url);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.headers['content-disposition']).toMatch(/^inline/);
    expect(own.rawPayload.equals(content)).toBe(true);
    const before = (await admin.get(`/api/v1/admin/audit?action=material.read&targetId=${c.id}`)).json().length;
    expect((await clerk.get(url)).statusCode).toBe(200);
    const audit = (await admin.get(`/api/v1/admin/audit?action=material.read&targetId=${c.id}`)).json();
    expect(audit).toHaveLength(before + 1);
    expect(audit[0]).toMatchObject({ actorName: '咸安区综合窗口', details: { materialId: material.id } });
    expectError(await person2.get(url), 404, 'CASE_NOT_FOUND');
    expectError(await supervisorOther.get(url), 404, 'CASE_NOT_FOUND');
    expectError(await person.get(`/api/v1/cases/${c.id}/materials/${c.id}/file`), 404, 'CASE_MATERIAL_NOT_FOUND');
  });

  it('files at the window for an applicant with an account, who then sees the case', async () => {
    const res = await clerk.post('/api/v1/cases', {
      itemId: itemA,
      channel: 'window',
      form: { name: '示范科技', kind: 'b', creditCode: '91421202MA49AB1C2J' },
      applicant: { kind: 'enterprise', name: '咸宁市示范科技有限公司', creditCode: '91421202MA49AB1C2J', mobile: '13900000002' },
      materials: [{ requirement: 0, fileId: await upload(clerk) }, { requirement: 1, fileId: await upload(clerk) }],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'window', applicantKind: 'enterprise' });
    expect((await enterprise.get(`/api/v1/cases/${res.json().id}`)).statusCode).toBe(200);
    expectError(await clerkOther.post('/api/v1/cases', { itemId: itemA, channel: 'window', form: { name: 'x', kind: 'a' }, applicant: { kind: 'person', name: '张三', idNumber: '421202199001011232' } }), 403, 'OUT_OF_SCOPE');
  });
});

describe('cards and the event log', () => {
  it('lists red and yellow cases of a region from the stored instants', async () => {
    const red = await applyFull(person);
    const yellow = await applyFull(person);
    const now = Date.now();
    await t.dbh.db.execute(sql`UPDATE cases SET due_at = ${new Date(now - 3_600_000).toISOString()}::timestamptz, yellow_at = ${new Date(now - 7_200_000).toISOString()}::timestamptz WHERE id = ${red.id}`);
    await t.dbh.db.execute(sql`UPDATE cases SET due_at = ${new Date(now + 3_600_000).toISOString()}::timestamptz, yellow_at = ${new Date(now - 60_000).toISOString()}::timestamptz WHERE id = ${yellow.id}`);
    const all = (await supervisor.get('/api/v1/cases/cards?limit=500')).json();
    expect(all.find((x: { id: string }) => x.id === red.id).card).toBe('red');
    expect(all.find((x: { id: string }) => x.id === yellow.id).card).toBe('yellow');
    const reds = (await supervisor.get('/api/v1/cases/cards?color=red&regionCode=421202&limit=500')).json().map((x: { id: string }) => x.id);
    expect(reds).toContain(red.id);
    expect(reds).not.toContain(yellow.id);
    expect((await supervisor.get('/api/v1/cases/cards?regionCode=420700')).statusCode).toBe(403);
    expect((await supervisorOther.get('/api/v1/cases/cards')).json()).toEqual([]);
    expectError(await person.get('/api/v1/cases/cards'), 403, 'FORBIDDEN');
    const detail = (await person.get(`/api/v1/cases/${red.id}`)).json();
    expect(detail.card).toBe('red');
  });

  it('refuses to change or delete an event, and verify names the first tampered event', async () => {
    const c = await applyFull(person);
    await clerk.post(`/api/v1/cases/${c.id}/accept`, {});
    await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0 });
    await expect(t.dbh.db.execute(sql`UPDATE case_events SET payload = '{}'::jsonb WHERE case_id = ${c.id} AND seq = 2`)).rejects.toThrow();
    await expect(t.dbh.db.execute(sql`DELETE FROM case_events WHERE case_id = ${c.id}`)).rejects.toThrow();
    const whole = (await admin.get(`/api/v1/admin/cases/verify`)).json();
    expect(whole.broken).toEqual([]);
    expect(whole.eventsChecked).toBe(await eventCount());
    expectError(await clerk.get(`/api/v1/admin/cases/verify`), 403, 'FORBIDDEN');
    // A tamperer with superuser rights can bypass the trigger; the chain still shows it.
    await t.dbh.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE case_events SET payload = jsonb_set(payload, '{step}', '5') WHERE case_id = ${c.id} AND seq = 3`);
    });
    const broken = (await admin.get(`/api/v1/admin/cases/verify?caseId=${c.id}`)).json();
    expect(broken.broken).toEqual([expect.objectContaining({ caseId: c.id, break: expect.objectContaining({ seq: 3, reason: 'hash' }) })]);
    await t.dbh.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`DELETE FROM case_events WHERE case_id = ${c.id} AND seq >= 3`);
    });
    const truncated = (await admin.get(`/api/v1/admin/cases/verify?caseId=${c.id}`)).json();
    expect(truncated.broken[0]).toMatchObject({ caseVersionMismatch: true });

    const printed: unknown[] = [];
    const program = new Command('tongban').exitOverride();
    registerVerifyCli(program, { config: () => t.config, withDb: (fn) => fn(t.dbh.db, t.dbh), printJson: (v) => printed.push(v) });
    await program.parseAsync(['node', 'tongban', 'verify']);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    expect(printed[0]).toMatchObject({ ok: false, broken: [expect.objectContaining({ kind: 'case', id: c.id })] });
    expect((printed[0] as { kinds: { kind: string }[] }).kinds.map((k) => k.kind)).toEqual(['bundle_case', 'case']);
  });

  it('moves the due of open cases when a year’s calendar changes, with an event on each', async () => {
    const c = await applyFull(person);
    const before = new Date(c.clock.due);
    const start = Date.now();
    // A new notice turns the next three weeks into holidays.
    const days = Array.from({ length: 21 }, (_, i) => ({ date: new Date(start + i * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10), kind: 'holiday' as const }));
    const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028];
    const cal = new WorkCalendar({ days, years });
    const changed = await t.dbh.db.transaction((tx) => recomputeDues(tx, { regionCode: '000000', years: [new Date().getUTCFullYear()] }, async () => cal));
    expect(changed).toBeGreaterThanOrEqual(1);
    const after = (await person.get(`/api/v1/cases/${c.id}`)).json();
    expect(new Date(after.dueAt).getTime()).toBeGreaterThan(before.getTime() + 14 * 86_400_000);
    expect((await person.get(`/api/v1/cases/${c.id}/events`)).json().at(-1)).toMatchObject({ action: 'recompute_due', role: 'system' });
    expect((await verifyEvents(t.dbh.db, { caseId: c.id })).broken).toEqual([]);
  });
});
