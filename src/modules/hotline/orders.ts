/**
 * What every phase of the work order shares: the caller's facts, settings along the region chain, the clock
 * (from the calendar module, as cases compute it), the row lock, the event and the rollup counters.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FieldCipher } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { cardFromInstants, DEFAULT_CARD_THRESHOLDS, due, loadWorkCalendar, yellowLeadDays } from './deps.js';
import { hotlineLog } from './events.js';
import { abilities, authorize, isAssist, isHandler, isOperator, isSupervisor, type CallerFacts, type OrderAction, type OrderFacts } from './policy.js';
import { effectiveSettings, monthOf, OPEN_STATES, regionChain, scopesOf, type OrderState, type Settings } from './rules.js';
import { hotlineAssists, hotlineCentres, hotlineFigureRollups, hotlineListRollups, hotlineOrders, hotlineRollups, hotlineSettings } from './schema.js';

export interface HotlineEnv {
  cipher: FieldCipher;
  now?: () => Date;
  ip?: string | null;
}

export const nowOf = (env: HotlineEnv) => env.now?.() ?? new Date();
/** Rollup key of what the desk handled itself, and of intake before any dispatch. */
export const NO_DEPARTMENT = '00000000-0000-0000-0000-000000000000';

export type OrderRow = typeof hotlineOrders.$inferSelect;

export async function callerFacts(db: Db, caller: Caller): Promise<CallerFacts> {
  if (caller.kind !== 'staff' || !caller.departmentId) return { caller, centreRegion: null };
  const [row] = await db.select({ regionCode: hotlineCentres.regionCode }).from(hotlineCentres).where(eq(hotlineCentres.departmentId, caller.departmentId)).limit(1);
  return { caller, centreRegion: row?.regionCode ?? null };
}

export async function settingsFor(db: Db, regionCode: string): Promise<Settings> {
  const chain = regionChain(regionCode);
  const rows = await db.select().from(hotlineSettings).where(inArray(hotlineSettings.regionCode, chain));
  return effectiveSettings(chain.map((c) => rows.find((r) => r.regionCode === c)));
}

/** due and the instant the order turns yellow, exactly as cases compute theirs (calendar module, same thresholds). */
export async function clockInstants(db: Db, regionCode: string, start: Date, limitDays: number): Promise<{ dueAt: Date; yellowAt: Date }> {
  const cal = await loadWorkCalendar(db, regionCode);
  const d = due(cal, start, limitDays).due;
  const lead = yellowLeadDays(limitDays, DEFAULT_CARD_THRESHOLDS) * cal.dayMs;
  const y = cal.instantAt(Math.max(0, cal.workingMs(d.getTime()) - lead));
  return { dueAt: d, yellowAt: new Date(Math.max(y, start.getTime())) };
}

export function cardOf(row: Pick<OrderRow, 'state' | 'dueAt' | 'yellowAt'>, now: Date) {
  return OPEN_STATES.includes(row.state) ? cardFromInstants(now, row.dueAt, row.yellowAt) : null;
}

export async function assistsOf(db: Db, orderIds: string[]) {
  if (!orderIds.length) return [];
  return db.select().from(hotlineAssists).where(inArray(hotlineAssists.orderId, orderIds));
}

export function factsOf(row: OrderRow, assistIds: readonly string[], now: Date): OrderFacts {
  return {
    regionCode: row.regionCode,
    state: row.state,
    departmentId: row.departmentId,
    citizenId: row.citizenId,
    extensionPending: row.extension !== null,
    followedUp: row.followUp !== null,
    reopenCount: row.reopenCount,
    card: cardOf(row, now),
    assistDepartmentIds: assistIds,
  };
}

export function summary(row: OrderRow, cf: CallerFacts, facts: OrderFacts, now: Date) {
  return {
    id: row.id,
    number: row.number,
    regionCode: row.regionCode,
    channel: row.channel,
    category: row.category,
    subjectCode: row.subjectCode,
    state: row.state,
    title: row.title,
    anonymous: row.anonymous,
    callerNameMasked: row.callerNameMasked,
    callerPhoneMasked: row.callerPhoneMasked,
    departmentId: row.departmentId,
    receivedAt: row.receivedAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
    card: cardOf(row, now),
    closedAt: row.closedAt?.toISOString() ?? null,
    closedOnTime: row.closedOnTime,
    followUpResult: row.followUp?.result ?? null,
    reopenCount: row.reopenCount,
    superviseCount: row.superviseCount,
    extensionPending: row.extension !== null,
    mergedInto: row.mergedInto,
    abilities: abilities(cf, facts),
  };
}

export interface RollupKey {
  regionCode: string;
  month: string;
  category: string;
  subjectCode: string;
  departmentId: string;
  channel: string;
}
export type RollupDelta = Partial<Record<'received' | 'dispatched' | 'closed' | 'closedOnTime' | 'satisfied' | 'basic' | 'unsatisfied', number>>;

const ROLLUP_COLUMNS = { received: 'received', dispatched: 'dispatched', closed: 'closed', closedOnTime: 'closed_on_time', satisfied: 'satisfied', basic: 'basic', unsatisfied: 'unsatisfied' } as const;

/** Adds the deltas to their rollup rows (one statement for all of them), in the caller's transaction. */
export async function bumpRollups(tx: Db, entries: readonly { key: RollupKey; delta: RollupDelta }[]): Promise<void> {
  const merged = new Map<string, { key: RollupKey; delta: Required<RollupDelta> }>();
  for (const { key, delta } of entries) {
    const id = rowId(key);
    const m = merged.get(id) ?? { key, delta: zero() };
    for (const [k, v] of Object.entries(delta)) m.delta[k as keyof RollupDelta] += v ?? 0;
    merged.set(id, m);
  }
  const rows = [...merged.values()].map(({ key, delta }) => ({ ...key, ...delta }));
  // Sorted, so that two transactions moving the same rows lock them in the same order.
  rows.sort((a, b) => rowId(a).localeCompare(rowId(b)));
  for (let i = 0; i < rows.length; i += 2000) {
    await tx
      .insert(hotlineRollups)
      .values(rows.slice(i, i + 2000))
      .onConflictDoUpdate({
        target: [hotlineRollups.regionCode, hotlineRollups.month, hotlineRollups.category, hotlineRollups.subjectCode, hotlineRollups.departmentId, hotlineRollups.channel],
        set: Object.fromEntries(Object.entries(ROLLUP_COLUMNS).map(([k, col]) => [k, sql.raw(`hotline_rollups.${col} + excluded.${col}`)])),
      });
  }
  await bumpScopeRollups(tx, [...merged.values()]);
}

const rowId = (k: RollupKey) => [k.regionCode, k.month, k.category, k.subjectCode, k.departmentId, k.channel].join('|');
const zero = (): Required<RollupDelta> => ({ received: 0, dispatched: 0, closed: 0, closedOnTime: 0, satisfied: 0, basic: 0, unsatisfied: 0 });
const addTo = (into: Required<RollupDelta>, d: Required<RollupDelta>) => {
  for (const k of Object.keys(ROLLUP_COLUMNS) as (keyof RollupDelta)[]) into[k] += d[k];
};

/**
 * The same deltas folded into the supervisor's coarse rollups: every scope the region falls under, by category,
 * and by subject and department for the top lists. A row exists there exactly when a detailed row projects onto
 * it, so the two agree with a recount (rollups.test.ts).
 */
async function bumpScopeRollups(tx: Db, entries: readonly { key: RollupKey; delta: Required<RollupDelta> }[]): Promise<void> {
  const figures = new Map<string, { scope: string; parent: string; month: string; category: string; delta: Required<RollupDelta> }>();
  const lists = new Map<string, { scope: string; month: string; dimension: 'subject' | 'department'; key: string; delta: Required<RollupDelta> }>();
  for (const { key, delta } of entries) {
    for (const { scope, parent } of scopesOf(key.regionCode)) {
      const f = `${scope}|${key.month}|${key.category}`;
      const fr = figures.get(f) ?? { scope, parent, month: key.month, category: key.category, delta: zero() };
      addTo(fr.delta, delta);
      figures.set(f, fr);
      const keys: ['subject' | 'department', string][] = [['subject', key.subjectCode]];
      if (key.departmentId !== NO_DEPARTMENT) keys.push(['department', key.departmentId]);
      for (const [dimension, k] of keys) {
        const l = `${scope}|${dimension}|${key.month}|${k}`;
        const lr = lists.get(l) ?? { scope, month: key.month, dimension, key: k, delta: zero() };
        addTo(lr.delta, delta);
        lists.set(l, lr);
      }
    }
  }
  const set = (table: string) => Object.fromEntries(Object.entries(ROLLUP_COLUMNS).map(([k, col]) => [k, sql.raw(`${table}.${col} + excluded.${col}`)]));
  const fRows = [...figures.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => ({ scope: r.scope, parent: r.parent, month: r.month, category: r.category, ...r.delta }));
  for (let i = 0; i < fRows.length; i += 2000) {
    await tx.insert(hotlineFigureRollups).values(fRows.slice(i, i + 2000)).onConflictDoUpdate({ target: [hotlineFigureRollups.scope, hotlineFigureRollups.month, hotlineFigureRollups.category], set: set('hotline_figure_rollups') });
  }
  const lRows = [...lists.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => ({ scope: r.scope, month: r.month, dimension: r.dimension, key: r.key, ...r.delta }));
  for (let i = 0; i < lRows.length; i += 2000) {
    await tx.insert(hotlineListRollups).values(lRows.slice(i, i + 2000)).onConflictDoUpdate({ target: [hotlineListRollups.scope, hotlineListRollups.dimension, hotlineListRollups.month, hotlineListRollups.key], set: set('hotline_list_rollups') });
  }
}

export function rollupKey(row: Pick<OrderRow, 'regionCode' | 'category' | 'subjectCode' | 'channel'>, at: Date, departmentId: string | null): RollupKey {
  return { regionCode: row.regionCode, month: monthOf(at), category: row.category, subjectCode: row.subjectCode, departmentId: departmentId ?? NO_DEPARTMENT, channel: row.channel };
}

export interface EventInput {
  action: string;
  toState: OrderState;
  payload: Record<string, unknown>;
}

export interface Step {
  toState: OrderState;
  patch?: Partial<typeof hotlineOrders.$inferInsert>;
  payload?: Record<string, unknown>;
  rollups?: { key: RollupKey; delta: RollupDelta }[];
  action?: string;
}

/**
 * One transition: lock the order, check the caller may do `action` in its state, apply the step's change,
 * append its event and move its rollups, all in one transaction.
 */
export async function transition(
  db: Db,
  env: HotlineEnv,
  caller: Caller,
  orderId: string,
  action: OrderAction,
  run: (ctx: { tx: Db; row: OrderRow; now: Date; facts: OrderFacts; cf: CallerFacts }) => Promise<Step> | Step,
) {
  const now = nowOf(env);
  const cf = await callerFacts(db, caller);
  return db.transaction(async (tx) => {
    const row = await lockOrder(tx, orderId);
    const assists = await assistsOf(tx, [row.id]);
    const facts = factsOf(row, assists.map((a) => a.departmentId), now);
    authorize(cf, facts, action);
    const step = await run({ tx, row, now, facts, cf });
    const head = await appendEvent(tx, row, caller, roleOf(cf, facts), now, { action: step.action ?? action, fromState: row.state, toState: step.toState, payload: step.payload ?? {} });
    const [next] = await tx
      .update(hotlineOrders)
      .set({ ...step.patch, state: step.toState, version: head.version, lastHash: head.lastHash, updatedAt: now })
      .where(and(eq(hotlineOrders.regionCode, row.regionCode), eq(hotlineOrders.id, row.id)))
      .returning();
    if (step.rollups?.length) await bumpRollups(tx, step.rollups);
    const nextAssists = await assistsOf(tx, [row.id]);
    return summary(next!, cf, factsOf(next!, nextAssists.map((a) => a.departmentId), now), now);
  });
}

/** The order row under FOR UPDATE: the lock every append of its chain holds. */
export async function lockOrder(tx: Db, id: string): Promise<OrderRow> {
  const [ref] = await tx.select({ regionCode: hotlineOrders.regionCode }).from(hotlineOrders).where(eq(hotlineOrders.id, id)).limit(1);
  if (!ref) throw new AppError('HOTLINE_ORDER_NOT_FOUND');
  const [row] = await tx.select().from(hotlineOrders).where(and(eq(hotlineOrders.regionCode, ref.regionCode), eq(hotlineOrders.id, id))).for('update');
  if (!row) throw new AppError('HOTLINE_ORDER_NOT_FOUND');
  return row;
}

/** The capacity the caller acts in on this order, as the event records it. */
export function roleOf(cf: CallerFacts, o: OrderFacts): string {
  if (isOperator(cf, o)) return 'operator';
  if (isHandler(cf, o)) return 'department';
  if (isAssist(cf, o)) return 'assist_department';
  if (isSupervisor(cf, o)) return 'supervisor';
  return cf.caller.kind === 'staff' ? (cf.caller.roles[0] ?? 'staff') : 'citizen';
}

/** Appends the order's next event through the platform log; the caller writes the returned head in its update. */
export async function appendEvent(tx: Db, row: Pick<OrderRow, 'regionCode' | 'id' | 'version' | 'lastHash'>, caller: Caller | null, role: string, at: Date, e: EventInput & { fromState: OrderState | null }) {
  return hotlineLog.insertEvent(tx, { regionCode: row.regionCode, id: row.id, version: row.version, lastHash: row.lastHash }, {
    at, actorId: caller?.id ?? null, actorName: caller?.displayName ?? null, role, action: e.action, fromState: e.fromState, toState: e.toState, payload: e.payload,
  });
}

export async function orderRow(db: Db, id: string): Promise<OrderRow> {
  const [row] = await db.select().from(hotlineOrders).where(eq(hotlineOrders.id, id)).limit(1);
  if (!row) throw new AppError('HOTLINE_ORDER_NOT_FOUND');
  return row;
}
