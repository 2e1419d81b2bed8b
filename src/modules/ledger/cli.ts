/**
 * `tongban ledger parse FILE --format json`: the importer's contract for operators and acceptance checks.
 * Parsing needs no database; `parseFileForCli` is what the command runs, exported for tests and scripts.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { importDocument } from './importer.js';
import type { ParseResult } from './parser.js';
import type { Target } from './targets.js';
import type { Warning } from './warnings.js';

export interface CliTask {
  no: string;
  section: string;
  text: string;
  leadUnits: string[];
  responsibleUnits: string[];
  deadlines: string[];
  targets: Target[];
  lines: [number, number];
}

export interface CliParse {
  tasks: CliTask[];
  warnings: Warning[];
}

/** The contract shape: exactly these keys per task, in this order. */
export function toCliJson(result: ParseResult): CliParse {
  return {
    tasks: result.tasks.map((t) => ({
      no: t.no,
      section: t.section,
      text: t.text,
      leadUnits: t.leadUnits,
      responsibleUnits: t.responsibleUnits,
      deadlines: t.deadlines,
      targets: t.targets,
      lines: t.lines,
    })),
    warnings: result.warnings,
  };
}

export async function parseFileForCli(path: string, detail = false): Promise<CliParse | ParseResult> {
  const buffer = await readFile(path);
  const { format: _format, text: _text, ...result } = await importDocument(buffer);
  return detail ? result : toCliJson(result);
}

export function register(program: Command, ctx: CliContext): void {
  const ledger = program.command('ledger').description('改革任务台账 reform-task ledger');
  ledger
    .command('parse')
    .description('parse a policy document (.txt or .docx) into tasks; prints JSON, needs no database')
    .argument('<file>', 'policy document, plain text (UTF-8 or GB18030) or .docx')
    .option('--format <format>', 'output format (json)', 'json')
    .option('--detail', 'include title, issuer, date, parts and every task field')
    .action(async (file: string, opts: { format: string; detail?: boolean }) => {
      if (opts.format !== 'json') {
        process.stderr.write(`不支持的输出格式 unsupported format: ${opts.format} (json)\n`);
        process.exitCode = 2;
        return;
      }
      ctx.printJson(await parseFileForCli(file, opts.detail === true));
    });
}
