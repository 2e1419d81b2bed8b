import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { FieldCipher } from '../../platform/crypto.js';
import { sweepDeficiencies, verifyEvents } from './service.js';

/**
 * `tongban verify [--case ID]`: checks every case's SM3 event chain and names the first broken event; exits 1
 * when any chain is broken. `tongban cases sweep`: the 容缺 reminders and overdue flags.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('校验办件过程记录 verify the hash chain of every case (or one), naming the first broken event')
    .option('--case <id>', 'only this case (uuid)')
    .action(async (opts: { case?: string }) => {
      await ctx.withDb(async (db) => {
        const report = await verifyEvents(db, { caseId: opts.case });
        ctx.printJson({ ok: report.broken.length === 0, ...report });
        if (report.broken.length) process.exitCode = 1;
      });
    });

  const cases = program.command('cases').description('办件 cases');
  cases
    .command('sweep')
    .description('容缺材料到期提醒与逾期标记 remind before and flag after the deadline of materials accepted under deficiency')
    .action(async () => {
      await ctx.withDb(async (db) => {
        const config = ctx.config();
        ctx.printJson(await sweepDeficiencies(db, { cipher: new FieldCipher(config.secret), dataDir: config.dataDir }));
      });
    });
}
