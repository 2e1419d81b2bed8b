/**
 * Line model shared by the ledger importer. Seeds arrive with full-width punctuation already folded
 * to ASCII, other documents (and .docx output) do not, so every rule downstream sees one form.
 */

export interface SourceLine {
  /** 1-based line number in the original text. */
  no: number;
  /** Normalised, trimmed text ('' for blank lines). */
  text: string;
  /** The line held only non-breaking spaces: an empty table cell in flattened tables. */
  nbspOnly: boolean;
}

const FOLD: Record<string, string> = {
  '（': '(', '）': ')', '：': ':', '；': ';', '，': ',', '．': '.', '！': '!', '？': '?',
  '［': '[', '］': ']', '／': '/', '－': '-', '～': '~', '％': '%', '＋': '+',
};

const SPACES = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff\t]/g;

export function foldText(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 48);
    else out += FOLD[ch] ?? ch;
  }
  return out.replace(SPACES, ' ');
}

export function toLines(input: string): SourceLine[] {
  const raw = input.replace(/\r\n?/g, '\n').split('\n');
  return raw.map((line, i) => {
    const nbspOnly = /\u00a0/.test(line) && line.replace(/[\s\u00a0\u3000]/g, '') === '';
    return { no: i + 1, text: foldText(line).trim(), nbspOnly };
  });
}

/**
 * Partner of every round bracket in one left-to-right pass: `pairs[i]` is the index of the bracket closing the one
 * opened at i (or opening the one closed at i), -1 when it has none. A stack pairs them exactly as rescanning from
 * each opening bracket to where its depth returns to zero would, but in linear time: the rescan made a text of many
 * unclosed brackets ("(一" × 1.2 million, issue 21) quadratic.
 */
export function bracketPairs(s: string): Int32Array {
  const pairs = new Int32Array(s.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 40 /* ( */) open.push(i);
    else if (c === 41 /* ) */ && open.length > 0) {
      const o = open.pop()!;
      pairs[o] = i;
      pairs[i] = o;
    }
  }
  return pairs;
}

/**
 * Index of the bracket closing the one at `open`, or -1 when it never closes. One scan: callers that ask for many
 * brackets of one text use bracketPairs instead.
 */
export function matchParen(s: string, open: number): number {
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

export interface ParenGroup {
  start: number;
  end: number;
  content: string;
}

/** Top-level balanced bracket groups; an opening bracket that never closes is treated as a plain character. */
export function parenGroups(s: string): ParenGroup[] {
  const pairs = bracketPairs(s);
  const groups: ParenGroup[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) === 40) {
      const close = pairs[i]!;
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

/** Split on any of `seps` outside balanced brackets. */
export function splitTopLevel(s: string, seps: string): string[] {
  const pairs = bracketPairs(s);
  const parts: string[] = [];
  // Pieces are sliced, not grown a character at a time, so a long part costs one copy.
  let from = 0;
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '(') {
      const close = pairs[i]!;
      if (close > 0) {
        i = close + 1;
        continue;
      }
    }
    if (seps.includes(ch)) {
      parts.push(s.slice(from, i));
      from = i + 1;
    }
    i++;
  }
  parts.push(s.slice(from));
  return parts;
}

const WHITE = /\s/;

/**
 * Strip every leading and trailing character that is white space or one of `chars`. A regular expression such as
 * /[\s,;]+$/ retries from every position of a long run of those characters that does not reach the end, which is
 * quadratic; this walks in from both ends once.
 */
export function trimChars(s: string, chars: string, ends: 'both' | 'end' = 'both'): string {
  const strip = (ch: string) => chars.includes(ch) || WHITE.test(ch);
  let a = 0;
  let b = s.length;
  if (ends === 'both') while (a < b && strip(s[a]!)) a++;
  while (b > a && strip(s[b - 1]!)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Strip trailing characters that are among `chars` (and only those). */
export function trimEndOf(s: string, chars: string): string {
  let b = s.length;
  while (b > 0 && chars.includes(s[b - 1]!)) b--;
  return b === s.length ? s : s.slice(0, b);
}

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** 一 → 1, 十二 → 12, 二十一 → 21; NaN for anything else. */
export function chineseNumber(s: string): number {
  if (s === '') return NaN;
  let total = 0;
  let digit = 0;
  let seen = false;
  for (const ch of s) {
    if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
      seen = true;
    } else if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
      seen = true;
    } else if (ch in CN_DIGITS) {
      digit = CN_DIGITS[ch]!;
      seen = true;
    } else return NaN;
  }
  return seen ? total + digit : NaN;
}
