/**
 * Units (牵头单位 / 责任单位): splitting the lists the documents write, and the registry of known units with
 * their aliases, so that "省市场监管局" and "省市场监督管理局" count as one unit in scheduling and scoring.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Caller } from '../../platform/http.js';
import { regionContains, regionLevelOf } from '../../platform/validators.js';
import { bracketPairs, splitTopLevel, trimChars } from './text.js';

/** Last characters that end the name of an organisation (局, 厅, 委, 人民政府, 公司, 单位, 部门 …). */
const UNIT_END_CHARS = new Set('局厅委办院部会府司心行关室组位门构所站队处科联馆社团校台署庭');

/** Whether s[from, to) ends like an organisation's name; looks at the last two characters only. */
function endsLikeUnit(s: string, from: number, to: number): boolean {
  if (to - from < 2) return false;
  return UNIT_END_CHARS.has(s[to - 1]!) || (s[to - 2] === '企' && s[to - 1] === '业');
}

const isSpace = (ch: string | undefined) => ch !== undefined && ch.trim() === '';

/**
 * looksLikeUnit of s[from, to) without copying it: trimmed, then without a trailing division in brackets whose
 * opening bracket lies inside. `pairs` are the bracket partners of the whole of s; a bracket pair of a slice is the
 * pair of s when both ends lie inside it, so one pass over s serves every slice the conjunction splitter tries.
 */
function sliceLooksLikeUnit(s: string, pairs: Int32Array, from: number, to: number): boolean {
  let a = from;
  let b = to;
  while (a < b && isSpace(s[a])) a++;
  while (b > a && isSpace(s[b - 1])) b--;
  if (b > a && s[b - 1] === ')') {
    const open = pairs[b - 1]!;
    if (open >= a) b = open;
  }
  return endsLikeUnit(s, a, b);
}

/** Strip a trailing division in brackets, "区发改经信局(发改)" → "区发改经信局". */
function withoutDivision(s: string): string {
  const t = s.trim();
  if (!t.endsWith(')')) return t;
  const open = bracketPairs(t)[t.length - 1]!;
  return open >= 0 ? t.slice(0, open) : t;
}

export function looksLikeUnit(s: string): boolean {
  const core = withoutDivision(s);
  return endsLikeUnit(core, 0, core.length);
}

/** Split on 及/和 only where both sides are whole units: "省文化和旅游厅" stays, "省直相关部门和各市州人民政府" splits. */
function splitConjunctions(group: string): string[] {
  const pairs = bracketPairs(group);
  const out: string[] = [];
  // One left-to-right pass: after a cut the scan goes on from the cut with the next unit starting there.
  let from = 0;
  let depth = 0;
  for (let i = 0; i < group.length; i++) {
    const ch = group[i]!;
    if (ch === '(' && pairs[i]! > 0) depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0 && (ch === '及' || ch === '和')) {
      const leftEnd = i > from && group[i - 1] === '等' ? i - 1 : i;
      if (sliceLooksLikeUnit(group, pairs, from, leftEnd) && sliceLooksLikeUnit(group, pairs, i + 1, group.length)) {
        out.push(group.slice(from, i));
        from = i + 1;
      }
    }
  }
  out.push(group.slice(from));
  return out;
}

/** "X、Y等省直相关部门" → ["X、Y", "省直相关部门"]; "X、Y等" → ["X、Y"]; a bare "部门"/"单位" after 等 adds nothing. */
function splitEtc(piece: string): string[] {
  const m = /^(.*[^等])等((?:省直|其他|其它)?(?:相关|有关)?(?:部门|单位|机构)?)$/.exec(piece);
  if (!m) return [piece];
  const rest = m[2]!;
  return rest.length >= 3 ? [m[1]!, rest] : [m[1]!];
}

/** Split on 、 and merge pieces that are not units by themselves: "各市、州、县人民政府" is one distributive name. */
function splitEnumeration(piece: string): string[] {
  const out: string[] = [];
  let pending: string | null = null;
  for (const raw of splitTopLevel(piece, '、')) {
    const frag = raw.trim();
    if (pending === null && frag === '') continue;
    const joined: string = pending === null ? frag : `${pending}、${frag}`;
    if (looksLikeUnit(frag)) {
      out.push(joined);
      pending = null;
    } else pending = joined;
  }
  if (pending !== null) out.push(pending);
  return out;
}

/** Separators a unit list may begin or end with. */
const EDGE = ',;:。、';
const trimEdges = (s: string) => trimChars(s, EDGE);

/**
 * Split a list of units as written. Separators: 、 , ; and 及/和 between two whole units; "等" closes an open list.
 * Anything that cannot be split safely is kept verbatim.
 */
export function splitUnits(list: string): string[] {
  const text = trimEdges(list);
  if (text === '') return [];
  const out: string[] = [];
  for (const group of splitTopLevel(text, ',;')) {
    for (const part of splitConjunctions(trimEdges(group))) {
      for (const piece of splitEtc(trimEdges(part))) {
        for (const unit of splitEnumeration(piece)) {
          const u = trimEdges(unit);
          if (u !== '' && !out.includes(u)) out.push(u);
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Registry

export type UnitKind = 'department' | 'government' | 'party' | 'court' | 'enterprise' | 'collective' | 'other';

export interface UnitEntry {
  /** The full official name used as the key. */
  name: string;
  aliases: string[];
  kind: UnitKind;
  /** Region the name is valid in ("湖北省", "湖南省", "鄂州市华容区"); abbreviations such as 省政务局 differ by province. */
  scope: string | null;
  /** The stored unit this entry stands for, when read from the database. */
  id?: string;
}

export interface UnitRegistryData {
  units: UnitEntry[];
}

export interface NormalizedUnit {
  /** The name as written. */
  written: string;
  /** The registry name, or the written name when unknown. */
  name: string;
  /** Internal division of a merged bureau written in brackets: "区发改经信局(发改)" → "发改". */
  division: string | null;
  known: boolean;
  kind: UnitKind | null;
  /** The stored unit, when the registry was read from the database. */
  id?: string;
}

export interface UnitRegistry {
  normalize(written: string, scope?: string | null): NormalizedUnit;
  entries(): UnitEntry[];
}

function key(s: string): string {
  return s.replace(/\s+/g, '');
}

export function createRegistry(data: UnitRegistryData): UnitRegistry {
  const byName = new Map<string, UnitEntry[]>();
  const index = (name: string, entry: UnitEntry) => {
    const k = key(name);
    const list = byName.get(k) ?? [];
    if (!list.includes(entry)) list.push(entry);
    byName.set(k, list);
  };
  for (const e of data.units) {
    index(e.name, e);
    for (const a of e.aliases) index(a, e);
  }
  const pick = (k: string, scope: string | null | undefined): UnitEntry | undefined => {
    const list = byName.get(k);
    if (!list || list.length === 0) return undefined;
    if (scope) {
      const inScope = list.find((e) => e.scope !== null && scope.includes(e.scope));
      if (inScope) return inScope;
    }
    return list.find((e) => e.scope === null) ?? list[0];
  };
  return {
    normalize(written, scope) {
      const w = written.trim();
      const exact = pick(key(w), scope);
      if (exact) return { written: w, name: exact.name, division: null, known: true, kind: exact.kind, ...(exact.id ? { id: exact.id } : {}) };
      const core = withoutDivision(w);
      const division = core !== w ? w.slice(core.length + 1, -1) : null;
      const base = pick(key(core), scope);
      if (base) return { written: w, name: base.name, division, known: true, kind: base.kind, ...(base.id ? { id: base.id } : {}) };
      return { written: w, name: core || w, division, known: false, kind: null };
    },
    entries: () => data.units,
  };
}

let defaultRegistry: UnitRegistry | null = null;

/** The registry shipped in data/ledger/units.json (seeded from the five policy documents). */
export function loadDefaultRegistry(): UnitRegistry {
  if (!defaultRegistry) {
    const path = fileURLToPath(new URL('../../../data/ledger/units.json', import.meta.url));
    defaultRegistry = createRegistry(JSON.parse(readFileSync(path, 'utf8')) as UnitRegistryData);
  }
  return defaultRegistry;
}

/** Region whose abbreviations a document uses, guessed from its title and issuer. */
export function scopeOf(title: string | null, issuer: string | null): string | null {
  const s = `${issuer ?? ''} ${title ?? ''}`;
  if (/华容/.test(s)) return '鄂州市华容区';
  if (/湖南|湘/.test(s)) return '湖南省';
  if (/湖北|鄂/.test(s)) return '湖北省';
  return null;
}

/** Every unit a parse names, normalised, with the unknown ones listed for the reviewer. */
export function reviewUnits(
  tasks: Array<{ leadUnits: string[]; responsibleUnits: string[] }>,
  registry: UnitRegistry,
  scope: string | null,
): { units: NormalizedUnit[]; unknown: string[] } {
  const seen = new Map<string, NormalizedUnit>();
  for (const t of tasks) {
    for (const u of [...t.leadUnits, ...t.responsibleUnits]) {
      if (!seen.has(u)) seen.set(u, registry.normalize(u, scope));
    }
  }
  const units = [...seen.values()];
  return { units, unknown: units.filter((u) => !u.known).map((u) => u.written) };
}

/**
 * Whether a supervisor or admin may change a registry unit: one of their region or below. A unit of no region is
 * shared (valid everywhere): any manager may add aliases or link it, but only the province level may merge it
 * away, so one city cannot delete what every region's tasks name.
 */
export function unitEditableBy(caller: Caller, unitRegion: string | null, change: 'edit' | 'delete' = 'edit'): boolean {
  if (!caller.regionCode) return false;
  if (unitRegion === null) return change === 'edit' || regionLevelOf(caller.regionCode) === 1;
  return regionContains(caller.regionCode, unitRegion);
}
