import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { FieldCipher } from '../../platform/crypto.js';
import { sweepDeficiencies } from './service.js';

/** `tongban cases sweep`: the 容缺 reminders and overdue flags. (`tongban verify` lives with the event log.) */
export function register(program: Command, ctx: CliContext): void {
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
