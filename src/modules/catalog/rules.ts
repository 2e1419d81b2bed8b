import { Value } from 'typebox/value';
import {
  ServiceItemSchema,
  type Audience,
  type FourWay,
  type Level,
  type OnlineDepth,
  type PowerType,
  type Scope,
  type ServiceItem,
} from './contract.js';

export type { ServiceItem } from './contract.js';

type Label = { zh: string; en: string };

export const POWER_TYPE_LABELS: Record<PowerType, Label> = {
  licensing: { zh: '行政许可', en: 'Administrative licensing' },
  confirmation: { zh: '行政确认', en: 'Administrative confirmation' },
  payment: { zh: '行政给付', en: 'Administrative payment' },
  adjudication: { zh: '行政裁决', en: 'Administrative adjudication' },
  reward: { zh: '行政奖励', en: 'Administrative reward' },
  inspection: { zh: '行政检查', en: 'Administrative inspection' },
  other_power: { zh: '其他行政权力', en: 'Other administrative power' },
  public_service: { zh: '公共服务', en: 'Public service' },
};

export const LEVEL_LABELS: Record<Level, Label> = {
  national: { zh: '国家级', en: 'National' },
  province: { zh: '省级', en: 'Provincial' },
  city: { zh: '市级', en: 'City' },
  county: { zh: '县级', en: 'County' },
  township: { zh: '乡镇(街道)级', en: 'Township' },
  village: { zh: '村(社区)级', en: 'Village' },
};

export const AUDIENCE_LABELS: Record<Audience, Label> = {
  person: { zh: '自然人', en: 'Natural person' },
  enterprise: { zh: '法人', en: 'Legal person' },
};

export const ONLINE_DEPTH_LABELS: Record<OnlineDepth, Label> = {
  full: { zh: '全程网办', en: 'Fully online' },
  prereview: { zh: '网上预审', en: 'Online pre-review' },
  offline: { zh: '仅线下办理', en: 'Offline only' },
};

export const FOUR_WAY_LABELS: Record<FourWay, Label> = {
  immediate: { zh: '马上办', en: 'Done at once' },
  online: { zh: '网上办', en: 'Done online' },
  nearby: { zh: '就近办', en: 'Done nearby' },
  once: { zh: '一次办', en: 'Done in one visit' },
};

export const SCOPE_LABELS: Record<Scope, Label> = {
  province: { zh: '全省通办', en: 'Province-wide' },
  crossProvince: { zh: '跨省通办', en: 'Across provinces' },
};

/** One problem with an item, naming the field as a path such as `materials[2].licenceType`. */
export interface ItemProblem {
  field: string;
  code: string;
  zh: string;
  en: string;
}

/** What an item is checked against: sets owned by other modules, passed in so the rule stays pure. */
export interface ItemContext {
  departments: ReadonlySet<string>;
  licenceTypes: ReadonlySet<string>;
  /** Item codes already used by other items (not by the item being saved). */
  takenCodes?: ReadonlySet<string>;
}

const SHARE_TOLERANCE = 1e-6;

function pointerToField(pointer: string): string {
  const parts = pointer.split('/').filter((p) => p !== '');
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out === '' ? p : `.${p}`;
  return out === '' ? '(item)' : out;
}

/** A schema error as the error TypeBox reports it (the JSON-schema keyword that failed, with its parameters). */
export interface SchemaError {
  keyword: string;
  params?: Record<string, unknown>;
}

/**
 * What a schema error means for the person filling the field, in both languages (the field itself is named beside
 * it), instead of the validator's English with a regular expression in it.
 */
export function schemaErrorText(e: SchemaError): { zh: string; en: string } {
  const n = e.params?.limit;
  switch (e.keyword) {
    case 'minLength':
      return n === 1 ? { zh: '不能为空', en: 'Must not be empty' } : { zh: `至少 ${n} 个字符`, en: `At least ${n} characters` };
    case 'maxLength':
      return { zh: `不能超过 ${n} 个字符`, en: `At most ${n} characters` };
    case 'pattern':
    case 'format':
      return { zh: '格式不正确', en: 'Wrong format' };
    case 'minItems':
      return { zh: `至少需要 ${n} 项`, en: `Needs at least ${n}` };
    case 'maxItems':
      return { zh: `最多 ${n} 项`, en: `At most ${n}` };
    case 'minimum':
      return { zh: `不能小于 ${n}`, en: `Must be at least ${n}` };
    case 'maximum':
      return { zh: `不能大于 ${n}`, en: `Must be at most ${n}` };
    case 'required':
      return { zh: '缺少必填项', en: 'Required' };
    case 'additionalProperties':
      return { zh: '含有不认识的内容', en: 'Holds something not expected here' };
    case 'uniqueItems':
      return { zh: '不能重复', en: 'Must not repeat' };
    default:
      return { zh: '取值不符合要求', en: 'Not an accepted value' };
  }
}

/** Shape errors from the schema, deduplicated to the innermost message per field. */
function shapeProblems(input: unknown): ItemProblem[] {
  const seen = new Map<string, ItemProblem>();
  for (const e of Value.Errors(ServiceItemSchema, input)) {
    const field = pointerToField(e.instancePath);
    if (seen.has(field)) continue;
    seen.set(field, { field, code: 'CATALOG_FIELD_INVALID', ...schemaErrorText(e) });
  }
  return [...seen.values()];
}

function duplicates(values: readonly string[]): Set<number> {
  const first = new Map<string, number>();
  const dup = new Set<number>();
  values.forEach((v, i) => {
    if (first.has(v)) dup.add(i);
    else first.set(v, i);
  });
  return dup;
}

/**
 * Checks an item before it is saved. Returns every problem found (empty when the item is valid);
 * the schema is checked first and the business rules only run on a well-shaped item.
 */
export function validateItem(input: unknown, ctx: ItemContext): ItemProblem[] {
  const shape = shapeProblems(input);
  if (shape.length > 0) return shape;
  const item = input as ServiceItem;
  const problems: ItemProblem[] = [];
  const add = (field: string, code: string, zh: string, en: string) => problems.push({ field, code, zh, en });

  if (item.legalLimit !== null && item.promisedLimit !== null && item.promisedLimit > item.legalLimit) {
    add(
      'promisedLimit',
      'CATALOG_PROMISED_EXCEEDS_LEGAL',
      `承诺时限（${item.promisedLimit}个工作日）不得超过法定时限（${item.legalLimit}个工作日）`,
      `The promised limit (${item.promisedLimit} working days) exceeds the legal limit (${item.legalLimit})`,
    );
  }
  if (item.immediate !== (item.promisedLimit === 0)) {
    add(
      'immediate',
      'CATALOG_IMMEDIATE_MISMATCH',
      '即办件的承诺时限必须为0；承诺时限为0的事项必须标为即办件',
      'An immediate item must have a promised limit of 0, and a promised limit of 0 means immediate',
    );
  }
  if (ctx.takenCodes?.has(item.code)) {
    add('code', 'CATALOG_CODE_TAKEN', `事项编码 ${item.code} 已被使用`, `Item code ${item.code} is already used`);
  }
  if (!ctx.departments.has(item.departmentCode)) {
    add(
      'departmentCode',
      'CATALOG_DEPARTMENT_UNKNOWN',
      `实施主体 ${item.departmentCode} 不存在`,
      `Department ${item.departmentCode} does not exist`,
    );
  }
  if (!item.departmentCode.startsWith(`${item.regionCode}-`)) {
    add(
      'regionCode',
      'CATALOG_REGION_MISMATCH',
      `实施主体 ${item.departmentCode} 不属于行政区划 ${item.regionCode}`,
      `Department ${item.departmentCode} is not in region ${item.regionCode}`,
    );
  }
  if (item.visits === 0 && item.onlineDepth === 'offline') {
    add(
      'visits',
      'CATALOG_VISITS_MISMATCH',
      '仅线下办理的事项不能是“一次不用跑”',
      'An offline-only item cannot need zero visits',
    );
  }
  if (item.fourWays.includes('online') && item.onlineDepth === 'offline') {
    add(
      'fourWays',
      'CATALOG_ONLINE_MISMATCH',
      '仅线下办理的事项不能列入“网上办”',
      'An offline-only item cannot be tagged as done online',
    );
  }
  item.steps.forEach((step, i) => {
    if (!ctx.departments.has(step.departmentCode)) {
      add(
        `steps[${i}].departmentCode`,
        'CATALOG_DEPARTMENT_UNKNOWN',
        `办理环节“${step.name}”的部门 ${step.departmentCode} 不存在`,
        `Step "${step.name}" names department ${step.departmentCode}, which does not exist`,
      );
    }
  });
  if (item.steps.length > 0) {
    const total = item.steps.reduce((sum, s) => sum + s.share, 0);
    if (Math.abs(total - 1) > SHARE_TOLERANCE) {
      add(
        'steps',
        'CATALOG_STEP_SHARES',
        `各办理环节的时限占比之和应为1，现为${Number(total.toFixed(6))}`,
        `The steps' shares of the limit must add up to 1, not ${Number(total.toFixed(6))}`,
      );
    }
  }
  for (const i of duplicates(item.steps.map((s) => s.name))) {
    add(`steps[${i}].name`, 'CATALOG_DUPLICATE', '办理环节名称重复', 'Duplicate step name');
  }
  item.materials.forEach((m, i) => {
    if (m.licenceType !== undefined && !ctx.licenceTypes.has(m.licenceType)) {
      add(
        `materials[${i}].licenceType`,
        'CATALOG_LICENCE_TYPE_UNKNOWN',
        `材料“${m.name}”的证照类型 ${m.licenceType} 不存在`,
        `Material "${m.name}" names licence type ${m.licenceType}, which does not exist`,
      );
    }
  });
  for (const i of duplicates(item.materials.map((m) => m.name))) {
    add(`materials[${i}].name`, 'CATALOG_DUPLICATE', '申请材料名称重复', 'Duplicate material name');
  }
  if (item.result.kind === 'licence') {
    if (item.result.licenceType === undefined) {
      add('result.licenceType', 'CATALOG_RESULT_LICENCE_MISSING', '办理结果为证照时须注明证照类型', 'A licence result needs its licence type');
    } else if (!ctx.licenceTypes.has(item.result.licenceType)) {
      add(
        'result.licenceType',
        'CATALOG_LICENCE_TYPE_UNKNOWN',
        `办理结果的证照类型 ${item.result.licenceType} 不存在`,
        `Result licence type ${item.result.licenceType} does not exist`,
      );
    }
  }
  for (const i of duplicates(item.form.fields.map((f) => f.key))) {
    add(`form.fields[${i}].key`, 'CATALOG_DUPLICATE', '表单字段键重复', 'Duplicate form field key');
  }
  item.form.fields.forEach((f, i) => {
    if (f.type === 'select' && (f.options === undefined || f.options.length === 0)) {
      add(`form.fields[${i}].options`, 'CATALOG_SELECT_OPTIONS', '下拉字段须有选项', 'A select field needs options');
    }
    if (f.pattern !== undefined && !isValidRegex(f.pattern)) {
      add(`form.fields[${i}].pattern`, 'CATALOG_PATTERN_INVALID', '校验规则不是有效的正则表达式', 'The pattern is not a valid regular expression');
    }
  });
  return problems;
}

function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Checks that item codes are unique within a batch (an import or the seed catalog). */
export function duplicateCodes(items: readonly { code: string }[]): string[] {
  return [...duplicates(items.map((i) => i.code))].map((i) => items[i]!.code);
}

/** The figures of an item that the catalog statistics read. */
export type StatInput = Pick<ServiceItem, 'immediate' | 'onlineDepth' | 'visits' | 'legalLimit' | 'promisedLimit'>;

export interface CatalogStats {
  itemCount: number;
  immediateCount: number;
  /** 即办件率 */
  immediateShare: number | null;
  onlineCount: number;
  /** 可网办率: fully online or with an online pre-review. */
  onlineShare: number | null;
  fullOnlineCount: number;
  /** 全程网办率 */
  fullOnlineShare: number | null;
  atMostOnceCount: number;
  /** 最多跑一次率: exactly one visit (seed 001 L12 counts 最多跑一次 and 一次不用跑 apart). */
  atMostOnceShare: number | null;
  zeroVisitCount: number;
  /** 一次不用跑率 */
  zeroVisitShare: number | null;
  /** Items with both a legal limit above 0 and a promised limit. */
  compressionBase: number;
  /** 承诺时限压缩率: mean of 1 − promised/legal over those items. */
  averageCompression: number | null;
}

const share = (n: number, d: number) => (d === 0 ? null : n / d);

export function catalogStats(items: Iterable<StatInput>): CatalogStats {
  let itemCount = 0;
  let immediateCount = 0;
  let onlineCount = 0;
  let fullOnlineCount = 0;
  let atMostOnceCount = 0;
  let zeroVisitCount = 0;
  let compressionBase = 0;
  let compressionSum = 0;
  for (const it of items) {
    itemCount++;
    if (it.immediate) immediateCount++;
    if (it.onlineDepth !== 'offline') onlineCount++;
    if (it.onlineDepth === 'full') fullOnlineCount++;
    if (it.visits === 1) atMostOnceCount++;
    if (it.visits === 0) zeroVisitCount++;
    if (it.legalLimit !== null && it.legalLimit > 0 && it.promisedLimit !== null) {
      compressionBase++;
      compressionSum += 1 - it.promisedLimit / it.legalLimit;
    }
  }
  return {
    itemCount,
    immediateCount,
    immediateShare: share(immediateCount, itemCount),
    onlineCount,
    onlineShare: share(onlineCount, itemCount),
    fullOnlineCount,
    fullOnlineShare: share(fullOnlineCount, itemCount),
    atMostOnceCount,
    atMostOnceShare: share(atMostOnceCount, itemCount),
    zeroVisitCount,
    zeroVisitShare: share(zeroVisitCount, itemCount),
    compressionBase,
    averageCompression: compressionBase === 0 ? null : compressionSum / compressionBase,
  };
}

/** A share as a percentage with two decimals, the way the reports print it (0.573925 → 57.39). */
export function percent(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10000) / 100;
}

/**
 * Search keys for Chinese text. PostgreSQL has no Chinese tokenizer, so a text is indexed by its
 * characters and its overlapping character pairs; a query matches when every pair of it is present.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
}

function pieces(text: string): string[] {
  return normalizeText(text).split(' ').filter((p) => p !== '');
}

export function indexTokens(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const piece of pieces(text)) {
      const chars = [...piece];
      for (let i = 0; i < chars.length; i++) {
        out.add(chars[i]!);
        if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
      }
    }
  }
  return [...out].sort();
}

/** The tokens a query must all match: its character pairs, or the single character of a one-character piece. */
export function queryTokens(query: string): string[] {
  const out = new Set<string>();
  for (const piece of pieces(query)) {
    const chars = [...piece];
    if (chars.length === 1) out.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return [...out].sort();
}

/** Rank of a hit: 0 exact name, 1 name starts with the query, 2 name contains it, 3 other fields only. */
export function matchRank(name: string, query: string): number {
  const n = normalizeText(name);
  const q = normalizeText(query);
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  if (n.includes(q)) return 2;
  return 3;
}

function limitText(days: number | null, kind: 'legal' | 'promised'): Label {
  if (days === null) return kind === 'legal' ? { zh: '法律法规未规定', en: 'Not set by law' } : { zh: '未公布', en: 'Not published' };
  if (days === 0) return { zh: '即办，当场办结', en: 'Done on the spot' };
  return { zh: `自受理之日起${days}个工作日`, en: `${days} working day${days === 1 ? '' : 's'} from acceptance` };
}

function feeText(fen: number, basis: string | undefined): Label {
  if (fen === 0) return { zh: '不收费', en: 'Free of charge' };
  const yuan = (fen / 100).toFixed(2);
  return { zh: `${yuan}元${basis ? `（依据：${basis}）` : ''}`, en: `CNY ${yuan}${basis ? ` (basis: ${basis})` : ''}` };
}

function visitsText(visits: number | null): Label {
  if (visits === null) return { zh: '未公布', en: 'Not published' };
  if (visits === 0) return { zh: '一次不用跑', en: 'No visit needed' };
  if (visits === 1) return { zh: '最多跑一次', en: 'At most one visit' };
  return { zh: `到现场${visits}次`, en: `${visits} visits` };
}

export interface GuideNames {
  department: (code: string) => string | undefined;
  licenceType: (code: string) => string | undefined;
}

/** The 办事指南 of an item: the elements an applicant reads, in the order local guides print them. */
export function toGuide(item: ServiceItem, names: GuideNames) {
  return {
    code: item.code,
    name: item.name,
    nameEn: item.nameEn ?? null,
    powerType: POWER_TYPE_LABELS[item.powerType],
    legalBasis: item.legalBasis,
    department: { code: item.departmentCode, name: names.department(item.departmentCode) ?? item.departmentCode },
    regionCode: item.regionCode,
    level: LEVEL_LABELS[item.level],
    audiences: item.audiences.map((a) => AUDIENCE_LABELS[a]),
    conditions: item.conditions,
    materials: item.materials.map((m) => ({
      ...m,
      licenceTypeName: m.licenceType ? (names.licenceType(m.licenceType) ?? m.licenceType) : null,
    })),
    steps: item.steps.map((s) => ({
      name: s.name,
      department: names.department(s.departmentCode) ?? s.departmentCode,
      role: s.role,
    })),
    legalLimit: { days: item.legalLimit, text: limitText(item.legalLimit, 'legal') },
    promisedLimit: { days: item.promisedLimit, text: limitText(item.promisedLimit, 'promised') },
    immediate: item.immediate,
    fee: { amountFen: item.fee.amountFen, text: feeText(item.fee.amountFen, item.fee.basis) },
    visits: { count: item.visits, text: visitsText(item.visits) },
    onlineDepth: ONLINE_DEPTH_LABELS[item.onlineDepth],
    fourWays: item.fourWays.map((w) => FOUR_WAY_LABELS[w]),
    scopes: item.scopes.map((s) => SCOPE_LABELS[s]),
    pledgeAllowed: item.pledgeAllowed,
    specialProcedures: item.specialProcedures,
    result: {
      ...item.result,
      licenceTypeName: item.result.licenceType ? (names.licenceType(item.result.licenceType) ?? null) : null,
    },
    windows: item.windows,
    phones: item.phones,
    form: item.form,
    sources: item.sources,
  };
}

/** The shares of a statistics record as percentages with two decimals, as reports print them. */
export function statsPercentages(s: CatalogStats) {
  return {
    immediate: percent(s.immediateShare),
    online: percent(s.onlineShare),
    fullOnline: percent(s.fullOnlineShare),
    atMostOnce: percent(s.atMostOnceShare),
    zeroVisit: percent(s.zeroVisitShare),
    averageCompression: percent(s.averageCompression),
  };
}
