import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { regionContains } from '../../platform/validators.js';
import { newChainHead } from '../../platform/event-log/index.js';
import { announce } from './bus.js';
import type { CallViewT, DeskViewT, DisplayViewT, FigureRowT, FiguresViewT, HallViewT, TicketViewT, WaitingViewT } from './contract.js';
import { caseStatuses, getPublishedItemByCode, getUser } from './deps.js';
import { ticketLog } from './events.js';
import { canAct, hallDay, hallHour, MAX_PER_DAY, ticketNumber, voiceText, waitCard, type TicketAction } from './rules.js';
import { hallBusinessTypes, hallHalls, hallTickets, hallWindows, type TicketStatus } from './schema.js';

type Hall = typeof hallHalls.$inferSelect;
type Window = typeof hallWindows.$inferSelect;
type Ticket = typeof hallTickets.$inferSelect;

const isUniqueViolation = (err: unknown) => {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === '23505') return true;
  return false;
};

async function hallRow(db: Db, id: string): Promise<Hall> {
  const [h] = await db.select().from(hallHalls).where(eq(hallHalls.id, id)).limit(1);
  if (!h) throw new AppError('HALL_NOT_FOUND');
  return h;
}

function requireAdminOf(caller: Caller, regionCode: string): void {
  if (!caller.roles.includes('admin') || !caller.regionCode || !regionContains(caller.regionCode, regionCode)) throw new AppError('OUT_OF_SCOPE');
}

function requireOverseer(caller: Caller, hall: Hall): void {
  const overseer = caller.roles.includes('admin') || caller.roles.includes('supervisor');
  if (!overseer || !caller.regionCode || !regionContains(caller.regionCode, hall.regionCode)) throw new AppError('OUT_OF_SCOPE');
}

// ---- halls, business types and windows (admin) ----

export async function createHall(db: Db, caller: Caller, input: { regionCode: string; name: string; nameEn?: string; address?: string; yellowMinutes?: number; redMinutes?: number }): Promise<HallViewT> {
  requireAdminOf(caller, input.regionCode);
  const yellow = input.yellowMinutes ?? 20;
  const red = input.redMinutes ?? 40;
  if (red <= yellow) throw new AppError('HALL_LIMITS_ORDER', { field: 'redMinutes' });
  const [h] = await db.insert(hallHalls).values({ regionCode: input.regionCode, name: input.name, nameEn: input.nameEn ?? null, address: input.address ?? null, yellowMinutes: yellow, redMinutes: red }).returning();
  return getHall(db, h!.id);
}

export async function updateHall(db: Db, caller: Caller, id: string, patch: { name?: string; nameEn?: string; address?: string; yellowMinutes?: number; redMinutes?: number }): Promise<HallViewT> {
  const h = await hallRow(db, id);
  requireAdminOf(caller, h.regionCode);
  const yellow = patch.yellowMinutes ?? h.yellowMinutes;
  const red = patch.redMinutes ?? h.redMinutes;
  if (red <= yellow) throw new AppError('HALL_LIMITS_ORDER', { field: 'redMinutes' });
  await db.update(hallHalls).set({ ...patch, yellowMinutes: yellow, redMinutes: red }).where(eq(hallHalls.id, id));
  return getHall(db, id);
}

async function checkItems(db: Db, codes: readonly string[]): Promise<void> {
  for (const code of codes) {
    try {
      await getPublishedItemByCode(db, code);
    } catch (err) {
      if (err instanceof AppError) throw new AppError('HALL_ITEM_UNKNOWN', { field: 'itemCodes', code });
      throw err;
    }
  }
}

export async function createType(db: Db, caller: Caller, hallId: string, input: { prefix: string; name: string; nameEn?: string; itemCodes: string[]; sort?: number }): Promise<HallViewT> {
  const h = await hallRow(db, hallId);
  requireAdminOf(caller, h.regionCode);
  await checkItems(db, input.itemCodes);
  try {
    await db.insert(hallBusinessTypes).values({ hallId, prefix: input.prefix, name: input.name, nameEn: input.nameEn ?? null, itemCodes: [...new Set(input.itemCodes)], sort: input.sort ?? 0 });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('HALL_TYPE_PREFIX_TAKEN', { field: 'prefix' });
    throw err;
  }
  return getHall(db, hallId);
}

async function checkWindow(db: Db, hall: Hall, staffUserId: string | null | undefined, typeIds: readonly string[] | undefined): Promise<void> {
  if (staffUserId) {
    const u = await getUser(db, staffUserId).catch(() => null);
    if (!u || u.disabled || !u.roles.includes('window_clerk') || !u.regionCode || !regionContains(hall.regionCode, u.regionCode) && !regionContains(u.regionCode, hall.regionCode)) {
      throw new AppError('HALL_STAFF_INVALID', { field: 'staffUserId' });
    }
  }
  if (typeIds?.length) {
    const found = await db.select({ id: hallBusinessTypes.id }).from(hallBusinessTypes).where(and(eq(hallBusinessTypes.hallId, hall.id), inArray(hallBusinessTypes.id, [...typeIds])));
    if (found.length !== new Set(typeIds).size) throw new AppError('HALL_TYPE_NOT_FOUND', { field: 'typeIds' });
  }
}

export async function createWindow(db: Db, caller: Caller, hallId: string, input: { number: number; name: string; staffUserId?: string | null; typeIds: string[] }): Promise<HallViewT> {
  const h = await hallRow(db, hallId);
  requireAdminOf(caller, h.regionCode);
  await checkWindow(db, h, input.staffUserId, input.typeIds);
  try {
    await db.insert(hallWindows).values({ hallId, number: input.number, name: input.name, staffUserId: input.staffUserId ?? null, typeIds: [...new Set(input.typeIds)] });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('HALL_WINDOW_NUMBER_TAKEN', { field: 'number' });
    throw err;
  }
  return getHall(db, hallId);
}

export async function updateWindow(db: Db, caller: Caller, windowId: string, patch: { name?: string; staffUserId?: string | null; typeIds?: string[] }): Promise<HallViewT> {
  const [w] = await db.select().from(hallWindows).where(eq(hallWindows.id, windowId)).limit(1);
  if (!w) throw new AppError('HALL_WINDOW_NOT_FOUND');
  const h = await hallRow(db, w.hallId);
  requireAdminOf(caller, h.regionCode);
  await checkWindow(db, h, patch.staffUserId, patch.typeIds);
  await db.update(hallWindows).set({ ...patch, ...(patch.typeIds ? { typeIds: [...new Set(patch.typeIds)] } : {}) }).where(eq(hallWindows.id, windowId));
  return getHall(db, w.hallId);
}

async function waitingCounts(db: Db, hallId: string): Promise<Map<string, number>> {
  const rows = await db.select({ typeId: hallTickets.typeId, n: count() }).from(hallTickets)
    .where(and(eq(hallTickets.hallId, hallId), eq(hallTickets.status, 'waiting'))).groupBy(hallTickets.typeId);
  return new Map(rows.map((r) => [r.typeId, Number(r.n)]));
}

/** A hall with its business types (and how many wait for each) and its windows: public, for the kiosk and the phone page. */
export async function getHall(db: Db, id: string): Promise<HallViewT> {
  const h = await hallRow(db, id);
  const [types, windows, waiting] = await Promise.all([
    db.select().from(hallBusinessTypes).where(eq(hallBusinessTypes.hallId, id)).orderBy(asc(hallBusinessTypes.sort), asc(hallBusinessTypes.prefix)),
    db.select().from(hallWindows).where(eq(hallWindows.hallId, id)).orderBy(asc(hallWindows.number)),
    waitingCounts(db, id),
  ]);
  return {
    id: h.id, regionCode: h.regionCode, name: h.name, nameEn: h.nameEn, address: h.address, yellowMinutes: h.yellowMinutes, redMinutes: h.redMinutes,
    types: types.map((t) => ({ id: t.id, prefix: t.prefix, name: t.name, nameEn: t.nameEn, itemCodes: t.itemCodes, waiting: waiting.get(t.id) ?? 0 })),
    windows: windows.map((w) => ({ id: w.id, number: w.number, name: w.name, staffUserId: w.staffUserId, typeIds: w.typeIds })),
  };
}

export async function listHalls(db: Db, filter: { regionCode?: string }): Promise<HallViewT[]> {
  const rows = await db.select({ id: hallHalls.id, regionCode: hallHalls.regionCode }).from(hallHalls).orderBy(asc(hallHalls.regionCode), asc(hallHalls.name));
  const wanted = rows.filter((r) => !filter.regionCode || regionContains(filter.regionCode, r.regionCode));
  return Promise.all(wanted.map((r) => getHall(db, r.id)));
}

// ---- tickets ----

async function ticketView(db: Db, t: Ticket): Promise<TicketViewT> {
  const [[h], [ty], ahead, w] = await Promise.all([
    db.select({ name: hallHalls.name }).from(hallHalls).where(eq(hallHalls.id, t.hallId)),
    db.select({ name: hallBusinessTypes.name, nameEn: hallBusinessTypes.nameEn }).from(hallBusinessTypes).where(eq(hallBusinessTypes.id, t.typeId)),
    t.status === 'waiting'
      ? db.select({ n: count() }).from(hallTickets).where(and(eq(hallTickets.hallId, t.hallId), eq(hallTickets.typeId, t.typeId), eq(hallTickets.status, 'waiting'), lt(hallTickets.takenAt, t.takenAt)))
      : Promise.resolve([{ n: 0 }]),
    t.windowId ? db.select({ number: hallWindows.number, name: hallWindows.name }).from(hallWindows).where(eq(hallWindows.id, t.windowId)) : Promise.resolve([]),
  ]);
  return {
    id: t.id, hallId: t.hallId, hallName: h?.name ?? '', number: t.number, typeId: t.typeId, typeName: ty?.name ?? '', typeNameEn: ty?.nameEn ?? null,
    channel: t.channel, status: t.status, waitingAhead: Number(ahead[0]?.n ?? 0),
    windowNumber: w[0]?.number ?? null, windowName: w[0]?.name ?? null,
    takenAt: t.takenAt.toISOString(), calledAt: t.calledAt?.toISOString() ?? null, finishedAt: t.finishedAt?.toISOString() ?? null,
    recalls: t.recalls, caseId: t.caseId,
  };
}

async function ticketRow(db: Db, id: string): Promise<Ticket> {
  const [t] = await db.select().from(hallTickets).where(eq(hallTickets.id, id)).limit(1);
  if (!t) throw new AppError('HALL_TICKET_NOT_FOUND');
  return t;
}

/** 取号 at the kiosk or on the phone (QR code at the door): no login. The number is the type's next of the day. */
export async function takeTicket(db: Db, now: Date, hallId: string, input: { typeId: string; channel: 'kiosk' | 'phone' }): Promise<TicketViewT> {
  const h = await hallRow(db, hallId);
  const day = hallDay(now);
  const row = await db.transaction(async (tx) => {
    // The type row's lock serialises numbering within the type; other types take numbers in parallel.
    const [ty] = await tx.select().from(hallBusinessTypes).where(and(eq(hallBusinessTypes.id, input.typeId), eq(hallBusinessTypes.hallId, hallId))).for('update');
    if (!ty) throw new AppError('HALL_TYPE_NOT_FOUND', { field: 'typeId' });
    const [last] = await tx.select({ seq: sql<number>`coalesce(max(${hallTickets.seq}), 0)` }).from(hallTickets)
      .where(and(eq(hallTickets.hallId, hallId), eq(hallTickets.typeId, ty.id), eq(hallTickets.day, day)));
    const seq = Number(last?.seq ?? 0) + 1;
    if (seq > MAX_PER_DAY) throw new AppError('HALL_OUT_OF_HOURS');
    const id = randomUUID();
    const number = ticketNumber(ty.prefix, seq);
    await tx.insert(hallTickets).values({ regionCode: h.regionCode, id, hallId, typeId: ty.id, day, seq, number, channel: input.channel, status: 'waiting', takenAt: now, ...newChainHead() });
    const head = await ticketLog.lock(tx, { regionCode: h.regionCode, id });
    await ticketLog.append(tx, head!, { at: now, actorId: null, actorName: null, role: 'public', action: 'take', fromState: null, toState: 'waiting', payload: { number, typeId: ty.id, channel: input.channel } });
    const [t] = await tx.select().from(hallTickets).where(and(eq(hallTickets.regionCode, h.regionCode), eq(hallTickets.id, id)));
    return t!;
  });
  return ticketView(db, row);
}

export async function getTicket(db: Db, id: string): Promise<TicketViewT> {
  return ticketView(db, await ticketRow(db, id));
}

// ---- the window's desk ----

async function windowOf(db: Db, caller: Caller, windowId: string): Promise<Window> {
  const [w] = await db.select().from(hallWindows).where(eq(hallWindows.id, windowId)).limit(1);
  if (!w) throw new AppError('HALL_WINDOW_NOT_FOUND');
  if (w.staffUserId !== caller.id) throw new AppError('HALL_NOT_YOUR_WINDOW');
  return w;
}

const IN_HAND: TicketStatus[] = ['called', 'serving'];

export async function myWindows(db: Db, caller: Caller): Promise<DeskViewT[]> {
  const ws = await db.select().from(hallWindows).where(eq(hallWindows.staffUserId, caller.id)).orderBy(asc(hallWindows.number));
  return Promise.all(ws.map((w) => deskOf(db, w)));
}

export async function desk(db: Db, caller: Caller, windowId: string): Promise<DeskViewT> {
  return deskOf(db, await windowOf(db, caller, windowId));
}

async function deskOf(db: Db, w: Window): Promise<DeskViewT> {
  const h = await hallRow(db, w.hallId);
  const [types, [current], others, waiting] = await Promise.all([
    db.select().from(hallBusinessTypes).where(eq(hallBusinessTypes.hallId, w.hallId)).orderBy(asc(hallBusinessTypes.sort), asc(hallBusinessTypes.prefix)),
    db.select().from(hallTickets).where(and(eq(hallTickets.windowId, w.id), inArray(hallTickets.status, IN_HAND))).orderBy(desc(hallTickets.calledAt)).limit(1),
    db.select({ id: hallWindows.id, number: hallWindows.number, name: hallWindows.name }).from(hallWindows).where(eq(hallWindows.hallId, w.hallId)).orderBy(asc(hallWindows.number)),
    db.select({ n: count() }).from(hallTickets).where(and(eq(hallTickets.hallId, w.hallId), eq(hallTickets.status, 'waiting'), queueOf(w))),
  ]);
  return {
    window: { id: w.id, number: w.number, name: w.name, staffUserId: w.staffUserId, typeIds: w.typeIds },
    hallId: h.id, hallName: h.name, hallNameEn: h.nameEn,
    types: types.filter((t) => w.typeIds.includes(t.id)).map((t) => ({ id: t.id, prefix: t.prefix, name: t.name, nameEn: t.nameEn })),
    current: current ? await ticketView(db, current) : null,
    waiting: Number(waiting[0]?.n ?? 0),
    others: others.filter((o) => o.id !== w.id),
  };
}

/** The tickets a window may call: those transferred to it, and untransferred ones of the types it serves. */
function queueOf(w: Window) {
  const own = w.typeIds.length ? and(isNull(hallTickets.transferredTo), inArray(hallTickets.typeId, w.typeIds)) : sql`false`;
  return or(eq(hallTickets.transferredTo, w.id), own)!;
}

function callOf(t: Ticket, w: Window, at: Date, recall: boolean): CallViewT {
  return { ticketId: t.id, number: t.number, windowNumber: w.number, windowName: w.name, voice: voiceText(t.number, w.number, 'zh'), voiceEn: voiceText(t.number, w.number, 'en'), at: at.toISOString(), recall };
}

/**
 * 叫号: the oldest waiting ticket this window may call (one transferred to it first). Two windows calling at once
 * never get the same ticket: the candidate row is locked with SKIP LOCKED, so the second window takes the next one.
 */
export async function callNext(db: Db, now: Date, caller: Caller, windowId: string): Promise<TicketViewT> {
  const w0 = await windowOf(db, caller, windowId);
  const { ticket, w } = await db.transaction(async (tx) => {
    // The window row's lock makes one window's double click call one ticket, not two.
    const [w] = await tx.select().from(hallWindows).where(eq(hallWindows.id, w0.id)).for('update');
    const [busy] = await tx.select({ id: hallTickets.id }).from(hallTickets).where(and(eq(hallTickets.windowId, w!.id), inArray(hallTickets.status, IN_HAND))).limit(1);
    if (busy) throw new AppError('HALL_WINDOW_BUSY', { ticketId: busy.id });
    const [next] = await tx.select().from(hallTickets)
      .where(and(eq(hallTickets.hallId, w!.hallId), eq(hallTickets.status, 'waiting'), queueOf(w!)))
      .orderBy(sql`(${hallTickets.transferredTo} IS NOT NULL) DESC`, asc(hallTickets.takenAt), asc(hallTickets.seq))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!next) throw new AppError('HALL_QUEUE_EMPTY');
    const head = await ticketLog.lock(tx, { regionCode: next.regionCode, id: next.id });
    const [t] = await tx.update(hallTickets).set({ status: 'called', windowId: w!.id, transferredTo: null, calledAt: now, recalls: 0 })
      .where(and(eq(hallTickets.regionCode, next.regionCode), eq(hallTickets.id, next.id))).returning();
    await ticketLog.append(tx, head!, { at: now, actorId: caller.id, actorName: caller.displayName, role: 'window_clerk', action: 'call', fromState: 'waiting', toState: 'called', payload: { windowId: w!.id, windowNumber: w!.number } });
    return { ticket: t!, w: w! };
  });
  announce(w.hallId, callOf(ticket, w, now, false));
  return ticketView(db, ticket);
}

export type TicketActionName = TicketAction;

const NEXT_STATUS: Record<TicketAction, TicketStatus | null> = { recall: null, start: 'serving', skip: 'skipped', noShow: 'no_show', transfer: 'waiting', finish: 'done' };

/** Recall, start, skip (过号), no-show, transfer or finish the ticket a window has in hand. */
export async function act(
  db: Db, now: Date, caller: Caller, ticketId: string, action: TicketAction, input: { windowId?: string; caseId?: string } = {},
): Promise<TicketViewT> {
  const t0 = await ticketRow(db, ticketId);
  if (!t0.windowId) throw new AppError('HALL_TICKET_STATE', { status: t0.status, action });
  const w = await windowOf(db, caller, t0.windowId);
  let target: Window | null = null;
  if (action === 'transfer') {
    const [to] = input.windowId ? await db.select().from(hallWindows).where(eq(hallWindows.id, input.windowId)).limit(1) : [];
    if (!to || to.hallId !== w.hallId || to.id === w.id) throw new AppError('HALL_TRANSFER_TARGET', { field: 'windowId' });
    target = to;
  }
  if (action === 'finish' && input.caseId) {
    const found = await caseStatuses(db, [...new Set([t0.regionCode, caller.regionCode ?? t0.regionCode])].map((regionCode) => ({ regionCode, id: input.caseId! })));
    if (!found.length) throw new AppError('HALL_CASE_NOT_FOUND', { field: 'caseId' });
  }
  const ticket = await db.transaction(async (tx) => {
    const head = await ticketLog.lock(tx, { regionCode: t0.regionCode, id: t0.id });
    const [t] = await tx.select().from(hallTickets).where(and(eq(hallTickets.regionCode, t0.regionCode), eq(hallTickets.id, t0.id)));
    // Another window may have taken it over between the read above and the lock.
    if (t!.windowId !== w.id || !canAct(action, t!.status)) throw new AppError('HALL_TICKET_STATE', { status: t!.status, action });
    const to = NEXT_STATUS[action] ?? t!.status;
    const set: Partial<Ticket> = { status: to };
    if (action === 'recall') set.recalls = t!.recalls + 1;
    if (action === 'start') set.servingAt = now;
    if (action === 'skip' || action === 'noShow' || action === 'finish') set.finishedAt = now;
    if (action === 'finish' && input.caseId) set.caseId = input.caseId;
    // A transferred ticket waits for the other window only, keeping its place (its taken time) in that queue.
    if (action === 'transfer') Object.assign(set, { transferredTo: target!.id, windowId: null, calledAt: null, servingAt: null });
    const [u] = await tx.update(hallTickets).set(set).where(and(eq(hallTickets.regionCode, t0.regionCode), eq(hallTickets.id, t0.id))).returning();
    await ticketLog.append(tx, head!, {
      at: now, actorId: caller.id, actorName: caller.displayName, role: 'window_clerk', action, fromState: t!.status, toState: to,
      payload: { windowId: w.id, ...(target ? { toWindowId: target.id, toWindowNumber: target.number } : {}), ...(set.caseId ? { caseId: set.caseId } : {}) },
    });
    return u!;
  });
  if (action === 'recall') announce(w.hallId, callOf(ticket, w, now, true));
  return ticketView(db, ticket);
}

/** The ticket a case was filed from, for the case's staff (the case keeps its ticket). */
export async function ticketOfCase(db: Db, caller: Caller, caseId: string): Promise<TicketViewT> {
  const [t] = await db.select().from(hallTickets).where(eq(hallTickets.caseId, caseId)).limit(1);
  if (!t || !caller.regionCode || !(regionContains(caller.regionCode, t.regionCode) || regionContains(t.regionCode, caller.regionCode))) throw new AppError('HALL_TICKET_NOT_FOUND');
  return ticketView(db, t);
}

// ---- the display ----

export async function display(db: Db, hallId: string, now: Date): Promise<DisplayViewT> {
  const h = await hallRow(db, hallId);
  const [calls, view] = await Promise.all([
    db.select({ t: hallTickets, w: hallWindows }).from(hallTickets).innerJoin(hallWindows, eq(hallWindows.id, hallTickets.windowId))
      .where(and(eq(hallTickets.hallId, hallId), eq(hallTickets.day, hallDay(now)), inArray(hallTickets.status, IN_HAND)))
      .orderBy(desc(hallTickets.calledAt)).limit(10),
    getHall(db, hallId),
  ]);
  return {
    hallId, hallName: h.name, hallNameEn: h.nameEn,
    calls: calls.map((r) => callOf(r.t, r.w, r.t.calledAt!, false)),
    waiting: view.types.map((t) => ({ typeId: t.id, prefix: t.prefix, name: t.name, nameEn: t.nameEn, waiting: t.waiting })),
  };
}

export async function hallExists(db: Db, hallId: string): Promise<void> {
  await hallRow(db, hallId);
}

// ---- figures and supervision ----

const secs = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));

export async function figures(db: Db, caller: Caller, q: { hallId: string; from: string; to: string }): Promise<FiguresViewT> {
  const h = await hallRow(db, q.hallId);
  requireOverseer(caller, h);
  if (q.to < q.from) throw new AppError('HALL_PERIOD_INVALID', { field: 'to' });
  const [types, windows] = await Promise.all([
    db.select().from(hallBusinessTypes).where(eq(hallBusinessTypes.hallId, h.id)),
    db.select().from(hallWindows).where(eq(hallWindows.hallId, h.id)),
  ]);
  const rows = await db.select({ typeId: hallTickets.typeId, windowId: hallTickets.windowId, status: hallTickets.status, takenAt: hallTickets.takenAt, calledAt: hallTickets.calledAt, servingAt: hallTickets.servingAt, finishedAt: hallTickets.finishedAt })
    .from(hallTickets).where(and(eq(hallTickets.hallId, h.id), gte(hallTickets.day, q.from), sql`${hallTickets.day} <= ${q.to}`));
  const fold = (key: string, label: string, rs: typeof rows): FigureRowT => {
    const waits = rs.filter((r) => r.calledAt).map((r) => (r.calledAt!.getTime() - r.takenAt.getTime()) / 1000);
    const served = rs.filter((r) => r.status === 'done');
    const service = served.map((r) => (r.finishedAt!.getTime() - (r.servingAt ?? r.calledAt ?? r.finishedAt!).getTime()) / 1000);
    const avg = (xs: number[]) => (xs.length ? secs(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
    return { key, label, tickets: rs.length, served: served.length, noShows: rs.filter((r) => r.status === 'no_show' || r.status === 'skipped').length, avgWaitSeconds: avg(waits), avgServiceSeconds: avg(service) };
  };
  const hours = [...new Set(rows.map((r) => hallHour(r.takenAt)))].sort((a, b) => a - b);
  return {
    hallId: h.id, from: q.from, to: q.to,
    total: fold('all', h.name, rows),
    byType: types.sort((a, b) => a.prefix.localeCompare(b.prefix)).map((t) => fold(t.id, `${t.prefix} ${t.name}`, rows.filter((r) => r.typeId === t.id))),
    byWindow: windows.sort((a, b) => a.number - b.number).map((w) => fold(w.id, `${w.number} ${w.name}`, rows.filter((r) => r.windowId === w.id))),
    byHour: hours.map((hr) => fold(String(hr), `${String(hr).padStart(2, '0')}:00`, rows.filter((r) => hallHour(r.takenAt) === hr))),
  };
}

/** Tickets still waiting, longest first, each with its yellow/red card against the hall's limits. */
export async function waitingTickets(db: Db, caller: Caller, hallId: string, now: Date): Promise<WaitingViewT> {
  const h = await hallRow(db, hallId);
  requireOverseer(caller, h);
  const rows = await db.select({ t: hallTickets, typeName: hallBusinessTypes.name }).from(hallTickets).innerJoin(hallBusinessTypes, eq(hallBusinessTypes.id, hallTickets.typeId))
    .where(and(eq(hallTickets.hallId, hallId), eq(hallTickets.status, 'waiting'))).orderBy(asc(hallTickets.takenAt)).limit(500);
  return {
    hallId, yellowMinutes: h.yellowMinutes, redMinutes: h.redMinutes,
    tickets: rows.map(({ t, typeName }) => {
      const waitedMinutes = Math.max(0, Math.floor((now.getTime() - t.takenAt.getTime()) / 60_000));
      return { id: t.id, number: t.number, typeName, takenAt: t.takenAt.toISOString(), waitedMinutes, card: waitCard(waitedMinutes, h.yellowMinutes, h.redMinutes) };
    }),
  };
}
