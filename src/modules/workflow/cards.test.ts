import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { applyFor, bundleTestApp, type BundleTestApp, type Client } from './testing.js';

// 联办件红黄牌: a bundle's own clock (from 一窗受理 to its last stage) turns yellow and red like a case's, and the
// supervisors of its region and above see it; the test moves the server's clock to get there.
let t: BundleTestApp;
let supervisor: Client;

beforeAll(async () => {
  t = await bundleTestApp(await testDbHandle(), { testClock: true });
  supervisor = await t.login('supervisor');
}, 120_000);

afterAll(() => t.close());

type CardRow = { id: string; number: string; card: string; dueAt: string; remainingWorkingDays: number; name: string };
const cards = async (query = '') => {
  const res = await supervisor.get(`/api/v1/supervise/bundle-cards${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as CardRow[];
};

describe('联办件红黄牌', () => {
  it('lists an accepted bundle once its own clock turns yellow, then red; a submitted one never', async () => {
    const enterprise = await t.login('91421202MA49AB1C2J');
    const { bundle } = await applyFor(enterprise, 'enterprise', '421202-YJS-QYKB', { needSeal: true, needInvoice: true });
    const clerk = await t.clerk('421202');
    const accepted = await clerk.post(`/api/v1/bundle-cases/${bundle.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    const detail = (await supervisor.get(`/api/v1/bundle-cases/${bundle.id}`)).json();
    const due = new Date(detail.clock.due).getTime();
    const limit = detail.clock.limitDays as number;
    expect(limit).toBeGreaterThan(0);

    // A limit of one working day or less is yellow from the start (the yellow lead is at least one working day).
    const first = (await cards()).find((r) => r.id === bundle.id);
    if (limit <= 1) expect(first?.card).toBe('yellow');
    else expect(first).toBeUndefined();

    expect((await t.admin.put('/api/v1/test/clock', { at: new Date(due - 60_000).toISOString() })).statusCode).toBe(200);
    const yellow = (await cards()).find((r) => r.id === bundle.id);
    expect(yellow).toMatchObject({ card: 'yellow', name: detail.name, dueAt: detail.clock.due });
    expect(yellow!.remainingWorkingDays).toBeGreaterThanOrEqual(0);
    expect((await supervisor.get(`/api/v1/bundle-cases/${bundle.id}`)).json().clock.card).toBe('yellow');

    expect((await t.admin.put('/api/v1/test/clock', { at: new Date(due + 60_000).toISOString() })).statusCode).toBe(200);
    const red = (await cards('?regionCode=421202')).find((r) => r.id === bundle.id);
    expect(red).toMatchObject({ card: 'red' });
    expect(red!.remainingWorkingDays).toBeLessThanOrEqual(0);
    expect((await supervisor.get(`/api/v1/bundle-cases/${bundle.id}`)).json().clock.card).toBe('red');

    // A submitted bundle has no clock yet.
    const { bundle: waiting } = await applyFor(enterprise, 'enterprise', '421202-YJS-QYKB', { needSeal: false, needInvoice: false });
    expect((await cards()).some((r) => r.id === waiting.id)).toBe(false);
  });

  it('is for supervisors and admins of the region, and says so in both languages otherwise', async () => {
    const clerk = await t.clerk('421202');
    const forbidden = await clerk.get('/api/v1/supervise/bundle-cards');
    expect(forbidden.statusCode).toBe(403);
    const outside = await supervisor.get('/api/v1/supervise/bundle-cards?regionCode=430100');
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect(outside.json().message).toMatch(/[\u4e00-\u9fff]/);
    const bad = await supervisor.get('/api/v1/supervise/bundle-cards?regionCode=42');
    expect(bad.statusCode).toBe(400);
    expect((await t.admin.get('/api/v1/supervise/bundle-cards')).statusCode).toBe(200);
  });
});
