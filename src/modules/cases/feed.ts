/**
 * Read-only feed of the case event log for consumers that keep projections (supervision's statistics).
 * Kept apart from service.ts: it writes nothing and never locks, so it cannot disturb the transition path.
 */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { regionPrefix } from '../../platform/validators.js';
import { processingLimit } from './rules.js';
import { caseEvents, cases } from './schema.js';

/** A position in the log: events are read in (at, region_code, case_id, seq) order. */
export interface FeedPosition {
  at: Date;
  regionCode: string;
  caseId: string;
  seq: number;
}

export interface FeedEvent extends FeedPosition {
  role: string;
  action: string;
  fromState: string | null;
  toState: string;
  payload: Record<string, unknown>;
}

const feedColumns = {
  at: caseEvents.at,
  regionCode: caseEvents.regionCode,
  caseId: caseEvents.caseId,
  seq: caseEvents.seq,
  role: caseEvents.role,
  action: caseEvents.action,
  fromState: caseEvents.fromState,
  toState: caseEvents.toState,
  payload: caseEvents.payload,
};

/** Up to `limit` events strictly after `after` in feed order (uses case_events_at_idx). */
export async function caseEventsAfter(db: Db, after: FeedPosition, limit: number): Promise<FeedEvent[]> {
  const rows = await db
    .select(feedColumns)
    .from(caseEvents)
    .where(
      or(
        sql`${caseEvents.at} > ${after.at}`,
        and(eq(caseEvents.at, after.at), sql`(${caseEvents.regionCode}, ${caseEvents.caseId}::text, ${caseEvents.seq}) > (${after.regionCode}, ${after.caseId}, ${after.seq})`),
      ),
    )
    .orderBy(asc(caseEvents.at), asc(caseEvents.regionCode), sql`${caseEvents.caseId}::text`, asc(caseEvents.seq))
    .limit(limit);
  return rows as FeedEvent[];
}

/** The events of one case after a sequence number, in order: fills a gap the time-ordered feed left. */
export async function caseEventsOf(db: Db, regionCode: string, caseId: string, afterSeq: number): Promise<FeedEvent[]> {
  const rows = await db
    .select(feedColumns)
    .from(caseEvents)
    .where(and(eq(caseEvents.regionCode, regionCode), eq(caseEvents.caseId, caseId), sql`${caseEvents.seq} > ${afterSeq}`))
    .orderBy(asc(caseEvents.seq));
  return rows as FeedEvent[];
}

/** What statistics group a case by: the parts of its row that never change after filing. */
export interface CaseProfile {
  regionCode: string;
  caseId: string;
  itemCode: string;
  itemName: string;
  departmentId: string;
  channel: string;
  /** 即办件: the item's promised limit is 0. */
  immediate: boolean;
  /** The limit the processing clock runs against once accepted (working days); null: no limit. */
  processingLimitDays: number | null;
}

export async function caseProfiles(db: Db, ids: readonly string[]): Promise<Map<string, CaseProfile>> {
  const out = new Map<string, CaseProfile>();
  if (!ids.length) return out;
  const rows = await db
    .select({
      regionCode: cases.regionCode,
      caseId: cases.id,
      item: cases.item,
      departmentId: cases.departmentId,
      channel: cases.channel,
    })
    .from(cases)
    .where(inArray(cases.id, [...ids]));
  for (const r of rows) {
    out.set(r.caseId, {
      regionCode: r.regionCode,
      caseId: r.caseId,
      itemCode: r.item.code,
      itemName: r.item.name,
      departmentId: r.departmentId,
      channel: r.channel,
      immediate: r.item.promisedLimit === 0,
      processingLimitDays: processingLimit(r.item),
    });
  }
  return out;
}

/**
 * Red and yellow cards of open cases in a region now: the running clocks only (the partial yellow_at
 * index), for the wall screen and the monthly report.
 */
export async function cardCounts(db: Db, within: string, now: Date): Promise<{ red: number; yellow: number }> {
  const prefix = regionPrefix(within);
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const [row] = await db
    .select({
      red: sql<number>`count(*) FILTER (WHERE ${cases.dueAt} <= ${now})::int`,
      yellow: sql<number>`count(*) FILTER (WHERE ${cases.dueAt} > ${now})::int`,
    })
    .from(cases)
    .where(and(sql`${cases.yellowAt} IS NOT NULL`, sql`${cases.yellowAt} <= ${now}`, sql`${cases.regionCode} >= ${prefix}`, sql`${cases.regionCode} < ${upper}`));
  return { red: Number(row?.red ?? 0), yellow: Number(row?.yellow ?? 0) };
}
