/**
 * The printable notices of a case, as self-contained HTML (A4, print styles, Chinese first with English).
 * Stored with the case when issued, so a reprint shows exactly what the applicant received.
 */
export type DocumentKind = 'acceptance_notice' | 'correction_notice' | 'rejection_decision' | 'deficiency_commitment' | 'pledge' | 'decision' | 'delivery_receipt';

export const DOCUMENT_TITLES: Record<DocumentKind, { zh: string; en: string }> = {
  acceptance_notice: { zh: '受理通知书', en: 'Notice of acceptance' },
  correction_notice: { zh: '补正材料一次性告知书', en: 'One-time notice of materials to correct' },
  rejection_decision: { zh: '不予受理决定书', en: 'Decision not to accept' },
  deficiency_commitment: { zh: '容缺受理承诺书', en: 'Commitment for acceptance with deficiency' },
  pledge: { zh: '告知承诺书', en: 'Pledge under the notification-and-commitment system' },
  decision: { zh: '行政审批决定书', en: 'Decision' },
  delivery_receipt: { zh: '送达回证', en: 'Proof of delivery' },
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface DocumentHeader {
  caseNumber: string;
  itemName: string;
  applicantName: string;
  applicantIdMasked: string;
  issuedAt: string;
}

/** Rows are label/value pairs; values are escaped here, never by the caller. */
/** `trailer` is HTML another module made for this notice (the rating QR code); it is inserted as given. */
export function renderDocument(kind: DocumentKind, head: DocumentHeader, rows: [string, string][], paragraphs: string[] = [], trailer = ''): { title: string; html: string } {
  const t = DOCUMENT_TITLES[kind];
  const all: [string, string][] = [
    ['办件编号 Case number', head.caseNumber],
    ['事项 Item', head.itemName],
    ['申请人 Applicant', `${head.applicantName}(${head.applicantIdMasked})`],
    ...rows,
    ['日期 Date', head.issuedAt],
  ];
  const html =
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(t.zh)} ${escapeHtml(head.caseNumber)}</title>` +
    `<style>@page{size:A4;margin:25mm}body{font-family:"Noto Serif CJK SC","SimSun",serif;line-height:1.7;max-width:170mm;margin:auto}` +
    `h1{text-align:center;font-size:22pt;margin-bottom:0}.en{text-align:center;color:#444;margin-top:0}` +
    `table{border-collapse:collapse;width:100%}th,td{border:1px solid #333;padding:4px 8px;text-align:left;vertical-align:top}th{width:32%;font-weight:normal;background:#f4f4f4}</style></head>` +
    `<body><main><h1>${escapeHtml(t.zh)}</h1><p class="en">${escapeHtml(t.en)}</p><table>` +
    all.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('') +
    `</table>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${trailer}</main></body></html>`;
  return { title: t.zh, html };
}
