/**
 * The whole server with the bundle routes on a fresh test database (org, calendar, catalog, the demo accounts and
 * the shipped bundles seeded), and drivers that walk cases and bundle cases through HTTP with real staff accounts.
 */
import { expect } from 'vitest';
import { FieldCipher } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { seedAll } from '../../seed.js';
import { buildServer } from '../../server.js';
import { loginClient, makeClient, testConfig, type Client } from '../../../test/helpers/server.js';
import { seedBundles } from './service.js';

export type { Client };
export const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

export interface BundleTestApp {
  app: App;
  dbh: DbHandle;
  login(account: string, password?: string): Promise<Client>;
  anonymous: Client;
  /** A window clerk of the region's hall, created through the admin API on first use. */
  clerk(regionCode: string): Promise<Client>;
  /** An approver of the department, created through the admin API on first use. */
  approver(departmentId: string): Promise<Client>;
  admin: Client;
  close(): Promise<void>;
}

export async function bundleTestApp(dbh: DbHandle, options: { testClock?: boolean } = {}): Promise<BundleTestApp> {
  const config = { ...testConfig(), testClock: options.testClock ?? false };
  await seedAll(dbh.db, new FieldCipher(config.secret), { demo: true });
  const seeded = await seedBundles(dbh.db);
  expect(seeded.skipped).toEqual([]);
  const app = await buildServer({ config, dbh, logger: false });
  await app.ready();
  const login = (account: string, password?: string) => loginClient(app, account, password);
  const admin = await login('admin');
  const departments = (await makeClient(app).get('/api/v1/departments')).json() as { id: string; code: string; regionCode: string }[];
  const byId = new Map(departments.map((d) => [d.id, d]));
  const accounts = new Map<string, Promise<Client>>();
  const staff = (username: string, body: Record<string, unknown>) => {
    let c = accounts.get(username);
    if (!c) {
      c = (async () => {
        const res = await admin.post('/api/v1/admin/users', { username, displayName: username, password: 'Tongban@2026', ...body });
        expect(res.statusCode, res.body).toBe(201);
        return login(username);
      })();
      accounts.set(username, c);
    }
    return c;
  };
  return {
    app,
    dbh,
    login,
    anonymous: makeClient(app),
    admin,
    clerk: (regionCode) => {
      const mine = departments.filter((d) => d.regionCode === regionCode);
      const hall = mine.find((d) => /-(zwb|xzsp)$/.test(d.code)) ?? mine[0]!;
      return staff(`clerk_${regionCode}`, { roles: ['window_clerk'], regionCode, departmentId: hall.id });
    },
    approver: (departmentId) => {
      const d = byId.get(departmentId)!;
      return staff(`approver_${d.code.replace('-', '_')}`, { roles: ['approver'], regionCode: d.regionCode, departmentId });
    },
    close: () => app.close(),
  };
}

function multipart(name: string, content: Buffer) {
  const boundary = '----tongbanBundleBoundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(c: Client, name = 'joint.pdf', content: Buffer = PDF): Promise<string> {
  const { payload, headers } = multipart(name, content);
  const res = await c.request('POST', '/api/v1/cases/files', payload, headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

interface JointField {
  key: string;
  type: string;
  options?: { value: string }[];
}

/** A plausible value for every joint field: the demo enterprise's or person's details. */
export function fillForm(fields: readonly JointField[], who: 'person' | 'enterprise'): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === 'select') values[f.key] = f.key === 'applicantType' ? who : f.options![0]!.value;
    else if (f.type === 'phone') values[f.key] = '13900000002';
    else if (f.type === 'address') values[f.key] = '咸宁市咸安区温泉路1号';
    else if (f.type === 'creditCode') values[f.key] = '91421202MA49AB1C2J';
    else if (f.type === 'idNumber') values[f.key] = '421202199001011232';
    else if (f.type === 'number') values[f.key] = 1;
    else if (f.type === 'date') values[f.key] = '2026-01-05';
    else values[f.key] = '咸宁市示范科技有限公司';
  }
  return values;
}

/** Plans and applies: the joint form filled in, one uploaded file for every joint material asked for. */
export async function applyFor(applicant: Client, who: 'person' | 'enterprise', code: string, answers: Record<string, unknown>, fileId?: string) {
  const plan = await applicant.post(`/api/v1/bundles/${code}/plan`, { answers });
  expect(plan.statusCode, plan.body).toBe(200);
  const p = plan.json();
  const file = fileId ?? (await upload(applicant));
  const materials = (p.materials as { index: number; suppliedBy: string | null }[]).filter((m) => !m.suppliedBy).map((m) => ({ material: m.index, fileId: file }));
  const res = await applicant.post(`/api/v1/bundles/${code}/apply`, { answers, form: fillForm(p.form, who), materials, channel: 'online' });
  expect(res.statusCode, res.body).toBe(201);
  return { plan: p, bundle: res.json() };
}

/**
 * Walks one accepted case to its conclusion: each step by whoever its role names (the department's approver,
 * or the hall clerk of the case's region); `deny` concludes at the current step.
 */
export async function finishCase(t: BundleTestApp, caseId: string, decision: 'approve' | 'deny' = 'approve') {
  for (;;) {
    const d = (await t.admin.get(`/api/v1/cases/${caseId}`)).json();
    expect(d.state, JSON.stringify(d)).toBe('in_steps');
    const step = d.steps[d.currentStep];
    const actor = step.role === 'approver' ? await t.approver(step.departmentId) : await t.clerk(d.regionCode);
    const last = d.currentStep === d.steps.length - 1;
    if (last || decision === 'deny') {
      const res = await actor.post(`/api/v1/cases/${caseId}/conclude`, { step: d.currentStep, decision, text: decision === 'approve' ? '经审查,准予。' : '经审查,不予许可。', ...(decision === 'deny' ? { reason: '不符合条件' } : {}) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().case;
    }
    const res = await actor.post(`/api/v1/cases/${caseId}/steps/pass`, { step: d.currentStep, opinion: '同意' });
    expect(res.statusCode, res.body).toBe(200);
  }
}
