/**
 * Schema-driven fuzzing of every documented route (issue 20, point 5). fast-check builds requests from the
 * OpenAPI document — valid samples with hostile values put in (NUL, lone surrogates, huge numbers and strings,
 * injection strings, prototype keys), malformed JSON, multipart and URLs — sent anonymously and as each role.
 * Every answer must be below 500 and every 4xx must carry its code with Chinese and English text. Between
 * batches the database is snapshotted (row count and hash of each table): a batch in which no write succeeded
 * must leave it unchanged, so a rejected request stores nothing.
 *
 * The suite runs TONGBAN_FUZZ_RUNS requests (default 2,000); `npm run fuzz` runs 100,000.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testApp, type Client } from '../helpers/app.js';
import { sampleBody, sampleParams, type Samples } from './openapi-samples.js';

const RUNS = Number(process.env.TONGBAN_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.TONGBAN_FUZZ_SEED ?? Date.now() % 2 ** 31);
const BATCH = 50;
// Written by design on rejected requests (failed logins are audited and spend the account's budget; a refused
// department-system callback is kept in the routing message log as evidence, signed with the log's key, which is
// made on first use) or by reads (a session's last-seen time); everything else must not change when no write
// succeeded.
const BOOKKEEPING = new Set(['audit_log', 'auth_throttle', 'sessions', 'routing_messages', 'routing_keys']);

const t = await testApp();
const doc = (await t.anonymous.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema: object }[]; requestBody?: { content?: Record<string, { schema: object }> } }>> };
const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase() as 'GET', path, op })));
const clients: Client[] = [t.anonymous, ...(await Promise.all(['421202199001011232', '91421202MA49AB1C2J', 'clerk', 'approver', 'supervisor', 'admin'].map((a) => t.login(a))))];
const samples: Samples = {
  caseId: '00000000-0000-4000-8000-0000000000c1',
  materialId: '00000000-0000-4000-8000-0000000000c2',
  personId: (await clients[1]!.get('/api/v1/auth/me')).json().user.id,
  licenceId: '00000000-0000-4000-8000-0000000000c3',
  notificationId: '00000000-0000-4000-8000-0000000000c4',
  departmentId: (await t.anonymous.get('/api/v1/departments?regionCode=421202')).json()[0].id,
  itemId: (await t.anonymous.get('/api/v1/catalog/items?limit=1')).json().items[0].itemId,
  unitId: '00000000-0000-4000-8000-0000000000c5',
  bundleCode: 'none',
};

const hostileString = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', "' OR '1'='1", '"; DROP TABLE users; --', '__proto__', 'constructor', '${7*7}{{7*7}}', '<script>alert(1)</script>', '../../../etc/passwd', '%00', '   ', '\t\n', '', '٣', '𠮷'.repeat(40), 'NaN', '-0'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constant('长'.repeat(70_000)),
);
const hostileNumber = fc.oneof(fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, -1, 0, 0.5), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const hostile = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.array(hostileString, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }));

type Req = { client: number; route: number; pathMode: 'valid' | 'hostile'; pathValue: string; query: [string, string][]; body: 'sample' | 'mutated' | 'random' | 'proto' | 'broken'; mutations: [number, unknown][]; random: unknown; url: 'ok' | 'bad' };

const request: fc.Arbitrary<Req> = fc.record({
  client: fc.nat(clients.length - 1),
  route: fc.nat(routes.length - 1),
  pathMode: fc.constantFrom('valid', 'hostile'),
  pathValue: fc.oneof(hostileString.filter((s) => s.length < 500), fc.constantFrom('2147483648', '99999999999999999999', '-1', '00000000-0000-4000-8000-000000000000')),
  query: fc.array(fc.tuple(fc.constantFrom('limit', 'offset', 'q', 'state', 'kind', 'regionCode', 'within', 'caseId', 'year', '__proto__'), hostileString.filter((s) => s.length < 500)), { maxLength: 3 }),
  body: fc.constantFrom('sample', 'mutated', 'mutated', 'random', 'proto', 'broken'),
  mutations: fc.array(fc.tuple(fc.nat(20), hostile), { minLength: 1, maxLength: 3 }),
  random: fc.jsonValue({ maxDepth: 2 }),
  url: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'bad'),
});

function bodyOf(r: Req, schema: object | undefined): string | undefined {
  if (r.body === 'broken') return '{"a":';
  if (r.body === 'random' || !schema) return JSON.stringify(r.random);
  const base = sampleBody(schema, samples) as Record<string, unknown>;
  if (r.body === 'proto') return JSON.stringify(base).replace(/^\{/, '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},');
  if (r.body === 'mutated' && base && typeof base === 'object') {
    const keys = Object.keys(base);
    for (const [i, v] of r.mutations) base[keys.length ? keys[i % keys.length]! : `k${i}`] = v;
  }
  return JSON.stringify(base);
}

/** Percent-encoding that also sends a lone surrogate, as the bytes a careless client would (CESU-8). */
function enc(s: string): string {
  return [...s].map((ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return Buffer.from(ch, 'latin1').length ? '%ED%A0%80' : '';
    }
  }).join('');
}

function urlOf(r: Req): string {
  const route = routes[r.route]!;
  const params = sampleParams(route.path, route.op.parameters ?? [], samples);
  let url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => (r.pathMode === 'valid' ? enc(params.path[name] ?? '') : enc(r.pathValue)));
  const query = [...Object.entries(params.query), ...r.query].map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  if (query) url += `?${query}`;
  return r.url === 'bad' ? url.replace(/\/[^/]*$/, '/%ZZ%') : url;
}

const MULTIPART_BROKEN = ['--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc', 'no boundary at all', '--x\r\n\r\n\r\n--x--'];

async function send(r: Req) {
  const route = routes[r.route]!;
  const client = clients[r.client]!;
  const multipart = route.op.requestBody?.content?.['multipart/form-data'];
  if (multipart) {
    return client.request(route.method, urlOf(r), MULTIPART_BROKEN[r.mutations.length % MULTIPART_BROKEN.length], { 'content-type': 'multipart/form-data; boundary=x' });
  }
  const schema = route.op.requestBody?.content?.['application/json']?.schema;
  if (route.method === 'GET') return client.request('GET', urlOf(r));
  return client.request(route.method, urlOf(r), bodyOf(r, schema), { 'content-type': 'application/json' });
}

async function snapshot(): Promise<Record<string, string>> {
  const tables = ((await t.dbh.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)) as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
  const out: Record<string, string> = {};
  for (const name of tables) {
    if (BOOKKEEPING.has(name)) continue;
    const r = (await t.dbh.db.execute(sql.raw(`select count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from "${name}" x`))) as unknown as { rows: { h: string }[] };
    out[name] = r.rows[0]!.h;
  }
  return out;
}

describe('fuzzing every documented route', () => {
  it(`sends ${RUNS} generated requests: no 500, every 4xx coded in both languages, nothing stored by rejected ones (seed ${SEED})`, async () => {
    const requests = fc.sample(request, { numRuns: RUNS, seed: SEED });
    const failures: string[] = [];
    const stored: string[] = [];
    let before = await snapshot();
    const started = Date.now();
    for (let i = 0; i < requests.length; i += BATCH) {
      let wrote = false;
      for (const r of requests.slice(i, i + BATCH)) {
        const res = await send(r);
        const route = routes[r.route]!;
        const label = `${route.method} ${urlOf(r).slice(0, 160)} as #${r.client} (${r.body})`;
        if (res.statusCode >= 500) failures.push(`${res.statusCode} ${label}: ${res.body.slice(0, 200)}`);
        else if (res.statusCode >= 400) {
          const body = (() => { try { return res.json(); } catch { return null; } })();
          if (!body?.code || !/[\u4e00-\u9fff]/.test(body.message ?? '') || !/[A-Za-z]/.test(body.messageEn ?? '')) failures.push(`uncoded ${res.statusCode} ${label}: ${res.body.slice(0, 200)}`);
        } else if (route.method !== 'GET') wrote = true;
      }
      const after = await snapshot();
      if (!wrote) {
        const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
        if (changed.length) stored.push(`batch at ${i}: ${changed.join(', ')}`);
      }
      before = after;
      if (failures.length > 20) break;
    }
    const seconds = (Date.now() - started) / 1000;
    expect(failures, `seed ${SEED}`).toEqual([]);
    expect(stored, `seed ${SEED}`).toEqual([]);
    if (process.env.TONGBAN_FUZZ_REPORT) process.stdout.write(`fuzz: ${RUNS} requests in ${seconds.toFixed(1)} s on ${t.dbh.kind} (seed ${SEED})\n`);
  }, 3_600_000);
});
