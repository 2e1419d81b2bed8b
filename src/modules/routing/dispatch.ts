/**
 * Dispatch (业务分发): a case entering a step served by a department system writes an outbox row in that same
 * transaction, and a pg-boss job in it too, so the step change and the message commit or vanish together. The
 * worker posts the message, signed with the system's HMAC-SM3 key, retrying with exponential backoff; after the
 * last attempt the row becomes a dead letter an administrator can replay. The delivery id (the row's id) is in
 * every attempt, so the department can apply a retried message once.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Db, DbHandle } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { createBoss } from '../../platform/jobs.js';
import { getCase, hasRole, inScope, onStepEntered, recordAudit, type StepEntered } from './deps.js';
import { logMessage } from './log.js';
import { DEFAULT_MAX_ATTEMPTS, hmacSignature, LINK_TTL_MS, takesOver } from './rules.js';
import { routingOutbox, routingSystems } from './schema.js';
import { acceptedKeys, loadSystem, nowOf, type RoutingEnv, type SystemRow } from './service.js';
import { materialLink, setLinkSecret, systemCaller } from './links.js';

export const DISPATCH_QUEUE = 'routing-dispatch';

interface DispatchJob {
  regionCode: string;
  id: string;
}

export interface DispatchOptions {
  /** Base URL the department system reaches tongban at, for material links. */
  publicUrl: string;
  maxAttempts?: number;
  retryDelaySeconds?: number;
  pollingIntervalSeconds?: number;
  timeoutMs?: number;
  /** Jobs fetched and posted at once (default 16). */
  batchSize?: number;
}

let boss: PgBoss | null = null;
let options: DispatchOptions | null = null;

/** pg-boss's queries run on the caller's transaction, so the job commits with the outbox row. */
function txExecutor(tx: Db): PgBoss.Db {
  return {
    executeSql: async (text, values = []) => {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = parts.map((p, i) => {
        if (i % 2 === 0) return sql.raw(p);
        const v = values[Number(p) - 1] ?? null;
        return sql`${v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v}`;
      });
      const r = (await tx.execute(sql.join(chunks, sql.raw('')))) as unknown as { rows: unknown[] };
      return { rows: r.rows };
    },
  };
}

async function queueIn(db: Db | null, job: DispatchJob, jobId: string): Promise<void> {
  if (!boss || !options) return; // no worker in this process: the row waits for `requeuePending` at the next start
  const o = { id: jobId, retryLimit: (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) - 1, retryDelay: options.retryDelaySeconds ?? 30, retryBackoff: true };
  await boss.send(DISPATCH_QUEUE, job, db ? { ...o, db: txExecutor(db) } : o);
}

/** The active system that serves this step of this item, if any. */
export async function systemFor(db: Db, s: Pick<StepEntered, 'departmentId' | 'itemCode' | 'step'>): Promise<SystemRow | null> {
  const rows = await db.select().from(routingSystems).where(and(eq(routingSystems.departmentId, s.departmentId), eq(routingSystems.status, 'active')));
  return rows.find((r) => takesOver(r.takeovers, s.itemCode, s.step)) ?? null;
}

async function onEntered(tx: Db, s: StepEntered): Promise<void> {
  const system = await systemFor(tx, s);
  if (!system) return;
  const id = randomUUID();
  await tx.insert(routingOutbox).values({ regionCode: s.regionCode, id, systemId: system.id, caseId: s.caseId, step: s.step, caseSeq: s.seq, payload: { number: s.number, itemCode: s.itemCode, form: s.form }, createdAt: s.at });
  await queueIn(tx, { regionCode: s.regionCode, id }, id);
}

/** Installs the hook on cases; the server calls it once with the install's secret (material links are keyed by it). */
export function installRoutingHooks(secret: string): void {
  setLinkSecret(secret);
  onStepEntered(onEntered);
}

type OutboxRow = typeof routingOutbox.$inferSelect;

/** The message as the department receives it: case, step, the full form, and material links that expire. */
async function compose(db: Db, env: RoutingEnv & { dataDir: string }, row: OutboxRow, system: SystemRow, publicUrl: string): Promise<string> {
  const c = await getCase(db, { cipher: env.cipher, dataDir: env.dataDir, now: env.now }, systemCaller(system), row.caseId);
  const expires = new Date(nowOf(env).getTime() + LINK_TTL_MS);
  return JSON.stringify({
    deliveryId: row.id,
    caseId: row.caseId,
    caseNumber: row.payload.number,
    itemCode: row.payload.itemCode,
    step: row.step,
    stepName: c.steps[row.step]?.name ?? null,
    form: row.payload.form,
    materials: c.materials
      .filter((m) => !m.superseded && m.fileHash)
      .map((m) => ({ requirement: m.requirement, name: m.name, mime: m.mime, size: m.size, sm3: m.fileHash, url: materialLink(env.cipher, publicUrl, { systemId: system.id, caseId: row.caseId, materialId: m.id, expires }), expiresAt: expires.toISOString() })),
    sentAt: nowOf(env).toISOString(),
  });
}

export type DeliverResult = 'delivered' | 'skipped' | 'retry' | 'dead';

/** One attempt; throws (so pg-boss retries with backoff) unless it delivered, was already done, or just died. */
export async function deliver(db: Db, env: RoutingEnv & { dataDir: string }, opts: DispatchOptions, job: DispatchJob): Promise<DeliverResult> {
  const [row] = await db.select().from(routingOutbox).where(and(eq(routingOutbox.regionCode, job.regionCode), eq(routingOutbox.id, job.id)));
  if (!row || row.state !== 'pending') return 'skipped';
  const system = await loadSystem(db, row.systemId);
  const max = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let body = row.body;
  if (!body) {
    body = await compose(db, env, row, system, opts.publicUrl);
    await db.update(routingOutbox).set({ body }).where(and(eq(routingOutbox.regionCode, row.regionCode), eq(routingOutbox.id, row.id)));
  }
  const attempt = row.attempts + 1;
  const timestamp = nowOf(env).toISOString();
  const signatures = acceptedKeys(env, system).map((k) => hmacSignature(k, timestamp, body!)).join(',');
  let status: number | null = null;
  let error: string | null = null;
  if (system.status !== 'active') error = 'system suspended';
  else {
    try {
      const res = await fetch(system.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tongban-delivery': row.id, 'x-tongban-timestamp': timestamp, 'x-tongban-signature': signatures, 'x-tongban-attempt': String(attempt) },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `answered ${res.status}`;
    } catch (e) {
      error = (e as Error).message || 'unreachable';
    }
  }
  await logMessage(db, env.cipher, { direction: 'out', systemId: system.id, peer: system.endpoint, kind: 'dispatch', messageId: row.id, caseId: row.caseId, body, peerSignature: signatures, status, note: error ? `attempt ${attempt}: ${error}` : `attempt ${attempt}` });
  const at = nowOf(env);
  const where = and(eq(routingOutbox.regionCode, row.regionCode), eq(routingOutbox.id, row.id), eq(routingOutbox.state, 'pending'));
  if (!error) {
    await db.update(routingOutbox).set({ state: 'delivered', attempts: attempt, deliveredAt: at, lastError: null }).where(where);
    return 'delivered';
  }
  if (attempt >= max) {
    await db.update(routingOutbox).set({ state: 'dead', attempts: attempt, deadAt: at, lastError: error }).where(where);
    return 'dead';
  }
  await db.update(routingOutbox).set({ attempts: attempt, lastError: error }).where(where);
  throw new Error(`delivery ${row.id}: ${error}`);
}

export interface RoutingWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

/** Registers the dispatch worker on a started boss and queues whatever is pending (committed before a crash). */
export async function attachDispatch(b: PgBoss, db: Db, env: RoutingEnv & { dataDir: string }, opts: DispatchOptions): Promise<void> {
  const max = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  await b.createQueue(DISPATCH_QUEUE, { name: DISPATCH_QUEUE, retryLimit: max - 1, retryDelay: opts.retryDelaySeconds ?? 30, retryBackoff: true });
  // A batch is posted concurrently; a failed post fails only its own job (pg-boss then completes the rest).
  await b.work<DispatchJob>(DISPATCH_QUEUE, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, batchSize: opts.batchSize ?? 16 }, async (jobs) => {
    const results = await Promise.allSettled(jobs.map((j) => deliver(db, env, opts, j.data)));
    for (const [i, r] of results.entries()) if (r.status === 'rejected') await b.fail(DISPATCH_QUEUE, jobs[i]!.id, { message: String((r.reason as Error)?.message ?? r.reason) });
  });
  boss = b;
  options = opts;
  await requeuePending(db);
}

/** Starts a boss with the dispatch worker (the server, tests). */
export async function startRouting(dbh: DbHandle, env: RoutingEnv & { dataDir: string }, opts: DispatchOptions & { databaseUrl?: string }): Promise<RoutingWorker> {
  const b = await createBoss(dbh, opts.databaseUrl);
  await attachDispatch(b, dbh.db, env, opts);
  return {
    boss: b,
    stop: async () => {
      if (boss === b) {
        boss = null;
        options = null;
      }
      await b.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}

/** Queues every pending row again; the job id is the delivery id, so a row whose job still exists is not doubled. */
export async function requeuePending(db: Db): Promise<number> {
  const rows = await db.select({ regionCode: routingOutbox.regionCode, id: routingOutbox.id }).from(routingOutbox).where(eq(routingOutbox.state, 'pending'));
  for (const r of rows) await queueIn(null, r, r.id);
  return rows.length;
}

function deliveryView(r: OutboxRow) {
  return {
    id: r.id,
    systemId: r.systemId,
    caseId: r.caseId,
    step: r.step,
    state: r.state,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    deadAt: r.deadAt?.toISOString() ?? null,
  };
}

const mayManage = (caller: Caller, regionCode: string) => hasRole(caller, 'admin') && inScope(caller, { regionCode });

export async function listDeliveries(db: Db, caller: Caller, q: { state?: 'pending' | 'delivered' | 'dead'; limit: number; offset: number }) {
  const rows = await db
    .select()
    .from(routingOutbox)
    .where(q.state ? eq(routingOutbox.state, q.state) : undefined)
    .orderBy(desc(routingOutbox.createdAt), asc(routingOutbox.id))
    .limit(q.limit)
    .offset(q.offset);
  return rows.filter((r) => mayManage(caller, r.regionCode)).map(deliveryView);
}

/** Sends a dead letter again from its first attempt; the delivery id stays the same, so the department can deduplicate. */
export async function replay(db: Db, env: RoutingEnv, caller: Caller, id: string) {
  const [row] = await db.select().from(routingOutbox).where(eq(routingOutbox.id, id));
  if (!row || !mayManage(caller, row.regionCode)) throw new AppError('ROUTING_DELIVERY_NOT_FOUND');
  const [updated] = await db.transaction(async (tx) => {
    const r = await tx
      .update(routingOutbox)
      .set({ state: 'pending', attempts: 0, deadAt: null })
      .where(and(eq(routingOutbox.regionCode, row.regionCode), eq(routingOutbox.id, id), eq(routingOutbox.state, 'dead')))
      .returning();
    if (!r.length) throw new AppError('ROUTING_DELIVERY_NOT_DEAD', { state: row.state });
    // A fresh job id: the dead one's job is finished and kept for a while under the delivery id.
    await queueIn(tx, { regionCode: row.regionCode, id }, randomUUID());
    return r;
  });
  await recordAudit(db, { actorId: caller.id, actorName: caller.displayName, action: 'routing.delivery.replay', targetType: 'routing_delivery', targetId: id, ip: env.ip ?? null });
  return deliveryView(updated!);
}
