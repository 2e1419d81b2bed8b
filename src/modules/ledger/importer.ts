/**
 * From an uploaded file to a parse: plain text (UTF-8, or GB18030 as many government sites still serve) or .docx,
 * whose raw text mammoth extracts paragraph by paragraph (a table cell becomes a paragraph, as in seed 003).
 */
import mammoth from 'mammoth';
import { parseDocument, type ParseResult } from './parser.js';
import { warn, type Warning } from './warnings.js';
import { runWork } from '../../platform/workers/pool.js';

export interface DocumentText {
  text: string;
  format: 'text' | 'docx';
  warnings: Warning[];
}

function isZip(buffer: Uint8Array): boolean {
  return buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
}

function decodeText(buffer: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** Never throws: an unreadable .docx yields empty text and a warning. */
export async function readDocument(buffer: Uint8Array): Promise<DocumentText> {
  if (!isZip(buffer)) return { text: decodeText(buffer), format: 'text', warnings: [] };
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(buffer) });
    const warnings = result.messages.map((m) => warn('LEDGER_DOCX_MESSAGE', null, { text: m.message }));
    // mammoth ends every paragraph with a blank line; one line per paragraph keeps line numbers meaningful.
    const text = result.value.replace(/\r\n?/g, '\n').replace(/\n\n/g, '\n');
    return { text, format: 'docx', warnings };
  } catch {
    return { text: '', format: 'docx', warnings: [warn('LEDGER_DOCX_UNREAD', null)] };
  }
}

export type ImportedDocument = ParseResult & { format: 'text' | 'docx'; text: string };

export async function importDocument(buffer: Uint8Array): Promise<ImportedDocument> {
  const doc = await readDocument(buffer);
  const parsed = parseDocument(doc.text);
  return { ...parsed, warnings: [...doc.warnings, ...parsed.warnings], format: doc.format, text: doc.text };
}

/** importDocument in the worker pool: mammoth and the parser never hold the event loop (issue 21). */
export function importDocumentInPool(buffer: Uint8Array): Promise<ImportedDocument> {
  return runWork<ImportedDocument>(new URL(import.meta.url), 'importDocument', [buffer]);
}
