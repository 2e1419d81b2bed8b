import { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import type { CliContext } from '../../platform/cli-context.js';
import { register as registerCli } from './cli.js';
import { applyFor, bundleTestApp, fillForm, finishCase, upload, type BundleTestApp, type Client } from './testing.js';

let t: BundleTestApp;
let enterprise: Client;
let person: Client;

beforeAll(async () => {
  t = await bundleTestApp(await testDbHandle());
  [enterprise, person] = await Promise.all([t.login('91421202MA49AB1C2J'), t.login('421202199001011232')]);
}, 120_000);

async function rows<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await t.dbh.db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** Every running child's case walked to approval, stage after stage, until the bundle concludes. */
async function runToConclusion(id: string, deny: Record<string, true> = {}) {
  for (let round = 0; round < 10; round++) {
    const b = (await t.admin.get(`/api/v1/bundle-cases/${id}`)).json();
    if (b.status === 'concluded') return b;
    const running = b.children.filter((c: any) => c.status === 'running' && c.case?.state === 'in_steps');
    expect(running.length, JSON.stringify(b.children)).toBeGreaterThan(0);
    for (const c of running) await finishCase(t, c.case.id, deny[c.itemCode] ? 'deny' : 'approve');
  }
  throw new Error('bundle did not conclude');
}

async function verifyAll() {
  const bundles = await t.admin.get('/api/v1/admin/bundles/verify');
  expect(bundles.statusCode, bundles.body).toBe(200);
  expect(bundles.json().broken).toEqual([]);
  const cases = await t.admin.get('/api/v1/admin/cases/verify');
  expect(cases.json().broken).toEqual([]);
  return { bundles: bundles.json(), cases: cases.json() };
}

/** Answers choosing as many items as each shipped bundle has. */
const FULL: Record<string, Record<string, unknown>> = {
  '421202-YJS-QYKB': { needSeal: true, needInvoice: true },
  '420703-YJS-QYKB': { needSeal: true, needBankAccount: true, needInvoice: true, needHousingFund: true },
  '421200-YJS-SDQWX': { digRoad: true, occupyGreen: true, moveTrees: true, inWaterWorks: true, waterBusiness: true, irrigation: true, soilConservation: true, floodImpact: true },
  '421200-YJS-YSBZ': { digRoad: true },
  '421200-YJS-YQBZ': { digRoad: true },
  '420703-YJS-HDDL': { userType: 'high', externalWorks: false },
  '421202-YJS-BDCGH': { transferWater: true, transferPower: true, transferGas: true },
  '421202-YJS-GCJS': { projectClass: 'government', inPark: false, newLand: true },
  '421202-YJS-KYD': { hasLicence: false, sellFood: true, sellDevices: true },
  '421200-YJS-HDDL': { userType: 'high10kV', externalWorks: true },
  '421200-YJS-DLJR': { roadMetres: 50, lineMetres: 500 },
  '420703-YJS-DLJR': { roadMetres: 50, lineMetres: 1500 },
  '420703-YJS-GCJS': { projectClass: 'government', newLand: true },
  '421202-YJS-QYZX': { hasEmployees: true },
};

describe('the portal', () => {
  it('lists every shipped bundle, shows one with its questionnaire, and plans by the answers', async () => {
    const list = await t.anonymous.get('/api/v1/bundles');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().map((b: any) => b.code).sort()).toEqual(Object.keys(FULL).sort());
    expect((await t.anonymous.get('/api/v1/bundles?regionCode=421202')).json().map((b: any) => b.code)).not.toContain('420703-YJS-HDDL');
    const one = (await t.anonymous.get('/api/v1/bundles/421202-YJS-QYKB')).json();
    expect(one.definition.questions.map((q: any) => q.key)).toEqual(['needSeal', 'needInvoice']);
    expect(one.items.map((i: any) => i.name)).toContain('企业设立登记');
    expect((await t.anonymous.get('/api/v1/bundles/421202-YJS-NOPE')).statusCode).toBe(404);
  });

  it('finds bundles by the words of their name, exact names first', async () => {
    const found = (await t.anonymous.get(`/api/v1/bundles?q=${encodeURIComponent('开药店')}`)).json();
    expect(found.map((b: any) => b.name)).toEqual(['我要开药店']);
    const kaiban = (await t.anonymous.get(`/api/v1/bundles?q=${encodeURIComponent('企业开办')}&regionCode=421202`)).json();
    expect(kaiban.map((b: any) => b.code)).toEqual(['421202-YJS-QYKB']);
    expect((await t.anonymous.get(`/api/v1/bundles?q=${encodeURIComponent('不存在的一件事')}`)).json()).toEqual([]);
  });

  it('picks the items the answers call for', async () => {
    const plan = async (code: string, answers: Record<string, unknown>) => {
      const res = await t.anonymous.post(`/api/v1/bundles/${code}/plan`, { answers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((i: any) => i.itemCode);
    };
    expect(await plan('421202-YJS-QYKB', { needSeal: false, needInvoice: true })).toEqual(['421202-QYKB-SLDJ', '421202-QYKB-FPSL', '421202-QYKB-SBDJ']);
    expect(await plan('421202-YJS-KYD', { hasLicence: true, sellFood: false, sellDevices: true })).toEqual(['421202-YD-YPLS', '421202-YD-YLQX']);
    expect(await plan('420703-YJS-HDDL', { userType: 'resident', externalWorks: false })).toEqual(['420703-DL-DYJM']);
    expect(await plan('420703-YJS-HDDL', { userType: 'smallMicro', externalWorks: true })).toEqual(['420703-DL-DYFJMW']);
    expect(await plan('421202-YJS-GCJS', { projectClass: 'other', inPark: false, newLand: false })).toEqual(['421202-GC-GCGH', '421202-GC-SGXK', '421202-GC-LHYS', '421202-GC-GHHS', '421202-GC-JGBA']);
    expect(await plan('421202-YJS-BDCGH', { transferWater: true, transferPower: false, transferGas: true })).toEqual(['421202-BDC-YBDJ', '421200-GS-GH', '421200-RQ-GH']);
    const bad = await t.anonymous.post('/api/v1/bundles/421202-YJS-QYKB/plan', { answers: { needSeal: 'yes' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BUNDLE_ANSWERS_INVALID');
    const qykb = (await t.anonymous.post('/api/v1/bundles/421202-YJS-QYKB/plan', { answers: FULL['421202-YJS-QYKB'] })).json();
    expect(qykb.form.find((f: any) => f.key === 'companyName').feeds).toHaveLength(4);
    expect(qykb.form.map((f: any) => f.key)).not.toContain('creditCode');
    expect(qykb.limit).toEqual({ days: 1, derived: false });
  });
});

describe('each shipped bundle, end to end', () => {
  for (const code of Object.keys(FULL)) {
    it(`${code}: apply, 一窗受理, every department acts, stages advance, 统一出件`, async () => {
      const def = (await t.anonymous.get(`/api/v1/bundles/${code}`)).json().definition;
      const who = def.audiences.includes('enterprise') ? 'enterprise' : 'person';
      const { plan, bundle } = await applyFor(who === 'enterprise' ? enterprise : person, who, code, FULL[code]!);
      expect(bundle).toMatchObject({ status: 'submitted', bundleCode: code });
      const firstStage = Math.min(...plan.items.map((i: any) => i.stage));
      const started = bundle.children.filter((c: any) => c.case);
      expect(started.map((c: any) => c.itemCode).sort()).toEqual(plan.items.filter((i: any) => i.stage === firstStage).map((i: any) => i.itemCode).sort());
      expect(started.every((c: any) => c.case.state === 'submitted')).toBe(true);

      const hall = await t.clerk(def.regionCode);
      const accepted = await hall.post(`/api/v1/bundle-cases/${bundle.id}/accept`);
      expect(accepted.statusCode, accepted.body).toBe(200);
      const a = accepted.json();
      expect(a.status).toBe('running');
      expect(a.children.filter((c: any) => c.case).every((c: any) => c.case.state === 'in_steps')).toBe(true);
      // A limit of a day or less is yellow from the start: remaining ≤ max(20 % of the limit, 1 working day).
      if (a.clock.limitDays !== null) expect(a.clock).toMatchObject({ card: a.clock.limitDays > 1.25 ? 'green' : 'yellow', due: expect.any(String) });

      const done = await runToConclusion(bundle.id);
      expect(done).toMatchObject({ status: 'concluded', outcome: 'approved' });
      expect(done.children.map((c: any) => c.itemCode)).toEqual(plan.items.map((i: any) => i.itemCode));
      expect(done.children.every((c: any) => c.status === 'approved' && c.case.state === 'concluded_approved')).toBe(true);
      expect(done.stages.filter((s: any) => s.status !== 'skipped').every((s: any) => s.status === 'completed')).toBe(true);
      expect(done.clock.endedAt).toEqual(expect.any(String));
      expect(done.abilities).toEqual([]);
      expect((await hall.get(`/api/v1/bundle-cases/${bundle.id}`)).json().abilities).toEqual(['deliver']);

      const delivered = await hall.post(`/api/v1/bundle-cases/${bundle.id}/deliver`, { method: 'window', receiverName: '李四' });
      expect(delivered.statusCode, delivered.body).toBe(200);
      expect(delivered.json().status).toBe('delivered');
      expect(delivered.json().children.every((c: any) => c.case.state === 'delivered')).toBe(true);

      const events = (await t.admin.get(`/api/v1/bundle-cases/${bundle.id}/events`)).json();
      expect(events[0].action).toBe('apply');
      expect(events.at(-1).action).toBe('deliver');
      const stageStarts = events.flatMap((e: any) => (e.payload.effects ?? []).filter((x: any) => x.type === 'stageStarted').map((x: any) => x.stage));
      expect(stageStarts).toEqual([...new Set(plan.items.map((i: any) => i.stage))]);
      const v = await t.admin.get(`/api/v1/admin/bundles/verify?bundleId=${bundle.id}`);
      expect(v.json()).toMatchObject({ bundlesChecked: 1, eventsChecked: events.length, broken: [] });
    }, 120_000);
  }
});

describe('denials, scope and materials', () => {
  it('stop: a denied mandatory child ends the bundle and its running siblings, and no later stage starts', async () => {
    const { bundle } = await applyFor(enterprise, 'enterprise', '421200-YJS-YSBZ', { digRoad: true });
    const hall = await t.clerk('421200');
    expect((await hall.post(`/api/v1/bundle-cases/${bundle.id}/accept`)).statusCode).toBe(200);
    const main = bundle.children.find((c: any) => c.itemCode === '421200-GS-BZ');
    await finishCase(t, main.case.id, 'deny');
    const b = (await t.admin.get(`/api/v1/bundle-cases/${bundle.id}`)).json();
    expect(b).toMatchObject({ status: 'concluded', outcome: 'denied' });
    const others = b.children.filter((c: any) => c.itemCode !== '421200-GS-BZ');
    expect(others.map((c: any) => [c.status, c.case.state])).toEqual([['withdrawn', 'withdrawn'], ['withdrawn', 'withdrawn']]);
    const terminated = (await t.admin.get(`/api/v1/cases/${others[0].case.id}/events`)).json();
    expect(terminated.at(-1)).toMatchObject({ action: 'terminate', toState: 'withdrawn' });
    const late = await (await t.clerk('421200')).post(`/api/v1/cases/${others[0].case.id}/conclude`, { step: 0, decision: 'approve', text: 'x' });
    expect(late.statusCode).toBe(409);

    const qykb = await applyFor(enterprise, 'enterprise', '421202-YJS-QYKB', { needSeal: true, needInvoice: false });
    expect((await (await t.clerk('421202')).post(`/api/v1/bundle-cases/${qykb.bundle.id}/accept`)).statusCode).toBe(200);
    await finishCase(t, qykb.bundle.children[0].case.id, 'deny');
    const q = (await t.admin.get(`/api/v1/bundle-cases/${qykb.bundle.id}`)).json();
    expect(q).toMatchObject({ status: 'concluded', outcome: 'denied' });
    expect(q.children.filter((c: any) => c.case)).toHaveLength(1);
    expect(q.children.filter((c: any) => c.status === 'cancelled')).toHaveLength(2);
    expect(q.stages.map((s: any) => s.status)).toEqual(['stopped', 'cancelled']);
    await verifyAll();
  }, 120_000);

  it('continue: a denied permit is reported and the others carry on; the bundle concludes partial', async () => {
    const { bundle } = await applyFor(enterprise, 'enterprise', '421200-YJS-SDQWX', { digRoad: true, occupyGreen: false, moveTrees: false, inWaterWorks: false, waterBusiness: false, irrigation: false, soilConservation: false, floodImpact: true });
    expect((await (await t.clerk('421200')).post(`/api/v1/bundle-cases/${bundle.id}/accept`)).statusCode).toBe(200);
    const done = await runToConclusion(bundle.id, { '421200-WX-HSYX': true });
    expect(done).toMatchObject({ status: 'concluded', outcome: 'partial' });
    expect(done.children.map((c: any) => c.status)).toEqual(['approved', 'approved', 'approved', 'denied']);
  }, 60_000);

  it('one uploaded file serves every child; a bundle missing a required material is not accepted', async () => {
    const file = await upload(enterprise);
    const { bundle } = await applyFor(enterprise, 'enterprise', '421202-YJS-KYD', FULL['421202-YJS-KYD']!, file);
    const hashes = await rows<{ case_id: string; file_id: string }>(sql`SELECT case_id::text, file_id::text FROM case_materials WHERE file_id IS NOT NULL AND case_id IN (SELECT case_id FROM bundle_children WHERE bundle_id = ${bundle.id})`);
    expect(new Set(hashes.map((h) => h.file_id))).toEqual(new Set([file]));

    const plan = (await enterprise.post('/api/v1/bundles/421202-YJS-QYKB/plan', { answers: { needSeal: false, needInvoice: false } })).json();
    const res = await enterprise.post('/api/v1/bundles/421202-YJS-QYKB/apply', { answers: { needSeal: false, needInvoice: false }, form: fillForm(plan.form, 'enterprise'), materials: [], channel: 'online' });
    expect(res.statusCode, res.body).toBe(201);
    const refused = await (await t.clerk('421202')).post(`/api/v1/bundle-cases/${res.json().id}/accept`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('BUNDLE_MATERIALS_INCOMPLETE');
  }, 60_000);

  it('refuses a bad joint form naming the joint field, and keeps bundle cases to their scope', async () => {
    const plan = (await enterprise.post('/api/v1/bundles/421202-YJS-QYKB/plan', { answers: { needSeal: true, needInvoice: true } })).json();
    const bad = await enterprise.post('/api/v1/bundles/421202-YJS-QYKB/apply', { answers: { needSeal: true, needInvoice: true }, form: { companyName: '某公司' }, materials: [], channel: 'online' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BUNDLE_FORM_INVALID');
    expect(bad.json().details.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(plan.form.filter((f: any) => f.required && f.key !== 'companyName').map((f: any) => `form.${f.key}`)));

    const { bundle } = await applyFor(enterprise, 'enterprise', '421202-YJS-QYKB', { needSeal: false, needInvoice: false });
    expect((await person.get(`/api/v1/bundle-cases/${bundle.id}`)).statusCode).toBe(404);
    expect((await (await t.clerk('420703')).get(`/api/v1/bundle-cases/${bundle.id}`)).statusCode).toBe(404);
    const approverScjg = await t.login('approver');
    expect((await approverScjg.get(`/api/v1/bundle-cases/${bundle.id}`)).statusCode).toBe(200);
    expect((await approverScjg.post(`/api/v1/bundle-cases/${bundle.id}/accept`)).statusCode).toBe(403);
    expect((await enterprise.get('/api/v1/bundle-cases')).json().map((b: any) => b.id)).toContain(bundle.id);
    const twice = await t.clerk('421202');
    expect((await twice.post(`/api/v1/bundle-cases/${bundle.id}/accept`)).statusCode).toBe(200);
    expect((await twice.post(`/api/v1/bundle-cases/${bundle.id}/accept`)).json().code).toBe('BUNDLE_CASE_STATE_CONFLICT');
  }, 60_000);
});

describe('definitions', () => {
  it('an administrator drafts, validates and publishes a bundle; running cases keep their version', async () => {
    const base = (await t.anonymous.get('/api/v1/bundles/421202-YJS-QYKB')).json().definition;
    const draft = { ...base, code: '421202-YJS-QYKB2', name: '企业开办(测试)' };
    const bad = await t.admin.post('/api/v1/admin/bundles', { ...draft, leadDepartmentCode: '421202-nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.problems[0].code).toBe('BUNDLE_DEPARTMENT_UNKNOWN');
    const created = await t.admin.post('/api/v1/admin/bundles', draft);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ publishedVersion: null, draftVersion: 1 });
    expect((await t.anonymous.get('/api/v1/bundles/421202-YJS-QYKB2')).statusCode).toBe(404);
    expect((await t.admin.post('/api/v1/admin/bundles/421202-YJS-QYKB2/publish')).json()).toMatchObject({ publishedVersion: 1, draftVersion: null });
    expect((await t.anonymous.get('/api/v1/bundles/421202-YJS-QYKB2')).json().version).toBe(1);
    const saved = await t.admin.request('PUT', '/api/v1/admin/bundles/421202-YJS-QYKB2/draft', { ...draft, name: '企业开办(第二版)' });
    expect(saved.json()).toMatchObject({ publishedVersion: 1, draftVersion: 2 });
    expect((await t.admin.post('/api/v1/admin/bundles/421202-YJS-QYKB2/publish')).json().publishedVersion).toBe(2);
    expect((await t.admin.post('/api/v1/admin/bundles/421202-YJS-QYKB2/publish')).json().code).toBe('BUNDLE_NO_DRAFT');
    const clerk = await t.login('clerk');
    expect((await clerk.post('/api/v1/admin/bundles', draft)).statusCode).toBe(403);
  });

  it('refuses to change the event log', async () => {
    const err = await t.dbh.db.execute(sql`UPDATE bundle_case_events SET action = 'x'`).then(() => null, (e: Error & { cause?: Error }) => e);
    expect(String(err?.cause?.message ?? err?.message)).toMatch(/append-only/);
    await verifyAll();
  });

  it('tongban bundles verify prints the report; tongban bundles seed finds every shipped bundle there', async () => {
    const printed: any[] = [];
    const ctx = { config: () => { throw new Error('unused'); }, withDb: (fn: any) => fn(t.dbh.db, t.dbh), printJson: (v: unknown) => printed.push(v) } as unknown as CliContext;
    const program = new Command().exitOverride();
    registerCli(program, ctx);
    await program.parseAsync(['node', 'tongban', 'bundles', 'verify']);
    expect(printed[0]).toMatchObject({ ok: true, broken: [] });
    expect(printed[0].bundlesChecked).toBeGreaterThan(9);
    await program.parseAsync(['node', 'tongban', 'bundles', 'seed']);
    expect(printed[1]).toEqual({ created: 0, existing: Object.keys(FULL).length, skipped: [] });
  });
});

describe('calendar changes', () => {
  it('a day turned into a holiday moves the due of a running bundle case, with an event, and the chain holds', async () => {
    const { bundle } = await applyFor(enterprise, 'enterprise', '421202-YJS-QYKB', FULL['421202-YJS-QYKB']!);
    const hall = await t.clerk('421202');
    const accepted = (await hall.post(`/api/v1/bundle-cases/${bundle.id}/accept`)).json();
    const before = new Date(accepted.clock.due);
    const day = new Date(before.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const original = (await t.anonymous.get(`/api/v1/calendar/days/${day}?regionCode=421202`)).json();
    const set = await t.admin.request('PUT', `/api/v1/admin/calendar/days/421202/${day}`, { kind: 'holiday', name: '测试调休' });
    expect(set.statusCode, set.body).toBe(200);
    try {
      expect(set.json().recomputedCases).toBeGreaterThanOrEqual(1);
      const moved = (await t.admin.get(`/api/v1/bundle-cases/${bundle.id}`)).json();
      expect(new Date(moved.clock.due).getTime()).toBeGreaterThan(before.getTime());
      const events = (await t.admin.get(`/api/v1/bundle-cases/${bundle.id}/events`)).json();
      expect(events.at(-1)).toMatchObject({ action: 'recompute_due', role: 'system', payload: { from: before.toISOString(), to: moved.clock.due } });
      expect((await t.admin.get(`/api/v1/admin/bundles/verify?bundleId=${bundle.id}`)).json().broken).toEqual([]);
    } finally {
      await t.admin.request('PUT', `/api/v1/admin/calendar/days/421202/${day}`, { kind: original.kind });
    }
  });
});

describe('materials given once for the bundle', () => {
  it('reuses a material of an earlier case for every child that asks for it, and refuses two sources for one material', async () => {
    const answers = FULL['421202-YJS-QYKB']!;
    const first = await applyFor(enterprise, 'enterprise', '421202-YJS-QYKB', answers);
    const child = first.bundle.children.find((c: any) => c.case).case;
    const earlier = (await enterprise.get(`/api/v1/cases/${child.id}`)).json().materials[0];
    const plan = (await enterprise.post('/api/v1/bundles/421202-YJS-QYKB/plan', { answers })).json();
    const asked = plan.materials.filter((m: any) => !m.suppliedBy);
    const target = asked.find((m: any) => m.name === earlier.name);
    expect(target, `the plan asks for ${earlier.name}`).toBeTruthy();
    const file = await upload(enterprise);
    const materials = asked.map((m: any) => (m === target ? { material: m.index, materialId: earlier.id } : { material: m.index, fileId: file }));
    const form = fillForm(plan.form, 'enterprise');

    const both = await enterprise.post('/api/v1/bundles/421202-YJS-QYKB/apply', { answers, form, channel: 'online', materials: materials.map((m: any) => (m === materials[0] ? { ...m, fileId: file, materialId: earlier.id } : m)) });
    expect(both.statusCode).toBe(400);
    expect(both.json()).toMatchObject({ code: 'BUNDLE_MATERIAL_SOURCE', details: { field: 'materials[0]' } });

    const res = await enterprise.post('/api/v1/bundles/421202-YJS-QYKB/apply', { answers, form, channel: 'online', materials });
    expect(res.statusCode, res.body).toBe(201);
    const feeds = target.feeds.map((f: any) => f.itemCode);
    for (const c of res.json().children.filter((x: any) => x.case && feeds.includes(x.itemCode))) {
      const detail = (await enterprise.get(`/api/v1/cases/${c.case.id}`)).json();
      expect(detail.materials.find((m: any) => m.name === earlier.name)).toMatchObject({ source: 'material', reference: earlier.id, fileHash: earlier.fileHash });
    }
  });
});

describe('withdrawal by the applicant', () => {
  it('refuses to withdraw a mandatory item on its own, and changes nothing', async () => {
    const { bundle } = await applyFor(enterprise, 'enterprise', '421202-YJS-QYKB', FULL['421202-YJS-QYKB']!);
    const register = bundle.children.find((c: any) => c.itemCode === '421202-QYKB-SLDJ');
    expect(register).toMatchObject({ mandatory: true });
    // The case's page learns the same before the applicant presses anything, and only the bundle's readers do.
    const of = await enterprise.get(`/api/v1/bundle-cases/by-case/${register.case.id}`);
    expect(of.statusCode, of.body).toBe(200);
    expect(of.json()).toMatchObject({ id: bundle.id, number: bundle.number, itemCode: '421202-QYKB-SLDJ', mandatory: true, withdrawableAlone: false, stageName: { zh: expect.any(String) } });
    expect((await person.get(`/api/v1/bundle-cases/by-case/${register.case.id}`)).json()).toBeNull();
    expect((await enterprise.get('/api/v1/bundle-cases/by-case/00000000-0000-4000-8000-000000000000')).json()).toBeNull();
    const res = await enterprise.post(`/api/v1/cases/${register.case.id}/withdraw`, { reason: '只想撤这一项' });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'BUNDLE_CHILD_MANDATORY', details: { itemCode: '421202-QYKB-SLDJ', bundleNumber: bundle.number } });
    expect(res.json().message).toMatch(/撤回整件/);
    expect((await enterprise.get(`/api/v1/cases/${register.case.id}`)).json().state).toBe('submitted');
    const after = (await enterprise.get(`/api/v1/bundle-cases/${bundle.id}`)).json();
    expect(after).toMatchObject({ status: 'submitted', abilities: ['withdraw'] });
    expect((await enterprise.get(`/api/v1/cases/${register.case.id}/events`)).json().map((e: any) => e.action)).not.toContain('withdraw');
    expect((await enterprise.post(`/api/v1/bundle-cases/${bundle.id}/withdraw`, {})).statusCode).toBe(200);
    expect((await enterprise.get(`/api/v1/bundle-cases/by-case/${register.case.id}`)).json()).toMatchObject({ status: 'withdrawn' });
  });

  it('lets the applicant drop an optional item on its own, and the rest goes on', async () => {
    const { bundle } = await applyFor(enterprise, 'enterprise', '421200-YJS-YSBZ', FULL['421200-YJS-YSBZ']!);
    const optional = bundle.children.find((c: any) => !c.mandatory && c.case);
    expect(optional, 'the first stage holds an optional item the answers chose').toBeTruthy();
    expect((await enterprise.get(`/api/v1/bundle-cases/by-case/${optional.case.id}`)).json()).toMatchObject({ id: bundle.id, mandatory: false, withdrawableAlone: true });
    const res = await enterprise.post(`/api/v1/cases/${optional.case.id}/withdraw`, { reason: '不再占用绿地' });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await enterprise.get(`/api/v1/bundle-cases/${bundle.id}`)).json();
    expect(after.status).toBe('submitted');
    expect(after.children.find((c: any) => c.itemCode === optional.itemCode).case.state).toBe('withdrawn');
    expect(after.children.filter((c: any) => c.mandatory && c.case).every((c: any) => c.case.state === 'submitted')).toBe(true);
  });

  it('withdraws the whole bundle before acceptance: every started child ends, nobody else may, and not after 受理', async () => {
    const { bundle } = await applyFor(enterprise, 'enterprise', '421202-YJS-QYKB', FULL['421202-YJS-QYKB']!);
    expect(bundle.abilities).toEqual(['withdraw']);
    const hall = await t.clerk('421202');
    expect((await hall.post(`/api/v1/bundle-cases/${bundle.id}/withdraw`, {})).statusCode).toBe(403);
    expect((await person.post(`/api/v1/bundle-cases/${bundle.id}/withdraw`, {})).statusCode).toBe(404);

    const res = await enterprise.post(`/api/v1/bundle-cases/${bundle.id}/withdraw`, { reason: '材料准备不全,重新申请' });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b).toMatchObject({ status: 'withdrawn', abilities: [] });
    expect(b.stages.filter((s: any) => s.status !== 'skipped').every((s: any) => s.status === 'stopped' || s.status === 'cancelled')).toBe(true);
    const started = b.children.filter((c: any) => c.case);
    expect(started.length).toBeGreaterThan(0);
    expect(started.every((c: any) => c.case.state === 'withdrawn')).toBe(true);
    const events = (await enterprise.get(`/api/v1/bundle-cases/${bundle.id}/events`)).json();
    expect(events.at(-1)).toMatchObject({ action: 'withdraw', toState: 'withdrawn', payload: { reason: '材料准备不全,重新申请' } });
    expect((await hall.post(`/api/v1/bundle-cases/${bundle.id}/accept`)).json().code).toBe('BUNDLE_CASE_STATE_CONFLICT');
    expect((await enterprise.post(`/api/v1/bundle-cases/${bundle.id}/withdraw`, {})).json().code).toBe('BUNDLE_CASE_STATE_CONFLICT');

    const second = await applyFor(enterprise, 'enterprise', '421202-YJS-QYKB', FULL['421202-YJS-QYKB']!);
    expect((await hall.post(`/api/v1/bundle-cases/${second.bundle.id}/accept`)).statusCode).toBe(200);
    expect((await enterprise.post(`/api/v1/bundle-cases/${second.bundle.id}/withdraw`, {})).json()).toMatchObject({ code: 'BUNDLE_CASE_STATE_CONFLICT', details: { status: 'running' } });
    expect((await t.admin.get(`/api/v1/admin/bundles/verify?bundleId=${bundle.id}`)).json().broken).toEqual([]);
  });
});
