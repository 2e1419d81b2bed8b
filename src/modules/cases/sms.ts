/**
 * SMS to applicants (seed 000: 各环节…及时以短信形式告知) through a configurable HTTP gateway. The message
 * is first written to the case_notifications outbox in the transition's own transaction; a pg-boss job per
 * message then posts it, retried with backoff, so a gateway outage or a restart loses nothing: a job that
 * never got queued (crash between commit and send) is picked up again by `requeuePendingSms` on start.
 */
import { and, eq, lte } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { FieldCipher } from '../../platform/crypto.js';
import type { Db, DbHandle } from '../../platform/db.js';
import { createBoss } from '../../platform/jobs.js';
import { caseNotifications } from './schema.js';
import { setSmsEnqueuer } from './service.js';

export const SMS_QUEUE = 'case-sms';

export interface SmsOptions {
  /** The gateway; it receives `POST { id, to, text }` as JSON and answers 2xx once it has taken the message. */
  url: string;
  cipher: FieldCipher;
  /** postgres:// URL: pg-boss gets its own pool. Without it, it runs over the handle's connection(s). */
  databaseUrl?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  pollingIntervalSeconds?: number;
  timeoutMs?: number;
}

export interface SmsQueue {
  boss: PgBoss;
  stop(): Promise<void>;
}

interface SmsJob {
  regionCode: string;
  id: string;
}

/** Posts one message; throws when the gateway does not take it, so pg-boss retries the job. */
export async function deliverSms(db: Db, opts: Pick<SmsOptions, 'url' | 'cipher' | 'timeoutMs'>, job: SmsJob): Promise<'sent' | 'skipped'> {
  const [n] = await db.select().from(caseNotifications).where(and(eq(caseNotifications.regionCode, job.regionCode), eq(caseNotifications.id, job.id)));
  if (!n || n.smsStatus !== 'pending' || !n.smsToEnc) return 'skipped';
  await db.update(caseNotifications).set({ smsAttempts: n.smsAttempts + 1 }).where(and(eq(caseNotifications.regionCode, n.regionCode), eq(caseNotifications.id, n.id)));
  const res = await fetch(opts.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: n.id, to: opts.cipher.decrypt(n.smsToEnc), text: `【通办】${n.body}` }),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  await db.update(caseNotifications).set({ smsStatus: 'sent', smsSentAt: new Date() }).where(and(eq(caseNotifications.regionCode, n.regionCode), eq(caseNotifications.id, n.id)));
  return 'sent';
}

/** Registers the SMS worker on a started boss and the case service's hand-off to it; queues what is pending. */
export async function attachSms(boss: PgBoss, db: Db, opts: SmsOptions): Promise<void> {
  await boss.createQueue(SMS_QUEUE, { name: SMS_QUEUE, retryLimit: opts.retryLimit ?? 12, retryDelay: opts.retryDelaySeconds ?? 30, retryBackoff: true });
  await boss.work<SmsJob>(SMS_QUEUE, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 }, async ([job]) => {
    if (job) await deliverSms(db, opts, job.data);
  });
  // The job id is the message id: queuing the same message twice while it waits is a no-op.
  const enqueue = async (ids: SmsJob[]) => {
    for (const j of ids) await boss.send(SMS_QUEUE, j, { id: j.id });
  };
  setSmsEnqueuer(enqueue);
  await requeuePendingSms(db, enqueue);
}

export { createBoss };

/** Starts a queue with only the SMS worker (tests, and a node that runs nothing else). */
export async function startSmsQueue(dbh: DbHandle, opts: SmsOptions): Promise<SmsQueue> {
  const boss = await createBoss(dbh, opts.databaseUrl);
  await attachSms(boss, dbh.db, opts);
  return {
    boss,
    stop: async () => {
      setSmsEnqueuer(null);
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}

/** Queues every message still pending (e.g. committed just before a crash); duplicates are harmless. */
export async function requeuePendingSms(db: Db, enqueue: (ids: SmsJob[]) => Promise<void>, olderThan: Date = new Date()): Promise<number> {
  const rows = await db
    .select({ regionCode: caseNotifications.regionCode, id: caseNotifications.id })
    .from(caseNotifications)
    .where(and(eq(caseNotifications.smsStatus, 'pending'), lte(caseNotifications.createdAt, olderThan)));
  await enqueue(rows);
  return rows.length;
}
