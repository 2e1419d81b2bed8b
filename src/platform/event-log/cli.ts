import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { eventLogs, type KindReport } from './log.js';

/**
 * `tongban verify [--kind K] [--id ID] [--case ID]`: checks every chain of every registered kind (cases, bundle
 * cases, and any later module's log), naming the first broken event of each broken chain; exits 1 when any is
 * broken. `--case ID` is `--kind case --id ID`.
 */
export function registerVerifyCli(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('校验过程记录 verify the hash chain of every case, bundle case and every other event log, naming the first broken event')
    .option('--kind <kind>', 'only this kind of chain (case, bundle_case …)')
    .option('--id <id>', 'only the chain of this owner (uuid); needs --kind')
    .option('--case <id>', 'only this case (uuid): --kind case --id ID')
    .action(async (opts: { kind?: string; id?: string; case?: string }) => {
      const kind = opts.case ? 'case' : opts.kind;
      const id = opts.case ?? opts.id;
      const logs = eventLogs().filter((l) => !kind || l.kind === kind);
      if (kind && logs.length === 0) throw new Error(`no event log of kind ${kind} (known: ${eventLogs().map((l) => l.kind).join(', ')})`);
      if (id && !kind) throw new Error('--id needs --kind');
      await ctx.withDb(async (db) => {
        const kinds: KindReport[] = [];
        for (const log of logs) kinds.push(await log.verify(db, { ownerId: id }));
        const broken = kinds.flatMap((k) => k.broken);
        ctx.printJson({ ok: broken.length === 0, kinds, broken });
        if (broken.length) process.exitCode = 1;
      });
    });
}
