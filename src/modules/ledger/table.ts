/**
 * Task tables flattened to one cell per line (seed 003's 重点任务清单): a row starts with its number on a line of its
 * own, then the task text, then the cells present in that row. A merged cell is written only in the first row of
 * its span, so a row inherits every cell it does not write from the row above. Lines holding only NBSP are empty
 * cells or empty paragraphs.
 */
import type { SourceLine } from './text.js';
import type { Warning } from './warnings.js';
import { warn } from './warnings.js';

export interface TableRow {
  no: string;
  num: number;
  section: string | null;
  sectionTitle: string | null;
  measure: string | null;
  text: string;
  group: string | null;
  leadRaw: string | null;
  responsibleRaw: string[];
  deadlineRaw: string | null;
  lines: [number, number];
  /** Cells written in this row (the rest were inherited): G 专项组, L 牵头, R 责任, R0 explicit empty 责任, D 时限. */
  explicit: string[];
  flags: string[];
}

export interface TableParse {
  rows: TableRow[];
  /** Index (into the line array) of the first line after the table. */
  end: number;
  warnings: Warning[];
}

const HEADER_WORDS = ['政策措施', '序号', '重点任务', '主要任务', '任务', '责任', '专项组', '责任专项组', '牵头单位', '责任单位', '完成时限', '完成时间', '配合单位'];

/** A table header: "序号" and "牵头单位" within a few lines, every line a header word. Returns the index after it. */
export function tableHeaderAt(lines: SourceLine[], i: number): number {
  if (lines[i]?.text !== '政策措施' && lines[i]?.text !== '序号') return -1;
  let seenLead = false;
  let j = i;
  let words = 0;
  while (j < lines.length && words < 12) {
    const t = lines[j]!.text;
    if (t === '' || lines[j]!.nbspOnly) {
      j++;
      continue;
    }
    if (!HEADER_WORDS.includes(t)) break;
    if (t === '牵头单位') seenLead = true;
    words++;
    j++;
  }
  return seenLead ? j : -1;
}

const ROW_START = /^(\d{1,3})\)?$/;
const SECTION = /^\(([一二三四五六七八九十百]+)\)\s*(.*)$/;
const MEASURE = /^(\d{1,3})\s*[.、]\s*(\S.*)$/;
const GROUP_FIRST = /^[\u4e00-\u9fff]{2,4}$/;
const GROUP_SECOND = /^[\u4e00-\u9fff]{0,4}组$/;
const GROUP_WHOLE = /^[\u4e00-\u9fff]{2,4}(?:环境|宣传|考评|工作|专项)组$/;
const DEADLINE_CELL = /^(?:(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日|底|末|上旬|中旬|下旬)?[前]?)?(?:[,;]?\s*(?:长期推进?|持续推进|持续实施|常态化))?$/;
/** Web-page furniture after the document: site owner, ICP number, contact lines. */
export const FOOTER = /^(?:主办单位|承办单位:|网站标识|相关文档|联系电话|电子邮件|线下政府信息)|Copyright|ICP备|投稿邮箱|严正声明|分辨率浏览/;

interface Cell {
  text: string;
  nbsp: boolean;
  line: number;
}

interface OpenRow {
  no: string;
  num: number;
  line: number;
  text: string | null;
  textLine: number;
  cells: Cell[];
  section: string | null;
  sectionTitle: string | null;
  measure: string | null;
}

function isDeadlineCell(t: string): boolean {
  return t !== '' && DEADLINE_CELL.test(t) && /\d|长期|持续|常态/.test(t);
}

/** "2023年8月底,长期推进2023年8月底,长期推进" → the cell written twice. */
function dedupeCell(t: string): string | null {
  if (t.length % 2 === 0) {
    const half = t.slice(0, t.length / 2);
    if (half + half === t) return half;
  }
  return null;
}

export function parseTable(lines: SourceLine[], start: number): TableParse {
  const rows: TableRow[] = [];
  const warnings: Warning[] = [];
  let section: string | null = null;
  let sectionTitle: string | null = null;
  let measure: string | null = null;
  let open: OpenRow | null = null;
  let skipNbsp = false;
  let prev: Pick<TableRow, 'group' | 'leadRaw' | 'responsibleRaw' | 'deadlineRaw'> = {
    group: null, leadRaw: null, responsibleRaw: [], deadlineRaw: null,
  };

  const finish = () => {
    if (!open) return;
    const row = closeRow(open, prev, warnings);
    rows.push(row);
    prev = row;
    open = null;
  };

  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.text === '' && !line.nbspOnly) continue;
    if (FOOTER.test(line.text)) break;
    if (line.nbspOnly) {
      if (skipNbsp || !open) continue;
      if (open.text === null) continue;
      open.cells.push({ text: '', nbsp: true, line: line.no });
      continue;
    }
    skipNbsp = false;
    const sec = SECTION.exec(line.text);
    if (sec) {
      if (section === `(${sec[1]})`) {
        // A heading repeated at a page break continues the section; the NBSP after it is layout, not a cell.
        skipNbsp = true;
        continue;
      }
      finish();
      section = `(${sec[1]})`;
      sectionTitle = sec[2]!.trim() || null;
      measure = null;
      continue;
    }
    const rowStart = ROW_START.exec(line.text);
    if (rowStart) {
      finish();
      const num = Number(rowStart[1]);
      const expected = rows.length > 0 ? rows[rows.length - 1]!.num + 1 : 1;
      if (num !== expected) {
        warnings.push(warn('LEDGER_TABLE_ROW_GAP', line.no, { expected, found: num }));
      }
      open = { no: String(num), num, line: line.no, text: null, textLine: line.no, cells: [], section, sectionTitle, measure };
      continue;
    }
    const meas = MEASURE.exec(line.text);
    if (meas && (!open || open.text !== null)) {
      finish();
      measure = `${meas[1]}.${meas[2]!.replace(/[。.]$/, '')}`;
      continue;
    }
    if (!open) {
      warnings.push(warn('LEDGER_LINE_UNREAD', line.no, { text: line.text.slice(0, 40) }));
      continue;
    }
    if (open.text === null) {
      open.text = line.text;
      open.textLine = line.no;
      continue;
    }
    open.cells.push({ text: line.text, nbsp: false, line: line.no });
  }
  finish();
  return { rows, end: i, warnings };
}

function closeRow(
  open: OpenRow,
  prev: Pick<TableRow, 'group' | 'leadRaw' | 'responsibleRaw' | 'deadlineRaw'>,
  warnings: Warning[],
): TableRow {
  const cells = open.cells;
  const explicit: string[] = [];
  const flags: string[] = [];
  let group: string | null = null;
  let deadline: string | null = null;
  const units: Cell[] = [];
  let explicitEmpty = false;

  for (let k = 0; k < cells.length; k++) {
    const c = cells[k]!;
    if (c.nbsp) continue;
    if (group === null && units.length === 0 && deadline === null) {
      if (GROUP_WHOLE.test(c.text)) {
        group = c.text;
        continue;
      }
      const next = cells.slice(k + 1).find((n) => !n.nbsp);
      if (next && GROUP_FIRST.test(c.text) && GROUP_SECOND.test(next.text) && !/[局厅委办院]$/.test(c.text)) {
        group = c.text + next.text;
        k = cells.indexOf(next);
        continue;
      }
    }
    if (isDeadlineCell(c.text) || dedupeCell(c.text) !== null && isDeadlineCell(dedupeCell(c.text)!)) {
      let text = c.text;
      const once = dedupeCell(text);
      if (once !== null) {
        text = once;
        warnings.push(warn('LEDGER_CELL_REPEATED', c.line, { text: once }));
      }
      if (/长期推$/.test(text)) warnings.push(warn('LEDGER_CELL_TRUNCATED', c.line, { text }));
      deadline = text;
      continue;
    }
    units.push(c);
    if (units.length === 1) {
      const after = cells[k + 1];
      const afterNext = cells.slice(k + 1).find((n) => !n.nbsp);
      if (after?.nbsp && (afterNext === undefined || isDeadlineCell(afterNext.text))) explicitEmpty = true;
    }
  }

  if (group !== null) explicit.push('G');
  let leadRaw = prev.leadRaw;
  let responsibleRaw = prev.responsibleRaw;
  if (units.length > 0) {
    leadRaw = units[0]!.text;
    explicit.push('L');
  }
  if (units.length > 1) {
    responsibleRaw = units.slice(1).map((u) => u.text);
    explicit.push('R');
    if (units.length > 2) {
      flags.push('double_responsible');
      warnings.push(warn('LEDGER_TABLE_EXTRA_CELLS', units[2]!.line, { row: open.no }));
    }
  } else if (explicitEmpty) {
    responsibleRaw = [];
    explicit.push('R0');
  }
  if (deadline !== null) explicit.push('D');
  const last = cells.length > 0 ? cells[cells.length - 1]!.line : open.textLine;
  if (open.text === null) warnings.push(warn('LEDGER_TABLE_ROW_EMPTY', open.line, { row: open.no }));
  return {
    no: open.no,
    num: open.num,
    section: open.section,
    sectionTitle: open.sectionTitle,
    measure: open.measure,
    text: open.text ?? '',
    group: group ?? prev.group,
    leadRaw,
    responsibleRaw,
    deadlineRaw: deadline ?? prev.deadlineRaw,
    lines: [open.line, Math.max(last, open.textLine)],
    explicit,
    flags,
  };
}
