/** One difference between the published version and the draft, at a path such as `materials[居民身份证].count`. */
export interface Change {
  path: string;
  /** The top-level element the change belongs to (`materials`), for its label. */
  top: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

/** Lists keep their entries by a natural key, so moving or inserting one shows as that change and not as a shift. */
const LIST_KEYS: Record<string, string> = {
  materials: 'name',
  steps: 'name',
  windows: 'name',
  specialProcedures: 'name',
  'form.fields': 'key',
  'form.fields.options': 'value',
  sources: 'field',
};

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function keyOf(entry: unknown, keyField: string | undefined, index: number): string {
  if (keyField && isObject(entry) && typeof entry[keyField] === 'string') return entry[keyField] as string;
  return String(index + 1);
}

function walk(before: unknown, after: unknown, path: string, shape: string, top: string, out: Change[]) {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (before === undefined) return void out.push({ path, top, kind: 'added', after: show(after) });
  if (after === undefined) return void out.push({ path, top, kind: 'removed', before: show(before) });
  if (Array.isArray(before) && Array.isArray(after)) {
    const keyField = LIST_KEYS[shape];
    if (!keyField && before.every((v) => typeof v !== 'object') && after.every((v) => typeof v !== 'object')) {
      // A list of words (conditions, themes, phone numbers): what was added and what was taken out.
      for (const v of after) if (!before.includes(v)) out.push({ path, top, kind: 'added', after: show(v) });
      for (const v of before) if (!after.includes(v)) out.push({ path, top, kind: 'removed', before: show(v) });
      return;
    }
    const b = new Map(before.map((e, i) => [keyOf(e, keyField, i), e]));
    const a = new Map(after.map((e, i) => [keyOf(e, keyField, i), e]));
    for (const [k, e] of a) walk(b.get(k), e, `${path}[${k}]`, shape, top, out);
    for (const [k, e] of b) if (!a.has(k)) walk(e, undefined, `${path}[${k}]`, shape, top, out);
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      walk(before[k], after[k], path ? `${path}.${k}` : k, shape ? `${shape}.${k}` : k, top || k, out);
    }
    return;
  }
  out.push({ path, top, kind: 'changed', before: show(before), after: show(after) });
}

/** What publishing the draft changes for applicants, element by element (empty when nothing differs). */
export function diffItems(published: object | null, draft: object): Change[] {
  const out: Change[] = [];
  walk(published ?? {}, draft, '', '', '', out);
  return out;
}
