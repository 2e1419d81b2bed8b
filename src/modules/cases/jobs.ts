/**
 * The cases module's background work on one pg-boss: SMS delivery (when TONGBAN_SMS_URL is set) and the
 * 容缺 sweep. Every node asks for a sweep on an interval; a singleton key lets one of them run it per period,
 * and the sweep reads deadlines from the domain tables, so nothing is missed while every node was down.
 */
import type { FieldCipher } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db.js';
import { installCaseHooks, setSmsEnqueuer, sweepDeficiencies } from './service.js';
import { attachSms, createBoss } from './sms.js';

export const SWEEP_QUEUE = 'case-sweep';

/** Other modules' periodic work on cases (the 好差评 invitation of unrated concluded cases) rides on the same sweep. */
type SweepHook = (db: DbHandle['db'], now: Date) => Promise<void>;
const sweepHooks: SweepHook[] = [];
export function onCaseSweep(hook: SweepHook): void {
  if (!sweepHooks.includes(hook)) sweepHooks.push(hook);
}

export interface CaseJobOptions {
  cipher: FieldCipher;
  dataDir: string;
  databaseUrl?: string;
  /** Default: process.env.TONGBAN_SMS_URL. */
  smsUrl?: string;
  sweepEverySeconds?: number;
}

export async function startCaseJobs(dbh: DbHandle, opts: CaseJobOptions): Promise<{ stop(): Promise<void> }> {
  installCaseHooks();
  const boss = await createBoss(dbh, opts.databaseUrl);
  const smsUrl = opts.smsUrl ?? process.env.TONGBAN_SMS_URL;
  if (smsUrl) await attachSms(boss, dbh.db, { url: smsUrl, cipher: opts.cipher, databaseUrl: opts.databaseUrl });
  const period = opts.sweepEverySeconds ?? 300;
  await boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, retryLimit: 3, retryDelay: 60 });
  await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
    await sweepDeficiencies(dbh.db, { cipher: opts.cipher, dataDir: opts.dataDir });
    for (const h of sweepHooks) await h(dbh.db, new Date());
  });
  const ask = () => void boss.send(SWEEP_QUEUE, {}, { singletonKey: 'sweep', singletonSeconds: period }).catch(() => undefined);
  ask();
  const timer = setInterval(ask, period * 1000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      setSmsEnqueuer(null);
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
