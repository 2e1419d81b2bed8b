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

  it('states the seeds’ and the laws’ figures where the review found them wrong (issue 23)', () => {
    const byCode = new Map(seed.items.map((i) => [i.code, i]));
    const get = (code: string) => byCode.get(code)!;
    const sourceOf = (code: string, field: string) => get(code).sources.filter((s) => s.field === field);
    // 华容: 即时办结设立登记 (003 L37).
    expect(get('420703-QYKB-SLDJ')).toMatchObject({ promisedLimit: 0, immediate: true });
    expect(sourceOf('420703-QYKB-SLDJ', 'promisedLimit')[0]!.ref).toBe('seed:003_3bdc25ccbadc36f2.txt#L37');
    // 咸宁: 一套四枚公章 (001 L40).
    expect(get('421202-QYKB-GZKZ').fee.basis).toContain('四枚');
    expect(sourceOf('421202-QYKB-GZKZ', 'fee')[0]!.ref).toBe('seed:001_b2705a24c6d5f806.txt#L40');
    // 不动产登记费 住宅 80 元/件 (550 非住宅, 小微企业免收) under 发改价格规〔2016〕2559号.
    for (const code of ['421202-BDC-YBDJ', '421202-BDC-DYDJ', '420100-BDC-YBDJ', '420100-BDC-DYDJ']) {
      expect(get(code).fee.amountFen, code).toBe(8000);
      expect(get(code).fee.basis).toMatch(/550元\/件.*小微企业免收/);
      expect(sourceOf(code, 'fee')[0]!.ref).toContain('2559号');
    }
    // 结婚登记 under the 2025 条例 (国务院令第804号): 不收费, 身份证 + 签字声明, no 户口簿.
    const marriage = get('421202-MZ-JHDJ');
    expect(marriage.fee.amountFen).toBe(0);
    expect(marriage.materials.map((m) => m.licenceType ?? m.name)).toEqual(['resident_id_card', expect.stringContaining('签字声明')]);
    expect(marriage.legalBasis).toContain('第804号');
    expect(marriage.sources.filter((s) => ['fee', 'materials', 'legalLimit'].includes(s.field)).every((s) => s.ref.includes('804号'))).toBe(true);
  });

  it('ships the missing seed processes with the limits their lines state (issue 23 point 2)', () => {
    const byCode = new Map(seed.items.map((i) => [i.code, i]));
    const ref = (code: string) => byCode.get(code)!.sources.find((s) => s.field === 'promisedLimit')!.ref;
    // 更正、异议、换证 即时办结; 小微企业 即来即办 (000 L227, L219).
    for (const code of ['421202-BDC-GZDJ', '421202-BDC-YYDJ', '421202-BDC-HZDJ']) {
      expect(byCode.get(code), code).toMatchObject({ promisedLimit: 0, immediate: true });
      expect(ref(code)).toBe('seed:000_e4086131eff9af3a.txt#L227');
    }
    expect(byCode.get('421202-BDC-XWDJ')).toMatchObject({ promisedLimit: 0, immediate: true, audiences: ['enterprise'], fee: { amountFen: 0 } });
    expect(ref('421202-BDC-XWDJ')).toBe('seed:000_e4086131eff9af3a.txt#L219');
    // “110”: 个体户 and 合作社 开业、变更、注销 in one link, 1 working day, no fee (001 L40).
    for (const code of ['421202-GTH-BGDJ', '421202-HZS-SLDJ', '421202-HZS-BGDJ', '421202-HZS-ZXDJ']) {
      expect(byCode.get(code), code).toMatchObject({ promisedLimit: 1, fee: { amountFen: 0 } });
      expect(byCode.get(code)!.steps).toHaveLength(1);
      expect(ref(code)).toBe('seed:001_b2705a24c6d5f806.txt#L40');
    }
  });

  it('says which step split it uses: each convention note matches the shares', () => {
    const wrong = seed.items.flatMap((it) => {
      const shares = it.steps.map((s) => s.share);
      return it.sources
        .filter((s) => s.field === 'steps' && s.ref === 'convention')
        .filter((s) => {
          const equal = shares.every((x) => Math.abs(x - 1 / shares.length) < 1e-5);
          if (/equally/.test(s.note ?? '')) return !equal;
          if (/0\.2 of the limit each/.test(s.note ?? '')) return !(shares.length === 3 && shares[0] === 0.2 && shares[2] === 0.2);
          return shares.length > 1;
        })
        .map((s) => `${it.code} ${JSON.stringify(shares)}: ${s.note}`);
    });
    expect(wrong).toEqual([]);
  });

  it('marks the limits taken from laws not checked against their text as unverified, in the data and in the 办事指南 (legal basis)', () => {
    const unverified = seed.items.filter((it) => it.sources.some((s) => s.field === 'legalLimit' && /unverified/.test(s.note ?? '')));
    expect(unverified.map((i) => i.code)).toEqual(expect.arrayContaining(['421202-BDC-YBDJ', '420100-BDC-DYDJ', '421202-YD-YPLS', '421202-YD-SPJY']));
    for (const it of unverified) expect(it.legalBasis, it.code).toContain('未核实');
    expect(seed.items.find((i) => i.code === '421202-YD-YPLS')!.legalBasis).toContain('第84号');
    expect(seed.items.find((i) => i.code === '421202-YD-SPJY')!.legalBasis).toContain('第78号');
  });
});
