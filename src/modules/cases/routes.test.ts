import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { verifyEvents } from './service.js';
import { caseTestApp, type CaseTestApp, type Client } from './testing.js';

let t: CaseTestApp;
let person: Client;
let clerk: Client;
let approver: Client;
let itemA: string;
let itemB: string;

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
  [person, clerk, approver] = await Promise.all([t.login('421202199001011232'), t.login('clerk'), t.login('approver')]);
}, 60_000);

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
    expect(done.json().case).toMatchObject({ state: 'concluded_approved', clock: { due: null } });

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

