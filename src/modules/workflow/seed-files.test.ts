import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answers, BundleItem } from './contract.js';
import { apply, start } from './engine.js';
import { checkAnswers, effectiveLimit, jointForm, jointMaterials, select, validateBundle } from './rules.js';
import { BUNDLE_DATA_DIR, readSeedBundles } from './seed-files.js';

// The shipped reference data of catalog and org, read as data (the modules' code is not involved).
const DATA = join(BUNDLE_DATA_DIR, '..');
const items = new Map<string, BundleItem>();
for (const f of readdirSync(join(DATA, 'catalog')).filter((x) => x.endsWith('.json'))) {
  const doc = JSON.parse(readFileSync(join(DATA, 'catalog', f), 'utf8')) as { items?: BundleItem[] };
  for (const it of doc.items ?? []) items.set(it.code, it);
}
const orgDepartments = JSON.parse(readFileSync(join(DATA, 'org', 'departments.json'), 'utf8')).departments as Record<string, [string][]>;
const departments = new Set(Object.entries(orgDepartments).flatMap(([region, list]) => list.map(([short]) => `${region}-${short}`)));


const bundles = readSeedBundles();
const byCode = new Map(bundles.map((b) => [b.code, b]));

function chosen(code: string, answers: Answers) {
  const def = byCode.get(code)!;
  expect(checkAnswers(def, answers)).toEqual([]);
  return select(def, answers);
}
const codesOf = (s: ReturnType<typeof select>) => s.items.map((c) => c.itemCode);

describe('data/bundles', () => {
  it('ships the seeds’ bundles, each valid against the shipped catalog and org data', () => {
    expect(bundles.map((b) => b.code).sort()).toEqual([
      '420703-YJS-HDDL', '420703-YJS-QYKB', '421200-YJS-SDQWX', '421200-YJS-YQBZ', '421200-YJS-YSBZ',
      '421202-YJS-BDCGH', '421202-YJS-GCJS', '421202-YJS-KYD', '421202-YJS-QYKB',
    ]);
    for (const { file: _file, ...def } of bundles) expect(validateBundle(def, { items, departments }), def.code).toEqual([]);
  });

  it('cites a seed line or a law for every limit', () => {
    for (const b of bundles) {
      const limits = [b.limit, ...b.limitRules.map((r) => r.limit), ...b.stages.map((s) => s.limit)].filter((l) => l);
      for (const l of limits) expect(l!.source.ref).toMatch(/^(seed:\d{3}_[0-9a-f]{16}\.txt#L\d+|law:)/);
      expect(b.limit !== null || b.limitRules.length > 0 || b.sources.some((s) => /推算/.test(s.about)), b.code).toBe(true);
    }
  });

  it('企业开办 210: 设立登记 0.5 WD, then the three in parallel 0.5 WD, one day and no fee; seals and invoices as asked', () => {
    const def = byCode.get('421202-YJS-QYKB')!;
    expect(def.stages.map((s) => s.limit?.days)).toEqual([0.5, 0.5]);
    expect(def.limit?.days).toBe(1);
    expect(def.fee?.amountFen).toBe(0);
    const all = chosen(def.code, { needSeal: true, needInvoice: true });
    expect(codesOf(all)).toEqual(['421202-QYKB-SLDJ', '421202-QYKB-GZKZ', '421202-QYKB-FPSL', '421202-QYKB-SBDJ']);
    expect(codesOf(chosen(def.code, { needSeal: false, needInvoice: false }))).toEqual(['421202-QYKB-SLDJ', '421202-QYKB-SBDJ']);
    const form = jointForm(def, items, all.items);
    expect(form.map((f) => f.key)).not.toContain('creditCode');
    expect(form.filter((f) => f.key === 'companyName')[0]!.feeds).toHaveLength(4);
    const asked = jointMaterials(def, items, all.items).filter((m) => !m.suppliedBy);
    expect(asked.map((m) => m.licenceType)).not.toContain('business_licence');
  });

  it('获得电力 picks 低压 or 高压 by capacity and kind, each with its limit', () => {
    const code = '420703-YJS-HDDL';
    const cases: [Answers, string, number][] = [
      [{ userType: 'resident', capacityKva: 8, externalWorks: false }, '420703-DL-DYJM', 1.5],
      [{ userType: 'nonResident', capacityKva: 100, externalWorks: false }, '420703-DL-DYFJM', 3],
      [{ userType: 'nonResident', capacityKva: 60, externalWorks: true }, '420703-DL-DYFJMW', 9],
      [{ userType: 'nonResident', capacityKva: 160, externalWorks: false }, '420703-DL-GY', 15],
    ];
    for (const [answers, item, days] of cases) {
      const s = chosen(code, answers);
      expect(codesOf(s)).toEqual([item]);
      expect(s.limit?.days).toBe(days);
    }
  });

  it('工程建设 runs four stages with 80 / 60 / 40 working days by project class', () => {
    const def = byCode.get('421202-YJS-GCJS')!;
    expect(def.stages.map((s) => s.name.zh)).toEqual(['立项用地规划许可', '工程建设许可', '施工许可', '竣工验收']);
    const limits = ['government', 'general', 'small'].map((projectClass) => chosen(def.code, { projectClass, newLand: true }).limit?.days);
    expect(limits).toEqual([80, 60, 40]);
    expect(codesOf(chosen(def.code, { projectClass: 'government', newLand: false }))).toEqual(['421200-GC-ZFTZ', '421202-GC-GCGH', '421202-GC-SGXK', '421202-GC-LHYS', '421202-GC-GHHS', '421202-GC-JGBA']);
    expect(codesOf(chosen(def.code, { projectClass: 'general', newLand: false }))).not.toContain('421200-GC-ZFTZ');
    const general = chosen(def.code, { projectClass: 'general', newLand: true });
    const stages = new Set(general.items.map((c) => c.stage));
    expect(stages.size).toBe(4);
    const m = jointMaterials(def, items, general.items);
    expect(m.find((x) => x.name === '项目备案证明')).toMatchObject({ suppliedBy: null, feeds: [{ itemCode: '421202-GC-YDYS' }, { itemCode: '421202-GC-YDGH' }] });
    expect(m.find((x) => x.licenceType === 'land_planning_permit')?.suppliedBy).toBe('421202-GC-YDGH');
  });

  it('水电气外线工程: every permit in one parallel stage of 5 working days, chosen by the works', () => {
    const def = byCode.get('421200-YJS-SDQWX')!;
    expect(def.stages).toHaveLength(1);
    expect(def.limit?.days).toBe(5);
    const none = { digRoad: false, occupyGreen: false, moveTrees: false, inWaterWorks: false, waterBusiness: false, irrigation: false, soilConservation: false, floodImpact: false };
    expect(codesOf(chosen(def.code, none))).toEqual(['421200-WX-GHXK']);
    const all = Object.fromEntries(Object.keys(none).map((k) => [k, true]));
    expect(chosen(def.code, all).items).toHaveLength(10);
    expect(jointMaterials(def, items, chosen(def.code, all).items).map((x) => x.name)).toHaveLength(3);
  });

  it('用水 321 and 用气 310: the road permits run alongside without holding up the connection', () => {
    const water = chosen('421200-YJS-YSBZ', { digRoad: true });
    expect(water.limit?.days).toBe(3);
    expect(water.items.map((c) => [c.itemCode, c.mandatory])).toEqual([['421200-GS-BZ', true], ['421200-WX-ZWDL', false], ['421200-WX-JTZZ', false]]);
    const gas = chosen('421200-YJS-YQBZ', { digRoad: false });
    expect(gas.limit).toBeNull();
    expect(effectiveLimit(gas, items)).toEqual({ days: null, derived: true });
  });

  it('我要开药店 skips 设立登记 for a licensed company and takes the credit code from it otherwise', () => {
    const def = byCode.get('421202-YJS-KYD')!;
    expect(codesOf(chosen(def.code, { hasLicence: true, sellFood: false, sellDevices: true }))).toEqual(['421202-YD-YPLS', '421202-YD-YLQX']);
    const fresh = chosen(def.code, { hasLicence: false, sellFood: true, sellDevices: false });
    expect(codesOf(fresh)).toEqual(['421202-QYKB-SLDJ', '421202-YD-YPLS', '421202-YD-SPJY']);
    expect(jointForm(def, items, fresh.items).map((f) => f.key)).not.toContain('creditCode');
    expect(effectiveLimit(fresh, items)).toEqual({ days: 6.5, derived: true });
  });

  it('runs every shipped bundle to its conclusion in the engine with all items chosen', () => {
    for (const def of bundles) {
      const answers = Object.fromEntries(def.questions.map((q) => [q.key, q.type === 'boolean' ? true : q.type === 'number' ? 50 : q.options![0]!.value]));
      const s = select(def, answers);
      let t = start(s.items, def.onDenial);
      const started = new Set<string>();
      for (let guard = 0; t.state.status === 'running' && guard < 100; guard++) {
        for (const e of t.effects) if (e.type === 'childStarted') started.add(e.itemCode);
        const running = t.state.children.find((c) => c.status === 'running')!;
        t = apply(t.state, { type: 'childConcluded', itemCode: running.itemCode, outcome: 'approved' });
      }
      expect(t.state.outcome, def.code).toBe('approved');
      expect(started.size, def.code).toBe(s.items.length);
    }
  });
});
