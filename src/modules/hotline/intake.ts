/** Intake: calls pushed by a telephony system, and work orders from every channel. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, like, sql } from 'drizzle-orm';
import { hmacSm3 } from '../../platform/crypto.js';
import { newChainHead } from '../../platform/event-log/index.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import type { CallInput, IntakeBody } from './contract.js';
import { caseStatuses, getDepartment, getRegion, openComplaintRating, recordAudit } from './deps.js';
import { appendEvent, bumpRollups, callerFacts, clockInstants, factsOf, nowOf, rollupKey, settingsFor, summary, type HotlineEnv } from './orders.js';
import { maskName, maskPhone, monthOf, normalisePhone, regionPrefix } from './rules.js';
import { hotlineAttachments, hotlineCallRollups, hotlineCalls, hotlineOrders, hotlineSubjects, hotlineTelephonySystems } from './schema.js';

// ---- telephony ------------------------------------------------------------------------------------------------

/** Registers a telephony system; its key is returned once and kept only encrypted. */
export async function registerTelephonySystem(db: Db, env: HotlineEnv, caller: Caller, input: { regionCode: string; name: string }) {
  if (!caller.regionCode || !input.regionCode.startsWith(regionPrefix(caller.regionCode))) throw new AppError('OUT_OF_SCOPE');
  await getRegion(db, input.regionCode).catch(() => { throw new AppError('HOTLINE_REGION_UNKNOWN'); });
  const key = randomBytes(32).toString('base64');
  const [row] = await db.insert(hotlineTelephonySystems).values({ regionCode: input.regionCode, name: input.name, keyEnc: env.cipher.encrypt(key) }).returning();
  await recordAudit(db, { actorId: caller.id, actorName: caller.displayName, action: 'hotline.telephony.register', targetType: 'hotline_telephony_system', targetId: row!.id });
  return { id: row!.id, regionCode: row!.regionCode, name: row!.name, key };
}

/** How long a signed push stays valid: replays older than this are refused. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

/** The string a telephony system signs: timestamp, newline, SM3 of the raw body (hex). */
export function signingString(timestamp: string, body: string | Buffer): string {
  return `${timestamp}\n${createHash('sm3').update(body).digest('hex')}`;
}

/** Checks `x-hotline-system`, `x-hotline-timestamp` and `x-hotline-signature` (HMAC-SM3, hex) over the raw body. */
export async function verifyTelephony(db: Db, env: HotlineEnv, headers: Record<string, string | string[] | undefined>, rawBody: string) {
  const id = headers['x-hotline-system'];
  const ts = headers['x-hotline-timestamp'];
  const sig = headers['x-hotline-signature'];
  if (typeof id !== 'string' || typeof ts !== 'string' || typeof sig !== 'string' || !/^[0-9a-f-]{36}$/i.test(id) || !/^[0-9a-f]{64}$/i.test(sig)) {
    throw new AppError('HOTLINE_SIGNATURE_INVALID');
  }
  const at = Date.parse(ts);
  if (!Number.isFinite(at) || Math.abs(nowOf(env).getTime() - at) > SIGNATURE_WINDOW_MS) throw new AppError('HOTLINE_SIGNATURE_INVALID', { reason: 'timestamp' });
  const [system] = await db.select().from(hotlineTelephonySystems).where(eq(hotlineTelephonySystems.id, id)).limit(1);
  if (!system?.active) throw new AppError('HOTLINE_SIGNATURE_INVALID');
  const expected = hmacSm3(Buffer.from(env.cipher.decrypt(system.keyEnc), 'base64'), signingString(ts, rawBody));
  if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) throw new AppError('HOTLINE_SIGNATURE_INVALID');
  return system;
}

/** Stores pushed calls (a repeat of an external id is ignored) and moves the call rollups, in one transaction. */
export async function receiveCalls(db: Db, env: HotlineEnv, system: { id: string; regionCode: string }, input: { regionCode: string; calls: CallInput[] }) {
  if (!input.regionCode.startsWith(regionPrefix(system.regionCode))) throw new AppError('OUT_OF_SCOPE');
  const rows = input.calls.map((c, i) => {
    const start = Date.parse(c.startedAt);
    const times = [c.answeredAt, c.endedAt, c.calledBackAt].filter((t): t is string => !!t).map(Date.parse);
    if (times.some((t) => t < start) || (c.calledBackAt && c.answeredAt)) throw new AppError('HOTLINE_CALL_TIMES', { index: i, externalId: c.externalId });
    const phone = c.caller ? normalisePhone(c.caller) : null;
    return {
      regionCode: input.regionCode,
      systemId: system.id,
      externalId: c.externalId,
      callerEnc: phone ? env.cipher.encrypt(phone) : null,
      callerMasked: phone ? maskPhone(phone) : null,
      callerIndex: phone ? env.cipher.blindIndex(phone) : null,
      startedAt: new Date(start),
      answeredAt: c.answeredAt ? new Date(c.answeredAt) : null,
      endedAt: new Date(c.endedAt),
      calledBackAt: c.calledBackAt ? new Date(c.calledBackAt) : null,
      agent: c.agent ?? null,
    };
  });
  return db.transaction(async (tx) => {
    const stored: typeof rows = [];
    for (let i = 0; i < rows.length; i += 1000) {
      const inserted = await tx.insert(hotlineCalls).values(rows.slice(i, i + 1000)).onConflictDoNothing().returning({ startedAt: hotlineCalls.startedAt, answeredAt: hotlineCalls.answeredAt, calledBackAt: hotlineCalls.calledBackAt });
      stored.push(...(inserted as typeof rows));
    }
    const byMonth = new Map<string, { received: number; answered: number; abandoned: number; calledBack: number }>();
    for (const c of stored) {
      const m = monthOf(c.startedAt);
      const r = byMonth.get(m) ?? { received: 0, answered: 0, abandoned: 0, calledBack: 0 };
      r.received++;
      if (c.answeredAt) r.answered++;
      else r.abandoned++;
      if (c.calledBackAt) r.calledBack++;
      byMonth.set(m, r);
    }
    for (const [month, r] of byMonth) {
      await tx.insert(hotlineCallRollups).values({ regionCode: input.regionCode, month, ...r }).onConflictDoUpdate({
        target: [hotlineCallRollups.regionCode, hotlineCallRollups.month],
        set: {
          received: sql`hotline_call_rollups.received + excluded.received`,
          answered: sql`hotline_call_rollups.answered + excluded.answered`,
          abandoned: sql`hotline_call_rollups.abandoned + excluded.abandoned`,
          calledBack: sql`hotline_call_rollups.called_back + excluded.called_back`,
        },
      });
    }
    return { accepted: stored.length, duplicates: rows.length - stored.length };
  });
}

export async function listCalls(db: Db, caller: Caller, q: { regionCode?: string; withoutOrder?: boolean; limit: number; offset: number }) {
  const cf = await callerFacts(db, caller);
  const region = q.regionCode ?? cf.centreRegion ?? caller.regionCode;
  const allowed = (cf.centreRegion && region?.startsWith(regionPrefix(cf.centreRegion))) || (caller.roles.includes('supervisor') && caller.regionCode && region?.startsWith(regionPrefix(caller.regionCode)));
  if (!region || !allowed) throw new AppError('HOTLINE_NOT_OPERATOR');
  const where = [like(hotlineCalls.regionCode, `${regionPrefix(region)}%`)];
  if (q.withoutOrder) where.push(isNull(hotlineCalls.orderId));
  const rows = await db.select().from(hotlineCalls).where(and(...where)).orderBy(desc(hotlineCalls.startedAt)).limit(q.limit).offset(q.offset);
  return rows.map((r) => ({
    id: r.id, regionCode: r.regionCode, externalId: r.externalId, callerMasked: r.callerMasked,
    startedAt: r.startedAt.toISOString(), answeredAt: r.answeredAt?.toISOString() ?? null, endedAt: r.endedAt.toISOString(),
    calledBackAt: r.calledBackAt?.toISOString() ?? null,
    outcome: (r.answeredAt ? 'answered' : r.calledBackAt ? 'called_back' : 'abandoned') as 'answered' | 'abandoned' | 'called_back',
    orderId: r.orderId,
  }));
}

// ---- work orders ----------------------------------------------------------------------------------------------

export async function nextOrderNumber(db: Db, at: Date): Promise<string> {
  const res = (await db.execute(sql`SELECT nextval('hotline_order_number_seq')::text AS n`)) as unknown as { rows: { n: string }[] };
  const n = res.rows[0]!.n;
  return `${monthOf(at).replace('-', '')}${String(n).padStart(7, '0')}`;
}

const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

/**
 * 受理: a work order from the desk (phone, letter; the operator types it) or from the portal (web, app, message;
 * the citizen is the caller). Nothing is stored unless every check passes.
 */
export async function receiveOrder(db: Db, env: HotlineEnv, caller: Caller, input: IntakeBody) {
  const now = nowOf(env);
  const cf = await callerFacts(db, caller);
  const citizen = caller.kind !== 'staff';
  if (!citizen && !cf.centreRegion) throw new AppError('HOTLINE_NOT_OPERATOR');
  const channel = input.channel ?? (citizen ? 'web' : 'phone');
  if (citizen && (channel === 'phone' || channel === 'letter' || input.callId)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'channel', message: 'phone and letter orders are taken by the 12345 desk' }] });
  const regionCode = input.regionCode ?? cf.centreRegion;
  if (!regionCode) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'regionCode', message: 'required' }] });
  await getRegion(db, regionCode).catch(() => { throw new AppError('HOTLINE_REGION_UNKNOWN'); });
  if (cf.centreRegion && !citizen && !regionCode.startsWith(regionPrefix(cf.centreRegion))) throw new AppError('OUT_OF_SCOPE');
  const [subject] = await db.select().from(hotlineSubjects).where(eq(hotlineSubjects.code, input.subjectCode)).limit(1);
  if (!subject || !subject.parentCode) throw new AppError('HOTLINE_SUBJECT_UNKNOWN', { field: 'subjectCode' });
  const anonymous = input.anonymous === true;
  if (anonymous && input.category !== 'report') throw new AppError('HOTLINE_ANONYMOUS_NOT_ALLOWED');
  const name = anonymous ? null : (input.callerName ?? (citizen ? caller.displayName : null));
  const phone = anonymous || !input.callerPhone ? null : normalisePhone(input.callerPhone);
  if (!anonymous && (!name || !phone)) throw new AppError('HOTLINE_CALLER_REQUIRED');
  const files = (input.attachments ?? []).map((a) => {
    const content = Buffer.from(a.contentBase64, 'base64');
    if (content.length === 0 || content.length > MAX_ATTACHMENT_BYTES) throw new AppError('HOTLINE_ATTACHMENT_INVALID', { filename: a.filename });
    return { filename: a.filename, contentType: a.contentType, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), content };
  });
  let linkedCase = null;
  if (input.linkedCase) {
    const [c] = await caseStatuses(db, [input.linkedCase]);
    if (!c) throw new AppError('HOTLINE_CASE_NOT_FOUND', { field: 'linkedCase' });
    linkedCase = { id: c.id, regionCode: c.regionCode, number: c.number };
  }
  if (input.complaintOf) {
    const ok = input.category === 'complaint' && (input.complaintOf === 'case' ? !!linkedCase : !!input.complaintDepartmentId);
    if (!ok) throw new AppError('HOTLINE_COMPLAINT_SUBJECT', { field: 'complaintOf' });
    if (input.complaintOf === 'department') await getDepartment(db, input.complaintDepartmentId!).catch(() => { throw new AppError('HOTLINE_DEPARTMENT_INVALID', { field: 'complaintDepartmentId' }); });
  } else if (input.complaintDepartmentId) throw new AppError('HOTLINE_COMPLAINT_SUBJECT', { field: 'complaintDepartmentId' });
  const settings = await settingsFor(db, regionCode);
  const limitDays = settings.limits[input.category];
  const clock = await clockInstants(db, regionCode, now, limitDays);

  return db.transaction(async (tx) => {
    if (input.callId) {
      const [call] = await tx.select().from(hotlineCalls).where(eq(hotlineCalls.id, input.callId)).for('update');
      if (!call || !call.regionCode.startsWith(regionPrefix(cf.centreRegion!))) throw new AppError('HOTLINE_CALL_NOT_FOUND');
      if (call.orderId) throw new AppError('CONFLICT', { reason: 'the call already has a work order', orderId: call.orderId });
    }
    const number = await nextOrderNumber(tx, now);
    const [row] = await tx.insert(hotlineOrders).values({
      regionCode, number, channel, category: input.category, subjectCode: subject.code, state: 'received', callId: input.callId ?? null,
      anonymous,
      callerNameEnc: name ? env.cipher.encrypt(name) : null,
      callerPhoneEnc: phone ? env.cipher.encrypt(phone) : null,
      callerNameMasked: name ? maskName(name) : null,
      callerPhoneMasked: phone ? maskPhone(phone) : null,
      callerIndex: phone ? env.cipher.blindIndex(phone) : null,
      citizenId: citizen ? caller.id : null,
      location: input.location ?? null,
      title: input.title,
      description: input.description,
      linkedCase,
      limitDays,
      clockStart: now,
      dueAt: clock.dueAt,
      yellowAt: clock.yellowAt,
      receivedAt: now,
      ...newChainHead(),
    }).returning();
    // The 差评 is opened here, in the order's own transaction: a failure on either side stores neither.
    if (input.complaintOf) {
      const rating = await openComplaintRating(tx, caller, {
        order: { id: row!.id, number: row!.number, title: row!.title },
        ...(input.complaintOf === 'case' ? { caseId: linkedCase!.id } : { departmentId: input.complaintDepartmentId! }),
        at: now,
      });
      row!.complaintRating = { id: rating.id, regionCode: rating.regionCode };
      await tx.update(hotlineOrders).set({ complaintRating: row!.complaintRating }).where(and(eq(hotlineOrders.regionCode, regionCode), eq(hotlineOrders.id, row!.id)));
    }
    if (input.callId) await tx.update(hotlineCalls).set({ orderId: row!.id }).where(eq(hotlineCalls.id, input.callId));
    if (files.length) await tx.insert(hotlineAttachments).values(files.map((f) => ({ ...f, orderId: row!.id })));
    // The event carries masked caller data only: the chain is read by auditors who need no personal data.
    const head = await appendEvent(tx, row!, caller, citizen ? 'citizen' : 'operator', now, {
      action: 'receive',
      fromState: null,
      toState: 'received',
      payload: { channel, category: input.category, subjectCode: subject.code, anonymous, caller: row!.callerPhoneMasked, attachments: files.map((f) => f.sha256), linkedCase: linkedCase?.number ?? null, complaintRating: row!.complaintRating?.id ?? null },
    });
    await tx.update(hotlineOrders).set({ version: head.version, lastHash: head.lastHash }).where(and(eq(hotlineOrders.regionCode, regionCode), eq(hotlineOrders.id, row!.id)));
    await bumpRollups(tx, [{ key: rollupKey(row!, now, null), delta: { received: 1 } }]);
    const saved = { ...row!, version: head.version, lastHash: head.lastHash };
    return summary(saved, cf, factsOf(saved, [], now), now);
  });
}
