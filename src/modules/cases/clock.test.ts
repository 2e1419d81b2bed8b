import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { Clock } from '../../platform/clock.js';
import { caseTestApp, type CaseTestApp, type Client } from './testing.js';

// The movable clock exists for browser tests that must watch a card change colour; these tests pin down that
// it moves every working-day view together, only forward, only for an admin and only when switched on.
let t: CaseTestApp;
let plain: CaseTestApp;
let person: Client;
let clerk: Client;
let supervisor: Client;
let admin: Client;
let approver: Client;

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function upload(c: Client, tag: string): Promise<string> {
  const boundary = '----tongbanClockBoundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${tag}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    PDF,
    Buffer.from(`% ${tag} ${Math.random()}\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.request('POST', '/api/v1/cases/files', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  t = await caseTestApp(await testDbHandle(), { testClock: true });
  [person, clerk, supervisor, admin, approver] = await Promise.all(['421202199001011232', 'clerk', 'supervisor', 'admin', 'approver'].map((a) => t.login(a)));
  plain = await caseTestApp(await testDbHandle());
}, 120_000);

afterAll(async () => {
  await Promise.all([t.close(), plain.close()]);
});

describe('the movable working-day clock', () => {
  it('turns an accepted case yellow, then red, in the case, the cards list and the clock view', async () => {
    const materials = [
      { requirement: 0, fileId: await upload(person, 'apply') },
      { requirement: 1, fileId: await upload(person, 'site') },
    ];
    const applied = await person.post('/api/v1/cases', { itemId: t.itemIds['421202-TEST-A'], channel: 'online', form: { name: '张三的小店', kind: 'a' }, materials });
    expect(applied.statusCode, applied.body).toBe(201);
    const accepted = await clerk.post(`/api/v1/cases/${applied.json().id}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    const c = accepted.json().case;
    expect(c.card).toBe('green');
    const due = new Date(c.dueAt).getTime();
    const cards = async () => (await supervisor.get('/api/v1/cases/cards?regionCode=421202')).json() as { id: string; card: string }[];
    expect((await cards()).some((r) => r.id === c.id)).toBe(false);

    const moved = await admin.put('/api/v1/test/clock', { at: new Date(due - 60_000).toISOString() });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(new Date(moved.json().now).getTime()).toBeGreaterThanOrEqual(due - 60_000);
    const yellow = (await person.get(`/api/v1/cases/${c.id}`)).json();
    expect(yellow.card).toBe('yellow');
    expect(yellow.clock.remainingWorkingDays).toBeLessThan(0.01);
    expect((await cards()).find((r) => r.id === c.id)?.card).toBe('yellow');

    expect((await admin.put('/api/v1/test/clock', { at: new Date(due + 60_000).toISOString() })).statusCode).toBe(200);
    expect((await person.get(`/api/v1/cases/${c.id}`)).json().card).toBe('red');
    expect((await cards()).find((r) => r.id === c.id)?.card).toBe('red');
    expect((await supervisor.get('/api/v1/cases/cards?regionCode=421202&color=red')).json().map((r: { id: string }) => r.id)).toContain(c.id);

    // Concluded while red: the case keeps the verdict 超期办结 and the working time it took, with no card any more.
    expect((await approver.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0, opinion: '材料齐全' })).statusCode).toBe(200);
    const done = await approver.post(`/api/v1/cases/${c.id}/conclude`, { step: 1, decision: 'approve', text: '准予许可。' });
    expect(done.statusCode, done.body).toBe(200);
    const closed = done.json().case.clock;
    expect(closed).toMatchObject({ kind: 'processing', due: null, card: null, closed: { overdue: true, due: new Date(due).toISOString() } });
    expect(closed.closed.usedWorkingDays).toBeGreaterThanOrEqual(5);
    expect(new Date(closed.closed.at).getTime()).toBeGreaterThan(due);
    expect((await cards()).some((r) => r.id === c.id)).toBe(false);
  });

  it('is moved by an administrator only, and never backwards', async () => {
    const before = t.app.clock.now().getTime();
    expect((await supervisor.put('/api/v1/test/clock', { at: new Date(before + 86_400_000).toISOString() })).statusCode).toBe(403);
    const back = await admin.put('/api/v1/test/clock', { at: '2020-01-01T00:00:00Z' });
    expect(back.statusCode).toBe(200);
    expect(new Date(back.json().now).getTime()).toBeGreaterThanOrEqual(before);
    expect((await admin.put('/api/v1/test/clock', { at: 'tomorrow' })).statusCode).toBe(400);
  });

  it('does not exist unless TONGBAN_TEST_CLOCK is set', async () => {
    const admin2 = await plain.login('admin');
    const res = await admin2.put('/api/v1/test/clock', { at: new Date(Date.now() + 86_400_000).toISOString() });
    expect(res.statusCode).toBe(404);
    expect(plain.app.clock.movable).toBe(false);
    expect(() => new Clock(false).moveTo(new Date())).toThrow(/not movable/);
  });
});
