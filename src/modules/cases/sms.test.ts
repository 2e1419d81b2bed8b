import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { startCaseJobs } from './jobs.js';
import { startSmsQueue, type SmsQueue } from './sms.js';
import { caseTestApp, type CaseTestApp, type Client } from './testing.js';

let t: CaseTestApp;
let person: Client;
let gateway: Server;
let url: string;
let failuresLeft = 0;
const received: { id: string; to: string; text: string }[] = [];
let attempts = 0;

beforeAll(async () => {
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      attempts++;
      if (failuresLeft > 0) {
        failuresLeft--;
        res.statusCode = 503;
        return res.end('down');
      }
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
  t = await caseTestApp(await testDbHandle());
  person = await t.login('421202199001011232');
}, 120_000);

afterAll(async () => {
  delete process.env.TONGBAN_SMS_URL;
  await new Promise((r) => gateway.close(r));
});

async function until(what: () => boolean | Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

async function apply(): Promise<string> {
  const res = await person.post('/api/v1/cases', { itemId: t.itemIds['421202-TEST-B'], channel: 'online', form: { name: '短信测试', kind: 'a' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe('SMS through the retried queue', () => {
  it('delivers through a gateway that fails first, and loses nothing across a restart', async () => {
    let queue: SmsQueue = await startSmsQueue(t.dbh, { url, cipher: t.app.cipher, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 });
    failuresLeft = 2;
    const first = await apply();
    await until(() => received.length === 1);
    expect(attempts).toBe(3);
    expect(received[0]).toMatchObject({ to: '13900000001' });
    await until(async () => (await person.get('/api/v1/inbox')).json().find((m: { caseId: string }) => m.caseId === first).sms === 'sent');
    expect(received[0]!.text).toContain('已提交');

    // The server goes down with the gateway down: the message waits in the outbox and goes out after restart.
    await queue.stop();
    process.env.TONGBAN_SMS_URL = url;
    failuresLeft = 1;
    const second = await apply();
    const pending = (await person.get('/api/v1/inbox')).json().find((m: { caseId: string }) => m.caseId === second);
    expect(pending.sms).toBe('pending');
    queue = await startSmsQueue(t.dbh, { url, cipher: t.app.cipher, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 });
    await until(async () => (await person.get('/api/v1/inbox')).json().find((m: { caseId: string }) => m.caseId === second).sms === 'sent');
    await queue.stop();
    const ids = received.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(received).toHaveLength(2);
  }, 60_000);

  it('runs SMS and the sweep together as the server’s case jobs', async () => {
    delete process.env.TONGBAN_SMS_URL;
    const jobs = await startCaseJobs(t.dbh, { cipher: t.app.cipher, dataDir: t.config.dataDir, smsUrl: url, sweepEverySeconds: 1 });
    const before = received.length;
    await apply();
    await until(() => received.length === before + 1);
    await jobs.stop();
  }, 60_000);
});
