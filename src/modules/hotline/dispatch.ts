/** Answer or dispatch: the desk answers from the knowledge base or sends the order to departments; they return or reply. */
import { and, eq, gte, lte, ne, or } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { getDepartment, getDepartmentByCode } from './deps.js';
import { authorize } from './policy.js';
import { callerFacts, clockInstants, factsOf, orderRow, rollupKey, settingsFor, transition, type HotlineEnv, type OrderRow } from './orders.js';
import { isDuplicate, regionChain, regionPrefix } from './rules.js';
import { hotlineAssists, hotlineKbEntries, hotlineOrders, hotlineSubjects } from './schema.js';

/** The verdict on time at a closure: 办结 at or before the due instant. */
export function closing(row: OrderRow, now: Date, departmentId: string | null) {
  const onTime = row.dueAt ? now.getTime() <= row.dueAt.getTime() : true;
  return {
    patch: { closedAt: now, closedOnTime: onTime, closedMonth: rollupKey(row, now, null).month, closedDepartmentId: departmentId, yellowAt: null },
    rollup: { key: rollupKey(row, now, departmentId), delta: { closed: 1, closedOnTime: onTime ? 1 : 0 } },
    onTime,
  };
}

/** 即时答复: the desk answers (a 咨询 from the knowledge base, typically) and the order is closed at once. */
export async function answer(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { answer: string; kbEntryId?: string }) {
  return transition(db, env, caller, id, 'answer', async ({ tx, row, now }) => {
    if (input.kbEntryId) {
      const [kb] = await tx.select({ id: hotlineKbEntries.id }).from(hotlineKbEntries).where(eq(hotlineKbEntries.id, input.kbEntryId)).limit(1);
      if (!kb) throw new AppError('HOTLINE_KB_NOT_FOUND');
    }
    const c = closing(row, now, null);
    const settings = await settingsFor(tx, row.regionCode);
    const followUpDueAt = (await clockInstants(tx, row.regionCode, now, settings.followUpDays)).dueAt;
    return {
      toState: 'closed',
      patch: { ...c.patch, answer: input.answer, kbEntryId: input.kbEntryId ?? null, departmentId: null, followUpDueAt },
      payload: { kbEntryId: input.kbEntryId ?? null, onTime: c.onTime },
      rollups: [c.rollup],
    };
  });
}

/** 直派: the department a subject goes to — the region's override, else the subject's department in the order's region or its parents. */
export async function directRoute(db: Db, row: Pick<OrderRow, 'regionCode' | 'subjectCode'>, centreRegion: string): Promise<string> {
  const settings = await settingsFor(db, row.regionCode);
  if (settings.routes[row.subjectCode]) return settings.routes[row.subjectCode]!;
  const [subject] = await db.select().from(hotlineSubjects).where(eq(hotlineSubjects.code, row.subjectCode)).limit(1);
  if (subject?.departmentShort) {
    for (const region of regionChain(row.regionCode)) {
      if (!region.startsWith(regionPrefix(centreRegion))) break;
      const dept = await getDepartmentByCode(db, `${region}-${subject.departmentShort}`).catch(() => null);
      if (dept) return dept.id;
    }
  }
  throw new AppError('HOTLINE_NO_ROUTE', { subjectCode: row.subjectCode });
}

async function departmentWithin(db: Db, id: string, centreRegion: string) {
  const dept = await getDepartment(db, id).catch(() => null);
  if (!dept || !dept.regionCode.startsWith(regionPrefix(centreRegion))) throw new AppError('HOTLINE_DEPARTMENT_INVALID', { departmentId: id });
  return dept;
}

/** 转办 to a lead department (chosen, or by the subject's rule) with optional 协办 departments. */
export async function dispatch(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { departmentId?: string; assistDepartmentIds?: string[]; note?: string }) {
  return transition(db, env, caller, id, 'dispatch', async ({ tx, row, now, cf }) => {
    const centre = cf.centreRegion!;
    const direct = !input.departmentId;
    const lead = input.departmentId ? (await departmentWithin(tx, input.departmentId, centre)).id : await directRoute(tx, row, centre);
    const assists = [...new Set(input.assistDepartmentIds ?? [])].filter((d) => d !== lead);
    for (const a of assists) await departmentWithin(tx, a, centre);
    await tx.delete(hotlineAssists).where(eq(hotlineAssists.orderId, row.id));
    if (assists.length) await tx.insert(hotlineAssists).values(assists.map((departmentId) => ({ orderId: row.id, departmentId })));
    return {
      toState: 'dispatched',
      patch: { departmentId: lead },
      payload: { departmentId: lead, assistDepartmentIds: assists, direct, note: input.note ?? null },
      rollups: [{ key: rollupKey(row, now, lead), delta: { dispatched: 1 } }],
    };
  });
}

/** 退回: the lead department says the order is not theirs; it goes back to the desk with the reason. */
export async function returnOrder(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { reason: string }) {
  return transition(db, env, caller, id, 'return', async ({ tx, row }) => {
    await tx.delete(hotlineAssists).where(eq(hotlineAssists.orderId, row.id));
    return { toState: 'returned', patch: { departmentId: null, extension: null }, payload: { departmentId: row.departmentId, reason: input.reason } };
  });
}

/** 答复: the lead department's answer; the desk then closes the order. */
export async function reply(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { answer: string }) {
  return transition(db, env, caller, id, 'reply', () => ({ toState: 'replied', patch: { answer: input.answer }, payload: { departmentId: caller.departmentId, length: input.answer.length } }));
}

/** 协办意见: an assisting department's opinion to the lead; the state does not change. */
export async function assistReply(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { opinion: string }) {
  return transition(db, env, caller, id, 'assistReply', async ({ tx, row, now }) => {
    await tx.update(hotlineAssists).set({ opinion: input.opinion, answeredAt: now }).where(and(eq(hotlineAssists.orderId, row.id), eq(hotlineAssists.departmentId, caller.departmentId!)));
    return { toState: row.state, payload: { departmentId: caller.departmentId } };
  });
}

/** 延期申请 by the lead department, before it replies. */
export async function requestExtension(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { days: number; reason: string }) {
  return transition(db, env, caller, id, 'requestExtension', ({ row, now }) => ({
    toState: row.state,
    patch: { extension: { days: input.days, reason: input.reason, requestedBy: caller.id, requestedAt: now.toISOString() } },
    payload: { days: input.days, reason: input.reason },
  }));
}

/** 延期审批 by the desk or a supervisor: approved, the limit grows and due and yellow move with it. */
export async function decideExtension(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { approve: boolean; note?: string }) {
  return transition(db, env, caller, id, 'decideExtension', async ({ tx, row }) => {
    const ext = row.extension!;
    if (!input.approve) return { toState: row.state, patch: { extension: null }, payload: { approve: false, days: ext.days, note: input.note ?? null } };
    const limitDays = row.limitDays + ext.days;
    const clock = await clockInstants(tx, row.regionCode, row.clockStart, limitDays);
    return {
      toState: row.state,
      patch: { extension: null, limitDays, extendedDays: row.extendedDays + ext.days, dueAt: clock.dueAt, yellowAt: row.state === 'replied' ? null : clock.yellowAt },
      payload: { approve: true, days: ext.days, dueAt: clock.dueAt.toISOString(), note: input.note ?? null },
    };
  });
}

/** 督办 of a yellow- or red-card order by a supervisor. */
export async function supervise(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { note: string }) {
  return transition(db, env, caller, id, 'supervise', ({ row, facts }) => ({
    toState: row.state,
    patch: { superviseCount: row.superviseCount + 1 },
    payload: { note: input.note, card: facts.card, departmentId: row.departmentId },
  }));
}

/** Earlier open orders that repeat this one (same caller or place, same subject, within the region's window). */
export async function duplicates(db: Db, env: HotlineEnv, caller: Caller, id: string) {
  const cf = await callerFacts(db, caller);
  const row = await orderRow(db, id);
  authorize(cf, factsOf(row, [], env.now?.() ?? new Date()), 'view');
  if (!cf.centreRegion) throw new AppError('HOTLINE_NOT_OPERATOR');
  const { mergeWindowHours } = await settingsFor(db, row.regionCode);
  const span = mergeWindowHours * 3_600_000;
  const candidates = await db
    .select()
    .from(hotlineOrders)
    .where(and(
      eq(hotlineOrders.subjectCode, row.subjectCode),
      ne(hotlineOrders.id, row.id),
      ne(hotlineOrders.state, 'merged'),
      gte(hotlineOrders.receivedAt, new Date(row.receivedAt.getTime() - span)),
      lte(hotlineOrders.receivedAt, new Date(row.receivedAt.getTime() + span)),
      or(row.callerIndex ? eq(hotlineOrders.callerIndex, row.callerIndex) : undefined, row.location ? eq(hotlineOrders.location, row.location) : undefined) ?? eq(hotlineOrders.id, row.id),
    ))
    .limit(20);
  return candidates
    .filter((c) => isDuplicate(c, row, mergeWindowHours))
    .map((c) => ({ id: c.id, number: c.number, state: c.state, title: c.title, receivedAt: c.receivedAt.toISOString() }));
}

/** 并单: a repeat joins an earlier order; it leaves the counts (one request, not two) and keeps its link. */
export async function merge(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { intoId: string }) {
  return transition(db, env, caller, id, 'merge', async ({ tx, row }) => {
    if (input.intoId === row.id) throw new AppError('HOTLINE_NOT_DUPLICATE');
    const [into] = await tx.select().from(hotlineOrders).where(eq(hotlineOrders.id, input.intoId)).limit(1);
    if (!into) throw new AppError('HOTLINE_ORDER_NOT_FOUND', { field: 'intoId' });
    const { mergeWindowHours } = await settingsFor(tx, row.regionCode);
    if (into.state === 'merged' || !isDuplicate(into, row, mergeWindowHours)) throw new AppError('HOTLINE_NOT_DUPLICATE');
    return {
      toState: 'merged',
      patch: { mergedInto: into.id, yellowAt: null },
      payload: { into: into.id, intoNumber: into.number },
      rollups: [{ key: rollupKey(row, row.receivedAt, null), delta: { received: -1 } }],
    };
  });
}

