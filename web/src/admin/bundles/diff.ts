/** One difference between the published definition and the draft, at a path such as `stages[parallel].items[421202-QYKB-SBDJ].mandatory`. */
export interface Change {
  path: string;
  /** The top-level element the change belongs to (`stages`), for its label. */
  top: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

/**
 * Lists keep their entries by a natural key, so moving a stage or an item shows as that move's effect and not as a
 * shift of every later entry. Stage order matters, so a reorder also shows as a change of `order`.
 */
const LIST_KEYS: Record<string, string> = {
  stages: 'key',
  'stages.items': 'itemCode',
  questions: 'key',
  'questions.options': 'value',
  'form.merge': 'key',
  sources: 'about',
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
      for (const v of after) if (!before.includes(v)) out.push({ path, top, kind: 'added', after: show(v) });
      for (const v of before) if (!after.includes(v)) out.push({ path, top, kind: 'removed', before: show(v) });
      return;
    }
    const b = new Map(before.map((e, i) => [keyOf(e, keyField, i), e]));
    const a = new Map(after.map((e, i) => [keyOf(e, keyField, i), e]));
    if (keyField) {
      const common = (m: Map<string, unknown>, other: Map<string, unknown>) => [...m.keys()].filter((k) => other.has(k));
      const was = common(b, a).join(' → ');
      const now = common(a, b).join(' → ');
      if (was !== now) out.push({ path: `${path}.order`, top, kind: 'changed', before: was, after: now });
    }
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

/** What publishing the draft changes, element by element (empty when nothing differs). */
export function diffBundles(published: object | null, draft: object): Change[] {
  const out: Change[] = [];
  walk(published ?? {}, draft, '', '', '', out);
  return out;
}
