/** One difference between a published definition and its draft, at a path such as `materials[居民身份证].count`. */
export interface Change {
  path: string;
  /** The top-level element the change belongs to (`materials`), for its label. */
  top: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

export interface DiffOptions {
  /**
   * The natural key of the entries of a list, by the list's shape (`stages.items` → `itemCode`): moving or inserting
   * an entry then shows as that change and not as a shift of every later entry.
   */
  listKeys: Record<string, string>;
  /** Whether the order of keyed entries matters; a reorder then also shows as a change of `<list>.order`. */
  ordered?: boolean;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function keyOf(entry: unknown, keyField: string | undefined, index: number): string {
  if (keyField && isObject(entry) && typeof entry[keyField] === 'string') return entry[keyField] as string;
  return String(index + 1);
}

function walk(before: unknown, after: unknown, path: string, shape: string, top: string, options: DiffOptions, out: Change[]) {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (before === undefined) return void out.push({ path, top, kind: 'added', after: show(after) });
  if (after === undefined) return void out.push({ path, top, kind: 'removed', before: show(before) });
  if (Array.isArray(before) && Array.isArray(after)) {
    const keyField = options.listKeys[shape];
    if (!keyField && before.every((v) => typeof v !== 'object') && after.every((v) => typeof v !== 'object')) {
      // A list of words (conditions, themes, phone numbers): what was added and what was taken out.
      for (const v of after) if (!before.includes(v)) out.push({ path, top, kind: 'added', after: show(v) });
      for (const v of before) if (!after.includes(v)) out.push({ path, top, kind: 'removed', before: show(v) });
      return;
    }
    const b = new Map(before.map((e, i) => [keyOf(e, keyField, i), e]));
    const a = new Map(after.map((e, i) => [keyOf(e, keyField, i), e]));
    if (keyField && options.ordered) {
      const common = (m: Map<string, unknown>, other: Map<string, unknown>) => [...m.keys()].filter((k) => other.has(k));
      const was = common(b, a).join(' → ');
      const now = common(a, b).join(' → ');
      if (was !== now) out.push({ path: `${path}.order`, top, kind: 'changed', before: was, after: now });
    }
    for (const [k, e] of a) walk(b.get(k), e, `${path}[${k}]`, shape, top, options, out);
    for (const [k, e] of b) if (!a.has(k)) walk(e, undefined, `${path}[${k}]`, shape, top, options, out);
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      walk(before[k], after[k], path ? `${path}.${k}` : k, shape ? `${shape}.${k}` : k, top || k, options, out);
    }
    return;
  }
  out.push({ path, top, kind: 'changed', before: show(before), after: show(after) });
}

/**
 * What publishing a draft changes, element by element (empty when nothing differs); against no published version
 * every element is new. Used by the catalog and the bundle editors alike.
 */
export function diffVersions(published: object | null, draft: object, options: DiffOptions): Change[] {
  const out: Change[] = [];
  walk(published ?? {}, draft, '', '', '', options, out);
  return out;
}

/** A catalog item's lists keep their entries by name (form fields by key); order only matters for steps, shown by their shares. */
export const ITEM_DIFF: DiffOptions = {
  listKeys: {
    materials: 'name',
    steps: 'name',
    windows: 'name',
    specialProcedures: 'name',
    'form.fields': 'key',
    'form.fields.options': 'value',
    sources: 'field',
  },
};
