import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { checkpointKey, latestCheckpoint, listCheckpoints, postCheckpoint, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { eventLogs } from './log.js';
import { verifyChains } from './verify.js';

/**
 * `tongban verify [--kind K] [--id ID] [--case ID] [--checkpoint FILE | --no-checkpoint]`: checks every chain of
 * every registered kind (cases, bundle cases, any later module's log), naming the first broken event of each
 * broken chain, and compares every chain with the latest signed checkpoint, naming a chain rewritten and
 * recomputed, rewound, or gone; exits 1 on any finding. `--case ID` is `--kind case --id ID`.
 * `tongban checkpoints write|list|key`: sign the heads now, list the files, print the public key.
 */
export function registerVerifyCli(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('校验过程记录 verify the hash chain of every case, bundle case and every other event log against the latest signed checkpoint')
    .option('--kind <kind>', 'only this kind of chain (case, bundle_case …)')
    .option('--id <id>', 'only the chain of this owner (uuid); needs --kind')
    .option('--case <id>', 'only this case (uuid): --kind case --id ID')
    .option('--checkpoint <file>', 'compare with this checkpoint file instead of the latest in <data>/checkpoints')
    .option('--no-checkpoint', 'check the chains only')
    .action(async (opts: { kind?: string; id?: string; case?: string; checkpoint?: string | false }) => {
      const kind = opts.case ? 'case' : opts.kind;
      const id = opts.case ?? opts.id;
      if (kind && !eventLogs().some((l) => l.kind === kind)) throw new Error(`no event log of kind ${kind} (known: ${eventLogs().map((l) => l.kind).join(', ')})`);
      if (id && !kind) throw new Error('--id needs --kind');
      const dataDir = ctx.config().dataDir;
      const found = opts.checkpoint === false ? null : typeof opts.checkpoint === 'string' ? { file: opts.checkpoint, checkpoint: readCheckpoint(opts.checkpoint) } : latestCheckpoint(dataDir);
      const checkpoint = found ? { ...found, publicKey: checkpointKey(dataDir).publicKey } : undefined;
      await ctx.withDb(async (db) => {
        const report = await verifyChains(db, { kind, ownerId: id, checkpoint });
        ctx.printJson(report);
        if (!report.ok) process.exitCode = 1;
      });
    });

  const checkpoints = program.command('checkpoints').description('签名检查点 signed checkpoints of every chain head (kept outside the database)');
  checkpoints
    .command('write')
    .description('sign the current head of every chain into <data>/checkpoints now (and POST it to TONGBAN_CHECKPOINT_URL when set)')
    .action(async () => {
      await ctx.withDb(async (db) => {
        const { file, checkpoint, written } = await writeCheckpoint(db, ctx.config().dataDir);
        if (written && ctx.config().checkpointUrl) await postCheckpoint(ctx.config().checkpointUrl!, checkpoint);
        ctx.printJson({ file, written, seq: checkpoint.seq, createdAt: checkpoint.createdAt, chains: checkpoint.chains, kinds: checkpoint.kinds, root: checkpoint.root });
      });
    });
  checkpoints
    .command('list')
    .description('list the checkpoint files, oldest first')
    .action(() => ctx.printJson(listCheckpoints(ctx.config().dataDir)));
  checkpoints
    .command('key')
    .description('print the SM2 public key that verifies the checkpoints (give it to whoever keeps copies)')
    .action(() => ctx.printJson({ algorithm: 'SM2-SM3', publicKey: checkpointKey(ctx.config().dataDir).publicKey }));
}
