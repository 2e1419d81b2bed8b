import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { AppError } from '../../platform/errors.js';
import './errors.js';
import { verifyDraw } from './service.js';

/** `tongban inspection verify-draw ID`: recomputes a revealed draw from its pool and seed; exit 1 when it differs. */
export function registerInspectionCli(program: Command, ctx: CliContext): void {
  const cmd = program.command('inspection').description('双随机、一公开 random inspections');
  cmd
    .command('verify-draw <id>')
    .description('重算抽取 recompute a draw from its published seed and pool: {"ok","seedMatches","poolMatches","selectionMatches",…}')
    .action(async (id: string) => {
      // A mistyped id gets the coded not-found answer rather than PostgreSQL's uuid syntax error.
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AppError('INSPECTION_NOT_FOUND', { field: 'drawId' });
      await ctx.withDb(async (db) => {
        const r = await verifyDraw(db, id);
        ctx.printJson(r);
        if (!r.ok) process.exitCode = 1;
      });
    });
}
