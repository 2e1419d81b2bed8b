import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  catalogStats,
  duplicateCodes,
  indexTokens,
  matchRank,
  percent,
  queryTokens,
  toGuide,
  validateItem,
  type StatInput,
} from './rules.js';
import type { ServiceItem } from './contract.js';

const ctx = {
  departments: new Set(['421202-xzsp', '421202-scjg']),
  licenceTypes: new Set(['business_licence', 'resident_id_card']),
};

function item(overrides: Partial<ServiceItem> = {}): ServiceItem {
  return {
    code: '421202-TEST-0001',
    standardCode: 'TEST-0001',
    name: '测试事项',
    powerType: 'licensing',
    legalBasis: '《中华人民共和国行政许可法》第四十二条',
    departmentCode: '421202-xzsp',
    regionCode: '421202',
    level: 'county',
    audiences: ['enterprise'],
    legalLimit: 20,
    promisedLimit: 5,
    immediate: false,
    onlineDepth: 'full',
    visits: 0,
    fourWays: ['online'],
    scopes: [],
    fee: { amountFen: 0 },
    conditions: [],
    steps: [
      { name: '受理', departmentCode: '421202-xzsp', role: 'window_clerk', share: 0.2 },
      { name: '审批', departmentCode: '421202-scjg', role: 'approver', share: 0.8 },
    ],
    materials: [
      { name: '营业执照', form: 'electronic', count: 1, required: true, deficiencyAllowed: false, licenceType: 'business_licence' },
    ],
    pledgeAllowed: false,
    specialProcedures: [],
    result: { kind: 'decision', name: '准予许可决定书' },
    windows: [],
    phones: { consult: ['12345'], complaint: ['12345'] },
    form: { fields: [{ key: 'name', label: { zh: '名称', en: 'Name' }, type: 'text', required: true }] },
    themes: [],
    sources: [],
    ...overrides,
  };
}

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('validateItem', () => {
  it('accepts a well-formed item', () => {
    expect(validateItem(item(), ctx)).toEqual([]);
  });

  it('names the field of a negative limit', () => {
    expect(fields(validateItem(item({ legalLimit: -1 }), ctx))).toEqual(['legalLimit']);
  });

  it('says what is wrong with a badly shaped field in words, not in the validator’s terms', () => {
    const p = validateItem(item({ name: '', code: 'x y' }), ctx);
    expect(p.find((x) => x.field === 'name')).toMatchObject({ zh: '不能为空', en: 'Must not be empty' });
    expect(p.find((x) => x.field === 'code')).toMatchObject({ zh: '格式不正确', en: 'Wrong format' });
    expect(p.every((x) => !/must|pattern|\^/.test(x.en))).toBe(true);
  });

  it('rejects a promised limit above the legal one', () => {
    const p = validateItem(item({ legalLimit: 3, promisedLimit: 5 }), ctx);
    expect(p.map((x) => [x.field, x.code])).toEqual([['promisedLimit', 'CATALOG_PROMISED_EXCEEDS_LEGAL']]);
  });

  it('allows an item with no legal limit', () => {
    expect(validateItem(item({ legalLimit: null, promisedLimit: 3 }), ctx)).toEqual([]);
  });

  it('ties 即办件 to a promised limit of 0 both ways', () => {
    expect(fields(validateItem(item({ immediate: true, promisedLimit: 2 }), ctx))).toEqual(['immediate']);
    expect(fields(validateItem(item({ immediate: false, promisedLimit: 0 }), ctx))).toEqual(['immediate']);
    expect(fields(validateItem(item({ immediate: true, promisedLimit: null }), ctx))).toEqual(['immediate']);
    expect(validateItem(item({ immediate: true, promisedLimit: 0 }), ctx)).toEqual([]);
  });

  it('rejects a code another item uses', () => {
    const p = validateItem(item(), { ...ctx, takenCodes: new Set(['421202-TEST-0001']) });
    expect(p.map((x) => x.code)).toEqual(['CATALOG_CODE_TAKEN']);
  });

  it('names the material whose licence type does not exist', () => {
    const p = validateItem(
      item({
        materials: [
          { name: '身份证', form: 'original', count: 1, required: true, deficiencyAllowed: false, licenceType: 'resident_id_card' },
          { name: '证书', form: 'copy', count: 1, required: true, deficiencyAllowed: true, licenceType: 'no_such_type' },
        ],
      }),
      ctx,
    );
    expect(p.map((x) => [x.field, x.code])).toEqual([['materials[1].licenceType', 'CATALOG_LICENCE_TYPE_UNKNOWN']]);
  });

  it('names the step whose department does not exist', () => {
    const p = validateItem(
      item({
        steps: [
          { name: '受理', departmentCode: '421202-xzsp', role: 'window_clerk', share: 0.5 },
          { name: '审批', departmentCode: '421202-nope', role: 'approver', share: 0.5 },
        ],
      }),
      ctx,
    );
    expect(p.map((x) => [x.field, x.code])).toEqual([['steps[1].departmentCode', 'CATALOG_DEPARTMENT_UNKNOWN']]);
  });

  it('rejects an unknown implementing department and a department outside the region', () => {
    expect(fields(validateItem(item({ departmentCode: '421202-nope' }), ctx))).toEqual(['departmentCode']);
    expect(fields(validateItem(item({ regionCode: '421200' }), ctx))).toEqual(['regionCode']);
  });

  it('requires step shares adding up to 1', () => {
    const steps = item().steps.map((s) => ({ ...s, share: 0.3 }));
    expect(fields(validateItem(item({ steps }), ctx))).toEqual(['steps']);
  });

  it('rejects duplicate form keys and material names', () => {
    const f = item().form.fields[0]!;
    const m = item().materials[0]!;
    expect(fields(validateItem(item({ form: { fields: [f, f] }, materials: [m, m] }), ctx))).toEqual([
      'materials[1].name',
      'form.fields[1].key',
    ]);
  });

  it('rejects contradictory online flags', () => {
    expect(fields(validateItem(item({ onlineDepth: 'offline', visits: 0, fourWays: ['online'] }), ctx))).toEqual([
      'visits',
      'fourWays',
    ]);
  });

  it('requires the licence type of a licence result to exist', () => {
    expect(fields(validateItem(item({ result: { kind: 'licence', name: '证' } }), ctx))).toEqual(['result.licenceType']);
    expect(fields(validateItem(item({ result: { kind: 'licence', name: '证', licenceType: 'x_y' } }), ctx))).toEqual([
      'result.licenceType',
    ]);
  });

  it('names nested shape errors and unknown properties', () => {
    const bad = { ...item(), materials: [{ ...item().materials[0]!, count: 0 }] };
    expect(fields(validateItem(bad, ctx))).toEqual(['materials[0].count']);
    expect(validateItem({ ...item(), extra: 1 }, ctx).length).toBeGreaterThan(0);
  });

  it('finds duplicate codes in a batch', () => {
    expect(duplicateCodes([{ code: 'a' }, { code: 'b' }, { code: 'a' }])).toEqual(['a']);
  });
});

/** A catalog with the given counts; the groups overlap the way seed 001's figures allow. */
function catalogWith(n: { total: number; immediate: number; online: number; once: number; zero: number }): StatInput[] {
  return Array.from({ length: n.total }, (_, i) => ({
    immediate: i < n.immediate,
    promisedLimit: i < n.immediate ? 0 : 5,
    legalLimit: 20,
    onlineDepth: i < n.online ? (i < n.zero ? 'full' : 'prereview') : 'offline',
    visits: i < n.zero ? 0 : i < n.zero + n.once ? 1 : 2,
  }));
}

describe('catalogStats', () => {
  it("reproduces seed 001's figures (L12: 12019 items, 6898 即办, 12015 可网办, 5854 最多跑一次, 3619 一次不用跑)", () => {
    const s = catalogStats(catalogWith({ total: 12019, immediate: 6898, online: 12015, once: 5854, zero: 3619 }));
    expect(s.itemCount).toBe(12019);
    expect(s.immediateCount).toBe(6898);
    expect(percent(s.immediateShare)).toBe(57.39);
    // The seed prints 99.99 %; 12015 / 12019 is 99.97 %.
    expect(percent(s.onlineShare)).toBe(99.97);
    expect(percent(s.atMostOnceShare)).toBe(48.71);
    expect(percent(s.zeroVisitShare)).toBe(30.11);
    expect(percent(s.fullOnlineShare)).toBe(30.11);
  });

  it('averages the compression of the promised limit over items with a legal limit', () => {
    const s = catalogStats([
      { immediate: false, promisedLimit: 5, legalLimit: 20, onlineDepth: 'full', visits: 0 },
      { immediate: true, promisedLimit: 0, legalLimit: 20, onlineDepth: 'full', visits: 0 },
      { immediate: false, promisedLimit: 3, legalLimit: null, onlineDepth: 'full', visits: 0 },
      { immediate: true, promisedLimit: 0, legalLimit: 0, onlineDepth: 'full', visits: 0 },
    ]);
    expect(s.compressionBase).toBe(2);
    expect(s.averageCompression).toBeCloseTo((0.75 + 1) / 2, 10);
  });

  it('gives no shares for an empty catalog', () => {
    const s = catalogStats([]);
    expect(s.itemCount).toBe(0);
    expect(s.immediateShare).toBeNull();
    expect(s.averageCompression).toBeNull();
  });

  it('keeps every share between 0 and 1', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            immediate: fc.boolean(),
            promisedLimit: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
            legalLimit: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
            onlineDepth: fc.constantFrom('full' as const, 'prereview' as const, 'offline' as const),
            visits: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
          }),
        ),
        (items) => {
          const s = catalogStats(items);
          for (const v of [s.immediateShare, s.onlineShare, s.fullOnlineShare, s.atMostOnceShare, s.zeroVisitShare]) {
            if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
          }
          expect(s.fullOnlineCount).toBeLessThanOrEqual(s.onlineCount);
        },
      ),
    );
  });
});

describe('search tokens', () => {
  it('indexes characters and character pairs', () => {
    expect(indexTokens(['不动产 登记'])).toEqual(['不', '不动', '产', '动', '动产', '登', '登记', '记'].sort());
  });

  it('matches every query made of a substring of an indexed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'企业开办设立登记不动产抵押注销用水报装'), minLength: 1, maxLength: 12 }), fc.nat(), fc.nat(), (text, a, b) => {
        const chars = [...text];
        const from = a % chars.length;
        const to = from + 1 + (b % (chars.length - from));
        const tokens = new Set(indexTokens([text]));
        for (const t of queryTokens(chars.slice(from, to).join(''))) expect(tokens.has(t)).toBe(true);
      }),
    );
  });

  it('ignores punctuation and full-width forms in queries', () => {
    expect(queryTokens('“用水”报装')).toEqual(queryTokens('用水 报装'));
    expect(queryTokens('ＡＢ')).toEqual(['ab']);
  });

  it('ranks an exact name above a prefix above a contained match', () => {
    expect(matchRank('企业设立登记', '企业设立登记')).toBe(0);
    expect(matchRank('企业设立登记（内资）', '企业设立登记')).toBe(1);
    expect(matchRank('个体工商户设立登记', '设立登记')).toBe(2);
    expect(matchRank('不动产抵押登记', '开办')).toBe(3);
  });
});

describe('toGuide', () => {
  it('spells out limits, fees and visits for applicants', () => {
    const g = toGuide(item({ immediate: true, promisedLimit: 0 }), {
      department: (c) => (c === '421202-xzsp' ? '咸安区行政审批局' : undefined),
      licenceType: (c) => (c === 'business_licence' ? '营业执照' : undefined),
    });
    expect(g.department.name).toBe('咸安区行政审批局');
    expect(g.promisedLimit.text.zh).toBe('即办，当场办结');
    expect(g.legalLimit.text.zh).toBe('自受理之日起20个工作日');
    expect(g.fee.text.zh).toBe('不收费');
    expect(g.visits.text.zh).toBe('一次不用跑');
    expect(g.materials[0]!.licenceTypeName).toBe('营业执照');
  });
});
