#!/usr/bin/env node
/**
 * A reference department system (部门审批系统) for tongban's 业务分发: it takes the cases tongban dispatches to it and,
 * after a short delay, calls back to pass or conclude the step. It needs Node 20+ and nothing else, so an
 * integrator can copy it as the skeleton of a real adapter.
 *
 * Environment:
 *   PORT            port to listen on (default 4100; 0 picks one and prints it)
 *   TONGBAN_URL     tongban's base URL, e.g. http://127.0.0.1:3000
 *   SYSTEM_ID       the id tongban gave this system when it was registered
 *   SYSTEM_KEY      the HMAC-SM3 key (base64) shown once at registration; SYSTEM_KEY_OLD during a rotation
 *   ACTION          what to answer: conclude (default) · pass · deny
 *   DELAY_MS        how long "examining" a case takes before the callback (default 500)
 *   STATE_FILE      where received deliveries are remembered across restarts (default ./department-state.jsonl)
 *
 * Guarantees: a delivery id seen before is answered 200 and not taken twice; a callback is retried until tongban
 * answers it (2xx, or a 4xx that will never change), with the same message id, so tongban applies it once.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const PORT = Number(process.env.PORT ?? 4100);
const TONGBAN_URL = (process.env.TONGBAN_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const SYSTEM_ID = process.env.SYSTEM_ID ?? '';
const KEYS = [process.env.SYSTEM_KEY, process.env.SYSTEM_KEY_OLD].filter(Boolean).map((k) => Buffer.from(k, 'base64'));
const ACTION = process.env.ACTION ?? 'conclude';
const DELAY_MS = Number(process.env.DELAY_MS ?? 500);
const STATE_FILE = process.env.STATE_FILE ?? './department-state.jsonl';
const WINDOW_MS = 5 * 60_000;

const sm3 = (s) => createHash('sm3').update(s).digest('hex');
const hmac = (key, ts, body) => createHmac('sm3', key).update(`${ts}\n${sm3(body)}`).digest();

// ---- state: one JSON line per event, replayed at start ------------------------------------------------------
/** deliveryId → { delivery, callback: { messageId, done, status } } */
const deliveries = new Map();
function record(event) {
  appendFileSync(STATE_FILE, JSON.stringify(event) + '\n');
}
if (existsSync(STATE_FILE)) {
  for (const line of readFileSync(STATE_FILE, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const e = JSON.parse(line);
    if (e.type === 'received') deliveries.set(e.delivery.deliveryId, { delivery: e.delivery, done: false });
    if (e.type === 'answered' && deliveries.has(e.deliveryId)) Object.assign(deliveries.get(e.deliveryId), { done: true, status: e.status });
  }
}

// ---- receiving --------------------------------------------------------------------------------------------
/** tongban signs with every key valid now (comma-separated); one matching ours is enough. */
function verify(headers, body) {
  const ts = headers['x-tongban-timestamp'];
  const sigs = String(headers['x-tongban-signature'] ?? '').split(',').filter((s) => /^[0-9a-f]{64}$/i.test(s));
  if (!ts || !sigs.length || Math.abs(Date.now() - Date.parse(ts)) > WINDOW_MS) return false;
  return KEYS.some((k) => sigs.some((s) => timingSafeEqual(hmac(k, ts, body), Buffer.from(s, 'hex'))));
}

function answerFor(d) {
  const base = { messageId: `cb-${d.deliveryId}`, deliveryId: d.deliveryId, caseId: d.caseId, step: d.step };
  if (ACTION === 'pass') return { ...base, action: 'pass', opinion: '部门系统审查通过' };
  if (ACTION === 'deny') return { ...base, action: 'deny', reason: '不符合受理条件', text: '经审查,不予许可。' };
  return { ...base, action: 'conclude', text: '经审查,准予许可。', opinion: '部门系统审批通过' };
}

// ---- calling back ------------------------------------------------------------------------------------------
async function callBack(deliveryId, attempt = 1) {
  const entry = deliveries.get(deliveryId);
  if (!entry || entry.done) return;
  const body = JSON.stringify(answerFor(entry.delivery));
  const ts = new Date().toISOString();
  let status = 0;
  try {
    const res = await fetch(`${TONGBAN_URL}/api/v1/routing/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-routing-system': SYSTEM_ID, 'x-routing-timestamp': ts, 'x-routing-signature': hmac(KEYS[0], ts, body).toString('hex') },
      body,
    });
    status = res.status;
    await res.text();
  } catch {
    status = 0;
  }
  // 2xx, or a refusal that a retry cannot change (409, 400, 404): done. 401, 5xx, network: try again later.
  if ((status >= 200 && status < 300) || status === 409 || status === 400 || status === 404) {
    entry.done = true;
    entry.status = status;
    record({ type: 'answered', deliveryId, status });
    return;
  }
  setTimeout(() => void callBack(deliveryId, attempt + 1), Math.min(30_000, 250 * 2 ** attempt)).unref();
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const send = (status, obj) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
    if (req.method === 'GET' && req.url === '/state') {
      return send(200, { deliveries: [...deliveries.values()].map((e) => ({ deliveryId: e.delivery.deliveryId, caseId: e.delivery.caseId, step: e.delivery.step, done: e.done, status: e.status ?? null })) });
    }
    if (req.method !== 'POST' || req.url !== '/cases') return send(404, { error: 'not found' });
    if (!verify(req.headers, body)) return send(401, { error: 'bad signature' });
    let d;
    try {
      d = JSON.parse(body);
    } catch {
      return send(400, { error: 'bad json' });
    }
    if (deliveries.has(d.deliveryId)) return send(200, { deliveryId: d.deliveryId, duplicate: true });
    deliveries.set(d.deliveryId, { delivery: d, done: false });
    record({ type: 'received', delivery: d });
    setTimeout(() => void callBack(d.deliveryId), DELAY_MS).unref();
    return send(200, { deliveryId: d.deliveryId, duplicate: false });
  });
});

server.listen(PORT, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`department system listening on http://127.0.0.1:${port}/cases\n`);
  // Callbacks not yet answered before a restart are sent again.
  for (const [id, e] of deliveries) if (!e.done) setTimeout(() => void callBack(id), DELAY_MS).unref();
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
