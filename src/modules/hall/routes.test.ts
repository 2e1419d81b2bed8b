import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle, testDbKind } from '../../../test/helpers/db.js';
import { loginClient, makeClient, testConfig, type Client } from '../../../test/helpers/server.js';
import { FieldCipher } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { seedAll } from '../../seed.js';
import { buildServer } from '../../server.js';
import { getPublishedItemByCode } from '../catalog/index.js';
import { createStaffUser, getDepartmentByCode } from '../org/index.js';
import { listenerCount } from './bus.js';
import type { CallViewT, DeskViewT, HallViewT, TicketViewT } from './contract.js';
import { ticketLog } from './events.js';

let app: App;
let dbh: DbHandle;
let anon: Client;
let admin: Client;
let clerk: Client;
let clerk2: Client;
let supervisor: Client;
let ezhouAdmin: Client;
let hall: HallViewT;
let typeA: string;
let typeB: string;
let typeC: string;

async function one<T = Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T> {
  const res = (await dbh.db.execute(q)) as unknown as { rows: T[] };
  return res.rows[0]!;
}

const stored = () => one<{ tickets: number; events: number; types: number; windows: number; halls: number }>(sql`SELECT
  (SELECT count(*) FROM hall_tickets)::int AS tickets, (SELECT count(*) FROM hall_ticket_events)::int AS events,
  (SELECT count(*) FROM hall_business_types)::int AS types, (SELECT count(*) FROM hall_windows)::int AS windows, (SELECT count(*) FROM hall_halls)::int AS halls`);

function expectError(res: { statusCode: number; body: string; json(): { code: string } }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().code).toBe(code);
}

async function staff(username: string, roles: ('window_clerk' | 'admin')[], regionCode: string, departmentCode?: string) {
  const departmentId = departmentCode ? (await getDepartmentByCode(dbh.db, departmentCode)).id : null;
  await createStaffUser(dbh.db, null, { username, displayName: username, password: 'Tongban@2026', roles, regionCode, departmentId });
  return loginClient(app, username);
}

const take = async (typeId: string, channel: 'kiosk' | 'phone' = 'kiosk') => {
  const res = await anon.post(`/api/v1/public/hall/halls/${hall.id}/tickets`, { typeId, channel });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TicketViewT;
};

/** A case for the ticket to keep: 张三 files 结婚登记 online, as the authorization test does. */
async function fileCase(): Promise<string> {
  const person = await loginClient(app, '421202199001011232');
  const item = await getPublishedItemByCode(dbh.db, '421202-MZ-JHDJ');
  const boundary = '----hall';
  const upload = async () => {
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), Buffer.from(Math.random().toString()), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return (await person.request('POST', '/api/v1/cases/files', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` })).json().id as string;
  };
  const form = { applicantName: '张三', idNumber: '421202199001011232', phone: '13900000001', address: '咸安区温泉路 1 号', partnerName: '王芳', partnerIdNumber: '421202199203030028' };
  const created = await person.post('/api/v1/cases', { itemId: item.itemId, channel: 'online', form, materials: await Promise.all(item.content.materials.map(async (_, requirement) => ({ requirement, fileId: await upload() }))) });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id as string;
}

beforeAll(async () => {
  dbh = await testDbHandle();
  const config = { ...testConfig(), testClock: true };
  await seedAll(dbh.db, new FieldCipher(config.secret), { demo: true });
  app = await buildServer({ config, dbh, logger: false });
  await app.ready();
  anon = makeClient(app);
  [admin, clerk, supervisor] = await Promise.all(['admin', 'clerk', 'supervisor'].map((u) => loginClient(app, u)));
  clerk2 = await staff('hall.clerk2', ['window_clerk'], '421202', '421202-xzsp');
  ezhouAdmin = await staff('hall.ezadmin', ['admin'], '420700');
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe('halls and business types', () => {
  it('seeds the demo hall: three types mapped to catalog items, a 综合窗口 for the demo clerk', async () => {
    const res = await admin.get('/api/v1/hall/halls?regionCode=421202');
    expect(res.statusCode, res.body).toBe(200);
    const halls = res.json() as HallViewT[];
    expect(halls).toHaveLength(1);
    hall = halls[0]!;
    expect(hall.types.map((t) => t.prefix)).toEqual(['A', 'B', 'C']);
    expect(hall.types.every((t) => t.itemCodes.length > 0)).toBe(true);
    [typeA, typeB, typeC] = hall.types.map((t) => t.id) as [string, string, string];
    const desks = (await clerk.get('/api/v1/hall/my-windows')).json() as DeskViewT[];
    expect(desks.map((d) => [d.window.number, d.types.length])).toEqual([[1, 3]]);
  });

  it('admin adds a type and a window; bad input is refused with a code and stores nothing', async () => {
    const before = await stored();
    expectError(await admin.post(`/api/v1/hall/halls/${hall.id}/types`, { prefix: 'D', name: '不存在', itemCodes: ['421202-NOPE-X'] }), 400, 'HALL_ITEM_UNKNOWN');
    expectError(await admin.post(`/api/v1/hall/halls/${hall.id}/types`, { prefix: 'A', name: '重复', itemCodes: [] }), 409, 'HALL_TYPE_PREFIX_TAKEN');
    expectError(await admin.post(`/api/v1/hall/halls/${hall.id}/types`, { prefix: 'a1', name: '坏字母', itemCodes: [] }), 400, 'VALIDATION_FAILED');
    expectError(await ezhouAdmin.post(`/api/v1/hall/halls/${hall.id}/types`, { prefix: 'E', name: '越权', itemCodes: [] }), 403, 'OUT_OF_SCOPE');
    expectError(await admin.post(`/api/v1/hall/halls/${hall.id}/windows`, { number: 1, name: '重号', typeIds: [] }), 409, 'HALL_WINDOW_NUMBER_TAKEN');
    const approverId = (await (await loginClient(app, 'approver')).get('/api/v1/auth/me')).json().user.id;
    expectError(await admin.post(`/api/v1/hall/halls/${hall.id}/windows`, { number: 7, name: '审批员不能坐窗口', staffUserId: approverId, typeIds: [] }), 400, 'HALL_STAFF_INVALID');
    expectError(await admin.post(`/api/v1/hall/halls/${hall.id}/windows`, { number: 7, name: '别的类型', typeIds: ['00000000-0000-4000-8000-000000000009'] }), 400, 'HALL_TYPE_NOT_FOUND');
    expectError(await admin.patch(`/api/v1/hall/halls/${hall.id}`, { yellowMinutes: 30, redMinutes: 10 }), 400, 'HALL_LIMITS_ORDER');
    expectError(await ezhouAdmin.post('/api/v1/hall/halls', { regionCode: '421202', name: '越权大厅' }), 403, 'OUT_OF_SCOPE');
    expect(await stored()).toEqual(before);

    const clerk2Id = (await clerk2.get('/api/v1/auth/me')).json().user.id;
    const win = await admin.post(`/api/v1/hall/halls/${hall.id}/windows`, { number: 3, name: '综合窗口', staffUserId: clerk2Id, typeIds: [typeA, typeB, typeC] });
    expect(win.statusCode, win.body).toBe(201);
    hall = win.json();
    expect(hall.windows.map((w) => w.number)).toEqual([1, 2, 3]);
  });
});

describe('taking a number', () => {
  it('numbers run per type per day: A001, A002, B001', async () => {
    const a1 = await take(typeA);
    const a2 = await take(typeA, 'phone');
    const b1 = await take(typeB);
    expect([a1.number, a2.number, b1.number]).toEqual(['A001', 'A002', 'B001']);
    expect([a1.status, a2.waitingAhead, b1.waitingAhead]).toEqual(['waiting', 1, 0]);
    const seen = await anon.get(`/api/v1/public/hall/tickets/${a2.id}`);
    expect(seen.json()).toMatchObject({ number: 'A002', channel: 'phone', status: 'waiting', hallName: '咸安区政务服务中心' });
    const kiosk = (await anon.get(`/api/v1/public/hall/halls/${hall.id}`)).json() as HallViewT;
    expect(kiosk.types.find((t) => t.id === typeA)!.waiting).toBe(2);
  });

  it('starts again at 001 the next day', async () => {
    const tomorrow = new Date(app.clock.now().getTime() + 24 * 3_600_000);
    app.clock.moveTo(tomorrow);
    const c = await take(typeC);
    const a = await take(typeA);
    expect([c.number, a.number]).toEqual(['C001', 'A001']);
  });

  it('refuses bad input with a code and stores nothing', async () => {
    const before = await stored();
    expectError(await anon.post(`/api/v1/public/hall/halls/${hall.id}/tickets`, { typeId: '00000000-0000-4000-8000-000000000009', channel: 'kiosk' }), 400, 'HALL_TYPE_NOT_FOUND');
    expectError(await anon.post(`/api/v1/public/hall/halls/${hall.id}/tickets`, { typeId: typeA, channel: 'fax' }), 400, 'VALIDATION_FAILED');
    expectError(await anon.post(`/api/v1/public/hall/halls/${hall.id}/tickets`, { typeId: typeA, channel: 'kiosk', extra: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await anon.post('/api/v1/public/hall/halls/00000000-0000-4000-8000-000000000009/tickets', { typeId: typeA, channel: 'kiosk' }), 404, 'HALL_NOT_FOUND');
    expectError(await anon.get('/api/v1/public/hall/tickets/00000000-0000-4000-8000-000000000009'), 404, 'HALL_TICKET_NOT_FOUND');
    expect(await stored()).toEqual(before);
  });
});

describe('calling at the window', () => {
  const desks = async (c: Client) => (await c.get('/api/v1/hall/my-windows')).json() as DeskViewT[];

  it('calls the oldest waiting ticket of the types a 综合窗口 serves, then recall, start, finish', async () => {
    const w1 = (await desks(clerk))[0]!;
    const called = await clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`);
    expect(called.statusCode, called.body).toBe(200);
    expect(called.json()).toMatchObject({ number: 'A001', status: 'called', windowNumber: 1 });
    const id = called.json().id as string;
    expectError(await clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`), 409, 'HALL_WINDOW_BUSY');
    expectError(await clerk2.post(`/api/v1/hall/tickets/${id}/recall`), 403, 'HALL_NOT_YOUR_WINDOW');
    expect((await clerk.post(`/api/v1/hall/tickets/${id}/recall`)).json()).toMatchObject({ recalls: 1, status: 'called' });
    expect((await clerk.post(`/api/v1/hall/tickets/${id}/start`)).json().status).toBe('serving');
    expectError(await clerk.post(`/api/v1/hall/tickets/${id}/skip`), 409, 'HALL_TICKET_STATE');
    expectError(await clerk.post(`/api/v1/hall/tickets/${id}/finish`, { caseId: '00000000-0000-4000-8000-000000000009' }), 400, 'HALL_CASE_NOT_FOUND');
    const done = await clerk.post(`/api/v1/hall/tickets/${id}/finish`, {});
    expect(done.json()).toMatchObject({ status: 'done', caseId: null });
    const tl = await one<{ actions: string }>(sql`SELECT string_agg(action, ',' ORDER BY seq) AS actions FROM hall_ticket_events WHERE ticket_id = ${id}`);
    expect(tl.actions).toBe('take,call,recall,start,finish');
  });

  it('skips, marks no-show and transfers to another window, which calls the transferred ticket first', async () => {
    const w1 = (await desks(clerk))[0]!;
    const w3 = (await desks(clerk2))[0]!;
    const a = (await clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`)).json() as TicketViewT;
    expect((await clerk.post(`/api/v1/hall/tickets/${a.id}/skip`)).json().status).toBe('skipped');
    const b = (await clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`)).json() as TicketViewT;
    expect((await clerk.post(`/api/v1/hall/tickets/${b.id}/no-show`)).json().status).toBe('no_show');
    const c = (await clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`)).json() as TicketViewT;
    const before = await stored();
    expectError(await clerk.post(`/api/v1/hall/tickets/${c.id}/transfer`, { windowId: w1.window.id }), 400, 'HALL_TRANSFER_TARGET');
    expectError(await clerk.post(`/api/v1/hall/tickets/${c.id}/transfer`, { windowId: '00000000-0000-4000-8000-000000000009' }), 400, 'HALL_TRANSFER_TARGET');
    expect(await stored()).toEqual(before);
    await take(typeA);
    const moved = await clerk.post(`/api/v1/hall/tickets/${c.id}/transfer`, { windowId: w3.window.id });
    expect(moved.json()).toMatchObject({ status: 'waiting', windowNumber: null });
    // Window 1 never gets it back; window 3 calls it before any older ticket of its types.
    const w1next = (await clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`)).json() as TicketViewT;
    expect(w1next.id).not.toBe(c.id);
    const w3next = (await clerk2.post(`/api/v1/hall/windows/${w3.window.id}/call-next`)).json() as TicketViewT;
    expect(w3next.id).toBe(c.id);
    await clerk.post(`/api/v1/hall/tickets/${w1next.id}/finish`, {});
    await clerk2.post(`/api/v1/hall/tickets/${c.id}/finish`, {});
  });

  it('keeps the ticket on the case filed for it', async () => {
    const w1 = (await desks(clerk))[0]!;
    await take(typeB);
    const t = (await clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`)).json() as TicketViewT;
    const caseId = await fileCase();
    const done = await clerk.post(`/api/v1/hall/tickets/${t.id}/finish`, { caseId });
    expect(done.json()).toMatchObject({ status: 'done', caseId });
    const back = await clerk.get(`/api/v1/hall/cases/${caseId}/ticket`);
    expect(back.json()).toMatchObject({ id: t.id, number: t.number });
  });

  it('two windows calling at once never call the same ticket', async () => {
    const w1 = (await desks(clerk))[0]!;
    const w3 = (await desks(clerk2))[0]!;
    // Empty the queue first, so each round's two windows call exactly that round's two tickets.
    for (;;) {
      const r = await clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`);
      if (r.statusCode !== 200) break;
      await clerk.post(`/api/v1/hall/tickets/${r.json().id}/finish`, {});
    }
    const taken: string[] = [];
    for (let round = 0; round < 5; round++) {
      taken.push((await take(typeA)).id, (await take(typeA)).id);
      const [r1, r3] = await Promise.all([clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`), clerk2.post(`/api/v1/hall/windows/${w3.window.id}/call-next`)]);
      expect(r1.statusCode, r1.body).toBe(200);
      expect(r3.statusCode, r3.body).toBe(200);
      expect(r1.json().id).not.toBe(r3.json().id);
      await Promise.all([clerk.post(`/api/v1/hall/tickets/${r1.json().id}/finish`, {}), clerk2.post(`/api/v1/hall/tickets/${r3.json().id}/finish`, {})]);
    }
    const calls = await one<{ n: number; tickets: number }>(sql`SELECT count(*)::int AS n, count(DISTINCT ticket_id)::int AS tickets FROM hall_ticket_events
      WHERE action = 'call' AND ticket_id IN (${sql.join(taken.map((id) => sql`${id}::uuid`), sql`, `)})`);
    expect(calls).toEqual({ n: 10, tickets: 10 });
    expectError(await clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`), 409, 'HALL_QUEUE_EMPTY');
  });

  it('keeps a verifiable, append-only chain per ticket', async () => {
    expect((await ticketLog.verify(dbh.db)).broken).toEqual([]);
    await expect(dbh.db.execute(sql`UPDATE hall_ticket_events SET action = 'x'`)).rejects.toThrow();
  });
});

describe('the display', () => {
  it('streams a call as a server-sent event and lets go of the connection when the screen leaves', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const w1 = (await desks())[0]!;
    const waiting = (await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM hall_tickets WHERE status = 'waiting'`)).n;
    expect(waiting).toBe(0);
    await take(typeC);
    const got = await new Promise<{ call: CallViewT; type: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: `/api/v1/public/hall/halls/${hall.id}/events` }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          // The stream is open once the retry line arrives: now call a number and wait for it.
          if (buf.startsWith('retry:') && !buf.includes('event: call') && listenerCount(hall.id) === 1 && !called) {
            called = true;
            clerk.post(`/api/v1/hall/windows/${w1.window.id}/call-next`).then((r) => r.statusCode === 200 || reject(new Error(r.body)), reject);
          }
          const m = /event: call\ndata: (.*)\n\n/.exec(buf);
          if (m) {
            resolve({ call: JSON.parse(m[1]!), type: String(res.headers['content-type']) });
            req.destroy();
          }
        });
      });
      let called = false;
      req.on('error', (e) => (e.message.includes('aborted') || (e as { code?: string }).code === 'ECONNRESET' ? undefined : reject(e)));
      req.end();
    });
    expect(got.type).toContain('text/event-stream');
    expect(got.call).toMatchObject({ number: 'C002', windowNumber: 1, recall: false });
    expect(got.call.voice).toContain('1 号窗口');
    await expect.poll(() => listenerCount(hall.id)).toBe(0);
    const shown = (await anon.get(`/api/v1/public/hall/halls/${hall.id}/display`)).json();
    expect(shown.calls[0]).toMatchObject({ number: 'C002', windowNumber: 1 });
    await clerk.post(`/api/v1/hall/tickets/${got.call.ticketId}/finish`, {});
    expectError(await anon.get('/api/v1/public/hall/halls/00000000-0000-4000-8000-000000000009/events'), 404, 'HALL_NOT_FOUND');
  });

  async function desks() {
    return (await clerk.get('/api/v1/hall/my-windows')).json() as DeskViewT[];
  }
});

describe('figures and waiting cards', () => {
  it('reports waiting and service time by type, window and hour', async () => {
    const day = new Date(app.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = await supervisor.get(`/api/v1/hall/figures?hallId=${hall.id}&from=2020-01-01&to=${day}`);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f.total.tickets).toBe(Number((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM hall_tickets`)).n));
    expect(f.total.served).toBeGreaterThan(5);
    expect(f.total.avgWaitSeconds).toBeGreaterThanOrEqual(0);
    expect(f.byType.map((r: { label: string }) => r.label[0])).toEqual(['A', 'B', 'C']);
    expect(f.byWindow.find((r: { label: string }) => r.label.startsWith('3 ')).served).toBeGreaterThan(0);
    expect(f.byHour.length).toBeGreaterThan(0);
    expectError(await supervisor.get(`/api/v1/hall/figures?hallId=${hall.id}&from=2026-02-01&to=2026-01-01`), 400, 'HALL_PERIOD_INVALID');
    expectError(await ezhouAdmin.get(`/api/v1/hall/figures?hallId=${hall.id}&from=2020-01-01&to=${day}`), 403, 'OUT_OF_SCOPE');
  });

  it('turns tickets waiting past the hall’s limits yellow, then red', async () => {
    const upd = await admin.patch(`/api/v1/hall/halls/${hall.id}`, { yellowMinutes: 10, redMinutes: 30 });
    expect(upd.statusCode, upd.body).toBe(200);
    const t = await take(typeB);
    const cardOf = async () => ((await supervisor.get(`/api/v1/hall/halls/${hall.id}/waiting`)).json().tickets as { id: string; card: string }[]).find((x) => x.id === t.id)!.card;
    expect(await cardOf()).toBe('green');
    app.clock.moveTo(new Date(app.clock.now().getTime() + 11 * 60_000));
    expect(await cardOf()).toBe('yellow');
    app.clock.moveTo(new Date(app.clock.now().getTime() + 20 * 60_000));
    expect(await cardOf()).toBe('red');
  });
});

it('runs on the expected database', () => {
  expect(['pglite', 'postgres']).toContain(testDbKind());
});
