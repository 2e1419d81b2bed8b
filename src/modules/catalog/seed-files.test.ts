import { describe, expect, it } from 'vitest';
import { readSeedCatalog } from './seed-files.js';
import { catalogStats, duplicateCodes, validateItem } from './rules.js';

const seed = readSeedCatalog();
const ctx = {
  departments: new Set(seed.departments.map((d) => d.code)),
  licenceTypes: new Set(seed.licenceTypes.map((l) => l.code)),
};

describe('seed catalog (data/catalog)', () => {
  it('holds valid items only', () => {
    const problems = seed.items.flatMap(({ file, ...it }) => validateItem(it, ctx).map((p) => `${file} ${it.code} ${p.field}: ${p.en}`));
    expect(problems).toEqual([]);
  });

  it('uses every item code once', () => {
    expect(duplicateCodes(seed.items)).toEqual([]);
  });

  it('cites a source for every limit it states', () => {
    const missing = seed.items.flatMap((it) =>
      (['legalLimit', 'promisedLimit'] as const)
        .filter((f) => it[f] !== null && !it.sources.some((s) => s.field === f))
        .map((f) => `${it.code} ${f}`),
    );
    expect(missing).toEqual([]);
  });

  it('covers the processes the seeds describe', () => {
    const names = new Set(seed.items.map((i) => i.name));
    for (const n of ['企业设立登记', '公章刻制', '发票申领', '社保登记', '公积金缴存登记', '银行开户预约', '建设工程规划许可（市政类）', '占用、挖掘城市道路审批',
      '占道施工交通组织方案审核', '占用城市绿地审批', '砍伐、迁移城市树木审批', '洪水影响评价审批', '用水报装', '用气报装', '低压居民用电报装', '高压用电报装',
      '不动产一般登记（转移登记）', '不动产抵押权首次登记', '不动产抵押权注销登记', '不动产查封登记', '建筑工程施工许可证核发', '企业简易注销登记', '药品经营许可（零售）']) {
      expect(names.has(n), n).toBe(true);
    }
    expect(seed.items.filter((i) => i.themes.includes('工程建设项目审批阶段') || i.themes.some((t) => t.endsWith('阶段'))).map((i) => i.themes.find((t) => t.endsWith('阶段'))).sort()).toEqual(
      expect.arrayContaining(['立项用地规划许可阶段', '工程建设许可阶段', '施工许可阶段', '竣工验收阶段']),
    );
  });

  it('states the limits the seeds give', () => {
    const byCode = new Map(seed.items.map((i) => [i.code, i]));
    expect(byCode.get('421202-QYKB-SLDJ')!.promisedLimit).toBe(0.5);
    expect(byCode.get('420100-BDC-YBDJ')!.promisedLimit).toBe(5);
    expect(byCode.get('420100-BDC-DYDJ')!.promisedLimit).toBe(3);
    expect(byCode.get('421202-BDC-DYZX')!.immediate).toBe(true);
    expect(byCode.get('421202-BDC-CFDJ')!.immediate).toBe(true);
    expect(byCode.get('421200-GS-BZ')!.promisedLimit).toBe(3);
    expect(byCode.get('421202-QYZX-JYZX')!.specialProcedures).toEqual([{ name: '简易注销公示', days: 20, calendarDays: true }]);
    expect(catalogStats(seed.items).itemCount).toBe(seed.items.length);
  });
});
