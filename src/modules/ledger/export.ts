/**
 * Exports in the layout of seed 003's 重点任务清单: a title, one header row, one row per task, and the grouping
 * column (政策措施, or the category of a 通报) merged down over the rows it spans — as xlsx (exceljs) and docx.
 */
import ExcelJS from 'exceljs';
import {
  AlignmentType, BorderStyle, Document, HeightRule, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun,
  VerticalAlign, VerticalMergeType, WidthType,
} from 'docx';
import { runWork } from '../../platform/workers/pool.js';
import type { DispatchView, EvaluationView, OrderView, TaskView } from './service.js';

export interface ExportTable {
  title: string;
  subtitle?: string;
  columns: Array<{ header: string; width: number }>;
  rows: string[][];
  /** Columns whose equal consecutive values are merged into one cell (rowspan), as in the seed's table. */
  mergeColumns: number[];
}

const REASON: Record<OrderView['reason'], string> = { overdue: '逾期', at_risk: '临期未报' };
const ORDER_STATUS: Record<OrderView['status'], string> = { open: '待答复', answered: '已答复', closed: '已办结' };

const names = (units: Array<{ written: string }>) => units.map((u) => u.written).join('、');
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The ledger itself: 政策措施 | 序号 | 重点任务 | 责任专项组 | 牵头单位 | 责任单位 | 完成时限 | 状态. */
export function taskTable(title: string, tasks: TaskView[]): ExportTable {
  return {
    title,
    columns: [
      { header: '政策措施', width: 18 }, { header: '序号', width: 6 }, { header: '重点任务', width: 48 }, { header: '责任专项组', width: 10 },
      { header: '牵头单位', width: 18 }, { header: '责任单位', width: 24 }, { header: '完成时限', width: 14 }, { header: '状态', width: 8 },
    ],
    rows: tasks.map((t) => [
      t.measure ?? t.section, t.no, t.text, t.group ?? '', names(t.leadUnits), names(t.responsibleUnits),
      t.deadlines.map((d) => d.raw).join(';'), t.status,
    ]),
    mergeColumns: [0, 3],
  };
}

/** 月调度通报: the category (未报送 / 本月到期 / 逾期) is the merged column. */
export function dispatchTable(d: DispatchView): ExportTable {
  const rows: string[][] = [
    ...d.missing.map((m) => ['未报送进展', m.no, m.text, m.unitName, '', m.period]),
    ...d.dueThisMonth.map((t) => ['本月到期', t.no, t.text, names(t.leadUnits), names(t.responsibleUnits), t.deadlines.map((x) => x.raw).join(';')]),
    ...d.overdue.map((t) => ['逾期未完成', t.no, t.text, names(t.leadUnits), names(t.responsibleUnits), t.deadlines.map((x) => x.raw).join(';')]),
  ];
  return {
    title: `${d.month.replace('-', '年')}月改革任务调度通报`,
    subtitle: `统计截至${d.asOf}`,
    columns: [
      { header: '类别', width: 12 }, { header: '序号', width: 6 }, { header: '重点任务', width: 48 }, { header: '牵头单位(未报送单位)', width: 20 },
      { header: '责任单位', width: 24 }, { header: '完成时限(期次)', width: 16 },
    ],
    rows,
    mergeColumns: [0],
  };
}

/** 季督办: one row per 督办单, grouped by quarter. */
export function ordersTable(quarter: string, orders: OrderView[]): ExportTable {
  return {
    title: `${quarter.replace('-Q', '年第')}季度督办单汇总`,
    columns: [
      { header: '季度', width: 10 }, { header: '序号', width: 6 }, { header: '重点任务', width: 44 }, { header: '督办单位', width: 18 },
      { header: '督办原因', width: 10 }, { header: '答复期限', width: 12 }, { header: '办理状态', width: 10 }, { header: '答复情况', width: 30 },
    ],
    rows: orders.map((o) => [
      o.quarter, o.taskNo, o.taskText, o.unitName, REASON[o.reason], o.dueOn, `${ORDER_STATUS[o.status]}${o.late ? '(超期)' : ''}`, o.answer ?? '',
    ]),
    mergeColumns: [0],
  };
}

/** 年评价 ranking of units, then of regions. */
export function evaluationTable(e: EvaluationView, regionNames: Map<string, string> = new Map()): ExportTable {
  return {
    title: `${e.year}年度改革任务落实情况评价排名`,
    subtitle: `按时完成率 50%、进展报送率 30%、目标达成率 20%;统计截至${e.asOf}`,
    columns: [
      { header: '类别', width: 10 }, { header: '排名', width: 6 }, { header: '单位/地区', width: 28 }, { header: '按时完成率', width: 12 },
      { header: '报送率', width: 10 }, { header: '目标达成率', width: 12 }, { header: '得分', width: 8 },
    ],
    rows: [
      ...e.units.map((u) => ['单位排名', String(u.rank), u.unitName, pct(u.onTimeRate), pct(u.reportingRate), pct(u.targetsRate), u.score.toFixed(2)]),
      ...e.regions.map((r) => ['地区排名', String(r.rank), regionNames.get(r.regionCode) ?? r.regionCode, '', '', '', r.score.toFixed(2)]),
    ],
    mergeColumns: [0],
  };
}

/** Row spans of a merged column: [startRow, endRow] pairs over runs of equal, non-empty values. */
export function mergeRuns(rows: string[][], column: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i === rows.length || rows[i]![column] !== rows[start]![column]) {
      if (i - 1 > start && rows[start]![column] !== '') runs.push([start, i - 1]);
      start = i;
    }
  }
  return runs;
}

export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tongban';
  const ws = wb.addWorksheet('清单', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const n = table.columns.length;
  ws.columns = table.columns.map((c) => ({ width: c.width }));
  const titleRow = ws.addRow([table.title]);
  ws.mergeCells(1, 1, 1, n);
  titleRow.font = { name: '方正小标宋简体', size: 16, bold: true };
  titleRow.alignment = { horizontal: 'center' };
  let headerAt = 2;
  if (table.subtitle) {
    ws.addRow([table.subtitle]);
    ws.mergeCells(2, 1, 2, n);
    headerAt = 3;
  }
  const header = ws.addRow(table.columns.map((c) => c.header));
  header.font = { name: '黑体', bold: true };
  const border = { style: 'thin' as const };
  for (const r of table.rows) ws.addRow(r);
  for (let i = headerAt; i <= headerAt + table.rows.length; i++) {
    ws.getRow(i).eachCell({ includeEmpty: true }, (cell) => {
      cell.border = { top: border, left: border, bottom: border, right: border };
      cell.alignment = { vertical: 'middle', horizontal: i === headerAt ? 'center' : 'left', wrapText: true };
    });
  }
  for (const col of table.mergeColumns) {
    for (const [a, b] of mergeRuns(table.rows, col)) ws.mergeCells(headerAt + 1 + a, col + 1, headerAt + 1 + b, col + 1);
  }
  ws.views = [{ state: 'frozen', ySplit: headerAt }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function cellOf(text: string, widthTwips: number, opts: { header?: boolean; merge?: 'restart' | 'continue' } = {}): TableCell {
  return new TableCell({
    width: { size: widthTwips, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    borders: { top: thin, bottom: thin, left: thin, right: thin },
    ...(opts.merge ? { verticalMerge: opts.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
    children: (opts.merge === 'continue' ? [''] : text.split('\n')).map(
      (line) => new Paragraph({ alignment: opts.header ? AlignmentType.CENTER : AlignmentType.LEFT, children: [new TextRun({ text: line, bold: opts.header, font: opts.header ? '黑体' : '仿宋_GB2312', size: 21 })] }),
    ),
  });
}

export async function toDocx(table: ExportTable): Promise<Buffer> {
  const total = table.columns.reduce((s, c) => s + c.width, 0);
  const usable = 13_800; // landscape A4 text width in twips
  const widths = table.columns.map((c) => Math.round((c.width / total) * usable));
  const merged = new Map<string, 'restart' | 'continue'>();
  for (const col of table.mergeColumns) {
    for (const [a, b] of mergeRuns(table.rows, col)) {
      merged.set(`${a}:${col}`, 'restart');
      for (let i = a + 1; i <= b; i++) merged.set(`${i}:${col}`, 'continue');
    }
  }
  const rows = [
    new TableRow({ tableHeader: true, height: { value: 480, rule: HeightRule.ATLEAST }, children: table.columns.map((c, i) => cellOf(c.header, widths[i]!, { header: true })) }),
    ...table.rows.map(
      (r, ri) => new TableRow({ children: r.map((v, ci) => cellOf(v, widths[ci]!, { merge: merged.get(`${ri}:${ci}`) })) }),
    ),
  ];
  const doc = new Document({
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: table.title, bold: true, size: 32, font: '方正小标宋简体' })] }),
          ...(table.subtitle ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: table.subtitle, size: 21 })] })] : []),
          new Table({ width: { size: usable, type: WidthType.DXA }, rows }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** toXlsx / toDocx in the worker pool: rendering a large table is seconds of synchronous zip and XML work. */
export async function renderInPool(table: ExportTable, format: 'xlsx' | 'docx'): Promise<Buffer> {
  const bytes = await runWork<Uint8Array>(new URL(import.meta.url), format === 'xlsx' ? 'toXlsx' : 'toDocx', [table]);
  // A Buffer crosses the thread boundary as a plain Uint8Array.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
