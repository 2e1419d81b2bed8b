/**
 * What the importer could not read, or read only by repairing the text. Each warning names its line so the
 * reviewer can look at the source beside the parse before confirming.
 */

export interface Warning {
  code: WarningCode;
  /** 1-based source line, or null for the document as a whole. */
  line: number | null;
  message: string;
  messageEn: string;
  details?: Record<string, unknown>;
}

type Params = Record<string, unknown>;
const s = (v: unknown) => String(v ?? '');

export const WARNINGS = {
  LEDGER_EMPTY_DOCUMENT: {
    zh: () => '文件没有可读的文字',
    en: () => 'The document has no readable text',
  },
  LEDGER_NO_TASKS: {
    zh: () => '未识别到编号任务',
    en: () => 'No numbered tasks were found',
  },
  LEDGER_TITLE_REPAIRED: {
    zh: (p: Params) => `标题行缺字,已采用印发通知中的书名号标题:${s(p.title)}`,
    en: (p: Params) => `The title line has dropped characters; the title quoted in the cover notice was used: ${s(p.title)}`,
  },
  LEDGER_NUMBER_SEPARATOR_MISSING: {
    zh: (p: Params) => `编号“${s(p.no)}”后缺少顿号或点号,按第${s(p.no)}项读取`,
    en: (p: Params) => `Item number "${s(p.no)}" has no separator after it; read as item ${s(p.no)}`,
  },
  LEDGER_NUMBERING_GAP: {
    zh: (p: Params) => `编号不连续:应为${s(p.expected)},实为${s(p.found)}`,
    en: (p: Params) => `Numbering gap: expected ${s(p.expected)}, found ${s(p.found)}`,
  },
  LEDGER_DATE_REPAIRED: {
    zh: (p: Params) => `日期“${s(p.raw)}”缺字,按${s(p.date)}读取`,
    en: (p: Params) => `Date "${s(p.raw)}" has dropped characters; read as ${s(p.date)}`,
  },
  LEDGER_DATE_UNREAD: {
    zh: (p: Params) => `时限“${s(p.raw)}”无法换算为日期`,
    en: (p: Params) => `Deadline "${s(p.raw)}" could not be turned into a date`,
  },
  LEDGER_UNBALANCED_BRACKET: {
    zh: (p: Params) => `括号不成对:${s(p.text)}`,
    en: (p: Params) => `Unbalanced bracket: ${s(p.text)}`,
  },
  LEDGER_TABLE_ROW_GAP: {
    zh: (p: Params) => `任务表序号不连续:应为${s(p.expected)},实为${s(p.found)}`,
    en: (p: Params) => `Task table row numbers skip: expected ${s(p.expected)}, found ${s(p.found)}`,
  },
  LEDGER_TABLE_ROW_EMPTY: {
    zh: (p: Params) => `任务表第${s(p.row)}行没有任务内容`,
    en: (p: Params) => `Task table row ${s(p.row)} has no task text`,
  },
  LEDGER_TABLE_EXTRA_CELLS: {
    zh: (p: Params) => `任务表第${s(p.row)}行有多余的单位单元格,已全部计入责任单位,请核对`,
    en: (p: Params) => `Task table row ${s(p.row)} has extra unit cells; all were counted as responsible units, please check`,
  },
  LEDGER_CELL_REPEATED: {
    zh: (p: Params) => `单元格内容重复,按一次读取:${s(p.text)}`,
    en: (p: Params) => `Cell text written twice; read once: ${s(p.text)}`,
  },
  LEDGER_CELL_TRUNCATED: {
    zh: (p: Params) => `单元格内容不完整:${s(p.text)}`,
    en: (p: Params) => `Cell text is cut short: ${s(p.text)}`,
  },
  LEDGER_TABLE_SUPERSEDES_TEXT: {
    zh: (p: Params) => `正文${s(p.text)}项编号措施已由附件任务清单(${s(p.rows)}行)细化,台账以附件为准`,
    en: (p: Params) => `The ${s(p.text)} numbered measures of the main text are broken down by the attached task table (${s(p.rows)} rows); the ledger follows the table`,
  },
  LEDGER_LINE_UNREAD: {
    zh: (p: Params) => `无法归入任何任务的行:${s(p.text)}`,
    en: (p: Params) => `Line not attached to any task: ${s(p.text)}`,
  },
  LEDGER_UNIT_UNKNOWN: {
    zh: (p: Params) => `单位未登记:${s(p.unit)}`,
    en: (p: Params) => `Unit not in the registry: ${s(p.unit)}`,
  },
  LEDGER_DOCX_UNREAD: {
    zh: () => '无法读取该 .docx 文件',
    en: () => 'The .docx file could not be read',
  },
  LEDGER_DOCX_MESSAGE: {
    zh: (p: Params) => `读取 .docx 时的提示:${s(p.text)}`,
    en: (p: Params) => `Note while reading the .docx: ${s(p.text)}`,
  },
} as const;

export type WarningCode = keyof typeof WARNINGS;

export function warn(code: WarningCode, line: number | null, details: Params = {}): Warning {
  const w = WARNINGS[code];
  const out: Warning = { code, line, message: w.zh(details), messageEn: w.en(details) };
  if (Object.keys(details).length > 0) out.details = details;
  return out;
}
