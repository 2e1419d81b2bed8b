import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BundleDefinition, BundleItem, Condition } from './contract.js';
import { checkAnswers, effectiveLimit, evaluate, jointForm, jointMaterials, prefilledFields, resultPackage, select, splitForm, validateBundle, type ChosenItem } from './rules.js';

const src = { ref: 'seed:000_e4086131eff9af3a.txt#L567' };
const label = (zh: string) => ({ zh, en: zh });

function item(code: string, over: Partial<BundleItem> = {}): BundleItem {
  return {
    code,
    name: code,
    departmentCode: '421202-scjg',
    regionCode: '421202',
    promisedLimit: 0.5,
    fee: { amountFen: 0 },
    form: { fields: [{ key: 'applicantName', label: label('申请人'), type: 'text', required: true }] },
    materials: [{ name: '营业执照', form: 'electronic', count: 1, required: true, deficiencyAllowed: false, licenceType: 'business_licence' }],
    result: { kind: 'licence', name: `${code}证` },
    ...over,
  };
}

const items = new Map<string, BundleItem>([
  ['421202-QYKB-SLDJ', item('421202-QYKB-SLDJ', { form: { fields: [
    { key: 'companyName', label: label('企业名称'), type: 'text', required: true },
    { key: 'contactPhone', label: label('联系电话'), type: 'phone', required: true },
  ] }, materials: [{ name: '公司章程', form: 'electronic', count: 1, required: true, deficiencyAllowed: false }] })],
  ['421202-QYKB-GZKZ', item('421202-QYKB-GZKZ', { departmentCode: '421202-ga', form: { fields: [
    { key: 'applicantName', label: label('申请人'), type: 'text', required: true },
    { key: 'contactPhone', label: label('联系电话'), type: 'phone', required: false },
  ] } })],
  ['421202-QYKB-FPSL', item('421202-QYKB-FPSL', { departmentCode: '421202-sw', materials: [
    { name: '营业执照复印件', form: 'copy', count: 2, required: true, deficiencyAllowed: false, licenceType: 'business_licence' },
    { name: '经办人身份证', form: 'original', count: 1, required: false, deficiencyAllowed: true },
  ] })],
  ['421200-WX-ZWDL', item('421200-WX-ZWDL', { regionCode: '421200', departmentCode: '421200-cg', promisedLimit: 5 })],
  ['420703-GS-BZ', item('420703-GS-BZ', { regionCode: '420703', departmentCode: '420703-gs' })],
]);
const ctx = { items, departments: new Set(['421202-scjg', '421202-ga', '421202-sw', '421200-cg', '420703-gs']) };

function bundle(over: Partial<BundleDefinition> = {}): BundleDefinition {
  return {
    code: '421202-YJS-QYKB',
    name: '企业开办',
    nameEn: 'Starting a business',
    regionCode: '421202',
    leadDepartmentCode: '421202-scjg',
    audiences: ['enterprise'],
    limit: { days: 1, source: src },
    limitRules: [],
    fee: { amountFen: 0, source: src },
    questions: [
      { key: 'needSeal', text: { zh: '是否需要刻制公章?', en: 'Do you need company seals made?' }, type: 'boolean' },
      { key: 'capacityKva', text: { zh: '用电容量?', en: 'Connection capacity?' }, type: 'number', unit: 'kVA', min: 0, max: 100000 },
      { key: 'projectClass', text: label('项目类型'), type: 'choice', options: [{ value: 'government', label: label('政府投资') }, { value: 'general', label: label('一般社会投资') }] },
    ],
    stages: [
      { key: 'register', name: label('设立登记'), limit: { days: 0.5, source: src }, items: [{ itemCode: '421202-QYKB-SLDJ', mandatory: true }] },
      {
        key: 'parallel',
        name: label('同步办理'),
        limit: { days: 0.5, source: src },
        items: [
          { itemCode: '421202-QYKB-GZKZ', mandatory: false, when: { question: 'needSeal', equals: true } },
          { itemCode: '421202-QYKB-FPSL', mandatory: true },
        ],
      },
    ],
    onDenial: 'stop',
    form: { merge: [{ key: 'applicantName', label: label('企业名称'), fields: [{ itemCode: '421202-QYKB-SLDJ', field: 'companyName' }, { itemCode: '421202-QYKB-GZKZ', field: 'applicantName' }] }], prefilled: [] },
    materials: { merge: [], fromResults: [] },
    delivery: { window: '咸安区政务服务中心 企业开办综合窗口' },
    sources: [{ about: '企业开办 210', source: src }],
    ...over,
  };
}

const codes = (p: { code: string }[]) => p.map((x) => x.code);

describe('the rule language', () => {
  const answers = { needSeal: true, capacityKva: 160, projectClass: 'general' };
  it('evaluates equals, in, ranges, all, any and not', () => {
    const cases: [Condition, boolean][] = [
      [{ question: 'needSeal', equals: true }, true],
      [{ question: 'needSeal', equals: false }, false],
      [{ question: 'projectClass', in: ['government', 'general'] }, true],
      [{ question: 'capacityKva', gt: 100 }, true],
      [{ question: 'capacityKva', gte: 100, lt: 160 }, false],
      [{ question: 'capacityKva', lte: 160 }, true],
      [{ all: [{ question: 'needSeal', equals: true }, { question: 'capacityKva', lt: 100 }] }, false],
      [{ any: [{ question: 'needSeal', equals: false }, { question: 'capacityKva', gt: 100 }] }, true],
      [{ not: { question: 'projectClass', equals: 'government' } }, true],
      [{ question: 'missing', equals: true }, false],
      [{ question: 'projectClass', gt: 1 }, false],
    ];
    for (const [c, want] of cases) expect(evaluate(c, answers), JSON.stringify(c)).toBe(want);
  });

  it('agrees with plain comparisons on random numbers', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }), (v, bound) => {
        const a = { capacityKva: v };
        expect(evaluate({ question: 'capacityKva', gt: bound }, a)).toBe(v > bound);
        expect(evaluate({ question: 'capacityKva', lte: bound }, a)).toBe(v <= bound);
        expect(evaluate({ not: { question: 'capacityKva', gt: bound } }, a)).toBe(!(v > bound));
      }),
    );
  });
});

describe('validateBundle', () => {
  it('accepts a well-formed bundle', () => {
    expect(validateBundle(bundle(), ctx)).toEqual([]);
  });

  it('reports shape problems by field before anything else', () => {
    const p = validateBundle({ ...bundle(), onDenial: 'maybe', limit: { days: 1 } }, ctx);
    expect(p.map((x) => x.field).sort()).toEqual(['limit', 'onDenial']);
    expect(new Set(codes(p))).toEqual(new Set(['BUNDLE_FIELD_INVALID']));
    const blank = validateBundle({ ...bundle(), name: '', code: '421202-YJS-' }, ctx);
    expect(blank.find((x) => x.field === 'name')).toMatchObject({ zh: '不能为空', en: 'Must not be empty' });
    expect(blank.find((x) => x.field === 'code')).toMatchObject({ zh: '格式不正确', en: 'Wrong format' });
  });

  it('names unknown questions, wrong values, mixed tests and numeric tests on non-numbers', () => {
    const stages = bundle().stages;
    const bad = (when: Condition) => validateBundle(bundle({ stages: [stages[0]!, { ...stages[1]!, items: [stages[1]!.items[0]!, { itemCode: '421202-QYKB-FPSL', mandatory: true, when }] }] }), ctx);
    expect(codes(bad({ question: 'nope', equals: true }))).toEqual(['BUNDLE_QUESTION_UNKNOWN']);
    expect(codes(bad({ question: 'needSeal', equals: 'yes' }))).toEqual(['BUNDLE_CONDITION_VALUE']);
    expect(codes(bad({ question: 'projectClass', in: ['government', 'villa'] }))).toEqual(['BUNDLE_CONDITION_VALUE']);
    expect(codes(bad({ question: 'capacityKva', equals: 1, gt: 0 }))).toEqual(['BUNDLE_CONDITION_SHAPE']);
    expect(codes(bad({ question: 'needSeal', gt: 0 }))).toEqual(['BUNDLE_CONDITION_VALUE']);
    expect(bad({ any: [{ question: 'needSeal', equals: true }, { question: 'nope', lt: 3 }] })[0]!.field).toBe('stages[1].items[1].when.any[1]');
  });

  it('refuses unknown items, items of another region, duplicates and an item slower than its stage', () => {
    const stages = bundle().stages;
    const withItems = (...extra: { itemCode: string; mandatory: boolean }[]) => bundle({ stages: [stages[0]!, { ...stages[1]!, items: [...stages[1]!.items, ...extra] }] });
    expect(codes(validateBundle(withItems({ itemCode: '421202-NOPE-0001', mandatory: true }), ctx))).toEqual(['BUNDLE_ITEM_UNKNOWN']);
    expect(codes(validateBundle(withItems({ itemCode: '420703-GS-BZ', mandatory: false }), ctx))).toEqual(['BUNDLE_ITEM_OUT_OF_REGION']);
    expect(codes(validateBundle(withItems({ itemCode: '421202-QYKB-SLDJ', mandatory: true }), ctx))).toEqual(['BUNDLE_DUPLICATE']);
    // A city item serves its district; this one promises 5 days in a 0.5-day stage.
    expect(codes(validateBundle(withItems({ itemCode: '421200-WX-ZWDL', mandatory: true }), ctx))).toEqual(['BUNDLE_ITEM_EXCEEDS_STAGE']);
  });

  it('checks the limits add up, the fee, the lead department and the code', () => {
    expect(codes(validateBundle(bundle({ limit: { days: 0.5, source: src } }), ctx))).toEqual(['BUNDLE_STAGES_EXCEED_LIMIT']);
    const charging = new Map(items);
    charging.set('421202-QYKB-FPSL', item('421202-QYKB-FPSL', { fee: { amountFen: 5000 } }));
    expect(codes(validateBundle(bundle(), { ...ctx, items: charging }))).toEqual(['BUNDLE_FEE_MISMATCH']);
    expect(codes(validateBundle(bundle({ leadDepartmentCode: '421202-xx' }), ctx))).toEqual(['BUNDLE_DEPARTMENT_UNKNOWN']);
    expect(codes(validateBundle(bundle({ code: '421200-YJS-QYKB' }), ctx))).toEqual(['BUNDLE_CODE_REGION']);
  });

  it('refuses merges of unknown fields, fields merged twice and fields of different types', () => {
    const merge = (fields: { itemCode: string; field: string }[]) => validateBundle(bundle({ form: { merge: [{ key: 'x', fields }], prefilled: [] } }), ctx);
    expect(codes(merge([{ itemCode: '421202-QYKB-SLDJ', field: 'nope' }, { itemCode: '421202-QYKB-GZKZ', field: 'applicantName' }]))).toEqual(['BUNDLE_MERGE_UNKNOWN']);
    expect(codes(merge([{ itemCode: '421202-QYKB-SLDJ', field: 'companyName' }, { itemCode: '421202-QYKB-SLDJ', field: 'companyName' }]))).toEqual(['BUNDLE_DUPLICATE']);
    expect(codes(merge([{ itemCode: '421202-QYKB-SLDJ', field: 'companyName' }, { itemCode: '421202-QYKB-GZKZ', field: 'contactPhone' }]))).toContain('BUNDLE_FIELD_TYPE_CONFLICT');
    const clash = new Map(items);
    clash.set('421202-QYKB-FPSL', item('421202-QYKB-FPSL', { form: { fields: [{ key: 'contactPhone', label: label('电话'), type: 'text', required: true }] } }));
    expect(codes(validateBundle(bundle(), { ...ctx, items: clash }))).toEqual(['BUNDLE_FIELD_TYPE_CONFLICT']);
  });
});

describe('answers and selection', () => {
  it('requires every answer, of its type, and refuses unknown ones', () => {
    const p = checkAnswers(bundle(), { needSeal: 'yes', capacityKva: -1, extra: 1 });
    expect(p.map((x) => [x.field, x.code])).toEqual([
      ['answers.extra', 'BUNDLE_ANSWER_UNKNOWN'],
      ['answers.needSeal', 'BUNDLE_ANSWER_INVALID'],
      ['answers.capacityKva', 'BUNDLE_ANSWER_INVALID'],
      ['answers.projectClass', 'BUNDLE_ANSWER_MISSING'],
    ]);
    expect(checkAnswers(bundle(), { needSeal: false, capacityKva: 0, projectClass: 'general' })).toEqual([]);
  });

  it('chooses the optional item only when the questionnaire asks for it', () => {
    const base = { capacityKva: 0, projectClass: 'general' };
    expect(select(bundle(), { ...base, needSeal: true }).items.map((c) => c.itemCode)).toEqual(['421202-QYKB-SLDJ', '421202-QYKB-GZKZ', '421202-QYKB-FPSL']);
    expect(select(bundle(), { ...base, needSeal: false }).items).toEqual([
      { itemCode: '421202-QYKB-SLDJ', stage: 0, mandatory: true },
      { itemCode: '421202-QYKB-FPSL', stage: 1, mandatory: true },
    ]);
  });

  it('takes the first matching limit rule, else the bundle limit, else one derived from the stages', () => {
    const rules = bundle({
      limit: null,
      limitRules: [
        { when: { question: 'projectClass', equals: 'government' }, limit: { days: 80, source: src } },
        { when: { question: 'projectClass', in: ['general'] }, limit: { days: 60, source: src } },
      ],
    });
    const a = { needSeal: true, capacityKva: 0 };
    expect(select(rules, { ...a, projectClass: 'government' }).limit?.days).toBe(80);
    expect(select(rules, { ...a, projectClass: 'general' }).limit?.days).toBe(60);
    expect(effectiveLimit(select(bundle(), { ...a, projectClass: 'general' }), items)).toEqual({ days: 1, derived: false });
    const open = bundle({ limit: null });
    expect(effectiveLimit(select(open, { ...a, projectClass: 'general' }), items)).toEqual({ days: 1, derived: true });
    const unknown = new Map(items).set('421202-QYKB-FPSL', item('421202-QYKB-FPSL', { promisedLimit: null }));
    expect(effectiveLimit(select(open, { ...a, projectClass: 'general' }), unknown)).toEqual({ days: null, derived: true });
  });
});

describe('one form, one set of materials, one package', () => {
  const chosen: ChosenItem[] = [
    { itemCode: '421202-QYKB-SLDJ', stage: 0, mandatory: true },
    { itemCode: '421202-QYKB-GZKZ', stage: 1, mandatory: false },
    { itemCode: '421202-QYKB-FPSL', stage: 1, mandatory: true },
  ];
  // Without 设立登记, as when an existing company applies only for the later items.
  const later = chosen.slice(1).map((c) => ({ ...c, stage: 0 }));

  it('asks each shared field once and says which item fields it feeds', () => {
    const form = jointForm(bundle(), items, chosen);
    expect(form.map((f) => [f.key, f.required, f.feeds.map((x) => `${x.itemCode}.${x.field}`)])).toEqual([
      ['applicantName', true, ['421202-QYKB-SLDJ.companyName', '421202-QYKB-GZKZ.applicantName', '421202-QYKB-FPSL.applicantName']],
      ['contactPhone', true, ['421202-QYKB-SLDJ.contactPhone', '421202-QYKB-GZKZ.contactPhone']],
    ]);
    expect(form[0]!.label.zh).toBe('企业名称');
    expect(splitForm(form, { applicantName: '咸宁某某有限公司', contactPhone: '13800000000' })).toEqual({
      '421202-QYKB-SLDJ': { companyName: '咸宁某某有限公司', contactPhone: '13800000000' },
      '421202-QYKB-GZKZ': { applicantName: '咸宁某某有限公司', contactPhone: '13800000000' },
      '421202-QYKB-FPSL': { applicantName: '咸宁某某有限公司' },
    });
  });

  it('feeds every item field exactly once, whatever the items chosen', () => {
    fc.assert(
      fc.property(fc.subarray(chosen, { minLength: 1 }), (some) => {
        const feeds = jointForm(bundle(), items, some).flatMap((f) => f.feeds.map((x) => `${x.itemCode}.${x.field}`));
        const all = some.flatMap((c) => items.get(c.itemCode)!.form.fields.map((f) => `${c.itemCode}.${f.key}`));
        expect(feeds.sort()).toEqual(all.sort());
      }),
    );
  });

  it('leaves out a field an earlier stage’s result fills, only when that item is chosen earlier', () => {
    const def = bundle({ form: { ...bundle().form, prefilled: [{ itemCode: '421202-QYKB-GZKZ', field: 'contactPhone', fromItem: '421202-QYKB-SLDJ' }] } });
    expect(validateBundle(def, ctx)).toEqual([]);
    expect(prefilledFields(def, chosen)).toEqual([{ itemCode: '421202-QYKB-GZKZ', field: 'contactPhone', fromItem: '421202-QYKB-SLDJ' }]);
    expect(jointForm(def, items, chosen).find((f) => f.key === 'contactPhone')!.feeds).toEqual([{ itemCode: '421202-QYKB-SLDJ', field: 'contactPhone' }]);
    expect(prefilledFields(def, later)).toEqual([]);
    const backwards = bundle({ form: { ...bundle().form, prefilled: [{ itemCode: '421202-QYKB-SLDJ', field: 'companyName', fromItem: '421202-QYKB-FPSL' }] } });
    expect(codes(validateBundle(backwards, ctx))).toEqual(['BUNDLE_PREFILL_ORDER']);
  });

  it('asks for a material several items need once, in its strictest form and largest count', () => {
    const m = jointMaterials(bundle(), items, later);
    const licence = m.find((x) => x.licenceType === 'business_licence')!;
    expect(licence).toMatchObject({ name: '营业执照', form: 'copy', count: 2, required: true, suppliedBy: null });
    expect(licence.feeds.map((f) => f.itemCode)).toEqual(['421202-QYKB-GZKZ', '421202-QYKB-FPSL']);
    expect(m.map((x) => x.name)).toEqual(['营业执照', '经办人身份证']);
    const twoItems = [chosen[0]!, { ...chosen[2]!, stage: 0 }];
    const merged = jointMaterials(bundle({ materials: { merge: [{ name: '章程及身份证明', materials: [{ itemCode: '421202-QYKB-SLDJ', name: '公司章程' }, { itemCode: '421202-QYKB-FPSL', name: '经办人身份证' }] }], fromResults: [] } }), items, twoItems);
    expect(merged.find((x) => x.name === '章程及身份证明')).toMatchObject({ form: 'original', required: true, deficiencyAllowed: false });
  });

  it('does not ask for the licence an earlier stage issues, nor for a material the definition says a result supplies', () => {
    const sldj = new Map(items).set('421202-QYKB-SLDJ', { ...items.get('421202-QYKB-SLDJ')!, result: { kind: 'licence', name: '营业执照', licenceType: 'business_licence' } });
    const m = jointMaterials(bundle(), sldj, chosen);
    expect(m.find((x) => x.licenceType === 'business_licence')).toMatchObject({ suppliedBy: '421202-QYKB-SLDJ' });
    expect(m.find((x) => x.name === '经办人身份证')!.suppliedBy).toBeNull();
    const def = bundle({ materials: { merge: [], fromResults: [{ itemCode: '421202-QYKB-FPSL', name: '经办人身份证', fromItem: '421202-QYKB-SLDJ' }] } });
    expect(validateBundle(def, ctx)).toEqual([]);
    expect(jointMaterials(def, items, chosen).find((x) => x.name === '经办人身份证')!.suppliedBy).toBe('421202-QYKB-SLDJ');
  });

  it('packages every chosen item’s result for one window', () => {
    expect(resultPackage(items, chosen).map((r) => r.name)).toEqual(['421202-QYKB-SLDJ证', '421202-QYKB-GZKZ证', '421202-QYKB-FPSL证']);
  });
});
