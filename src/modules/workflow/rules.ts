import { Value } from 'typebox/value';
import { schemaErrorText } from '../catalog/index.js';
import {
  BundleDefinition,
  type AnswerValue,
  type Answers,
  type BundleItem,
  type Condition,
  type FieldRef,
  type ItemFormField,
  type Limit,
  type MaterialRef,
  type Question,
  type Test,
} from './contract.js';

/** One problem, naming the field as a path such as `stages[1].items[0].when`. */
export interface Problem {
  field: string;
  code: string;
  zh: string;
  en: string;
}

type Add = (field: string, code: string, zh: string, en: string) => void;

function collector(): { problems: Problem[]; add: Add } {
  const problems: Problem[] = [];
  return { problems, add: (field, code, zh, en) => problems.push({ field, code, zh, en }) };
}

// ---------------------------------------------------------------------------------------------------------------
// The rule language.

const RANGE_OPS = ['gt', 'gte', 'lt', 'lte'] as const;

function passes(test: Test, answers: Answers): boolean {
  const value = answers[test.question];
  if (value === undefined) return false;
  if (test.equals !== undefined) return value === test.equals;
  if (test.in !== undefined) return (test.in as AnswerValue[]).includes(value);
  if (typeof value !== 'number') return false;
  return (
    (test.gt === undefined || value > test.gt) &&
    (test.gte === undefined || value >= test.gte) &&
    (test.lt === undefined || value < test.lt) &&
    (test.lte === undefined || value <= test.lte)
  );
}

/** Evaluates a condition on the answers; a test on an unanswered question is false. */
export function evaluate(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((t) => passes(t, answers));
  if ('any' in condition) return condition.any.some((t) => passes(t, answers));
  if ('not' in condition) return !passes(condition.not, answers);
  return passes(condition, answers);
}

function checkTest(test: Test, questions: ReadonlyMap<string, Question>, field: string, add: Add): void {
  const q = questions.get(test.question);
  if (!q) {
    add(field, 'BUNDLE_QUESTION_UNKNOWN', `条件引用了不存在的问题 ${test.question}`, `The condition names question ${test.question}, which does not exist`);
    return;
  }
  const kinds = [test.equals !== undefined, test.in !== undefined, RANGE_OPS.some((op) => test[op] !== undefined)].filter(Boolean).length;
  if (kinds !== 1) {
    add(field, 'BUNDLE_CONDITION_SHAPE', '每个条件只能使用 equals、in 或数值比较中的一种', 'A test uses exactly one of equals, in, or numeric comparisons');
    return;
  }
  const allowed = (v: AnswerValue): boolean => {
    if (q.type === 'boolean') return typeof v === 'boolean';
    if (q.type === 'number') return typeof v === 'number';
    return typeof v === 'string' && (q.options ?? []).some((o) => o.value === v);
  };
  const values: AnswerValue[] = test.equals !== undefined ? [test.equals] : test.in !== undefined ? test.in : [];
  if (values.some((v) => !allowed(v))) {
    add(field, 'BUNDLE_CONDITION_VALUE', `条件的取值不是问题 ${q.key} 的可选答案`, `The tested value is not a possible answer to question ${q.key}`);
  }
  if (RANGE_OPS.some((op) => test[op] !== undefined) && q.type !== 'number') {
    add(field, 'BUNDLE_CONDITION_VALUE', `问题 ${q.key} 不是数值,不能比较大小`, `Question ${q.key} is not numeric and cannot be compared`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Answers and selection.

/** Every question must be answered with a value of its type; unknown keys are refused. */
export function checkAnswers(def: BundleDefinition, answers: Record<string, unknown>): Problem[] {
  const { problems, add } = collector();
  const byKey = new Map(def.questions.map((q) => [q.key, q]));
  for (const key of Object.keys(answers)) {
    if (!byKey.has(key)) add(`answers.${key}`, 'BUNDLE_ANSWER_UNKNOWN', `没有问题 ${key}`, `There is no question ${key}`);
  }
  for (const q of def.questions) {
    const v = answers[q.key];
    const field = `answers.${q.key}`;
    if (v === undefined || v === null) {
      add(field, 'BUNDLE_ANSWER_MISSING', `请回答:${q.text.zh}`, `Please answer: ${q.text.en}`);
    } else if (q.type === 'boolean' && typeof v !== 'boolean') {
      add(field, 'BUNDLE_ANSWER_INVALID', `“${q.text.zh}”须回答是或否`, `"${q.text.en}" takes yes or no`);
    } else if (q.type === 'number' && (typeof v !== 'number' || !Number.isFinite(v) || (q.min !== undefined && v < q.min) || (q.max !== undefined && v > q.max))) {
      add(field, 'BUNDLE_ANSWER_INVALID', `“${q.text.zh}”须填写${q.min ?? ''}–${q.max ?? ''}之间的数值`, `"${q.text.en}" takes a number${q.min !== undefined ? ` from ${q.min}` : ''}${q.max !== undefined ? ` to ${q.max}` : ''}`);
    } else if (q.type === 'choice' && !(q.options ?? []).some((o) => o.value === v)) {
      add(field, 'BUNDLE_ANSWER_INVALID', `“${q.text.zh}”的答案不在可选范围内`, `The answer to "${q.text.en}" is not one of the options`);
    }
  }
  return problems;
}

export interface ChosenItem {
  itemCode: string;
  stage: number;
  mandatory: boolean;
}

export interface Selection {
  /** Chosen items in definition order; a stage with none is skipped. */
  items: ChosenItem[];
  /** The limit that applies to these answers (first matching rule, else the bundle's own). */
  limit: Limit | null;
}

/** Which items the applicant's (checked) answers choose, and which limit applies. */
export function select(def: BundleDefinition, answers: Answers): Selection {
  const items: ChosenItem[] = [];
  def.stages.forEach((stage, s) => {
    for (const it of stage.items) {
      if (it.when === undefined || evaluate(it.when, answers)) items.push({ itemCode: it.itemCode, stage: s, mandatory: it.mandatory });
    }
  });
  const rule = def.limitRules.find((r) => evaluate(r.when, answers));
  return { items, limit: rule ? rule.limit : def.limit };
}

// ---------------------------------------------------------------------------------------------------------------
// The joint form (一表申请) and joint materials (一套材料).

export interface JointField extends ItemFormField {
  /** The item fields this joint field fills. */
  feeds: FieldRef[];
}

export interface PrefilledField extends FieldRef {
  fromItem: string;
}

export interface JointMaterial {
  name: string;
  form: string;
  count: number;
  required: boolean;
  deficiencyAllowed: boolean;
  licenceType?: string;
  feeds: MaterialRef[];
  /** Not asked: the result of this earlier item in the same bundle case supplies it. */
  suppliedBy: string | null;
}

const refKey = (itemCode: string, name: string) => `${itemCode}\u0000${name}`;

function stageIndex(chosen: readonly ChosenItem[]): Map<string, number> {
  return new Map(chosen.map((c) => [c.itemCode, c.stage]));
}

/** The prefills that apply: their source item is chosen, in an earlier stage. */
export function prefilledFields(def: BundleDefinition, chosen: readonly ChosenItem[]): PrefilledField[] {
  const stage = stageIndex(chosen);
  return def.form.prefilled
    .filter((p) => stage.has(p.itemCode) && (stage.get(p.fromItem) ?? Infinity) < stage.get(p.itemCode)!)
    .map((p) => ({ itemCode: p.itemCode, field: p.field, fromItem: p.fromItem }));
}

/**
 * The union of the chosen items' form fields, each shared field once: fields with the same key merge, and so do
 * the fields the definition lists together; prefilled fields are left out. A joint field is required when any
 * field it feeds is.
 */
export function jointForm(def: BundleDefinition, items: ReadonlyMap<string, BundleItem>, chosen: readonly ChosenItem[]): JointField[] {
  const explicit = new Map<string, { key: string; label?: ItemFormField['label'] }>();
  for (const m of def.form.merge) for (const f of m.fields) explicit.set(refKey(f.itemCode, f.field), { key: m.key, label: m.label });
  const prefilled = new Set(prefilledFields(def, chosen).map((p) => refKey(p.itemCode, p.field)));
  const out = new Map<string, JointField>();
  for (const { itemCode: code } of chosen) {
    for (const field of items.get(code)?.form.fields ?? []) {
      if (prefilled.has(refKey(code, field.key))) continue;
      const merge = explicit.get(refKey(code, field.key));
      const key = merge?.key ?? field.key;
      const existing = out.get(key);
      if (existing) {
        existing.required ||= field.required;
        existing.feeds.push({ itemCode: code, field: field.key });
      } else {
        out.set(key, { ...field, key, label: merge?.label ?? field.label, feeds: [{ itemCode: code, field: field.key }] });
      }
    }
  }
  return [...out.values()];
}

/** Splits the joint form's values into each item's own form (the mapping is the joint fields' `feeds`). */
export function splitForm(fields: readonly JointField[], values: Readonly<Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const perItem: Record<string, Record<string, unknown>> = {};
  for (const f of fields) {
    if (!(f.key in values)) continue;
    for (const feed of f.feeds) (perItem[feed.itemCode] ??= {})[feed.field] = values[f.key];
  }
  return perItem;
}

const FORM_STRICTNESS = ['electronic', 'copy', 'original'];

function supplier(def: BundleDefinition, items: ReadonlyMap<string, BundleItem>, chosen: readonly ChosenItem[]) {
  const stage = stageIndex(chosen);
  const explicit = new Map(def.materials.fromResults.map((r) => [refKey(r.itemCode, r.name), r.fromItem]));
  return (itemCode: string, m: { name: string; licenceType?: string }): string | null => {
    const mine = stage.get(itemCode)!;
    const from = explicit.get(refKey(itemCode, m.name));
    if (from !== undefined && (stage.get(from) ?? Infinity) < mine) return from;
    if (!m.licenceType) return null;
    const issuer = chosen.find((c) => c.stage < mine && items.get(c.itemCode)?.result.licenceType === m.licenceType);
    return issuer?.itemCode ?? null;
  };
}

/**
 * One material per paper: the same name, the same 电子证照 type, or a merge the definition lists. The merged
 * material asks for the strictest form and the largest count; 容缺 only if every item allows it. A material an
 * earlier stage's result supplies is listed with `suppliedBy` and not asked for.
 */
export function jointMaterials(def: BundleDefinition, items: ReadonlyMap<string, BundleItem>, chosen: readonly ChosenItem[]): JointMaterial[] {
  const explicit = new Map<string, string>();
  for (const m of def.materials.merge) for (const r of m.materials) explicit.set(refKey(r.itemCode, r.name), m.name);
  const suppliedBy = supplier(def, items, chosen);
  const out = new Map<string, JointMaterial>();
  for (const { itemCode: code } of chosen) {
    for (const m of items.get(code)?.materials ?? []) {
      const from = suppliedBy(code, m);
      const mergedName = explicit.get(refKey(code, m.name));
      const base = mergedName ? `merge:${mergedName}` : m.licenceType ? `licence:${m.licenceType}` : `name:${m.name}`;
      const key = from ? `${base}\u0000from:${from}` : base;
      const existing = out.get(key);
      if (existing) {
        existing.required ||= m.required;
        existing.deficiencyAllowed &&= m.deficiencyAllowed;
        existing.count = Math.max(existing.count, m.count);
        if (FORM_STRICTNESS.indexOf(m.form) > FORM_STRICTNESS.indexOf(existing.form)) existing.form = m.form;
        existing.feeds.push({ itemCode: code, name: m.name });
      } else {
        out.set(key, {
          name: mergedName ?? m.name,
          form: m.form,
          count: m.count,
          required: m.required,
          deficiencyAllowed: m.deficiencyAllowed,
          ...(m.licenceType ? { licenceType: m.licenceType } : {}),
          feeds: [{ itemCode: code, name: m.name }],
          suppliedBy: from,
        });
      }
    }
  }
  return [...out.values()];
}

export interface PackagedResult {
  itemCode: string;
  itemName: string;
  kind: string;
  name: string;
  licenceType?: string;
}

/** 统一出件: every chosen item's result, handed out together at the bundle's window. */
export function resultPackage(items: ReadonlyMap<string, BundleItem>, chosen: readonly ChosenItem[]): PackagedResult[] {
  return chosen.flatMap(({ itemCode: code }) => {
    const it = items.get(code);
    return it ? [{ itemCode: code, itemName: it.name, kind: it.result.kind, name: it.result.name, ...(it.result.licenceType ? { licenceType: it.result.licenceType } : {}) }] : [];
  });
}

/**
 * The limit a bundle case runs against: the stated one when the data gives it; otherwise the sum over stages of the
 * longest promised limit of the stage's chosen mandatory items (null when any of those is unknown).
 */
export function effectiveLimit(selection: Selection, items: ReadonlyMap<string, BundleItem>): { days: number | null; derived: boolean } {
  if (selection.limit) return { days: selection.limit.days, derived: false };
  const perStage = new Map<number, number>();
  for (const c of selection.items) {
    if (!c.mandatory) continue;
    const days = items.get(c.itemCode)?.promisedLimit;
    if (days === null || days === undefined) return { days: null, derived: true };
    perStage.set(c.stage, Math.max(perStage.get(c.stage) ?? 0, days));
  }
  return { days: [...perStage.values()].reduce((a, b) => a + b, 0), derived: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation of a definition before it is saved or published.

export interface BundleContext {
  /** The catalog's items by code (published versions). */
  items: ReadonlyMap<string, BundleItem>;
  /** Department codes known to org. */
  departments: ReadonlySet<string>;
}

function pointerToField(pointer: string): string {
  let out = '';
  for (const p of pointer.split('/').filter((x) => x !== '')) out += /^\d+$/.test(p) ? `[${p}]` : out === '' ? p : `.${p}`;
  return out === '' ? '(bundle)' : out;
}

function shapeProblems(input: unknown): Problem[] {
  const seen = new Map<string, Problem>();
  for (const e of Value.Errors(BundleDefinition, input)) {
    const field = pointerToField(e.instancePath);
    if (!seen.has(field)) {
      seen.set(field, { field, code: 'BUNDLE_FIELD_INVALID', ...schemaErrorText(e) });
    }
  }
  return [...seen.values()];
}

/** GB/T 2260: an item of the city (421200) may serve a bundle of its district (421202), not the other way round. */
function regionServes(itemRegion: string, bundleRegion: string): boolean {
  const prefix = itemRegion.endsWith('0000') ? itemRegion.slice(0, 2) : itemRegion.endsWith('00') ? itemRegion.slice(0, 4) : itemRegion;
  return bundleRegion.startsWith(prefix);
}

function firstDuplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const dups: number[] = [];
  values.forEach((v, i) => (seen.has(v) ? dups.push(i) : seen.add(v)));
  return dups;
}

/** Every problem of a definition (empty when it may be published); business rules run on a well-shaped one only. */
export function validateBundle(input: unknown, ctx: BundleContext): Problem[] {
  const shape = shapeProblems(input);
  if (shape.length > 0) return shape;
  const def = input as BundleDefinition;
  const { problems, add } = collector();

  if (!ctx.departments.has(def.leadDepartmentCode)) {
    add('leadDepartmentCode', 'BUNDLE_DEPARTMENT_UNKNOWN', `牵头部门 ${def.leadDepartmentCode} 不存在`, `Lead department ${def.leadDepartmentCode} does not exist`);
  }
  if (!def.code.startsWith(`${def.regionCode}-`)) {
    add('code', 'BUNDLE_CODE_REGION', `编码 ${def.code} 须以行政区划 ${def.regionCode} 开头`, `Code ${def.code} must start with region ${def.regionCode}`);
  }

  const questions = new Map(def.questions.map((q) => [q.key, q]));
  for (const i of firstDuplicates(def.questions.map((q) => q.key))) add(`questions[${i}].key`, 'BUNDLE_DUPLICATE', '问题键重复', 'Duplicate question key');
  def.questions.forEach((q, i) => {
    if (q.type === 'choice' && !q.options) add(`questions[${i}].options`, 'BUNDLE_QUESTION_OPTIONS', '选择题须有选项', 'A choice question needs options');
    if (q.type !== 'choice' && q.options) add(`questions[${i}].options`, 'BUNDLE_QUESTION_OPTIONS', '只有选择题可以有选项', 'Only a choice question has options');
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) add(`questions[${i}].min`, 'BUNDLE_QUESTION_RANGE', '最小值大于最大值', 'min exceeds max');
  });
  const checkCondition = (c: Condition, field: string) => {
    if ('all' in c) c.all.forEach((t, j) => checkTest(t, questions, `${field}.all[${j}]`, add));
    else if ('any' in c) c.any.forEach((t, j) => checkTest(t, questions, `${field}.any[${j}]`, add));
    else if ('not' in c) checkTest(c.not, questions, `${field}.not`, add);
    else checkTest(c, questions, field, add);
  };
  def.limitRules.forEach((r, i) => checkCondition(r.when, `limitRules[${i}].when`));

  const codes = def.stages.flatMap((s) => s.items.map((it) => it.itemCode));
  const stageOf = new Map<string, number>();
  for (const i of firstDuplicates(def.stages.map((s) => s.key))) add(`stages[${i}].key`, 'BUNDLE_DUPLICATE', '阶段键重复', 'Duplicate stage key');
  def.stages.forEach((stage, s) => {
    if (stage.leadDepartmentCode && !ctx.departments.has(stage.leadDepartmentCode)) {
      add(`stages[${s}].leadDepartmentCode`, 'BUNDLE_DEPARTMENT_UNKNOWN', `阶段牵头部门 ${stage.leadDepartmentCode} 不存在`, `Stage lead department ${stage.leadDepartmentCode} does not exist`);
    }
    stage.items.forEach((it, j) => {
      const field = `stages[${s}].items[${j}]`;
      if (stageOf.has(it.itemCode)) {
        add(`${field}.itemCode`, 'BUNDLE_DUPLICATE', `事项 ${it.itemCode} 在联办中出现多次`, `Item ${it.itemCode} appears more than once`);
        return;
      }
      stageOf.set(it.itemCode, s);
      if (it.when) checkCondition(it.when, `${field}.when`);
      const item = ctx.items.get(it.itemCode);
      if (!item) {
        add(`${field}.itemCode`, 'BUNDLE_ITEM_UNKNOWN', `事项库中没有事项 ${it.itemCode}`, `The catalog has no item ${it.itemCode}`);
        return;
      }
      if (!regionServes(item.regionCode, def.regionCode)) {
        add(`${field}.itemCode`, 'BUNDLE_ITEM_OUT_OF_REGION', `事项 ${it.itemCode} 不在本行政区划或其上级实施`, `Item ${it.itemCode} is not run in this region or above it`);
      }
      if (stage.limit && item.promisedLimit !== null && it.mandatory && item.promisedLimit > stage.limit.days) {
        add(`${field}.itemCode`, 'BUNDLE_ITEM_EXCEEDS_STAGE', `事项 ${item.name} 的承诺时限(${item.promisedLimit}个工作日)超过阶段时限(${stage.limit.days}个工作日)`, `Item ${item.name} promises ${item.promisedLimit} working days, more than its stage's ${stage.limit.days}`);
      }
    });
  });

  const stageDays = def.stages.map((s) => s.limit?.days);
  if (def.limit && stageDays.every((d) => d !== undefined)) {
    const sum = (stageDays as number[]).reduce((a, b) => a + b, 0);
    if (sum > def.limit.days + 1e-9) {
      add('limit', 'BUNDLE_STAGES_EXCEED_LIMIT', `各阶段时限之和(${sum}个工作日)超过联办时限(${def.limit.days}个工作日)`, `The stages' limits add up to ${sum} working days, more than the bundle's ${def.limit.days}`);
    }
  }
  if (def.fee) {
    const total = codes.reduce((sum, c) => sum + (ctx.items.get(c)?.fee.amountFen ?? 0), 0);
    if (total > def.fee.amountFen) {
      add('fee', 'BUNDLE_FEE_MISMATCH', `所含事项收费合计 ${total} 分,超过联办规定的 ${def.fee.amountFen} 分`, `The items charge ${total} fen in total, more than the bundle's ${def.fee.amountFen}`);
    }
  }

  checkMerges(def, ctx, stageOf, add);
  return problems;
}

function checkMerges(def: BundleDefinition, ctx: BundleContext, stageOf: ReadonlyMap<string, number>, add: Add): void {
  const used = new Set<string>();
  def.form.merge.forEach((m, i) => {
    const types = new Set<string>();
    m.fields.forEach((f, j) => {
      const field = `form.merge[${i}].fields[${j}]`;
      const k = refKey(f.itemCode, f.field);
      if (used.has(k)) add(field, 'BUNDLE_DUPLICATE', '同一字段被合并了两次', 'The same field is merged twice');
      used.add(k);
      if (!stageOf.has(f.itemCode)) return add(field, 'BUNDLE_MERGE_UNKNOWN', `事项 ${f.itemCode} 不在本联办中`, `Item ${f.itemCode} is not in this bundle`);
      const formField = ctx.items.get(f.itemCode)?.form.fields.find((x) => x.key === f.field);
      if (ctx.items.has(f.itemCode) && !formField) add(field, 'BUNDLE_MERGE_UNKNOWN', `事项 ${f.itemCode} 的表单没有字段 ${f.field}`, `Item ${f.itemCode} has no form field ${f.field}`);
      if (formField) types.add(formField.type);
    });
    if (types.size > 1) add(`form.merge[${i}]`, 'BUNDLE_FIELD_TYPE_CONFLICT', `合并的字段类型不一致:${[...types].join('、')}`, `Merged fields have different types: ${[...types].join(', ')}`);
  });
  // Same-key fields merge by themselves, so they must agree on their type unless a merge moves one of them away.
  const byKey = new Map<string, { type: string; itemCode: string }>();
  for (const code of stageOf.keys()) {
    for (const f of ctx.items.get(code)?.form.fields ?? []) {
      if (used.has(refKey(code, f.key))) continue;
      const seen = byKey.get(f.key);
      if (seen && seen.type !== f.type) {
        add('form.merge', 'BUNDLE_FIELD_TYPE_CONFLICT', `字段 ${f.key} 在 ${seen.itemCode} 与 ${code} 中类型不同,须分别合并`, `Field ${f.key} has different types in ${seen.itemCode} and ${code}; merge them explicitly`);
      } else if (!seen) byKey.set(f.key, { type: f.type, itemCode: code });
    }
  }
  const laterThan = (field: string, itemCode: string, fromItem: string) => {
    if (!stageOf.has(itemCode) || !stageOf.has(fromItem)) {
      add(field, 'BUNDLE_MERGE_UNKNOWN', `事项 ${stageOf.has(itemCode) ? fromItem : itemCode} 不在本联办中`, `Item ${stageOf.has(itemCode) ? fromItem : itemCode} is not in this bundle`);
      return false;
    }
    if (stageOf.get(fromItem)! >= stageOf.get(itemCode)!) {
      add(field, 'BUNDLE_PREFILL_ORDER', `只能由前一阶段事项 ${fromItem} 的结果提供`, `Only an item of an earlier stage can supply it; ${fromItem} is not earlier`);
      return false;
    }
    return true;
  };
  def.form.prefilled.forEach((p, i) => {
    const field = `form.prefilled[${i}]`;
    if (!laterThan(field, p.itemCode, p.fromItem)) return;
    if (ctx.items.has(p.itemCode) && !ctx.items.get(p.itemCode)!.form.fields.some((f) => f.key === p.field)) {
      add(field, 'BUNDLE_MERGE_UNKNOWN', `事项 ${p.itemCode} 的表单没有字段 ${p.field}`, `Item ${p.itemCode} has no form field ${p.field}`);
    }
  });
  def.materials.fromResults.forEach((r, i) => {
    const field = `materials.fromResults[${i}]`;
    if (!laterThan(field, r.itemCode, r.fromItem)) return;
    if (ctx.items.has(r.itemCode) && !ctx.items.get(r.itemCode)!.materials.some((x) => x.name === r.name)) {
      add(field, 'BUNDLE_MERGE_UNKNOWN', `事项 ${r.itemCode} 没有材料“${r.name}”`, `Item ${r.itemCode} has no material "${r.name}"`);
    }
  });
  const usedMaterials = new Set<string>();
  def.materials.merge.forEach((m, i) =>
    m.materials.forEach((r, j) => {
      const field = `materials.merge[${i}].materials[${j}]`;
      const k = refKey(r.itemCode, r.name);
      if (usedMaterials.has(k)) add(field, 'BUNDLE_DUPLICATE', '同一材料被合并了两次', 'The same material is merged twice');
      usedMaterials.add(k);
      if (!stageOf.has(r.itemCode)) return add(field, 'BUNDLE_MERGE_UNKNOWN', `事项 ${r.itemCode} 不在本联办中`, `Item ${r.itemCode} is not in this bundle`);
      if (ctx.items.has(r.itemCode) && !ctx.items.get(r.itemCode)!.materials.some((x) => x.name === r.name)) {
        add(field, 'BUNDLE_MERGE_UNKNOWN', `事项 ${r.itemCode} 没有材料“${r.name}”`, `Item ${r.itemCode} has no material "${r.name}"`);
      }
    }),
  );
}
