import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { verifyLog } from './log.js';

export function register(program: Command, ctx: CliContext): void {
  const routing = program.command('routing').description('业务分发: department systems and their message log');
  routing
    .command('verify')
    .description('re-check every message log entry offline: the SM3 of its body and tongban’s SM2 signature; exits 1 when any entry is broken')
    .option('--system <id>', 'only the entries of one department system')
    .action(async (opts: { system?: string }) => {
      const report = await ctx.withDb((db) => verifyLog(db, { systemId: opts.system }));
      ctx.printJson(report);
      if (!report.ok) process.exitCode = 1;
    });
}
