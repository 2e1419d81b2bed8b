/**
 * The rules of 双随机、一公开 with no database: object classes and their default ratios (seed 001), the seeded
 * generator, the draw itself, and the checks of an imported 检查对象 row. A draw is a pure function of its frozen pool
 * and its seed, which is what lets `tongban inspection verify-draw` recompute it.
 */
import { canonicalJson } from '../../platform/event-log/index.js';
import { sm3 } from '../../platform/crypto.js';
import { checkCreditCode } from '../../platform/validators.js';

export const OBJECT_CLASSES = ['enterprise', 'individual', 'cooperative', 'non_market'] as const;
export type ObjectClass = (typeof OBJECT_CLASSES)[number];

export const CLASS_LABELS: Record<ObjectClass, { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'enterprise' },
  individual: { zh: '个体工商户', en: 'individual business' },
  cooperative: { zh: '农民专业合作社', en: 'farmers’ cooperative' },
  non_market: { zh: '非市场主体', en: 'non-market entity' },
};

/** Seed 001 (L64–68): 企业 ≥ 3 %, 个体工商户 ≥ 0.3 %, 农民专业合作社 ≥ 0.3 % a year. */
export const DEFAULT_QUOTAS: Partial<Record<ObjectClass, { ratio: number }>> = {
  enterprise: { ratio: 0.03 },
  individual: { ratio: 0.003 },
  cooperative: { ratio: 0.003 },
};

export const OUTCOMES = ['no_problem', 'passed', 'rectify', 'failed', 'case_opened', 'unreachable'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, { zh: string; en: string }> = {
  no_problem: { zh: '未发现问题', en: 'no problem found' },
  passed: { zh: '合格', en: 'passed' },
  rectify: { zh: '责令整改', en: 'ordered to rectify' },
  failed: { zh: '不合格', en: 'failed' },
  case_opened: { zh: '立案查处', en: 'case opened' },
  unreachable: { zh: '通过登记的住所无法联系', en: 'not reachable at the registered address' },
};

/** Results are published within 20 working days of the inspection (national rules §4). */
export const PUBLISH_WITHIN_WORKING_DAYS = 20;
export const MIN_INSPECTORS_PER_OBJECT = 2;

// ---- the seeded generator ------------------------------------------------------------------------------------

/**
 * SM3 in counter mode: block i is SM3(seed ‖ ":" ‖ i), read as eight 32-bit words. Anyone with the seed gets the
 * same stream in any language; uniform integers below n come by rejection, so no value is favoured.
 */
export class SeededRandom {
  private counter = 0;
  private words: number[] = [];
  constructor(private readonly seed: string) {}

  next32(): number {
    if (this.words.length === 0) {
      const hex = sm3(`${this.seed}:${this.counter++}`);
      for (let i = 56; i >= 0; i -= 8) this.words.push(Number.parseInt(hex.slice(i, i + 8), 16));
    }
    return this.words.pop()!;
  }

  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`below(${n})`);
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      const r = this.next32();
      if (r < limit) return r % n;
    }
  }
}

export const seedHashOf = (seed: string) => sm3(`seed:${seed}`);

// ---- the draw ---------------------------------------------------------------------------------------------------

/** What a draw is computed from, frozen at commit: subjects and inspectors sorted, so the pool hash is stable. */
export interface DrawPool {
  /** [credit code, class], sorted by credit code. */
  subjects: [string, ObjectClass][];
  /** [inspector id, department id], sorted by id. */
  inspectors: [string, string][];
  /** [inspector id, credit code]: declared conflicts (回避). */
  conflicts: [string, string][];
  departmentIds: string[];
  quotas: Partial<Record<ObjectClass, { ratio?: number; count?: number }>>;
  inspectorsPerObject: number;
}

export const poolHashOf = (pool: DrawPool) => sm3(canonicalJson(pool));

export interface DrawnTask {
  creditCode: string;
  objectClass: ObjectClass;
  inspectorIds: string[];
}

export function quotaSize(q: { ratio?: number; count?: number }, n: number): number {
  const k = q.count ?? Math.ceil((q.ratio ?? 0) * n - 1e-9);
  return Math.max(0, Math.min(n, k));
}

/** k distinct indexes below n, by a partial Fisher–Yates shuffle, in the order drawn. */
export function sampleIndexes(rng: SeededRandom, n: number, k: number): number[] {
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + rng.below(n - i);
    const vj = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    out.push(vj);
  }
  return out;
}

/**
 * The draw: per class (in OBJECT_CLASSES order) its quota of objects, then per object its inspectors — for a joint
 * plan one from each department first, the rest from all — never one with a declared conflict with the object.
 */
export function drawFromPool(pool: DrawPool, seed: string): DrawnTask[] {
  const rng = new SeededRandom(seed);
  const picked: [string, ObjectClass][] = [];
  for (const cls of OBJECT_CLASSES) {
    const q = pool.quotas[cls];
    if (!q) continue;
    const of = pool.subjects.filter((s) => s[1] === cls);
    for (const i of sampleIndexes(rng, of.length, quotaSize(q, of.length))) picked.push(of[i]!);
  }
  const conflicts = new Set(pool.conflicts.map(([i, c]) => `${i}|${c}`));
  const m = pool.inspectorsPerObject;
  return picked.map(([creditCode, objectClass]) => {
    const eligible = pool.inspectors.filter(([id]) => !conflicts.has(`${id}|${creditCode}`));
    if (eligible.length < m) throw new DrawInfeasible(creditCode, eligible.length, m);
    const chosen: string[] = [];
    const taken = new Set<number>();
    if (pool.departmentIds.length > 1) {
      for (const d of pool.departmentIds) {
        if (chosen.length === m) break;
        const ofDept = eligible.map((e, i) => [e, i] as const).filter(([e]) => e[1] === d);
        if (ofDept.length === 0) continue;
        const [, i] = ofDept[rng.below(ofDept.length)]!;
        taken.add(i);
        chosen.push(eligible[i]![0]);
      }
    }
    const rest = eligible.filter((_, i) => !taken.has(i));
    for (const i of sampleIndexes(rng, rest.length, m - chosen.length)) chosen.push(rest[i]![0]);
    return { creditCode, objectClass, inspectorIds: chosen };
  });
}

export class DrawInfeasible extends Error {
  constructor(readonly creditCode: string, readonly eligible: number, readonly needed: number) {
    super(`only ${eligible} eligible inspectors for ${creditCode}, ${needed} needed`);
  }
}

/** Whether every object of the pool has enough inspectors without conflicts: checked before a draw is committed. */
export function poolProblem(pool: DrawPool): { creditCode: string; eligible: number } | null {
  const m = pool.inspectorsPerObject;
  const perSubject = new Map<string, number>();
  for (const [, c] of pool.conflicts) perSubject.set(c, (perSubject.get(c) ?? 0) + 1);
  if (pool.inspectors.length < m) return { creditCode: pool.subjects[0]?.[0] ?? '', eligible: pool.inspectors.length };
  for (const [c, n] of perSubject) if (pool.inspectors.length - n < m) return { creditCode: c, eligible: pool.inspectors.length - n };
  return null;
}

// ---- the import of 检查对象 ------------------------------------------------------------------------------------------

export interface SubjectRow {
  creditCode: string;
  name: string;
  objectClass: ObjectClass;
  industry: string;
  riskGrade: string;
  creditGrade: string;
}

export interface RowProblem {
  row: number;
  field: string;
  zh: string;
  en: string;
}

/** Header cells accepted for each field: the key, or its Chinese name. */
export const SUBJECT_COLUMNS: Record<keyof SubjectRow, string[]> = {
  creditCode: ['creditCode', '统一社会信用代码'],
  name: ['name', '名称'],
  objectClass: ['objectClass', '类别', '主体类别'],
  industry: ['industry', '行业'],
  riskGrade: ['riskGrade', '风险等级'],
  creditGrade: ['creditGrade', '信用等级'],
};

const GRADES = ['A', 'B', 'C', 'D'];

function classOf(text: string): ObjectClass | null {
  const t = text.trim();
  for (const c of OBJECT_CLASSES) if (c === t || CLASS_LABELS[c].zh === t) return c;
  return null;
}

/** Maps a header row to field positions, or the problems of a header that lacks a required field. */
export function headerMap(header: string[]): { map: Partial<Record<keyof SubjectRow, number>>; problems: RowProblem[] } {
  const map: Partial<Record<keyof SubjectRow, number>> = {};
  header.forEach((h, i) => {
    const cell = h.trim();
    for (const [field, names] of Object.entries(SUBJECT_COLUMNS) as [keyof SubjectRow, string[]][]) if (names.includes(cell)) map[field] = i;
  });
  const problems: RowProblem[] = [];
  for (const field of ['creditCode', 'name', 'objectClass'] as const) {
    if (map[field] === undefined) problems.push({ row: 1, field, zh: `缺少“${SUBJECT_COLUMNS[field][1]}”列`, en: `The header has no ${field} column` });
  }
  return { map, problems };
}

/** Checks one data row (row numbers count the header as row 1, as a spreadsheet shows them). */
export function checkSubjectRow(cells: string[], map: Partial<Record<keyof SubjectRow, number>>, row: number, problems: RowProblem[]): SubjectRow | null {
  const get = (f: keyof SubjectRow) => (map[f] === undefined ? '' : (cells[map[f]!] ?? '').trim());
  const before = problems.length;
  const creditCode = get('creditCode').toUpperCase();
  const cc = checkCreditCode(creditCode);
  if (cc === 'format') problems.push({ row, field: 'creditCode', zh: '统一社会信用代码格式不正确', en: 'The unified social credit code is malformed' });
  else if (cc === 'checkCharacter') problems.push({ row, field: 'creditCode', zh: '统一社会信用代码校验位不正确', en: 'The check character of the credit code is wrong' });
  const name = get('name');
  if (name === '' || name.length > 200) problems.push({ row, field: 'name', zh: '名称不能为空且不超过 200 字', en: 'The name must be 1–200 characters' });
  const objectClass = classOf(get('objectClass'));
  if (!objectClass) problems.push({ row, field: 'objectClass', zh: '类别须为 企业、个体工商户、农民专业合作社 或 非市场主体', en: 'The class must be enterprise, individual, cooperative or non_market' });
  const riskGrade = (get('riskGrade') || 'B').toUpperCase();
  if (!GRADES.includes(riskGrade)) problems.push({ row, field: 'riskGrade', zh: '风险等级须为 A、B、C 或 D', en: 'The risk grade must be A, B, C or D' });
  const creditGrade = (get('creditGrade') || 'B').toUpperCase();
  if (!GRADES.includes(creditGrade)) problems.push({ row, field: 'creditGrade', zh: '信用等级须为 A、B、C 或 D', en: 'The credit grade must be A, B, C or D' });
  const industry = get('industry');
  if (industry.length > 64) problems.push({ row, field: 'industry', zh: '行业不超过 64 字', en: 'The industry is at most 64 characters' });
  if (problems.length > before) return null;
  return { creditCode, name, objectClass: objectClass!, industry, riskGrade, creditGrade };
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF), with a UTF-8 BOM dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Validates a whole table: every problem of every row, and duplicates of a credit code within the file. */
export function checkSubjectTable(table: string[][]): { rows: SubjectRow[]; problems: RowProblem[] } {
  const [header, ...data] = table;
  if (!header) return { rows: [], problems: [{ row: 1, field: 'file', zh: '文件为空', en: 'The file is empty' }] };
  const { map, problems } = headerMap(header);
  if (problems.length) return { rows: [], problems };
  const rows: SubjectRow[] = [];
  const seen = new Map<string, number>();
  data.forEach((cells, i) => {
    const rowNo = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const r = checkSubjectRow(cells, map, rowNo, problems);
    if (!r) return;
    const first = seen.get(r.creditCode);
    if (first) problems.push({ row: rowNo, field: 'creditCode', zh: `与第 ${first} 行重复`, en: `Duplicates row ${first}` });
    else {
      seen.set(r.creditCode, rowNo);
      rows.push(r);
    }
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ row: 2, field: 'file', zh: '文件没有数据行', en: 'The file has no data rows' });
  return { rows, problems };
}
