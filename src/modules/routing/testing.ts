/** Test helpers for the routing module: a case brought to a step, a department endpoint in the test process, waiting on state. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Client } from '../cases/testing.js';

export const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function upload(c: Client, name: string): Promise<string> {
  const boundary = '----routingTest';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    PDF,
    Buffer.from(Math.random().toString()),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.request('POST', '/api/v1/cases/files', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

/** A 421202-TEST-A case filed by the person and accepted by the clerk: it is at step 0 (审查). */
export async function acceptedCase(person: Client, clerk: Client, itemId: string): Promise<{ id: string; number: string }> {
  const res = await person.post('/api/v1/cases', {
    itemId,
    channel: 'online',
    form: { name: '张三的小店', kind: 'a' },
    materials: [
      { requirement: 0, fileId: await upload(person, 'apply.pdf') },
      { requirement: 1, fileId: await upload(person, 'site.pdf') },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  const accepted = await clerk.post(`/api/v1/cases/${res.json().id}/accept`, {});
  expect(accepted.statusCode, accepted.body).toBe(200);
  return { id: res.json().id, number: res.json().number };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An endpoint that records what it is sent and answers with `status` (changeable while running). */
export async function fakeDepartment(): Promise<{ url: string; received: Received[]; status: number; close(): Promise<void> }> {
  const state = { status: 200 };
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(state.status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cases`,
    received,
    get status() {
      return state.status;
    },
    set status(v: number) {
      state.status = v;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Polls `read` until `done` holds of its value (a state the database exposes), failing after `ms`. */
export async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
