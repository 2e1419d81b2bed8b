import type { DbHandle } from '../db.js';
import { createBoss } from '../jobs.js';
import { postCheckpoint, writeCheckpoint } from './checkpoint.js';

export const CHECKPOINT_QUEUE = 'event-log-checkpoint';

/**
 * Signs the chain heads every `minutes` on pg-boss: every node asks each period and a singleton key lets one
 * of them write it. A checkpoint is written only when some head moved; when TONGBAN_CHECKPOINT_URL is set the
 * latest is posted each period (a failed post is retried by the queue; the witness keeps the newest seq).
 */
export async function startCheckpoints(dbh: DbHandle, opts: { dataDir: string; minutes: number; url?: string; databaseUrl?: string }): Promise<{ stop(): Promise<void> }> {
  const boss = await createBoss(dbh, opts.databaseUrl);
  await boss.createQueue(CHECKPOINT_QUEUE, { name: CHECKPOINT_QUEUE, retryLimit: 3, retryDelay: 60 });
  await boss.work(CHECKPOINT_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
    const { checkpoint } = await writeCheckpoint(dbh.db, opts.dataDir);
    if (opts.url) await postCheckpoint(opts.url, checkpoint);
  });
  const period = opts.minutes * 60;
  const ask = () => void boss.send(CHECKPOINT_QUEUE, {}, { singletonKey: 'checkpoint', singletonSeconds: period }).catch(() => undefined);
  ask();
  const timer = setInterval(ask, period * 1000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
