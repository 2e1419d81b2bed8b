/** Reading work orders: the desk, the department inbox, the citizen's own, one order in full, the card list. */
import { and, asc, desc, eq, gte, inArray, isNotNull, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { cardFromInstants, complaintRatingState, recordAudit } from './deps.js';
import { authorize } from './policy.js';
import { assistsOf, callerFacts, factsOf, nowOf, orderRow, summary, type HotlineEnv } from './orders.js';
import { OPEN_STATES, regionPrefix, type Category, type OrderState } from './rules.js';
import { hotlineAssists, hotlineAttachments, hotlineEvents, hotlineOrders, hotlineSubjects } from './schema.js';

export async function getOrder(db: Db, env: HotlineEnv, caller: Caller, id: string) {
  const now = nowOf(env);
  const cf = await callerFacts(db, caller);
  const row = await orderRow(db, id);
  const assists = await assistsOf(db, [row.id]);
  const facts = factsOf(row, assists.map((a) => a.departmentId), now);
  authorize(cf, facts, 'view');
  const [events, files, merged, rating] = await Promise.all([
    db.select().from(hotlineEvents).where(eq(hotlineEvents.orderId, row.id)).orderBy(asc(hotlineEvents.seq)),
    db.select({ id: hotlineAttachments.id, filename: hotlineAttachments.filename, contentType: hotlineAttachments.contentType, size: hotlineAttachments.size }).from(hotlineAttachments).where(eq(hotlineAttachments.orderId, row.id)),
    db.select({ id: hotlineOrders.id, number: hotlineOrders.number }).from(hotlineOrders).where(eq(hotlineOrders.mergedInto, row.id)),
    row.complaintRating ? complaintRatingState(db, row.complaintRating) : null,
  ]);
  const reveal = !row.anonymous && (row.callerNameEnc || row.callerPhoneEnc);
  // The caller's name and number appear only here, on the order itself; a staff read of them is audited.
  if (reveal && caller.kind === 'staff') {
    await recordAudit(db, { actorId: caller.id, actorName: caller.displayName, action: 'hotline.order.reveal_caller', targetType: 'hotline_order', targetId: row.id, ip: env.ip ?? null });
  }
  return {
    ...summary(row, cf, facts, now),
    callerName: row.callerNameEnc ? env.cipher.decrypt(row.callerNameEnc) : null,
    callerPhone: row.callerPhoneEnc ? env.cipher.decrypt(row.callerPhoneEnc) : null,
    location: row.location,
    description: row.description,
    answer: row.answer,
    kbEntryId: row.kbEntryId,
    limitDays: row.limitDays,
    extendedDays: row.extendedDays,
    extension: row.extension ? { days: row.extension.days, reason: row.extension.reason, requestedAt: row.extension.requestedAt } : null,
    followUpDueAt: row.followUpDueAt?.toISOString() ?? null,
    followUp: row.followUp,
    linkedCase: row.linkedCase,
    callId: row.callId,
    complaintRating: rating ? { id: rating.id, regionCode: row.complaintRating!.regionCode, departmentId: rating.departmentId, caseNumber: rating.caseNumber, level: rating.level, state: rating.state } : null,
    assists: assists.map((a) => ({ departmentId: a.departmentId, opinion: a.opinion, answeredAt: a.answeredAt?.toISOString() ?? null })),
    attachments: files,
    merged,
    events: events.map((e) => ({ seq: e.seq, at: e.at.toISOString(), actorName: e.actorName, action: e.action, fromState: e.fromState, toState: e.toState, payload: e.payload })),
  };
}

export async function attachment(db: Db, env: HotlineEnv, caller: Caller, id: string, attachmentId: string) {
  const cf = await callerFacts(db, caller);
  const row = await orderRow(db, id);
  const assists = await assistsOf(db, [row.id]);
  authorize(cf, factsOf(row, assists.map((a) => a.departmentId), nowOf(env)), 'view');
  const [file] = await db.select().from(hotlineAttachments).where(and(eq(hotlineAttachments.id, attachmentId), eq(hotlineAttachments.orderId, row.id))).limit(1);
  if (!file) throw new AppError('HOTLINE_ATTACHMENT_NOT_FOUND');
  return file;
}

/**
 * desk: the centre's orders waiting for it (received, returned, replied, pending extensions); inbox: orders
 * dispatched to the caller's department (lead or 协办); mine: the citizen's own; all: a supervisor's region.
 */
export async function listOrders(db: Db, env: HotlineEnv, caller: Caller, q: { view?: 'desk' | 'inbox' | 'mine' | 'all'; state?: OrderState; regionCode?: string; category?: Category; limit: number; offset: number }) {
  const now = nowOf(env);
  const cf = await callerFacts(db, caller);
  const view = q.view ?? (caller.kind !== 'staff' ? 'mine' : cf.centreRegion ? 'desk' : caller.roles.includes('supervisor') || caller.roles.includes('admin') ? 'all' : 'inbox');
  const where: SQL[] = [];
  if (view === 'mine') where.push(eq(hotlineOrders.citizenId, caller.id));
  else if (view === 'desk') {
    if (!cf.centreRegion) throw new AppError('HOTLINE_NOT_OPERATOR');
    where.push(like(hotlineOrders.regionCode, `${regionPrefix(cf.centreRegion)}%`));
    if (!q.state) where.push(or(inArray(hotlineOrders.state, ['received', 'returned', 'replied']), isNotNull(hotlineOrders.extension))!);
  } else if (view === 'inbox') {
    if (caller.kind !== 'staff' || !caller.departmentId) throw new AppError('FORBIDDEN');
    const assisted = db.select({ id: hotlineAssists.orderId }).from(hotlineAssists).where(eq(hotlineAssists.departmentId, caller.departmentId));
    where.push(or(eq(hotlineOrders.departmentId, caller.departmentId), inArray(hotlineOrders.id, assisted))!);
    if (!q.state) where.push(eq(hotlineOrders.state, 'dispatched'));
  } else {
    if (!(caller.roles.includes('supervisor') || caller.roles.includes('admin')) || !caller.regionCode) throw new AppError('FORBIDDEN');
    where.push(like(hotlineOrders.regionCode, `${regionPrefix(caller.regionCode)}%`));
  }
  if (q.state) where.push(eq(hotlineOrders.state, q.state));
  if (q.category) where.push(eq(hotlineOrders.category, q.category));
  if (q.regionCode) where.push(like(hotlineOrders.regionCode, `${regionPrefix(q.regionCode)}%`));
  const rows = await db
    .select()
    .from(hotlineOrders)
    .where(and(...where))
    .orderBy(view === 'inbox' ? asc(hotlineOrders.dueAt) : desc(hotlineOrders.receivedAt))
    .limit(q.limit)
    .offset(q.offset);
  const assists = await assistsOf(db, rows.map((r) => r.id));
  return rows.map((r) => summary(r, cf, factsOf(r, assists.filter((a) => a.orderId === r.id).map((a) => a.departmentId), now), now));
}

/** Red and yellow orders of a region and below, from the partial index on yellow_at; red first, most overdue first. */
export async function listCards(db: Db, env: HotlineEnv, caller: Caller, q: { regionCode?: string; color?: 'red' | 'yellow'; limit: number; offset: number }) {
  const cf = await callerFacts(db, caller);
  const home = caller.roles.includes('supervisor') || caller.roles.includes('admin') ? caller.regionCode : cf.centreRegion;
  const region = q.regionCode ?? home;
  if (!home || !region) throw new AppError('FORBIDDEN');
  if (!region.startsWith(regionPrefix(home))) throw new AppError('OUT_OF_SCOPE');
  const now = nowOf(env);
  const prefix = regionPrefix(region);
  const where: SQL[] = [isNotNull(hotlineOrders.yellowAt), lte(hotlineOrders.yellowAt, now), like(hotlineOrders.regionCode, `${prefix}%`), inArray(hotlineOrders.state, [...OPEN_STATES])];
  // LIKE uses a b-tree only under the C collation; the same prefix as a range of digit strings uses it under any.
  const upper = String(BigInt(prefix) + 1n).padStart(prefix.length, '0');
  where.push(gte(hotlineOrders.regionCode, prefix));
  if (upper.length === prefix.length) where.push(lt(hotlineOrders.regionCode, upper));
  if (q.color === 'red') where.push(sql`${hotlineOrders.dueAt} < ${now}`);
  if (q.color === 'yellow') where.push(sql`${hotlineOrders.dueAt} >= ${now}`);
  const rows = await db
    .select({ id: hotlineOrders.id, number: hotlineOrders.number, regionCode: hotlineOrders.regionCode, category: hotlineOrders.category, subjectCode: hotlineOrders.subjectCode, state: hotlineOrders.state, departmentId: hotlineOrders.departmentId, dueAt: hotlineOrders.dueAt, yellowAt: hotlineOrders.yellowAt, superviseCount: hotlineOrders.superviseCount })
    .from(hotlineOrders)
    .where(and(...where))
    .orderBy(asc(hotlineOrders.dueAt))
    .limit(q.limit)
    .offset(q.offset);
  return rows.map(({ yellowAt, ...r }) => ({ ...r, dueAt: r.dueAt!.toISOString(), card: cardFromInstants(now, r.dueAt, yellowAt)! }));
}

export async function listSubjects(db: Db) {
  const rows = await db.select().from(hotlineSubjects).orderBy(asc(hotlineSubjects.code));
  return rows.map((r) => ({ code: r.code, parentCode: r.parentCode, name: r.name, nameEn: r.nameEn, departmentShort: r.departmentShort }));
}
