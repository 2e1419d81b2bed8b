/**
 * The ledger importer's bracket, unit-list and deadline scans as they were before issue 21 made them linear. Kept
 * only as the oracle of src/modules/ledger/linear.test.ts: on small inputs the linear code must agree with them.
 */

function matchParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function parenGroupsOld(s: string): Array<{ start: number; end: number; content: string }> {
  const groups: Array<{ start: number; end: number; content: string }> = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '(') {
      const close = matchParen(s, i);
      if (close > 0) {
        groups.push({ start: i, end: close, content: s.slice(i + 1, close) });
        i = close + 1;
        continue;
      }
    }
    i++;
  }
  return groups;
}

export function splitTopLevelOld(s: string, seps: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '(') {
      const close = matchParen(s, i);
      if (close > 0) {
        cur += s.slice(i, close + 1);
        i = close + 1;
        continue;
      }
    }
    if (seps.includes(ch)) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
    i++;
  }
  parts.push(cur);
  return parts;
}

const UNIT_END = /(?:[局厅委办院部会府司心行关室组位门构所站队处科联馆社团校台署庭]|企业)$/;

function withoutDivision(s: string): string {
  const t = s.trim();
  if (!t.endsWith(')')) return t;
  for (let i = t.length - 1; i >= 0; i--) {
    if (t[i] === '(' && matchParen(t, i) === t.length - 1) return t.slice(0, i);
  }
  return t;
}

function looksLikeUnit(s: string): boolean {
  const core = withoutDivision(s);
  return core.length >= 2 && UNIT_END.test(core);
}

function splitConjunctions(group: string): string[] {
  const out: string[] = [];
  let rest = group;
  for (;;) {
    let cut = -1;
    let depth = 0;
    for (let i = 0; i < rest.length; i++) {
      const ch = rest[i]!;
      if (ch === '(' && matchParen(rest, i) > 0) depth++;
      else if (ch === ')' && depth > 0) depth--;
      else if (depth === 0 && (ch === '及' || ch === '和')) {
        const left = rest.slice(0, i).replace(/等$/, '');
        const right = rest.slice(i + 1);
        if (looksLikeUnit(left) && looksLikeUnit(right)) {
          cut = i;
          break;
        }
      }
    }
    if (cut < 0) break;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
  out.push(rest);
  return out;
}

function splitEtc(piece: string): string[] {
  const m = /^(.*[^等])等((?:省直|其他|其它)?(?:相关|有关)?(?:部门|单位|机构)?)$/.exec(piece);
  if (!m) return [piece];
  const rest = m[2]!;
  return rest.length >= 3 ? [m[1]!, rest] : [m[1]!];
}

function splitEnumeration(piece: string): string[] {
  const out: string[] = [];
  let pending: string | null = null;
  for (const raw of splitTopLevelOld(piece, '、')) {
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

const TRIM = /^[\s,;:。、]+|[\s,;:。、]+$/g;

export function splitUnitsOld(list: string): string[] {
  const text = list.replace(TRIM, '');
  if (text === '') return [];
  const out: string[] = [];
  for (const group of splitTopLevelOld(text, ',;')) {
    for (const part of splitConjunctions(group.replace(TRIM, ''))) {
      for (const piece of splitEtc(part.replace(TRIM, ''))) {
        for (const unit of splitEnumeration(piece)) {
          const u = unit.replace(TRIM, '');
          if (u !== '' && !out.includes(u)) out.push(u);
        }
      }
    }
  }
  return out;
}

const QUALIFIER = '上旬|中下旬|中旬|下旬|底|末|初';
const YEAR = '(?:((?:19|20)\\d{2})\\s*(年)?\\s*)';
const MONTH = '(?:(\\d{1,2})\\s*月\\s*)';
const DAY_OR_Q = `(?:(\\d{1,2})\\s*日|(${QUALIFIER}))`;
const BEFORE = new RegExp(`${YEAR}?${MONTH}?${DAY_OR_Q}?\\s*(?:以前|之前|前)(?![一二三四五六七八九十两几半期列沿台端置提款])`, 'g');
const HEADED = new RegExp(`(^|[。;:(,!?]|\\n)\\s*(${YEAR}${MONTH}?${DAY_OR_Q}?)(?=\\s*(?:[,;。)]|完成|长期推进|$))`, 'g');
const YEAR_END = /(今年|本年|年)底前/g;

export function findDeadlinesOld(text: string): Array<{ raw: string; index: number }> {
  const found: Array<{ raw: string; index: number }> = [];
  const taken: Array<[number, number]> = [];
  const add = (raw: string, index: number) => {
    const end = index + raw.length;
    if (taken.some(([a, b]) => index < b && end > a)) return;
    taken.push([index, end]);
    found.push({ raw: raw.trim(), index });
  };
  for (const m of text.matchAll(BEFORE)) {
    const hasDate = m[1] !== undefined || m[3] !== undefined;
    if (!hasDate) continue;
    if (m[1] !== undefined && !m[2] && m[3] === undefined) continue;
    add(m[0], m.index);
  }
  for (const m of text.matchAll(YEAR_END)) {
    const before = text[m.index - 1];
    if (before !== undefined && /\d/.test(before)) continue;
    add(m[0], m.index);
  }
  for (const m of text.matchAll(HEADED)) {
    const expr = m[2]!;
    if (!/月|底|末/.test(expr) || !/\d\s*年/.test(expr)) continue;
    add(expr, m.index + m[0].length - expr.length);
  }
  found.sort((a, b) => a.index - b.index);
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = f.raw.replace(/\s+/g, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
