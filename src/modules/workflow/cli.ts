import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { seedBundles, verifyBundleEvents } from './service.js';

/**
 * `tongban bundles verify [--bundle ID]`: checks every bundle case's SM3 event chain, naming the first broken
 * event, and exits 1 when any is broken. `tongban bundles seed`: loads data/bundles where codes are missing.
 */
export function register(program: Command, ctx: CliContext): void {
  const bundles = program.command('bundles').description('一件事 bundles');
  bundles
    .command('verify')
    .description('校验联办过程记录 verify the hash chain of every bundle case (or one), naming the first broken event')
    .option('--bundle <id>', 'only this bundle case (uuid)')
    .action(async (opts: { bundle?: string }) => {
      await ctx.withDb(async (db) => {
        const report = await verifyBundleEvents(db, { bundleId: opts.bundle });
        ctx.printJson({ ok: report.broken.length === 0, ...report });
        if (report.broken.length) process.exitCode = 1;
      });
    });
  bundles
    .command('seed')
    .description('载入 data/bundles load the shipped bundles whose codes are missing (published as version 1)')
    .action(async () => {
      await ctx.withDb(async (db) => ctx.printJson(await seedBundles(db)));
    });
}
