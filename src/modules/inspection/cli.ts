import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { verifyDraw } from './service.js';

/** `tongban inspection verify-draw ID`: recomputes a revealed draw from its pool and seed; exit 1 when it differs. */
export function registerInspectionCli(program: Command, ctx: CliContext): void {
  const cmd = program.command('inspection').description('双随机、一公开 random inspections');
  cmd
    .command('verify-draw <id>')
    .description('重算抽取 recompute a draw from its published seed and pool: {"ok","seedMatches","poolMatches","selectionMatches",…}')
    .action(async (id: string) => {
      await ctx.withDb(async (db) => {
        const r = await verifyDraw(db, id);
        ctx.printJson(r);
        if (!r.ok) process.exitCode = 1;
      });
    });
}
