import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../platform/cli-context.js';
import { register } from './cli.js';
import { importDocument } from './importer.js';

const SEEDS = process.env.TONGBAN_SEEDS ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/seeds');

async function runCli(args: string[]): Promise<unknown[]> {
  const printed: unknown[] = [];
  const ctx: CliContext = {
    config: () => {
      throw new Error('the parse command needs no configuration');
    },
    withDb: () => Promise.reject(new Error('the parse command needs no database')),
    printJson: (v) => printed.push(v),
  };
  const program = new Command('tongban').exitOverride();
  register(program, ctx);
  await program.parseAsync(['node', 'tongban', ...args]);
  return printed;
}

describe('tongban ledger parse FILE --format json', () => {
  it('prints exactly the contract keys for seed 004', async () => {
    const file = readdirSync(SEEDS).find((f) => f.startsWith('004'));
    if (!file) throw new Error(`seed 004 missing in ${SEEDS}`);
    const [out] = (await runCli(['ledger', 'parse', join(SEEDS, file), '--format', 'json'])) as Array<{ tasks: Array<Record<string, unknown>>; warnings: unknown[] }>;
    expect(Object.keys(out!)).toEqual(['tasks', 'warnings']);
    expect(out!.tasks).toHaveLength(63);
    const first = out!.tasks[0]!;
    expect(Object.keys(first)).toEqual(['no', 'section', 'text', 'leadUnits', 'responsibleUnits', 'deadlines', 'targets', 'lines']);
    expect(first).toMatchObject({ no: '1', section: '一', leadUnits: ['省政务局'], deadlines: ['2021年9月底前'], lines: [9, 9] });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('reads a .docx the same way as its text, table cells one per line', async () => {
    const p = (text: string) => new Paragraph(text);
    const cell = (text: string) => new TableCell({ children: [p(text)] });
    const doc = new Document({
      sections: [
        {
          children: [
            p('某区优化营商环境行动方案'),
            p('为持续优化营商环境,制定本方案。'),
            p('一、重点任务'),
            p('1.推行企业开办“一网通办”。2023年9月底前,企业开办压缩至1个工作日内。(牵头单位:区市场监管局;责任单位:区税务局、区人社局)'),
            p('2.压缩审批时限。(区行政审批局牵头,区直各相关单位按职责分工负责)'),
            new Table({
              rows: [
                new TableRow({ children: ['序号', '重点任务', '牵头单位', '责任单位', '完成时限'].map(cell) }),
                new TableRow({ children: ['1', '建设政务服务专区。', '区行政审批局', '区直各单位', '2023年8月底,长期推进'].map(cell) }),
                new TableRow({ children: ['2', '推行帮办代办。', '区优化办', '区直各单位', '2023年10月'].map(cell) }),
              ],
            }),
          ],
        },
      ],
    });
    const buffer = await Packer.toBuffer(doc);
    const parsed = await importDocument(buffer);
    expect(parsed.format).toBe('docx');
    expect(parsed.title).toBe('某区优化营商环境行动方案');
    expect(parsed.tasks.map((t) => [t.source, t.no, t.leadUnits, t.responsibleUnits, t.deadlines])).toEqual([
      ['table', '1', ['区行政审批局'], ['区直各单位'], ['2023年8月底,长期推进']],
      ['table', '2', ['区优化办'], ['区直各单位'], ['2023年10月']],
    ]);

    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const path = join(dir, 'plan.docx');
    writeFileSync(path, buffer);
    const [out] = (await runCli(['ledger', 'parse', path])) as Array<{ tasks: unknown[] }>;
    expect(out!.tasks).toHaveLength(2);
  });

  it('reads GB18030 text and reports a broken .docx without throwing', async () => {
    const broken = await importDocument(Buffer.from('PK\u0003\u0004not really a zip'));
    expect(broken.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['LEDGER_DOCX_UNREAD']));
    const gbk = Buffer.from([0xd2, 0xbb, 0xa1, 0xa2, 0xd6, 0xd8, 0xb5, 0xe3, 0xc8, 0xce, 0xce, 0xf1]);
    const parsed = await importDocument(gbk);
    expect(parsed.text).toBe('一、重点任务');
  });
});
