/**
 * Callbacks from department systems: authenticated by HMAC-SM3 over the raw body, applied through the same case
 * functions (and so the same rules) as the approver's page, once per message id.
 */
import { timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { conclude, getCase, passStep, returnStep, type CaseEnv } from './deps.js';
import type { CallbackInput } from './contract.js';
import { systemCaller } from './links.js';
import { logMessage } from './log.js';
import { hmacSignature, SIGNATURE_WINDOW_MS } from './rules.js';
import { routingCallbacks, routingOutbox, routingSystems } from './schema.js';
import { acceptedKeys, nowOf, type RoutingEnv, type SystemRow } from './service.js';

type Headers = Record<string, string | string[] | undefined>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks x-routing-system, x-routing-timestamp and x-routing-signature; a refusal is logged before the 401. */
export async function verifyCallback(db: Db, env: RoutingEnv, headers: Headers, rawBody: string, peerAddress: string): Promise<SystemRow> {
  const id = headers['x-routing-system'];
  const ts = headers['x-routing-timestamp'];
  const sig = headers['x-routing-signature'];
  let system: SystemRow | undefined;
  let reason: string | null = null;
  if (typeof id !== 'string' || !UUID.test(id) || typeof ts !== 'string' || typeof sig !== 'string' || !/^[0-9a-f]{64}$/i.test(sig)) reason = 'headers missing or malformed';
  else {
    [system] = await db.select().from(routingSystems).where(eq(routingSystems.id, id));
    const at = Date.parse(ts);
    if (!system) reason = 'unknown system';
    else if (system.status !== 'active') reason = 'system suspended';
    else if (!Number.isFinite(at) || Math.abs(nowOf(env).getTime() - at) > SIGNATURE_WINDOW_MS) reason = 'timestamp outside the window';
    else {
      const given = Buffer.from(sig, 'hex');
      const ok = acceptedKeys(env, system).some((k) => timingSafeEqual(Buffer.from(hmacSignature(k, ts, rawBody), 'hex'), given));
      if (!ok) reason = 'signature mismatch';
    }
  }
  if (reason) {
    let messageId: string | null = null;
    try {
      const m = (JSON.parse(rawBody) as { messageId?: unknown }).messageId;
      if (typeof m === 'string') messageId = m.slice(0, 128);
    } catch {
      /* the body is logged as received */
    }
    await logMessage(db, env.cipher, {
      direction: 'in', systemId: system?.id ?? null, peer: system?.name ?? `unknown (${peerAddress})`, kind: 'callback_refused', messageId, caseId: null,
      body: rawBody, peerSignature: typeof sig === 'string' ? sig.slice(0, 200) : null, status: 401, note: reason,
    });
    throw new AppError('ROUTING_SIGNATURE_INVALID');
  }
  return system!;
}

export interface CallbackOutcome {
  status: number;
  body: Record<string, unknown>;
}

function checkInput(input: CallbackInput): void {
  if (input.action === 'return' && (input.toStep === undefined || !input.reason)) throw new AppError('ROUTING_CALLBACK_INVALID', { field: input.toStep === undefined ? 'toStep' : 'reason' });
  if (input.action === 'deny' && !input.reason) throw new AppError('ROUTING_CALLBACK_INVALID', { field: 'reason' });
}

// Refusals from the case rules that mean "this is not (any more) your step", said in the routing module's words.
const NOT_HELD = new Set(['CASE_NOT_FOUND', 'CASE_ACTION_FORBIDDEN']);

async function apply(db: Db, env: CaseEnv, system: SystemRow, input: CallbackInput): Promise<CallbackOutcome> {
  const [held] = await db
    .select({ id: routingOutbox.id })
    .from(routingOutbox)
    .where(and(eq(routingOutbox.systemId, system.id), eq(routingOutbox.caseId, input.caseId), eq(routingOutbox.step, input.step)))
    .limit(1);
  if (!held) throw new AppError('ROUTING_STEP_NOT_HELD', { caseId: input.caseId, step: input.step });
  const caller = systemCaller(system);
  let documentId: string | null = null;
  try {
    if (input.action === 'pass') await passStep(db, env, caller, input.caseId, { step: input.step, opinion: input.opinion });
    else if (input.action === 'return') await returnStep(db, env, caller, input.caseId, { step: input.step, toStep: input.toStep!, reason: input.reason! });
    else {
      const r = await conclude(db, env, caller, input.caseId, { step: input.step, decision: input.action === 'deny' ? 'deny' : 'approve', text: input.text ?? input.opinion ?? (input.action === 'deny' ? input.reason! : '准予办理。'), reason: input.reason });
      documentId = r?.documentId ?? null;
    }
  } catch (e) {
    if (e instanceof AppError && NOT_HELD.has(e.code)) throw new AppError('ROUTING_STEP_NOT_HELD', { caseId: input.caseId, step: input.step, cause: e.code });
    throw e;
  }
  const c = await getCase(db, env, caller, input.caseId);
  return { status: 200, body: { messageId: input.messageId, duplicate: false, caseId: input.caseId, step: input.step, action: input.action, state: c.state, documentId } };
}

/** Applies a callback once per (system, message id); a repeat gets the first answer, status and body alike. */
export async function receiveCallback(db: Db, env: CaseEnv & RoutingEnv, system: SystemRow, input: CallbackInput, rawBody: string, signature: string): Promise<CallbackOutcome> {
  const log = (o: CallbackOutcome, note: string | null) =>
    logMessage(db, env.cipher, { direction: 'in', systemId: system.id, peer: system.name, kind: 'callback', messageId: input.messageId, caseId: input.caseId, body: rawBody, peerSignature: signature, status: o.status, note });
  let outcome: CallbackOutcome;
  try {
    checkInput(input);
    const [claimed] = await db
      .insert(routingCallbacks)
      .values({ systemId: system.id, messageId: input.messageId, caseId: input.caseId, action: input.action, receivedAt: nowOf(env) })
      .onConflictDoNothing()
      .returning({ messageId: routingCallbacks.messageId });
    if (!claimed) {
      const [first] = await db.select().from(routingCallbacks).where(and(eq(routingCallbacks.systemId, system.id), eq(routingCallbacks.messageId, input.messageId)));
      if (first!.state !== 'done') throw new AppError('ROUTING_CALLBACK_IN_PROGRESS');
      const body = first!.answer ?? {};
      outcome = { status: first!.status!, body: first!.status === 200 ? { ...body, duplicate: true } : body };
      await log(outcome, 'duplicate: first answer repeated, nothing applied');
      return outcome;
    }
    try {
      outcome = await apply(db, env, system, input);
    } catch (e) {
      if (!(e instanceof AppError)) {
        // Not an answer the department should get forever: free the message id for a retry.
        await db.delete(routingCallbacks).where(and(eq(routingCallbacks.systemId, system.id), eq(routingCallbacks.messageId, input.messageId)));
        throw e;
      }
      outcome = { status: e.status, body: e.toJSON() as Record<string, unknown> };
    }
    await db
      .update(routingCallbacks)
      .set({ state: 'done', status: outcome.status, answer: outcome.body })
      .where(and(eq(routingCallbacks.systemId, system.id), eq(routingCallbacks.messageId, input.messageId)));
  } catch (e) {
    if (e instanceof AppError) {
      outcome = { status: e.status, body: e.toJSON() as Record<string, unknown> };
      await log(outcome, e.code);
      return outcome;
    }
    throw e;
  }
  await log(outcome, outcome.status === 200 ? null : String(outcome.body.code ?? ''));
  return outcome;
}
