import { readFileSync, readdirSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
      '420703-YJS-DLJR', '420703-YJS-GCJS', '420703-YJS-HDDL', '420703-YJS-QYKB', '421200-YJS-DLJR', '421200-YJS-HDDL', '421200-YJS-SDQWX',
      '421200-YJS-YQBZ', '421200-YJS-YSBZ', '421202-YJS-BDCGH', '421202-YJS-GCJS', '421202-YJS-KYD', '421202-YJS-QYKB', '421202-YJS-QYZX',
    ]);
    for (const { file: _file, ...def } of bundles) expect(validateBundle(def, { items, departments }), def.code).toEqual([]);
  });

  it('quotes every seed line it cites word for word (punctuation widths aside)', () => {
    const seeds = process.env.TONGBAN_SEEDS ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/seeds');
    if (!existsSync(seeds)) throw new Error(`policy seeds not found at ${seeds} (set TONGBAN_SEEDS)`);
    const lines = new Map(readdirSync(seeds).map((f) => [f, readFileSync(join(seeds, f), 'utf8').split('\n')]));
    const norm = (t: string) => t.replace(/[“”]/g, '"').replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ',').replace(/：/g, ':').replace(/；/g, ';');
    const refs = bundles.flatMap((b) => [
      b.limit?.source, b.fee?.source, ...b.limitRules.map((r) => r.limit.source), ...b.stages.map((s) => s.limit?.source), ...b.sources.map((s) => s.source),
    ].filter((x) => x?.ref.startsWith('seed:')).map((x) => ({ code: b.code, ...x! })));
    expect(refs.length).toBeGreaterThan(40);
    const wrong = refs.filter(({ ref, quote }) => {
      const [, file, line] = /^seed:(.+)#L(\d+)$/.exec(ref)!;
      return !quote || !norm(lines.get(file!)?.[Number(line) - 1] ?? '').includes(norm(quote));
    });
    expect(wrong).toEqual([]);
  });

  it('cites a seed line or a law for every limit', () => {
    for (const b of bundles) {
      const limits = [b.limit, ...b.limitRules.map((r) => r.limit), ...b.stages.map((s) => s.limit)].filter((l) => l);
      for (const l of limits) expect(l!.source.ref).toMatch(/^(seed:\d{3}_[0-9a-f]{16}\.txt#L\d+|law:)/);
      expect(b.limit !== null || b.limitRules.length > 0 || b.sources.some((s) => /推算/.test(s.about)), b.code).toBe(true);
    }
  });

  it('企业开办 210: 设立登记 0.5 WD, then the three in parallel 0.5 WD, one day and no fee (四枚公章, 001 L40); seals and invoices as asked', () => {
    const def = byCode.get('421202-YJS-QYKB')!;
    expect(def.stages.map((s) => s.limit?.days)).toEqual([0.5, 0.5]);
    expect(def.limit?.days).toBe(1);
    expect(def.fee).toMatchObject({ amountFen: 0, source: { ref: 'seed:001_b2705a24c6d5f806.txt#L40', quote: expect.stringContaining('一套四枚公章') } });
    const all = chosen(def.code, { needSeal: true, needInvoice: true });
    expect(codesOf(all)).toEqual(['421202-QYKB-SLDJ', '421202-QYKB-GZKZ', '421202-QYKB-FPSL', '421202-QYKB-SBDJ']);
    expect(codesOf(chosen(def.code, { needSeal: false, needInvoice: false }))).toEqual(['421202-QYKB-SLDJ', '421202-QYKB-SBDJ']);
    const form = jointForm(def, items, all.items);
    expect(form.map((f) => f.key)).not.toContain('creditCode');
    expect(form.filter((f) => f.key === 'companyName')[0]!.feeds).toHaveLength(4);
    const asked = jointMaterials(def, items, all.items).filter((m) => !m.suppliedBy);
    expect(asked.map((m) => m.licenceType)).not.toContain('business_licence');
  });

  it('企业开办 1050 (华容): 设立登记 即时办结, the whole 一件事 in 0.5 day — not two stages adding up to 1 day (003 L37, L262)', () => {
    const def = byCode.get('420703-YJS-QYKB')!;
    expect(def.limit).toMatchObject({ days: 0.5, source: { ref: 'seed:003_3bdc25ccbadc36f2.txt#L37' } });
    expect(def.stages.map((s) => s.limit?.days)).toEqual([0, 0.5]);
    expect(def.stages.reduce((sum, s) => sum + (s.limit?.days ?? 0), 0)).toBe(def.limit!.days);
    expect(items.get('420703-QYKB-SLDJ')).toMatchObject({ promisedLimit: 0, immediate: true });
    const s = chosen(def.code, { needSeal: true, needBankAccount: true, needInvoice: true, needHousingFund: true });
    expect(s.limit?.days).toBe(0.5);
    expect(effectiveLimit(s, items)).toEqual({ days: 0.5, derived: false });
  });

  it('获得电力 (华容) picks 低压 or 高压 by kind and capacity band, 小微企业 low voltage up to 200 kW (003 L1114), each with its limit', () => {
    const code = '420703-YJS-HDDL';
    const cases: [Answers, string, number][] = [
      [{ userType: 'resident', externalWorks: false }, '420703-DL-DYJM', 1.5],
      [{ userType: 'lowNonResident', externalWorks: false }, '420703-DL-DYFJM', 3],
      [{ userType: 'lowNonResident', externalWorks: true }, '420703-DL-DYFJMW', 9],
      [{ userType: 'smallMicro', externalWorks: false }, '420703-DL-DYFJM', 3],
      [{ userType: 'high', externalWorks: false }, '420703-DL-GY', 15],
    ];
    for (const [answers, item, days] of cases) {
      const s = chosen(code, answers);
      expect(codesOf(s)).toEqual([item]);
      expect(s.limit?.days).toBe(days);
    }
    const band = byCode.get(code)!.questions[0]!.options!.find((o) => o.value === 'smallMicro')!;
    expect(band.label.zh).toContain('200千瓦');
    for (const code of ['420703-DL-DYJM', '420703-DL-GY']) {
      const { sources } = items.get(code) as unknown as { sources: { field: string; ref: string }[] };
      expect(sources.filter((s) => s.field === 'steps' && s.ref.startsWith('seed:')).map((s) => s.ref)).toEqual(['seed:000_e4086131eff9af3a.txt#L1085']);
    }
  });

  it('工程建设 (咸安): four stages, 100 WD (“50+100”), industrial projects 20 WD to the 施工许可; the 3-day planning promise only for park projects', () => {
    const def = byCode.get('421202-YJS-GCJS')!;
    expect(def.stages.map((s) => s.name.zh)).toEqual(['立项用地规划许可', '工程建设许可', '施工许可', '竣工验收']);
    expect(def.limit).toMatchObject({ days: 100, source: { ref: 'seed:002_d328efa452e4694d.txt#L31' } });
    const limit = (projectClass: string) => chosen(def.code, { projectClass, inPark: false, newLand: true }).limit;
    expect(limit('government')?.days).toBe(100);
    expect(limit('other')?.days).toBe(100);
    expect(limit('industrial')).toMatchObject({ days: 20, source: { ref: 'seed:001_b2705a24c6d5f806.txt#L26' } });
    // 80/60/40 are 武汉、襄阳、宜昌's (000 L259): no rule of this bundle uses them.
    expect([def.limit, ...def.limitRules.map((r) => r.limit)].map((l) => l!.days)).not.toEqual(expect.arrayContaining([80, 60, 40]));
    expect(codesOf(chosen(def.code, { projectClass: 'government', inPark: false, newLand: false }))).toEqual(['421200-GC-ZFTZ', '421202-GC-GCGH', '421202-GC-SGXK', '421202-GC-LHYS', '421202-GC-GHHS', '421202-GC-JGBA']);
    // 先建后验: an industrial project's bundle ends with the 施工许可.
    expect(codesOf(chosen(def.code, { projectClass: 'industrial', inPark: true, newLand: true }))).toEqual(['421202-GC-YDYS-YQ', '421202-GC-YDGH-YQ', '421202-GC-GCGH-YQ', '421202-GC-SGXK']);
    const promised = (codes: string[]) => codes.map((c) => items.get(c)!.promisedLimit);
    expect(promised(['421202-GC-YDYS', '421202-GC-YDGH', '421202-GC-GCGH'])).toEqual([20, 20, 20]);
    expect(promised(['421202-GC-YDYS-YQ', '421202-GC-YDGH-YQ', '421202-GC-GCGH-YQ', '421202-GC-GHHS-YQ'])).toEqual([3, 3, 3, 3]);
    expect(items.get('421202-GC-GHHS')!.promisedLimit).toBeNull();
    // 联合验收 in 3 WD is 华容's (003 L49), not 咸宁's.
    expect(items.get('421202-GC-LHYS')!.promisedLimit).toBeNull();
    expect(items.get('420703-GC-LHYS')!.promisedLimit).toBe(3);
    const general = chosen(def.code, { projectClass: 'other', inPark: false, newLand: true });
    expect(new Set(general.items.map((c) => c.stage)).size).toBe(4);
    const m = jointMaterials(def, items, general.items);
    expect(m.find((x) => x.name === '项目备案证明')).toMatchObject({ suppliedBy: null, feeds: [{ itemCode: '421202-GC-YDYS' }, { itemCode: '421202-GC-YDGH' }] });
    expect(m.find((x) => x.licenceType === 'land_planning_permit')?.suppliedBy).toBe('421202-GC-YDGH');
  });

  it('获得电力 (province targets, 咸宁市): 10 kV 38, 低压非居民 15 / 5, 居民 3, 小微 极简 1 working day (000 L1083, L1085)', () => {
    const code = '421200-YJS-HDDL';
    const cases: [Answers, string, number, string][] = [
      [{ userType: 'resident', externalWorks: false }, '421200-DL-DYJM', 3, 'L1083'],
      [{ userType: 'smallMicroDirect', externalWorks: false }, '421200-DL-XWJJ', 1, 'L1085'],
      [{ userType: 'lowNonResident', externalWorks: false }, '421200-DL-DYFJM', 5, 'L1083'],
      [{ userType: 'lowNonResident', externalWorks: true }, '421200-DL-DYFJMW', 15, 'L1083'],
      [{ userType: 'high10kV', externalWorks: true }, '421200-DL-GY10', 38, 'L1083'],
    ];
    for (const [answers, item, days, line] of cases) {
      const s = chosen(code, answers);
      expect(codesOf(s)).toEqual([item]);
      expect(s.limit).toMatchObject({ days, source: { ref: `seed:000_e4086131eff9af3a.txt#${line}` } });
      expect(items.get(item)!.promisedLimit).toBe(days);
    }
    expect(byCode.get(code)!.sources.map((x) => x.source.ref)).toContain('seed:001_b2705a24c6d5f806.txt#L34');
  });

  it('电力接入工程: 5 WD in 咸宁 (000 L1103) and 3 WD in 华容 (003 L1128), with 告知承诺备案 below 15 m / 200 m and 40 m / 1000 m', () => {
    const plan = (code: string, roadMetres: number, lineMetres: number) => chosen(code, { roadMetres, lineMetres });
    expect(plan('421200-YJS-DLJR', 15, 200)).toMatchObject({ limit: { days: 0 } });
    expect(codesOf(plan('421200-YJS-DLJR', 15, 200))).toEqual(['421200-DLJR-GZCN']);
    expect(codesOf(plan('421200-YJS-DLJR', 16, 200))).toEqual(['421200-WX-GHXK', '421200-WX-ZWDL']);
    expect(plan('421200-YJS-DLJR', 10, 201)).toMatchObject({ limit: { days: 5, source: { ref: 'seed:000_e4086131eff9af3a.txt#L1103' } } });
    expect(codesOf(plan('420703-YJS-DLJR', 40, 1000))).toEqual(['420703-DLJR-GZCN']);
    expect(codesOf(plan('420703-YJS-DLJR', 41, 300))).toEqual(['420703-DLJR-GHXK', '420703-DLJR-ZWDL']);
    expect(plan('420703-YJS-DLJR', 41, 300).limit).toMatchObject({ days: 3, source: { ref: 'seed:003_3bdc25ccbadc36f2.txt#L1128' } });
    expect(['420703-DLJR-GHXK', '420703-DLJR-ZWDL'].map((c) => items.get(c)!.promisedLimit)).toEqual([3, 3]);
    expect(items.get('421200-DLJR-GZCN')).toMatchObject({ promisedLimit: 0, immediate: true, pledgeAllowed: true });
  });

  it('工程建设 (华容): 40 / 30 / 20 / 10 / 10 WD by project class, one application form per stage (003 L332, L398)', () => {
    const def = byCode.get('420703-YJS-GCJS')!;
    const classes = def.questions[0]!.options!.map((o) => o.value as string);
    expect(classes.map((projectClass) => chosen(def.code, { projectClass, newLand: true }).limit?.days)).toEqual([40, 30, 20, 10, 10]);
    expect(def.limitRules.every((r) => r.limit.source.ref === 'seed:003_3bdc25ccbadc36f2.txt#L398')).toBe(true);
    const all = chosen(def.code, { projectClass: 'industrial', newLand: true });
    expect(codesOf(all)).toEqual(['420703-GC-YDYS', '420703-GC-YDGH', '420703-GC-GCGH', '420703-GC-SGXK', '420703-GC-LHYS']);
    const forms = jointMaterials(def, items, all.items).filter((m) => m.name.endsWith('阶段申请表（一张表单）'));
    expect(forms.map((m) => [m.name.slice(0, 4), m.feeds.map((f) => f.itemCode)])).toEqual([
      ['立项用地', ['420703-GC-YDYS', '420703-GC-YDGH']], ['工程建设', ['420703-GC-GCGH']], ['施工许可', ['420703-GC-SGXK']], ['竣工验收', ['420703-GC-LHYS']],
    ]);
  });

  it('企业注销 一事联办 (001 L46): 税务 and 社保 注销 in parallel, then 简易注销 with its 20-day notice', () => {
    const def = byCode.get('421202-YJS-QYZX')!;
    const s = chosen(def.code, { hasEmployees: true });
    expect(s.items.map((c) => [c.itemCode, c.stage])).toEqual([['421202-QYZX-SWZX', 0], ['421202-QYZX-SBZX', 0], ['421202-QYZX-JYZX', 1]]);
    expect(codesOf(chosen(def.code, { hasEmployees: false }))).toEqual(['421202-QYZX-SWZX', '421202-QYZX-JYZX']);
    expect(def.sources[0]!.source.ref).toBe('seed:001_b2705a24c6d5f806.txt#L46');
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
