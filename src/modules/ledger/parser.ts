/**
 * Importer of policy documents into reform tasks (改革任务台账). Pure: text in, tasks and warnings out; it never
 * throws, whatever the input. Reads the title, issuer and date; the outline 一、/(一)/1./(1); every numbered task
 * with its lead units, responsible units, deadlines and quantitative targets; flattened task tables with merged
 * cells; and several plans bundled in one file (each plan restarts its numbering).
 */
import { findDeadlines, resolveAll, type Deadline } from './deadlines.js';
import { labelledField, parseOwnership, type FieldKind } from './ownership.js';
import { FOOTER, parseTable, tableHeaderAt, type TableRow } from './table.js';
import { findTargets, type Target } from './targets.js';
import { chineseNumber, parenGroups, toLines, trimChars, trimEndOf, type SourceLine } from './text.js';
import { splitUnits } from './units.js';
import { warn, type Warning } from './warnings.js';

export type { Deadline } from './deadlines.js';
export type { Target } from './targets.js';
export type { Warning } from './warnings.js';

export interface ParsedTask {
  /** Number as written within its section: "1", "(一)", "2.(1)"; table rows: the row number. */
  no: string;
  /** Chain of 一、 and (一) labels above the task: "一", "二(一)". */
  section: string;
  sectionTitles: string[];
  /** Plan within a bundle (1-based) and its title; 1 and the document title otherwise. */
  part: number;
  partTitle: string | null;
  /** 政策措施 of a task table row. */
  measure: string | null;
  /** 责任专项组 of a task table row. */
  group: string | null;
  text: string;
  leadUnits: string[];
  responsibleUnits: string[];
  deadlines: string[];
  deadlineDetails: Deadline[];
  targets: Target[];
  lines: [number, number];
  source: 'outline' | 'table';
  /** Marks for the reviewer: owners_inherited, deadline_inherited, double_responsible, pilot. */
  flags: string[];
}

export interface ParsedPart {
  index: number;
  title: string | null;
  lines: [number, number];
}

export interface ParseResult {
  title: string | null;
  issuer: string | null;
  /** ISO date of issue, if written. */
  date: string | null;
  parts: ParsedPart[];
  tasks: ParsedTask[];
  warnings: Warning[];
}

// ---------------------------------------------------------------------------------------------------------------
// Line shapes

const L1 = /^([一二三四五六七八九十百]+)\s*[、.,]\s*(.*)$/;
const L2 = /^\(([一二三四五六七八九十百]+)\)\s*(.*)$/;
const L3 = /^(\d{1,3})\s*[.、]\s*(?!\d)(.*)$/;
const L3_BARE = /^(\d{1,2})(?![\d年月日个项件次天%.、])([\u4e00-\u9fff“].*)$/;
const L4 = /^\((\d{1,3})\)\s*(.*)$/;
const ATTACHMENT = /^附\s*件\s*(?:\d+(?:-\d+)?)?\s*[:]?\s*(.*)$/;
const ATTACHMENT_ITEM = /^\d+(?:-\d+)?\s*[.、]\s*\S.*(?:方案|清单|表|图|办法|细则)$/;
const TITLE_END = /(?:方案|通知|意见|办法|规定|清单|总结|计划|要点|细则|措施|决定|纲要|规划|报告)$/;
const DATE_LINE = /^(?:日期:\s*)?((?:19|20)\d{2})\s*(?:年|-)\s*(\d{1,2})\s*(?:月|-)\s*(\d{1,2})\s*日?$/;
const DATE_INLINE = /日期:\s*((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})/;

/** Headings whose content is not a task (goals, principles, safeguards, problems). */
const GENERIC_HEADING =
  /^(?:工作目标|主要目标|总体目标|目标任务|具体举措|主要举措|主要措施|工作措施|工作举措|重点工作|工作任务|重点任务|总体要求|指导思想|基本原则|工作原则|保障措施|工作保障|组织保障|工作要求|组织实施|组织领导|狠抓落实|总体安排|实施步骤|工作步骤|实施计划|流程图|量化工作目标|提升对比表|完成时限|存在问题|建议|有关工作建议|下一步工作打算|建设内容及责任分工)[。.]?$/;
/** Chapters whose items are tasks only when they carry an owner or a deadline. */
const SOFT_CHAPTER =
  /^(?:总体要求|指导思想|基本原则|工作原则|工作目标|主要目标|总体目标|保障措施|工作保障|组织保障|工作要求|组织实施|组织领导|狠抓落实|总体安排|量化工作目标|提升对比表|存在问题|建议|有关工作建议|工作推进安排)/;
/** Chapters that describe, not assign: their items never become tasks. */
const HARD_CHAPTER = /^(?:存在问题|问题|建议|有关工作建议|提升对比表|流程图|量化工作目标)/;
const DEADLINE_CHAPTER = /^(?:完成时限|完成时间|时间安排)[。.]?$/;
const MAIN_MEASURES = /^主要措施\s*:\s*(.*)$/;
const PILOT = /试点/;

interface Node {
  level: 1 | 2 | 3 | 4;
  num: number;
  label: string;
  title: string;
  line: number;
  body: SourceLine[];
  fields: Array<{ kind: FieldKind; value: string; line: number }>;
  children: Node[];
  parent: Node | null;
  hasMainMeasures: boolean;
}

interface Part {
  index: number;
  title: string | null;
  titleLines: number[];
  start: number;
  end: number;
  roots: Node[];
  defaultDeadline: string | null;
}

function labelOf(level: number, n: string): string {
  return level === 1 ? n : level === 2 ? `(${n})` : level === 3 ? n : `(${n})`;
}

interface Heading {
  level: 1 | 2 | 3 | 4;
  num: number;
  label: string;
  title: string;
  bare: boolean;
}

function headingOf(text: string): Heading | null {
  let m = L1.exec(text);
  if (m) return { level: 1, num: chineseNumber(m[1]!), label: m[1]!, title: m[2]!.trim(), bare: false };
  m = L2.exec(text);
  if (m) return { level: 2, num: chineseNumber(m[1]!), label: `(${m[1]})`, title: m[2]!.trim(), bare: false };
  m = L4.exec(text);
  if (m) return { level: 4, num: Number(m[1]), label: `(${m[1]})`, title: m[2]!.trim(), bare: false };
  m = L3.exec(text);
  if (m) return { level: 3, num: Number(m[1]), label: m[1]!, title: m[2]!.trim(), bare: false };
  m = L3_BARE.exec(text);
  if (m) return { level: 3, num: Number(m[1]), label: m[1]!, title: m[2]!.trim(), bare: true };
  return null;
}

function titleOfHeading(title: string): string {
  const stop = title.search(/[。(]/);
  return (stop >= 0 ? title.slice(0, stop) : title).trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Document title, issuer, date, and the plans of a bundle

function isTitleish(t: string): boolean {
  return (
    t !== '' &&
    t.length <= 60 &&
    !/[。;!?]/.test(t) &&
    !/:$/.test(t) &&
    !/^\(.*\)$/.test(t) &&
    headingOf(t) === null &&
    !DATE_LINE.test(t) &&
    !ATTACHMENT.test(t)
  );
}

/** A title group starting at line index i: up to three title-ish lines that together end like a title. */
function titleGroupAt(lines: SourceLine[], i: number): { text: string; idx: number[] } | null {
  const idx: number[] = [];
  let text = '';
  let j = i;
  while (j < lines.length && idx.length < 3) {
    const l = lines[j]!;
    if (l.text === '') {
      j++;
      continue;
    }
    if (!isTitleish(l.text)) break;
    idx.push(j);
    text += l.text;
    if (TITLE_END.test(text)) return { text, idx };
    j++;
  }
  return null;
}

/** True when an 一、 heading follows within a few non-empty lines (a preamble paragraph may sit between). */
function chapterFollows(lines: SourceLine[], from: number): boolean {
  let seen = 0;
  for (let j = from; j < lines.length && seen < 4; j++) {
    const t = lines[j]!.text;
    if (t === '') continue;
    const h = headingOf(t);
    if (h) return h.level === 1 && h.num === 1;
    seen++;
  }
  return false;
}

function isSubsequence(short: string, long: string): boolean {
  let k = 0;
  for (const ch of long) if (k < short.length && ch === short[k]) k++;
  return k === short.length;
}

interface Meta {
  title: string | null;
  issuer: string | null;
  date: string | null;
  titleWarnings: Warning[];
}

function readMeta(lines: SourceLine[], partTitles: Array<{ text: string; line: number }>, firstBody: number): Meta {
  const warnings: Warning[] = [];
  let date: string | null = null;
  let issuer: string | null = null;
  let dateIdx = -1;
  const head = lines.slice(0, Math.max(firstBody, 0));
  head.forEach((l, i) => {
    if (date) return;
    const m = DATE_LINE.exec(l.text) ?? DATE_INLINE.exec(l.text);
    if (m) {
      date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
      dateIdx = i;
    }
  });
  if (dateIdx > 0) {
    for (let j = dateIdx - 1; j >= 0; j--) {
      const t = lines[j]!.text;
      if (t === '') continue;
      if (t.length <= 30 && !/[,。:;、]/.test(t) && /[组府厅局委办院部会室心行]$/.test(t)) issuer = t;
      break;
    }
  }
  const notice = head.find((l) => /关于印发/.test(l.text) && /通知$/.test(l.text));
  if (!issuer && notice) {
    // What precedes the first 关于印发 after the first character, as /^(.+?)\s*关于印发/ read it, without its
    // lazy retry over every blank before the words.
    const at = notice.text.indexOf('关于印发', 1);
    if (at > 0) issuer = notice.text.slice(0, at).trim();
  }
  let title: string | null = null;
  if (partTitles.length === 1) {
    title = partTitles[0]!.text;
    const quoted = head.map((l) => /《([^》]+)》/.exec(l.text)?.[1]).find((q) => q !== undefined);
    const bare = (x: string) => x.replace(/\s+/g, '');
    if (quoted && bare(quoted) !== bare(title) && isSubsequence(title, quoted) && quoted.length - title.length <= 8) {
      warnings.push(warn('LEDGER_TITLE_REPAIRED', partTitles[0]!.line, { title: quoted }));
      title = quoted;
    }
  } else if (notice) title = notice.text;
  else if (partTitles.length > 1) title = partTitles[0]!.text;
  if (!title) {
    const first = lines.find((l) => isTitleish(l.text));
    title = first ? first.text : null;
  }
  return { title, issuer, date, titleWarnings: warnings };
}

// ---------------------------------------------------------------------------------------------------------------
// Outline

function collectText(node: Node, withMarkers: boolean): string {
  const own = [node.title, ...node.body.map((b) => b.text)].filter((t) => t !== '').join('\n');
  const head = withMarkers ? `${node.level === 3 ? `${node.label}.` : node.label}${own}` : own;
  const kids = node.children.map((c) => collectText(c, true));
  return [head, ...kids].filter((t) => t !== '').join('\n');
}

function lastLine(node: Node): number {
  let last = node.line;
  for (const b of node.body) last = Math.max(last, b.no);
  for (const f of node.fields) last = Math.max(last, f.line);
  for (const c of node.children) last = Math.max(last, lastLine(c));
  return last;
}

interface ReadOwnership {
  text: string;
  lead: string[];
  responsible: string[];
  clauseDeadlines: string[];
  hasOwner: boolean;
}

/** Take the ownership clauses out of a text: what they say, and the text without them. */
function readOwnership(text: string): ReadOwnership {
  const out: ReadOwnership = { text, lead: [], responsible: [], clauseDeadlines: [], hasOwner: false };
  const groups = parenGroups(text.replace(/〔/g, '(').replace(/〕/g, ')'));
  let cleaned = '';
  let cursor = 0;
  for (const g of groups) {
    const own = parseOwnership(g.content);
    if (!own) continue;
    for (const u of own.lead) if (!out.lead.includes(u)) out.lead.push(u);
    for (const u of own.responsible) if (!out.responsible.includes(u)) out.responsible.push(u);
    out.clauseDeadlines.push(...own.deadlines);
    if (own.hasUnits) {
      out.hasOwner = true;
      cleaned += text.slice(cursor, g.start);
      cursor = g.end + 1;
    }
  }
  cleaned += text.slice(cursor);
  // Line by line: /[ \t]+\n/g retries from every blank of a long run that no line break ends (quadratic).
  out.text = cleaned.split('\n').map((l, i, all) => (i < all.length - 1 ? trimEndOf(l, ' \t') : l)).join('\n').trim();
  return out;
}

function hasMarker(node: Node): boolean {
  const text = collectText(node, false);
  if (node.fields.length > 0) return true;
  const own = readOwnership(text);
  return own.hasOwner || own.clauseDeadlines.length > 0 || findDeadlines(own.text).length > 0;
}

interface TaskDraft {
  node: Node;
  part: Part;
  inheritedFrom: Node | null;
}

function gatherTasks(part: Part): TaskDraft[] {
  const out: TaskDraft[] = [];
  const visit = (node: Node, soft: boolean, ownerAncestor: Node | null) => {
    const generic = GENERIC_HEADING.test(node.title);
    const chapterSoft = soft || (node.level === 1 && SOFT_CHAPTER.test(node.title));
    const blockTask = node.fields.length > 0 || node.hasMainMeasures;
    if (node.level === 1 && HARD_CHAPTER.test(node.title)) return;
    if (node.level === 1 && node.children.length === 0) {
      if (readOwnership(collectText(node, false)).hasOwner) out.push({ node, part, inheritedFrom: null });
      return;
    }
    if (blockTask || (node.children.length === 0 && !generic)) {
      if (!chapterSoft || hasMarker(node)) out.push({ node, part, inheritedFrom: ownerAncestor });
      return;
    }
    const ownText = [node.title, ...node.body.map((b) => b.text)].join('\n');
    const own = readOwnership(ownText);
    const next = own.hasOwner ? node : ownerAncestor;
    for (const c of node.children) visit(c, chapterSoft, next);
  };
  for (const r of part.roots) visit(r, false, null);
  return out;
}

function sectionOf(node: Node): { section: string; titles: string[]; no: string } {
  const chain: Node[] = [];
  for (let n: Node | null = node; n; n = n.parent) chain.unshift(n);
  const sections = chain.filter((n) => n.level <= 2 && n !== node);
  const numbers = chain.filter((n) => n.level >= 3 || n === node);
  const no = numbers
    .map((n) => n.label)
    .join('.')
    .replace(/\.\(/g, '.(');
  return {
    section: sections.map((n) => n.label).join(''),
    titles: sections.map((n) => titleOfHeading(n.title)),
    no,
  };
}

// ---------------------------------------------------------------------------------------------------------------

function docYear(date: string | null, title: string | null): number | null {
  if (date) return Number(date.slice(0, 4));
  const m = /((?:19|20)\d{2})\s*年/.exec(title ?? '');
  return m ? Number(m[1]) : null;
}

function finishTask(
  base: Omit<ParsedTask, 'deadlineDetails' | 'targets'>,
  year: number | null,
  warnings: Warning[],
): ParsedTask {
  const deadlineDetails = resolveAll(base.deadlines, year);
  deadlineDetails.forEach((d) => {
    if (d.repaired && d.date) warnings.push(warn('LEDGER_DATE_REPAIRED', base.lines[0], { raw: d.raw, date: d.date }));
    else if (!d.date && !d.ongoing && !d.recurring) warnings.push(warn('LEDGER_DATE_UNREAD', base.lines[0], { raw: d.raw }));
  });
  const flags = [...base.flags];
  if (PILOT.test(base.text) && /实施|开展|试点/.test(base.text) && /改革试点|开展.{0,12}试点|试点先行|省级试点/.test(base.text)) {
    flags.push('pilot');
  }
  return { ...base, flags, deadlineDetails, targets: findTargets(base.text) };
}

function tableTask(row: TableRow, year: number | null, part: Part, warnings: Warning[]): ParsedTask {
  const lead = row.leadRaw ? splitUnits(row.leadRaw) : [];
  const responsible: string[] = [];
  for (const r of row.responsibleRaw) for (const u of splitUnits(r)) if (!responsible.includes(u)) responsible.push(u);
  return finishTask(
    {
      no: row.no,
      section: row.section ?? '',
      sectionTitles: row.sectionTitle ? [row.sectionTitle] : [],
      part: part.index,
      partTitle: part.title,
      measure: row.measure,
      group: row.group,
      text: row.text,
      leadUnits: lead,
      responsibleUnits: responsible,
      deadlines: row.deadlineRaw ? [row.deadlineRaw] : [],
      lines: row.lines,
      source: 'table',
      flags: row.flags,
    },
    year,
    warnings,
  );
}

function outlineTask(draft: TaskDraft, year: number | null, warnings: Warning[]): ParsedTask {
  const { node, part } = draft;
  const full = collectText(node, false);
  const body = node.hasMainMeasures ? full.replace(/^主要措施\s*:\s*/m, '') : full;
  const own = readOwnership(body);
  const lead = [...own.lead];
  const responsible = [...own.responsible];
  const fieldDeadlines: string[] = [];
  for (const f of node.fields) {
    if (f.kind === 'deadline') fieldDeadlines.push(trimChars(f.value, '。;,', 'end'));
    else for (const u of splitUnits(f.value)) {
      const into = f.kind === 'lead' ? lead : responsible;
      if (!into.includes(u)) into.push(u);
    }
  }
  const flags: string[] = [];
  if (lead.length === 0 && responsible.length === 0 && draft.inheritedFrom) {
    const parentOwn = readOwnership([draft.inheritedFrom.title, ...draft.inheritedFrom.body.map((b) => b.text)].join('\n'));
    lead.push(...parentOwn.lead);
    responsible.push(...parentOwn.responsible);
    flags.push('owners_inherited');
  }
  const textDeadlines = findDeadlines(own.text).map((d) => d.raw);
  const deadlines: string[] = [];
  const key = (s: string) => s.replace(/\s+/g, '');
  for (const d of [...textDeadlines, ...own.clauseDeadlines, ...fieldDeadlines]) {
    if (!deadlines.some((x) => key(x) === key(d))) deadlines.push(d);
  }
  if (deadlines.length === 0 && part.defaultDeadline) {
    deadlines.push(part.defaultDeadline);
    flags.push('deadline_inherited');
  }
  const s = sectionOf(node);
  return finishTask(
    {
      no: s.no,
      section: s.section,
      sectionTitles: s.titles,
      part: part.index,
      partTitle: part.title,
      measure: null,
      group: null,
      text: own.text,
      leadUnits: lead,
      responsibleUnits: responsible,
      deadlines,
      lines: [node.line, lastLine(node)],
      source: 'outline',
      flags,
    },
    year,
    warnings,
  );
}

// ---------------------------------------------------------------------------------------------------------------

interface Scan {
  parts: Part[];
  tableRows: TableRow[];
  tablePart: Part | null;
  warnings: Warning[];
  firstBody: number;
}

function scan(lines: SourceLine[]): Scan {
  const warnings: Warning[] = [];
  const parts: Part[] = [];
  let part: Part = { index: 1, title: null, titleLines: [], start: 0, end: lines.length, roots: [], defaultDeadline: null };
  parts.push(part);
  let stack: Node[] = [];
  let tableRows: TableRow[] = [];
  let tablePart: Part | null = null;
  let inAttachmentList = false;
  let firstBody = -1;
  let anyHeading = false;

  const newPart = (title: string, idx: number[]) => {
    if (part.roots.length === 0 && part.title === null) {
      part.title = title;
      part.titleLines = idx.map((k) => lines[k]!.no);
      part.start = idx[0]!;
      return;
    }
    part.end = idx[0]!;
    part = { index: parts.length + 1, title, titleLines: idx.map((k) => lines[k]!.no), start: idx[0]!, end: lines.length, roots: [], defaultDeadline: null };
    parts.push(part);
    stack = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.text;
    if (t === '') continue;
    if (FOOTER.test(t)) break;

    const header = tableHeaderAt(lines, i);
    if (header > 0) {
      const table = parseTable(lines, header);
      tableRows = tableRows.concat(table.rows);
      tablePart = part;
      warnings.push(...table.warnings);
      i = table.end - 1;
      stack = [];
      continue;
    }

    const att = ATTACHMENT.exec(t);
    if (att && (att[1] === '' || TITLE_END.test(att[1]!) || /^\d/.test(att[1]!) || t.length <= 6)) {
      stack = [];
      inAttachmentList = true;
      continue;
    }
    if (inAttachmentList && (ATTACHMENT_ITEM.test(t) || /^[•·|\s]+$/.test(t) || /^[•·]/.test(t))) continue;
    inAttachmentList = false;
    if (/^[•·|]+\s*\|?$/.test(t)) continue;

    const h = headingOf(t);
    if (!h) {
      const group = titleGroupAt(lines, i);
      if (group && chapterFollows(lines, group.idx[group.idx.length - 1]! + 1)) {
        newPart(group.text, group.idx);
        i = group.idx[group.idx.length - 1]!;
        continue;
      }
    }

    if (h && !(h.level === 3 && h.bare && !bareAccepted(stack, h))) {
      if (firstBody < 0) firstBody = i;
      anyHeading = true;
      while (stack.length > 0 && stack[stack.length - 1]!.level >= h.level) stack.pop();
      const parent = stack[stack.length - 1] ?? null;
      const siblings = parent ? parent.children : part.roots;
      const prevSibling = lastOfLevel(siblings, h.level);
      const expected = prevSibling ? prevSibling.num + 1 : 1;
      if (h.bare) warnings.push(warn('LEDGER_NUMBER_SEPARATOR_MISSING', line.no, { no: h.num }));
      else if (h.num !== expected && prevSibling) {
        warnings.push(warn('LEDGER_NUMBERING_GAP', line.no, { expected: labelOf(h.level, String(expected)), found: h.label }));
      }
      const node: Node = {
        level: h.level, num: h.num, label: h.label, title: h.title, line: line.no,
        body: [], fields: [], children: [], parent, hasMainMeasures: false,
      };
      siblings.push(node);
      noteLast(siblings, node);
      stack.push(node);
      if (h.level === 1 && DEADLINE_CHAPTER.test(h.title)) {
        let k = i + 1;
        while (k < lines.length && lines[k]!.text === '') k++;
        const next = lines[k];
        const d = next ? findDeadlines(`(${next.text}`)[0] : undefined;
        if (d) part.defaultDeadline = d.raw;
      }
      continue;
    }

    if (!anyHeading) continue;
    const field = labelledField(t);
    if (field) {
      const target = [...stack].reverse().find((n) => n.hasMainMeasures) ?? stack[stack.length - 1];
      if (target) {
        while (stack.length > 0 && stack[stack.length - 1] !== target) stack.pop();
        target.fields.push({ ...field, line: line.no });
        continue;
      }
    }
    const main = MAIN_MEASURES.exec(t);
    const top = stack[stack.length - 1];
    if (!top) continue;
    if (main) {
      top.hasMainMeasures = true;
      if (main[1]) top.body.push({ ...line, text: main[1] });
      continue;
    }
    top.body.push(line);
  }
  part.end = Math.min(part.end, lines.length);
  return { parts, tableRows, tablePart, warnings, firstBody: firstBody < 0 ? lines.length : firstBody };
}

/**
 * The last node of each level in a list of siblings, kept as nodes are added: searching the list backwards for each
 * new heading made a document of many numbered items quadratic.
 */
const lastByLevel = new WeakMap<Node[], Map<number, Node>>();

function noteLast(siblings: Node[], node: Node): void {
  let m = lastByLevel.get(siblings);
  if (!m) lastByLevel.set(siblings, (m = new Map()));
  m.set(node.level, node);
}

function lastOfLevel(siblings: Node[], level: number): Node | undefined {
  return lastByLevel.get(siblings)?.get(level);
}

/** A number glued to its text ("3着力…") is read as an item only where that number is due next. */
function bareAccepted(stack: Node[], h: Heading): boolean {
  const parent = [...stack].reverse().find((n) => n.level < 3);
  if (!parent) return false;
  const prev = lastOfLevel(parent.children, 3);
  return prev !== undefined && prev.num + 1 === h.num;
}

function parseUnsafe(input: string): ParseResult {
  const lines = toLines(input);
  if (!lines.some((l) => l.text !== '')) {
    return { title: null, issuer: null, date: null, parts: [], tasks: [], warnings: [warn('LEDGER_EMPTY_DOCUMENT', null)] };
  }
  const s = scan(lines);
  const titled = s.parts.filter((p) => p.title !== null);
  const meta = readMeta(
    lines,
    titled.map((p) => ({ text: p.title!, line: p.titleLines[0]! })),
    titled.length > 1 ? titled[0]!.start : s.firstBody,
  );
  const warnings: Warning[] = [...meta.titleWarnings, ...s.warnings];
  const year = docYear(meta.date, meta.title);
  const bundle = titled.length > 1;
  for (const p of s.parts) if (!bundle) p.title = meta.title;

  let tasks: ParsedTask[] = [];
  const outline = s.parts.flatMap((p) => gatherTasks(p));
  if (s.tableRows.length > 0) {
    const part = s.tablePart ?? s.parts[0]!;
    tasks = s.tableRows.map((r) => tableTask(r, year, part, warnings));
    const firstRow = s.tableRows[0]!.lines[0];
    const superseded = outline.filter((d) => d.node.line < firstRow && d.part === part);
    if (superseded.length > 0) {
      warnings.push(warn('LEDGER_TABLE_SUPERSEDES_TEXT', null, { text: superseded.length, rows: s.tableRows.length }));
    }
    const others = outline.filter((d) => d.part !== part).map((d) => outlineTask(d, year, warnings));
    tasks = [...others, ...tasks].sort((a, b) => a.lines[0] - b.lines[0]);
  } else {
    tasks = outline.map((d) => outlineTask(d, year, warnings));
  }
  if (tasks.length === 0) warnings.push(warn('LEDGER_NO_TASKS', null));
  for (const t of tasks) {
    for (const u of [...t.leadUnits, ...t.responsibleUnits]) {
      const open = (u.match(/\(/g) ?? []).length;
      const close = (u.match(/\)/g) ?? []).length;
      if (open !== close) warnings.push(warn('LEDGER_UNBALANCED_BRACKET', t.lines[0], { text: u }));
    }
  }
  return {
    title: meta.title,
    issuer: meta.issuer,
    date: meta.date,
    parts: bundle
      ? s.parts.filter((p) => p.title !== null).map((p) => ({ index: p.index, title: p.title, lines: [lines[p.start]!.no, lines[Math.max(p.end - 1, p.start)]!.no] as [number, number] }))
      : [{ index: 1, title: meta.title, lines: [1, lines.length] }],
    tasks,
    warnings,
  };
}

/** Parse a policy document's plain text. Never throws: a failure of the importer itself is reported as a warning. */
export function parseDocument(input: string): ParseResult {
  try {
    return parseUnsafe(typeof input === 'string' ? input : String(input ?? ''));
  } catch (err) {
    return {
      title: null,
      issuer: null,
      date: null,
      parts: [],
      tasks: [],
      warnings: [{ ...warn('LEDGER_NO_TASKS', null), details: { internal: err instanceof Error ? err.message : String(err) } }],
    };
  }
}
