import ExcelJS from 'exceljs';
import { runWork } from '../../platform/workers/pool.js';
import type { MaterialRequirement, ServiceItem } from './contract.js';
import {
  AUDIENCE_LABELS,
  FOUR_WAY_LABELS,
  LEVEL_LABELS,
  ONLINE_DEPTH_LABELS,
  POWER_TYPE_LABELS,
  SCOPE_LABELS,
  type ItemProblem,
} from './rules.js';

/**
 * The workbook 政务服务 offices exchange: sheet 事项 has one row per item, sheet 申请材料 one row per
 * material (joined by 事项编码). Header cells read `中文名\nkey`; the key line is what the importer reads.
 * Nested elements (流程, 表单, 来源…) travel as JSON text in their cell.
 */
export const ITEM_SHEET = '事项';
export const MATERIAL_SHEET = '申请材料';

type Label = { zh: string; en: string };
const YES = '是';
const NO = '否';
const LIST_SEPARATOR = /[、,，;；\n]+/;

interface Column {
  key: string;
  zh: string;
  width?: number;
  write(item: ServiceItem): string | number | null;
  read(cell: string, item: Record<string, unknown>): void;
}

class CellError extends Error {}

function labelOf<K extends string>(labels: Record<K, Label>, key: K): string {
  return labels[key].zh;
}

function keyOf<K extends string>(labels: Record<K, Label>, text: string): K {
  const t = text.trim();
  for (const [k, l] of Object.entries(labels) as [K, Label][]) if (k === t || l.zh === t || l.en === t) return k;
  throw new CellError(`无法识别“${t}” / unknown value "${t}"`);
}

const list = (cell: string) => cell.split(LIST_SEPARATOR).map((s) => s.trim()).filter((s) => s !== '');

function num(cell: string): number | null {
  if (cell.trim() === '') return null;
  const n = Number(cell);
  if (!Number.isFinite(n)) throw new CellError(`不是数字：${cell} / not a number: ${cell}`);
  return n;
}

function bool(cell: string): boolean {
  const t = cell.trim();
  if (t === YES || t.toLowerCase() === 'true') return true;
  if (t === NO || t.toLowerCase() === 'false' || t === '') return false;
  throw new CellError(`应为“是”或“否”：${t} / expected 是 or 否: ${t}`);
}

function json(cell: string): unknown {
  if (cell.trim() === '') return [];
  try {
    return JSON.parse(cell);
  } catch {
    throw new CellError('不是有效的 JSON / not valid JSON');
  }
}

const text = (key: keyof ServiceItem, zh: string, width = 20, optional = false): Column => ({
  key,
  zh,
  width,
  write: (it) => (it[key] as string | undefined) ?? null,
  read: (cell, item) => {
    if (!(optional && cell.trim() === '')) item[key] = cell.trim();
  },
});

const COLUMNS: Column[] = [
  text('code', '事项编码', 24),
  text('standardCode', '标准编码（四级四同）', 20),
  text('name', '事项名称', 30),
  text('nameEn', '英文名称', 30, true),
  { key: 'powerType', zh: '权力类型', write: (it) => labelOf(POWER_TYPE_LABELS, it.powerType), read: (c, it) => (it.powerType = keyOf(POWER_TYPE_LABELS, c)) },
  text('legalBasis', '设定依据', 40),
  text('departmentCode', '实施主体编码', 16),
  text('regionCode', '行政区划代码', 12),
  { key: 'level', zh: '行使层级', write: (it) => labelOf(LEVEL_LABELS, it.level), read: (c, it) => (it.level = keyOf(LEVEL_LABELS, c)) },
  {
    key: 'audiences',
    zh: '服务对象',
    write: (it) => it.audiences.map((a) => labelOf(AUDIENCE_LABELS, a)).join('、'),
    read: (c, it) => (it.audiences = list(c).map((x) => keyOf(AUDIENCE_LABELS, x))),
  },
  { key: 'legalLimit', zh: '法定时限（工作日）', write: (it) => it.legalLimit, read: (c, it) => (it.legalLimit = num(c)) },
  { key: 'promisedLimit', zh: '承诺时限（工作日）', write: (it) => it.promisedLimit, read: (c, it) => (it.promisedLimit = num(c)) },
  { key: 'immediate', zh: '即办件', write: (it) => (it.immediate ? YES : NO), read: (c, it) => (it.immediate = bool(c)) },
  { key: 'onlineDepth', zh: '网办深度', write: (it) => labelOf(ONLINE_DEPTH_LABELS, it.onlineDepth), read: (c, it) => (it.onlineDepth = keyOf(ONLINE_DEPTH_LABELS, c)) },
  { key: 'visits', zh: '到现场次数', write: (it) => it.visits, read: (c, it) => (it.visits = num(c)) },
  {
    key: 'fourWays',
    zh: '四办',
    write: (it) => it.fourWays.map((w) => labelOf(FOUR_WAY_LABELS, w)).join('、'),
    read: (c, it) => (it.fourWays = list(c).map((x) => keyOf(FOUR_WAY_LABELS, x))),
  },
  {
    key: 'scopes',
    zh: '通办范围',
    write: (it) => it.scopes.map((s) => labelOf(SCOPE_LABELS, s)).join('、'),
    read: (c, it) => (it.scopes = list(c).map((x) => keyOf(SCOPE_LABELS, x))),
  },
  {
    key: 'feeFen',
    zh: '收费金额（分）',
    write: (it) => it.fee.amountFen,
    read: (c, it) => (it.fee = { ...(it.fee as object), amountFen: num(c) ?? 0 }),
  },
  {
    key: 'feeBasis',
    zh: '收费依据',
    write: (it) => it.fee.basis ?? null,
    read: (c, it) => {
      if (c.trim() !== '') it.fee = { ...(it.fee as object), basis: c.trim() };
    },
  },
  { key: 'conditions', zh: '办理条件', width: 40, write: (it) => it.conditions.join('\n'), read: (c, it) => (it.conditions = c.split('\n').map((s) => s.trim()).filter(Boolean)) },
  { key: 'pledgeAllowed', zh: '告知承诺', write: (it) => (it.pledgeAllowed ? YES : NO), read: (c, it) => (it.pledgeAllowed = bool(c)) },
  {
    key: 'resultKind',
    zh: '结果类型',
    write: (it) => (it.result.kind === 'licence' ? '证照' : '决定'),
    read: (c, it) => {
      const t = c.trim();
      if (t !== '证照' && t !== '决定' && t !== 'licence' && t !== 'decision') throw new CellError(`应为“证照”或“决定”：${t} / expected 证照 or 决定`);
      it.result = { ...(it.result as object), kind: t === '证照' || t === 'licence' ? 'licence' : 'decision' };
    },
  },
  { key: 'resultName', zh: '结果名称', write: (it) => it.result.name, read: (c, it) => (it.result = { ...(it.result as object), name: c.trim() }) },
  {
    key: 'resultLicenceType',
    zh: '结果证照类型',
    write: (it) => it.result.licenceType ?? null,
    read: (c, it) => {
      if (c.trim() !== '') it.result = { ...(it.result as object), licenceType: c.trim() };
    },
  },
  { key: 'phonesConsult', zh: '咨询电话', write: (it) => it.phones.consult.join('、'), read: (c, it) => (it.phones = { ...(it.phones as object), consult: list(c) }) },
  { key: 'phonesComplaint', zh: '投诉电话', write: (it) => it.phones.complaint.join('、'), read: (c, it) => (it.phones = { ...(it.phones as object), complaint: list(c) }) },
  { key: 'themes', zh: '主题', write: (it) => it.themes.join('、'), read: (c, it) => (it.themes = list(c)) },
  ...(['steps', 'specialProcedures', 'windows', 'form', 'sources'] as const).map(
    (key): Column => ({
      key,
      zh: { steps: '办理流程', specialProcedures: '特别程序', windows: '办理窗口', form: '电子表单', sources: '来源' }[key],
      width: 30,
      write: (it) => JSON.stringify(it[key]),
      read: (c, it) => (it[key] = key === 'form' && c.trim() === '' ? { fields: [] } : json(c)),
    }),
  ),
];

interface MaterialColumn {
  key: keyof MaterialRequirement | 'itemCode';
  zh: string;
}
const MATERIAL_COLUMNS: MaterialColumn[] = [
  { key: 'itemCode', zh: '事项编码' },
  { key: 'name', zh: '材料名称' },
  { key: 'form', zh: '材料形式' },
  { key: 'count', zh: '份数' },
  { key: 'required', zh: '是否必需' },
  { key: 'deficiencyAllowed', zh: '可容缺' },
  { key: 'licenceType', zh: '证照类型' },
  { key: 'blankForm', zh: '空白表格' },
  { key: 'sample', zh: '示例样表' },
  { key: 'note', zh: '填报须知' },
];
const FORM_LABELS: Record<MaterialRequirement['form'], Label> = {
  original: { zh: '原件', en: 'Original' },
  copy: { zh: '复印件', en: 'Copy' },
  electronic: { zh: '电子', en: 'Electronic' },
};

function header(sheet: ExcelJS.Worksheet, cols: { key: string; zh: string; width?: number }[]) {
  sheet.columns = cols.map((c) => ({ header: `${c.zh}\n${c.key}`, key: c.key, width: c.width ?? 14 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'top' };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function writeWorkbook(items: readonly ServiceItem[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tongban';
  const itemSheet = wb.addWorksheet(ITEM_SHEET);
  header(itemSheet, COLUMNS);
  for (const it of items) itemSheet.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, c.write(it)])));
  const materialSheet = wb.addWorksheet(MATERIAL_SHEET);
  header(materialSheet, MATERIAL_COLUMNS);
  for (const it of items) {
    for (const m of it.materials) {
      materialSheet.addRow({
        itemCode: it.code,
        name: m.name,
        form: FORM_LABELS[m.form].zh,
        count: m.count,
        required: m.required ? YES : NO,
        deficiencyAllowed: m.deficiencyAllowed ? YES : NO,
        licenceType: m.licenceType ?? null,
        blankForm: m.blankForm ?? null,
        sample: m.sample ?? null,
        note: m.note ?? null,
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One item read from a workbook, or the problems that kept it from being read. */
export interface WorkbookRow {
  sheet: string;
  row: number;
  item: Record<string, unknown>;
  problems: ItemProblem[];
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  return String(v);
}

function keysOf(sheet: ExcelJS.Worksheet): Map<number, string> {
  const keys = new Map<number, string>();
  sheet.getRow(1).eachCell((cell, col) => {
    const lines = cellText(cell).split('\n');
    keys.set(col, lines[lines.length - 1]!.trim());
  });
  return keys;
}

const cellProblem = (field: string, message: string): ItemProblem => ({
  field,
  code: 'CATALOG_CELL_INVALID',
  zh: `单元格“${field}”：${message}`,
  en: `Cell ${field}: ${message}`,
});

/** Reads a workbook written by writeWorkbook (or filled in by an office on the same layout). */
export async function readWorkbook(data: Buffer | ArrayBuffer): Promise<WorkbookRow[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as ArrayBuffer);
  const itemSheet = wb.getWorksheet(ITEM_SHEET);
  if (!itemSheet) throw new Error(`sheet ${ITEM_SHEET} missing`);
  const byKey = new Map(COLUMNS.map((c) => [c.key, c]));
  const keys = keysOf(itemSheet);
  const rows: WorkbookRow[] = [];
  const byCode = new Map<string, WorkbookRow>();
  itemSheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const item: Record<string, unknown> = { materials: [], fee: { amountFen: 0 }, phones: { consult: [], complaint: [] } };
    const problems: ItemProblem[] = [];
    for (const [col, key] of keys) {
      const column = byKey.get(key);
      if (!column) continue;
      try {
        column.read(cellText(row.getCell(col)), item);
      } catch (err) {
        if (!(err instanceof CellError)) throw err;
        problems.push(cellProblem(key, err.message));
      }
    }
    const entry = { sheet: ITEM_SHEET, row: rowNumber, item, problems };
    rows.push(entry);
    if (typeof item.code === 'string') byCode.set(item.code, entry);
  });
  const materialSheet = wb.getWorksheet(MATERIAL_SHEET);
  if (materialSheet) {
    const mkeys = keysOf(materialSheet);
    materialSheet.eachRow((row, rowNumber) => {
      if (rowNumber === 1) return;
      const raw = Object.fromEntries([...mkeys].map(([col, key]) => [key, cellText(row.getCell(col)).trim()]));
      const owner = byCode.get(raw.itemCode ?? '');
      if (!owner) {
        rows.push({ sheet: MATERIAL_SHEET, row: rowNumber, item: {}, problems: [cellProblem('itemCode', `事项编码 ${raw.itemCode ?? ''} 不在“事项”表中 / not in the items sheet`)] });
        return;
      }
      try {
        const m: Record<string, unknown> = {
          name: raw.name,
          form: keyOf(FORM_LABELS, raw.form ?? ''),
          count: num(raw.count ?? '') ?? 1,
          required: bool(raw.required ?? ''),
          deficiencyAllowed: bool(raw.deficiencyAllowed ?? ''),
        };
        for (const k of ['licenceType', 'blankForm', 'sample', 'note'] as const) if (raw[k]) m[k] = raw[k];
        (owner.item.materials as unknown[]).push(m);
      } catch (err) {
        if (!(err instanceof CellError)) throw err;
        rows.push({ sheet: MATERIAL_SHEET, row: rowNumber, item: {}, problems: [cellProblem('materials', err.message)] });
      }
    });
  }
  return rows;
}

/** readWorkbook in the worker pool: unzipping and reading a large workbook is seconds of synchronous work. */
export function readWorkbookInPool(data: Buffer): Promise<WorkbookRow[]> {
  return runWork<WorkbookRow[]>(new URL(import.meta.url), 'readWorkbook', [data]);
}

/** writeWorkbook in the worker pool. */
export async function writeWorkbookInPool(items: readonly ServiceItem[]): Promise<Buffer> {
  const bytes = await runWork<Uint8Array>(new URL(import.meta.url), 'writeWorkbook', [items]);
  // A Buffer crosses the thread boundary as a plain Uint8Array.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
