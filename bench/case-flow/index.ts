/**
 * apply → accept → two steps (pass, conclude) over HTTP on PostgreSQL with concurrent clients, against the
 * same inserts and updates issued directly in SQL over one connection pool with the same concurrency.
 * Run: npx tsx bench/case-flow/index.ts   (uses DATABASE_URL, or starts a throw-away PostgreSQL)
 * Writes bench/results/case-flow.json. Figures are medians of several runs.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sm3 } from '../../src/platform/crypto.js';
import { migrateDb, openDb } from '../../src/platform/db.js';
import { caseTestApp } from '../../src/modules/cases/testing.js';
import { benchPostgres, median } from './postgres.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const CASES_PER_RUN = Number(process.env.BENCH_FLOW_CASES ?? 400);
const RUNS = 3;
const RESULT_FILE = fileURLToPath(new URL('../results/case-flow.json', import.meta.url));
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, account: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, password: 'Tongban@2026' }) });
  if (!res.ok) throw new Error(`login ${account}: ${res.status}`);
  return { cookie: res.headers.getSetCookie().find((c) => c.startsWith('tb_session='))!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function post(base: string, s: Session, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function upload(base: string, s: Session, n: number): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([PDF, `bench ${n}`]), `m${n}.pdf`);
  const res = await fetch(`${base}/api/v1/cases/files`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body: form });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Runs `total` flows with `clients` concurrent loops; returns cases per second. */
async function concurrently(total: number, clients: number, flow: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) await flow(i);
    }),
  );
  return total / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** The writes of the four transitions as plain SQL, each transaction locking the case row like the service. */
function directFlow(pool: pg.Pool, template: Record<string, unknown>, ids: { clerk: string; approver: string; person: string }) {
  const steps = JSON.stringify(template.item_steps);
  return async (i: number) => {
    const c = await pool.connect();
    try {
      const event = async (caseId: string, seq: number, prev: string, action: string, from: string | null, to: string, actor: string, payload: object) => {
        const at = new Date();
        const hash = sm3(prev + JSON.stringify({ caseId, seq, at, actor, action, from, to, payload }));
        await c.query('INSERT INTO case_events (region_code, case_id, seq, at, actor_id, role, action, from_state, to_state, payload, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)', [
          '421202', caseId, seq, at, actor, 'bench', action, from, to, JSON.stringify(payload), prev, hash,
        ]);
        return hash;
      };
      await c.query('BEGIN');
      const n = (await c.query("SELECT nextval('case_number_seq')::text AS n")).rows[0].n as string;
      const ins = await c.query(
        `INSERT INTO cases (region_code, number, item_id, item_version, item, department_id, step_department_ids, channel, applicant_id, applicant_kind, applicant_name,
           applicant_id_enc, applicant_id_masked, form_data, state, submitted_at, clock_kind, clock_start, limit_days, due_at, yellow_at, version, last_hash)
         VALUES ('421202', $1, $2, $3, $4, $5, $6, 'online', $7, 'person', '张三', $8, '4212**********1232', $9, 'submitted', now(), 'acceptance', now(), 5, now() + interval '7 days', now() + interval '6 days', 0, $10)
         RETURNING id`,
        [`B${n}`, template.item_id, template.item_version, JSON.stringify(template.item), template.department_id, template.step_department_ids, ids.person, template.applicant_id_enc, JSON.stringify({ name: `bench ${i}`, kind: 'a' }), '0'.repeat(64)],
      );
      const id = ins.rows[0].id as string;
      await c.query("INSERT INTO case_steps (region_code, case_id, idx, name, department_id, role, state) SELECT '421202', $1, s.idx, s.name, s.dep::uuid, s.role, 'waiting' FROM jsonb_to_recordset($2::jsonb) AS s(idx int, name text, dep text, role text)", [id, steps]);
      await c.query("INSERT INTO case_materials (region_code, case_id, requirement, name, source, file_hash, size, mime) VALUES ('421202', $1, 0, '申请书', 'upload', $2, 50, 'application/pdf'), ('421202', $1, 1, '场地证明', 'upload', $2, 50, 'application/pdf')", [id, 'f'.repeat(64)]);
      let h = await event(id, 1, '0'.repeat(64), 'apply', null, 'submitted', ids.person, { channel: 'online' });
      await c.query('UPDATE cases SET version = 1, last_hash = $2 WHERE region_code = $3 AND id = $1', [id, h, '421202']);
      await c.query("INSERT INTO case_notifications (region_code, case_id, recipient_id, kind, title, body, created_at, sms_status) VALUES ('421202', $1, $2, 'submitted', 't', 'b', now(), 'none')", [id, ids.person]);
      await c.query('COMMIT');

      const transition = async (seq: number, action: string, from: string, to: string, actor: string, extra: (prev: string) => Promise<void>, set: string) => {
        await c.query('BEGIN');
        const row = (await c.query("SELECT * FROM cases WHERE region_code = '421202' AND id = $1 FOR UPDATE", [id])).rows[0];
        await extra(row.last_hash);
        h = await event(id, seq, row.last_hash, action, from, to, actor, { step: seq });
        await c.query(`UPDATE cases SET state = $2, version = $3, last_hash = $4, updated_at = now()${set} WHERE region_code = '421202' AND id = $1`, [id, to, seq, h]);
        await c.query('COMMIT');
      };
      const doc = () => c.query("INSERT INTO case_documents (region_code, case_id, kind, title, html, created_at) VALUES ('421202', $1, 'notice', 't', $2, now())", [id, '<html>…</html>']);
      const notice = (kind: string) => c.query("INSERT INTO case_notifications (region_code, case_id, recipient_id, kind, title, body, created_at, sms_status) VALUES ('421202', $1, $2, $3, 't', 'b', now(), 'none')", [id, ids.person, kind]);
      await transition(2, 'accept', 'submitted', 'in_steps', ids.clerk, async () => {
        await c.query("UPDATE case_materials SET review = 'ok' WHERE region_code = '421202' AND case_id = $1 AND review = 'pending'", [id]);
        await c.query("UPDATE case_steps SET state = 'active', started_at = now() WHERE region_code = '421202' AND case_id = $1 AND idx = 0", [id]);
        await doc();
        await notice('accepted');
      }, ", accepted_at = now(), current_step = 0, clock_kind = 'processing', due_at = now() + interval '7 days', yellow_at = now() + interval '6 days'");
      await transition(3, 'pass_step', 'in_steps', 'in_steps', ids.approver, async () => {
        await c.query("UPDATE case_steps SET state = 'passed', finished_at = now() WHERE region_code = '421202' AND case_id = $1 AND idx = 0", [id]);
        await c.query("UPDATE case_steps SET state = 'active', started_at = now() WHERE region_code = '421202' AND case_id = $1 AND idx = 1", [id]);
      }, ', current_step = 1');
      await transition(4, 'conclude', 'in_steps', 'concluded_approved', ids.approver, async () => {
        await c.query("UPDATE case_steps SET state = 'approved', finished_at = now() WHERE region_code = '421202' AND case_id = $1 AND idx = 1", [id]);
        await doc();
        await notice('concluded');
      }, ', concluded_at = now(), due_at = NULL, yellow_at = NULL');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  };
}

export interface CaseFlowBenchResult {
  name: 'case-flow';
  clients: number;
  casesPerRun: number;
  requestsPerCase: number;
  http: { casesPerSecond: number; runs: number[] };
  baseline: { name: string; casesPerSecond: number; runs: number[] };
  ratio: number;
  postgres: string;
  node: string;
  date: string;
}

export async function main(): Promise<CaseFlowBenchResult> {
  const pgServer = await benchPostgres('tb_bench_flow');
  const handle = await openDb({ url: pgServer.url, poolSize: 20 });
  const pool = new pg.Pool({ connectionString: pgServer.url, max: 20 });
  // Stopping the throw-away server ends idle connections; that is expected, not a failure.
  for (const p of [pool, (handle.db as unknown as { $client: pg.Pool }).$client]) p.on('error', () => undefined);
  try {
    await migrateDb(handle);
    const t = await caseTestApp(handle, { dataDir: mkdtempSync(join(tmpdir(), 'tongban-bench-flow-')) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    const [person, clerk, approver] = await Promise.all(['421202199001011232', 'clerk', 'approver'].map((a) => login(base, a)));
    const files = await Promise.all(Array.from({ length: CLIENTS * 2 }, (_, i) => upload(base, person, i)));
    const itemId = t.itemIds['421202-TEST-A']!;

    const httpFlow = async (i: number) => {
      const k = i % CLIENTS;
      const c = await post(base, person, '/api/v1/cases', { itemId, channel: 'online', form: { name: `bench ${i}`, kind: 'a' }, materials: [{ requirement: 0, fileId: files[2 * k] }, { requirement: 1, fileId: files[2 * k + 1] }] });
      const id = c.id as string;
      await post(base, clerk, `/api/v1/cases/${id}/accept`, {});
      await post(base, approver, `/api/v1/cases/${id}/steps/pass`, { step: 0 });
      await post(base, approver, `/api/v1/cases/${id}/conclude`, { step: 1, decision: 'approve', text: '准予' });
    };
    await concurrently(CLIENTS * 2, CLIENTS, httpFlow);

    const template = (await pool.query("SELECT item_id, item_version, item, department_id, step_department_ids, applicant_id_enc FROM cases WHERE region_code = '421202' LIMIT 1")).rows[0];
    template.item_steps = (template.item.steps as { name: string; departmentId: string; role: string }[]).map((s, idx) => ({ idx, name: s.name, dep: s.departmentId, role: s.role }));
    const users = (await pool.query("SELECT id, username, id_number_masked FROM users WHERE username IN ('clerk', 'approver') OR id_number_masked = '4212**********1232'")).rows;
    const ids = { clerk: users.find((u) => u.username === 'clerk').id, approver: users.find((u) => u.username === 'approver').id, person: users.find((u) => u.id_number_masked).id };
    const direct = directFlow(pool, template, ids);
    await concurrently(CLIENTS * 2, CLIENTS, direct);

    const httpRuns: number[] = [];
    const sqlRuns: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      httpRuns.push(await concurrently(CASES_PER_RUN, CLIENTS, httpFlow));
      sqlRuns.push(await concurrently(CASES_PER_RUN, CLIENTS, direct));
    }
    await t.app.close();
    const result: CaseFlowBenchResult = {
      name: 'case-flow',
      clients: CLIENTS,
      casesPerRun: CASES_PER_RUN,
      requestsPerCase: 4,
      http: { casesPerSecond: median(httpRuns), runs: httpRuns },
      baseline: { name: 'the same writes in plain SQL over one pg pool (20 connections)', casesPerSecond: median(sqlRuns), runs: sqlRuns },
      ratio: median(httpRuns) / median(sqlRuns),
      postgres: pgServer.version,
      node: process.version,
      date: new Date().toISOString(),
    };
    process.stdout.write(
      `case flow (apply → accept → pass → conclude), ${CLIENTS} concurrent clients, ${CASES_PER_RUN} cases per run, ${pgServer.version}\n` +
        `  over HTTP:           ${result.http.casesPerSecond.toFixed(1)} cases/s (${(result.http.casesPerSecond * 4).toFixed(0)} requests/s)\n` +
        `  direct SQL baseline: ${result.baseline.casesPerSecond.toFixed(1)} cases/s\n` +
        `  ratio HTTP / SQL:    ${result.ratio.toFixed(2)}\n`,
    );
    mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
    writeFileSync(RESULT_FILE, JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    await pool.end();
    await handle.close();
    await pgServer.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
