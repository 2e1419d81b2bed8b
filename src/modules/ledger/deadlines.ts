/**
 * Deadlines (完成时限) of reform tasks: found in the text, in labelled fields and in table cells, kept verbatim,
 * and resolved to plain calendar dates. These are policy deadlines, so calendar days apply, not working days.
 */

export interface Deadline {
  /** The words of the document ("2021年9月底前", "2023年8月底,长期推进", "持续实施"). */
  raw: string;
  /** ISO date the task is due by, or null when the words name none ("长期推进"). */
  date: string | null;
  /** "长期推进" / "持续实施" / "常态化": the obligation continues after (or without) the date. */
  ongoing: boolean;
  /** "每年" / "每季度" / "每月": a recurring obligation. */
  recurring: boolean;
  /** The year was not written and was taken from the context. */
  yearInferred: boolean;
  /** The text dropped a character (e.g. "20196月底前") and the date was read through it. */
  repaired: boolean;
}

const QUALIFIER = '上旬|中下旬|中旬|下旬|底|末|初';
const YEAR = '(?:((?:19|20)\\d{2})\\s*(年)?\\s*)';
const MONTH = '(?:(\\d{1,2})\\s*月\\s*)';
const DAY_OR_Q = `(?:(\\d{1,2})\\s*日|(${QUALIFIER}))`;

/** "…前": the commonest deadline form. `前` must not start "前三季度", "前期" and the like. */
const BEFORE = new RegExp(
  `${YEAR}?${MONTH}?${DAY_OR_Q}?\\s*(?:以前|之前|前)(?![一二三四五六七八九十两几半期列沿台端置提款])`,
  'g',
);
/** A dated milestone without `前` at the start of a clause: "2020年底,…", "(2020年7月底完成)", "2023年8月底,长期推进". */
const HEADED = new RegExp(
  `(^|[。;:(,!?]|\\n)\\s*(${YEAR}${MONTH}?${DAY_OR_Q}?)(?=\\s*(?:[,;。)]|完成|长期推进|$))`,
  'g',
);
const YEAR_END = /(今年|本年|年)底前/g;

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface DateParts {
  year: number | null;
  month: number | null;
  day: number | null;
  qualifier: string | null;
  repaired: boolean;
}

const PARTS = new RegExp(`^\\s*${YEAR}?${MONTH}?${DAY_OR_Q}?`);

export function dateParts(s: string): DateParts | null {
  const m = PARTS.exec(s.replace(/今年|本年/, '年'));
  if (!m || m[0].trim() === '') {
    if (/^\s*年底/.test(s)) return { year: null, month: 12, day: null, qualifier: '底', repaired: false };
    return null;
  }
  const year = m[1] ? Number(m[1]) : null;
  const repaired = year !== null && !m[2] && m[3] !== undefined;
  if (year !== null && !m[2] && m[3] === undefined) return null;
  return {
    year,
    month: m[3] ? Number(m[3]) : null,
    day: m[4] ? Number(m[4]) : null,
    qualifier: m[5] ?? null,
    repaired,
  };
}

/** Calendar date a date expression stands for: end of the period unless a day is written. */
export function resolveParts(p: DateParts, fallbackYear: number | null): { date: string | null; yearInferred: boolean } {
  const year = p.year ?? fallbackYear;
  if (year === null) return { date: null, yearInferred: false };
  const yearInferred = p.year === null;
  const month = p.month ?? 12;
  if (month < 1 || month > 12) return { date: null, yearInferred };
  const end = lastDay(year, month);
  let day: number;
  if (p.day !== null) {
    if (p.day < 1 || p.day > end) return { date: null, yearInferred };
    day = p.day;
  } else if (p.qualifier === '上旬' || p.qualifier === '初') day = 10;
  else if (p.qualifier === '中旬') day = 20;
  else if (p.qualifier === '中下旬') day = 25;
  else day = end;
  return { date: iso(year, month, day), yearInferred };
}

const ONGOING = /长期推进|长期推|持续实施|持续推进|常态化推进|长期坚持|长期执行/;
const RECURRING = /每年|每季度|每半年|每月|年度报告|按月|按季度/;

/**
 * Resolve the words of one deadline. For a range ("2020年6月-11月", "3月31日至12月31日") the end counts.
 * `fallbackYear` is the year of the surrounding text or document.
 */
export function resolveDeadline(raw: string, fallbackYear: number | null): Deadline {
  const ongoing = ONGOING.test(raw);
  const recurring = RECURRING.test(raw);
  const compact = raw.replace(/\s+/g, '');
  const rangeEnd = /(?:-|—|~|至|到)((?:(?:19|20)\d{2}年)?\d{1,2}月(?:\d{1,2}日|上旬|中下旬|中旬|下旬|底|末)?)/.exec(compact);
  const first = dateParts(compact) ?? firstFound(compact);
  let parts = first;
  if (rangeEnd && first) {
    const end = dateParts(rangeEnd[1]!);
    if (end) parts = { ...end, year: end.year ?? first.year };
  }
  if (!parts) {
    return { raw, date: null, ongoing, recurring, yearInferred: false, repaired: false };
  }
  const { date, yearInferred } = resolveParts(parts, fallbackYear);
  return { raw, date, ongoing, recurring, yearInferred, repaired: parts.repaired };
}

function firstFound(s: string): DateParts | null {
  const f = findDeadlines(s)[0];
  return f ? dateParts(f.raw.replace(/\s+/g, '')) : null;
}

export interface FoundDeadline {
  raw: string;
  index: number;
}

const WHITE = /\s/;

/**
 * The text with every run of white space squeezed to one character (a line break if the run holds one), and where
 * each character of the squeezed text starts in the original. Every `\s*` of the patterns above consumes a run
 * whole or not at all, so they match the squeezed text exactly where they match the original; but on the original a
 * long run makes them retry every split of it from every start, which is quadratic or worse.
 */
function squeezeWhite(text: string): { s: string; at: number[] | null } {
  // Most texts have no run to squeeze: they are their own squeezed form.
  if (!/\s\s/.test(text)) return { s: text, at: null };
  let s = '';
  const at: number[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (!WHITE.test(ch)) {
      at.push(i);
      s += ch;
      i++;
      continue;
    }
    let j = i;
    let lineBreak = false;
    while (j < text.length && WHITE.test(text[j]!)) {
      if (text[j] === '\n') lineBreak = true;
      j++;
    }
    at.push(i);
    s += lineBreak ? '\n' : ch;
    i = j;
  }
  at.push(text.length);
  return { s, at };
}

/** Intervals taken by earlier passes, sorted and disjoint: an overlap test is a binary search, not a scan. */
function overlapsAny(taken: Array<[number, number]>, a: number, b: number): boolean {
  let lo = 0;
  let hi = taken.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (taken[mid]![1] <= a) lo = mid + 1;
    else hi = mid;
  }
  return lo < taken.length && taken[lo]![0] < b;
}

/** Deadline expressions written into a task's text, in order of appearance, without duplicates. */
export function findDeadlines(text: string): FoundDeadline[] {
  const { s, at } = squeezeWhite(text);
  const found: FoundDeadline[] = [];
  // Matches of one pattern never overlap each other, so each is checked against the earlier passes only.
  let taken: Array<[number, number]> = [];
  let pass: Array<[number, number]> = [];
  const add = (start: number, end: number) => {
    const index = at ? at[start]! : start;
    const stop = at ? at[end]! : end;
    if (overlapsAny(taken, index, stop)) return;
    pass.push([index, stop]);
    found.push({ raw: text.slice(index, stop).trim(), index });
  };
  const endPass = () => {
    taken = [...taken, ...pass].sort((x, y) => x[0] - y[0]);
    pass = [];
  };
  for (const m of s.matchAll(BEFORE)) {
    const hasDate = m[1] !== undefined || m[3] !== undefined;
    if (!hasDate) continue;
    if (m[1] !== undefined && !m[2] && m[3] === undefined) continue;
    add(m.index, m.index + m[0].length);
  }
  endPass();
  for (const m of s.matchAll(YEAR_END)) {
    const before = s[m.index - 1];
    if (before !== undefined && /\d/.test(before)) continue;
    add(m.index, m.index + m[0].length);
  }
  endPass();
  for (const m of s.matchAll(HEADED)) {
    const expr = m[2]!;
    if (!/月|底|末/.test(expr) || !/\d\s*年/.test(expr)) continue;
    const end = m.index + m[0].length;
    add(end - expr.length, end);
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

/** The year of a text's first explicit year, used to date later year-less expressions in the same text. */
export function firstYear(text: string): number | null {
  const m = /((?:19|20)\d{2})\s*年/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Resolve each deadline of a task, carrying the last explicit year forward to later year-less ones. */
export function resolveAll(raws: string[], fallbackYear: number | null): Deadline[] {
  let year = fallbackYear;
  return raws.map((raw) => {
    const d = resolveDeadline(raw, year);
    const explicit = firstYear(raw.replace(/\s+/g, ''));
    if (explicit !== null) year = explicit;
    return d;
  });
}
