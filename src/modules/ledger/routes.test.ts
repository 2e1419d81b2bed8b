/**
 * The ledger's HTTP surface with real logins (demo accounts) on the whole server and a real database.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { testApp } from '../../../test/helpers/app.js';
import { auditLog } from '../audit/schema.js';
import { getDepartmentByCode } from '../org/index.js';

const SEEDS = process.env.TONGBAN_SEEDS ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/seeds');
const PASSWORD = 'Tongban@2026';

function seedText(prefix: string): string {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!file) throw new Error(`seed ${prefix} missing in ${SEEDS}`);
  return readFileSync(resolve(SEEDS, file), 'utf8');
}

let app: App;
let dbh: DbHandle;

interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  send(method: 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

function client(session?: { cookie: string; csrf: string }): Client {
  const headers = session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {};
  return {
    get: (url) => app.inject({ method: 'GET', url, headers }),
    send: (method, url, body) => app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) }),
  };
}

async function login(account: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { account, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  const c = res.cookies.find((x) => x.name === 'tb_session')!;
  return client({ cookie: `tb_session=${c.value}`, csrf: res.json().csrfToken });
}

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messageEn).toMatch(/[A-Za-z]/);
}

beforeAll(async () => {
  const t = await testApp();
  app = t.app;
  dbh = t.dbh;
});

describe('ledger over HTTP', () => {
  let supervisor: Client;
  let draft: { id: string; version: number; tasks: Array<Record<string, unknown>> };

  beforeAll(async () => {
    supervisor = await login('supervisor');
  });

  it('401 without a session, 403 for a window clerk, 400 for a malformed body', async () => {
    expectError(await client().send('POST', '/api/v1/ledger/imports', { filename: 'a.txt', text: 'x' }), 401, 'UNAUTHENTICATED');
    const clerk = await login('clerk');
    expectError(await clerk.send('POST', '/api/v1/ledger/imports', { filename: 'a.txt', text: 'x' }), 403, 'FORBIDDEN');
    expectError(await supervisor.send('POST', '/api/v1/ledger/imports', { filename: 'a.txt' }), 400, 'VALIDATION_FAILED');
    expectError(await supervisor.send('POST', '/api/v1/ledger/imports', { filename: 'a.txt', text: 'x', extra: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await supervisor.send('POST', '/api/v1/ledger/imports', { filename: 'a.txt', text: '没有编号的一段话。' }), 400, 'LEDGER_DOCUMENT_UNREADABLE');
    expectError(await supervisor.send('POST', '/api/v1/ledger/imports', { filename: 'a.txt', text: seedText('002'), regionCode: '430000' }), 403, 'OUT_OF_SCOPE');
  });

  it('imports seed 002 (base64) as a draft shown beside its source', async () => {
    const res = await supervisor.send('POST', '/api/v1/ledger/imports', { filename: '002.txt', contentBase64: Buffer.from(seedText('002')).toString('base64') });
    expect(res.statusCode, res.body).toBe(201);
    draft = res.json();
    expect(draft.tasks).toHaveLength(24);
    expect(res.json().regionCode).toBe('421200');
    expect(res.json().sourceLines[9]).toMatch(/^1\.清理规范审批服务事项/);
    expect((await supervisor.get('/api/v1/ledger/tasks')).json()).toEqual([]);
  });

  it('404 for an unknown draft, 409 for a stale version, then confirms (and audits it)', async () => {
    expectError(await supervisor.get(`/api/v1/ledger/imports/${randomUUID()}`), 404, 'LEDGER_DRAFT_NOT_FOUND');
    expectError(await supervisor.send('POST', `/api/v1/ledger/imports/${draft.id}/confirm`, { version: draft.version + 1 }), 409, 'LEDGER_DRAFT_STALE');
    const res = await supervisor.send('POST', `/api/v1/ledger/imports/${draft.id}/confirm`, { version: draft.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().tasks).toBe(24);
    const entries = await dbh.db.select().from(auditLog).where(and(eq(auditLog.action, 'ledger.import.confirm'), eq(auditLog.targetId, draft.id)));
    expect(entries).toHaveLength(1);
    expectError(await supervisor.send('POST', `/api/v1/ledger/imports/${draft.id}/confirm`, { version: draft.version + 1 }), 409, 'LEDGER_DRAFT_CLOSED');
  });

  it('a department’s approver reports for the unit linked to it', async () => {
    const tasks = (await supervisor.get('/api/v1/ledger/tasks')).json() as Array<{ id: string; no: string; leadUnits: Array<{ unitId: string }> }>;
    const t15 = tasks.find((t) => t.no === '15')!;
    const unitId = t15.leadUnits[0]!.unitId;
    const approver = await login('approver');
    expectError(await approver.send('POST', `/api/v1/ledger/tasks/${t15.id}/reports`, { unitId, text: '推进中' }), 403, 'LEDGER_NOT_UNIT_STAFF');
    const department = await getDepartmentByCode(dbh.db, '421202-scjg');
    // The lead unit is a province unit: a city supervisor may not change it (issue 20), the province admin may.
    expectError(await supervisor.send('PATCH', `/api/v1/ledger/units/${unitId}`, { departmentId: department.id }), 404, 'LEDGER_UNIT_NOT_FOUND');
    const linked = await (await login('admin')).send('PATCH', `/api/v1/ledger/units/${unitId}`, { departmentId: department.id });
    expect(linked.statusCode, linked.body).toBe(200);
    const res = await approver.send('POST', `/api/v1/ledger/tasks/${t15.id}/reports`, { unitId, text: '企业开办已压缩至2个工作日', period: '2019-12' });
    expect(res.statusCode, res.body).toBe(201);
    const mine = (await approver.get('/api/v1/ledger/tasks')).json() as unknown[];
    expect(mine.length).toBeGreaterThan(0);
    expectError(await approver.get(`/api/v1/ledger/tasks/${randomUUID()}`), 404, 'LEDGER_TASK_NOT_FOUND');
    expectError(await approver.send('PATCH', `/api/v1/ledger/tasks/${t15.id}`, { cadence: 'quarterly' }), 403, 'FORBIDDEN');
    const patched = await supervisor.send('PATCH', `/api/v1/ledger/tasks/${t15.id}`, { cadence: 'quarterly', completedOn: '2019-12-20' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ cadence: 'quarterly', completedOn: '2019-12-20', status: '已完成' });
  });

  it('月调度, 季督办 and 年评价 answer, and export as xlsx and docx', async () => {
    expectError(await supervisor.get('/api/v1/ledger/dispatch?month=2019-13'), 400, 'VALIDATION_FAILED');
    const dispatch = await supervisor.get('/api/v1/ledger/dispatch?month=2019-12');
    expect(dispatch.statusCode, dispatch.body).toBe(200);
    expect(dispatch.json().missing.length).toBeGreaterThan(0);
    const round = await supervisor.send('POST', '/api/v1/ledger/supervision', { quarter: '2020-Q1' });
    expect(round.statusCode, round.body).toBe(200);
    const order = round.json().orders[0];
    expect(order.status).toBe('open');
    const answered = await supervisor.send('POST', `/api/v1/ledger/orders/${order.id}/answer`, { answer: '正在推进' });
    expect(answered.json().status).toBe('answered');
    expectError(await supervisor.send('POST', `/api/v1/ledger/orders/${order.id}/answer`, { answer: '再答' }), 409, 'LEDGER_ORDER_STATE');
    const evaluation = await supervisor.send('POST', '/api/v1/ledger/evaluations', { year: 2019 });
    expect(evaluation.statusCode, evaluation.body).toBe(200);
    expect(evaluation.json().units[0].rank).toBe(1);

    const xlsx = await supervisor.get('/api/v1/ledger/export?kind=tasks&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const docx = await supervisor.get('/api/v1/ledger/export?kind=evaluation&format=docx&year=2019');
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expectError(await supervisor.get('/api/v1/ledger/export?kind=dispatch&format=xlsx'), 400, 'VALIDATION_FAILED');
  });
});
