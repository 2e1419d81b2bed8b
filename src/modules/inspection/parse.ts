/**
 * Reading an uploaded 检查对象 file, run in the worker pool (platform/workers): unzipping a 250,000-row workbook and
 * checking every row is seconds of synchronous work that must not hold the event loop.
 */
import ExcelJS from 'exceljs';
import { checkSubjectTable, parseCsv, type RowProblem, type SubjectRow } from './rules.js';

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    return '';
  }
  return String(v);
}

export async function readSubjectFile(bytes: Uint8Array, kind: 'csv' | 'xlsx'): Promise<{ rows: SubjectRow[]; problems: RowProblem[] }> {
  let table: string[][];
  if (kind === 'csv') {
    table = parseCsv(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  } else {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    if (!sheet) return { rows: [], problems: [{ row: 1, field: 'file', zh: '工作簿没有工作表', en: 'The workbook has no sheet' }] };
    table = [];
    sheet.eachRow({ includeEmpty: false }, (row, n) => {
      const values = row.values as ExcelJS.CellValue[];
      // row.values is 1-based: index 0 is empty.
      table[n - 1] = values.slice(1).map(cellText);
    });
    for (let i = 0; i < table.length; i++) table[i] ??= [];
  }
  return checkSubjectTable(table);
}
