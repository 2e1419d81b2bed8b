/**
 * Renders a report's data as docx, PDF (Noto CJK embedded) and xlsx, plus one PDF page per department for
 * its inbox. CPU-bound: it runs in the piscina worker (worker.mjs), never on the server's event loop.
 */
import { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { barChart } from './chart.js';
import { FIGURE_COLUMNS, PART_NAMES, pct, SECTIONS, sectionText, type ReportData } from './data.js';

const FONT_REGULAR = process.env.TONGBAN_CJK_FONT ?? '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
const FONT_BOLD = process.env.TONGBAN_CJK_FONT_BOLD ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';

type Grid = { header: string[]; rows: string[][] };

function regionsGrid(d: ReportData): Grid {
  return { header: ['地区', ...FIGURE_COLUMNS.map(([h]) => h)], rows: d.regions.map((r) => [r.name, ...FIGURE_COLUMNS.map(([, f]) => f(r.figures))]) };
}

function departmentsGrid(d: ReportData): Grid {
  return { header: ['部门', ...FIGURE_COLUMNS.map(([h]) => h)], rows: d.departments.filter((x) => x.figures.applications || x.figures.concluded).map((x) => [x.name, ...FIGURE_COLUMNS.map(([, f]) => f(x.figures))]) };
}

function rankingGrid(d: ReportData): Grid {
  const parts = d.ranking.weights;
  return {
    header: ['名次', '部门', '得分', '上月名次', ...parts.map((p) => `${PART_NAMES[p.part]}(${p.weight})`)],
    rows: d.ranking.units.map((u) => [
      u.rank === null ? '—' : String(u.rank),
      u.name,
      u.score === null ? '无数据' : u.score.toFixed(2),
      u.previousRank === null ? '—' : String(u.previousRank),
      ...u.parts.map((p) => (p.applied ? `${pct(p.value)} → ${p.points!.toFixed(2)}分` : p.reason === 'module_absent' ? '未接入' : '无数据')),
    ]),
  };
}

function bundlesGrid(d: ReportData): Grid {
  return { header: ['一件事', '申请', '办结', '按期办结率'], rows: d.bundles.byBundle.map((b) => [b.name, String(b.figures.applications), String(b.figures.concluded), pct(b.figures.onTimeRate)]) };
}

function chartOf(d: ReportData): Buffer {
  return barChart([d.regions.map((r) => r.figures.applications), d.regions.map((r) => r.figures.concluded)]);
}

const CHART_CAPTION = '图1 各地申请量(蓝)与办结量(绿),顺序同上表';

// ---- docx -------------------------------------------------------------------------------------------------

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const para = (text: string, o: { bold?: boolean; size?: number; center?: boolean; font?: string; indent?: boolean } = {}) =>
  new Paragraph({
    alignment: o.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    indent: o.indent ? { firstLine: 640 } : undefined,
    spacing: { line: 560 },
    children: [new TextRun({ text, bold: o.bold, size: o.size ?? 32, font: o.font ?? '仿宋_GB2312' })],
  });

function docxTable(g: Grid): Table {
  const cell = (text: string, header: boolean) =>
    new TableCell({ borders: { top: thin, bottom: thin, left: thin, right: thin }, children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: header, size: 21, font: header ? '黑体' : '仿宋_GB2312' })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: g.header.map((h) => cell(h, true)) }), ...(g.rows.length ? g.rows : [g.header.map((_, i) => (i === 0 ? '(无)' : ''))]).map((r) => new TableRow({ children: r.map((c) => cell(c, false)) }))],
  });
}

export async function toDocx(d: ReportData): Promise<Buffer> {
  const text = sectionText(d);
  const chart = chartOf(d);
  const body: (Paragraph | Table)[] = [
    para(d.title, { bold: true, size: 44, center: true, font: '方正小标宋简体' }),
    para(d.number, { center: true }),
    para(''),
  ];
  for (const key of Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]) {
    body.push(para(SECTIONS[key], { font: '黑体' }));
    for (const p of text[key]) body.push(para(p, { indent: true }));
    if (key === 'cases') {
      body.push(docxTable(regionsGrid(d)));
      body.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: chart, transformation: { width: 560, height: 233 } })] }));
      body.push(para(CHART_CAPTION, { size: 21, center: true }));
      body.push(docxTable(departmentsGrid(d)));
    }
    if (key === 'bundles' && d.bundles.byBundle.length) body.push(docxTable(bundlesGrid(d)));
    if (key === 'ranking') body.push(docxTable(rankingGrid(d)));
  }
  body.push(para(''), para(`${d.regionName}政务服务效能监察`, { center: false }), para(`生成时间:${d.generatedAt.slice(0, 10)}`));
  const doc = new Document({
    creator: 'tongban',
    title: d.title,
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children: body }],
  });
  return Packer.toBuffer(doc);
}

// ---- PDF ----------------------------------------------------------------------------------------------------

function pdfDocument(title: string): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  // 公文 margins (GB/T 9704): top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
  const mm = 72 / 25.4;
  const doc = new PDFDocument({ size: 'A4', margins: { top: 37 * mm, bottom: 35 * mm, left: 28 * mm, right: 26 * mm }, info: { Title: title, Creator: 'tongban' } });
  doc.registerFont('body', FONT_REGULAR, 'NotoSerifCJKsc-Regular');
  doc.registerFont('head', FONT_BOLD, 'NotoSansCJKsc-Bold');
  const parts: Buffer[] = [];
  doc.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(parts))));
  return { doc, done };
}

function pdfTable(doc: PDFKit.PDFDocument, g: Grid): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const first = Math.min(width * 0.26, 130);
  const rest = (width - first) / Math.max(1, g.header.length - 1);
  const widths = g.header.map((_, i) => (i === 0 ? first : rest));
  const row = (cells: string[], header: boolean) => {
    doc.font(header ? 'head' : 'body').fontSize(8);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 4 }))) + 6;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.rect(x, y, widths[i]!, h).stroke();
      doc.text(c, x + 2, y + 3, { width: widths[i]! - 4, align: 'center' });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = y + h;
  };
  row(g.header, true);
  for (const r of g.rows.length ? g.rows : [g.header.map((_, i) => (i === 0 ? '(无)' : ''))]) row(r, false);
  doc.moveDown(0.6);
}

export async function toPdf(d: ReportData): Promise<Buffer> {
  const { doc, done } = pdfDocument(d.title);
  const text = sectionText(d);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.font('head').fontSize(20).fillColor('#c00000').text(d.title, { align: 'center' });
  doc.fillColor('black').font('body').fontSize(12).moveDown(0.3).text(d.number, { align: 'center' });
  doc.moveTo(doc.page.margins.left, doc.y + 6).lineTo(doc.page.margins.left + width, doc.y + 6).strokeColor('#c00000').lineWidth(1.5).stroke().strokeColor('black').lineWidth(0.5);
  doc.moveDown(1.2);
  for (const key of Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]) {
    doc.font('head').fontSize(13).text(SECTIONS[key], doc.page.margins.left);
    doc.moveDown(0.2);
    for (const p of text[key]) doc.font('body').fontSize(11).text(p, { indent: 22, lineGap: 4, align: 'justify' });
    doc.moveDown(0.4);
    if (key === 'cases') {
      pdfTable(doc, regionsGrid(d));
      if (doc.y + 220 > doc.page.height - doc.page.margins.bottom) doc.addPage();
      doc.image(chartOf(d), doc.page.margins.left, doc.y, { width });
      doc.y += width * (300 / 720) + 4;
      doc.font('body').fontSize(9).text(CHART_CAPTION, doc.page.margins.left, doc.y, { align: 'center', width });
      doc.moveDown(0.6);
      pdfTable(doc, departmentsGrid(d));
    }
    if (key === 'bundles' && d.bundles.byBundle.length) pdfTable(doc, bundlesGrid(d));
    if (key === 'ranking') pdfTable(doc, rankingGrid(d));
  }
  doc.font('body').fontSize(11).moveDown(1).text(`${d.regionName}政务服务效能监察`, { align: 'right' }).text(`生成时间:${d.generatedAt.slice(0, 10)}`, { align: 'right' });
  doc.end();
  return done;
}

/** A department's own page: its figures, its rank and the parts of its score. */
export async function departmentPdf(d: ReportData, departmentId: string): Promise<Buffer> {
  const dep = d.departments.find((x) => x.id === departmentId)!;
  const unit = d.ranking.units.find((u) => u.key === departmentId);
  const { doc, done } = pdfDocument(`${d.title}(${dep.name})`);
  doc.font('head').fontSize(18).fillColor('#c00000').text(d.title, { align: 'center' });
  doc.fillColor('black').font('body').fontSize(12).text(`${d.number} · ${dep.name}`, { align: 'center' }).moveDown(1);
  doc.font('head').fontSize(13).text('本部门办件情况').moveDown(0.3);
  pdfTable(doc, { header: FIGURE_COLUMNS.map(([h]) => h), rows: [FIGURE_COLUMNS.map(([, f]) => f(dep.figures))] });
  doc.font('head').fontSize(13).text('本部门考核得分').moveDown(0.3);
  doc.font('body').fontSize(11).text(unit && unit.score !== null ? `得分 ${unit.score.toFixed(2)},第 ${unit.rank} 名${unit.previousRank ? `(上月第 ${unit.previousRank} 名)` : ''}。` : '本月无可计分数据。');
  if (unit) pdfTable(doc, { header: ['指标', '权重', '数值', '得分'], rows: unit.parts.map((p) => [PART_NAMES[p.part]!, String(p.weight), p.applied ? pct(p.value) : p.reason === 'module_absent' ? '未接入' : '无数据', p.applied ? p.points!.toFixed(2) : '不计入']) });
  doc.end();
  return done;
}

// ---- xlsx ---------------------------------------------------------------------------------------------------

export async function toXlsx(d: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tongban';
  const sheet = (name: string, g: Grid) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([d.title]).font = { bold: true, size: 14 };
    ws.addRow(g.header).font = { bold: true };
    for (const r of g.rows) ws.addRow(r);
    ws.columns.forEach((c, i) => (c.width = i === 0 ? 28 : 14));
  };
  const t = d.total;
  sheet('汇总', {
    header: ['指标', '数值'],
    rows: [
      ['申请', String(t.applications)],
      ['受理', String(t.accepted)],
      ['办结', String(t.concluded)],
      ['按期办结率', pct(t.onTimeRate)],
      ['超期办结', String(t.overdue)],
      ['超期工作日', String(t.overdueDays)],
      ['网办率', pct(t.onlineRate)],
      ['即办件占比', pct(t.immediateShare)],
      ['一次办成率', pct(t.onceDoneRate)],
      ['零跑腿率', pct(t.zeroVisitRate)],
      ['最多跑一次率', pct(t.atMostOnceRate)],
      ['容缺受理', String(t.deficiency)],
      ['告知承诺', String(t.pledged)],
      ['一件事申请', String(d.bundles.applications)],
      ['红牌', String(d.cards.red)],
      ['黄牌', String(d.cards.yellow)],
    ],
  });
  sheet('地区', regionsGrid(d));
  sheet('部门', departmentsGrid(d));
  sheet('一件事', bundlesGrid(d));
  sheet('排名', rankingGrid(d));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface Rendered {
  docx: Uint8Array;
  pdf: Uint8Array;
  xlsx: Uint8Array;
}

export type RenderTask = { kind: 'report'; data: ReportData } | { kind: 'department'; data: ReportData; departmentId: string };

/** The worker's task: a report's three files, or one department's page (rendered when it is first opened). */
export default async function render(task: RenderTask): Promise<Rendered | Uint8Array> {
  if (task.kind === 'department') return departmentPdf(task.data, task.departmentId);
  const [docx, pdf, xlsx] = await Promise.all([toDocx(task.data), toPdf(task.data), toXlsx(task.data)]);
  return { docx, pdf, xlsx };
}
