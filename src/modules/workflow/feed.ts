/**
 * Read-only feed of the bundle event log (联办过程记录) for projections kept elsewhere (supervision's
 * statistics). Writes nothing and takes no lock.
 */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { bundleCaseEvents, bundleCases } from './schema.js';

/** A position in the log: events are read in (at, region_code, bundle_id, seq) order. */
export interface BundleFeedPosition {
  at: Date;
  regionCode: string;
  bundleId: string;
  seq: number;
}

export interface BundleFeedEvent extends BundleFeedPosition {
  action: string;
  fromState: string | null;
  toState: string;
  payload: Record<string, unknown>;
}

const feedColumns = {
  at: bundleCaseEvents.at,
  regionCode: bundleCaseEvents.regionCode,
  bundleId: bundleCaseEvents.bundleId,
  seq: bundleCaseEvents.seq,
  action: bundleCaseEvents.action,
  fromState: bundleCaseEvents.fromState,
  toState: bundleCaseEvents.toState,
  payload: bundleCaseEvents.payload,
};

export async function bundleEventsAfter(db: Db, after: BundleFeedPosition, limit: number): Promise<BundleFeedEvent[]> {
  const e = bundleCaseEvents;
  const rows = await db
    .select(feedColumns)
    .from(e)
    .where(or(sql`${e.at} > ${after.at}`, and(eq(e.at, after.at), sql`(${e.regionCode}, ${e.bundleId}::text, ${e.seq}) > (${after.regionCode}, ${after.bundleId}, ${after.seq})`)))
    .orderBy(asc(e.at), asc(e.regionCode), sql`${e.bundleId}::text`, asc(e.seq))
    .limit(limit);
  return rows as BundleFeedEvent[];
}

export async function bundleEventsOf(db: Db, regionCode: string, bundleId: string, afterSeq: number): Promise<BundleFeedEvent[]> {
  const e = bundleCaseEvents;
  const rows = await db
    .select(feedColumns)
    .from(e)
    .where(and(eq(e.regionCode, regionCode), eq(e.bundleId, bundleId), sql`${e.seq} > ${afterSeq}`))
    .orderBy(asc(e.seq));
  return rows as BundleFeedEvent[];
}

export interface BundleProfile {
  regionCode: string;
  bundleId: string;
  bundleCode: string;
  bundleName: string;
  channel: string;
}

export async function bundleProfiles(db: Db, ids: readonly string[]): Promise<Map<string, BundleProfile>> {
  const out = new Map<string, BundleProfile>();
  if (!ids.length) return out;
  const rows = await db
    .select({ regionCode: bundleCases.regionCode, bundleId: bundleCases.id, bundleCode: bundleCases.bundleCode, bundleName: sql<string>`${bundleCases.definition}->>'name'`, channel: bundleCases.channel })
    .from(bundleCases)
    .where(inArray(bundleCases.id, [...ids]));
  for (const r of rows) out.set(r.bundleId, r);
  return out;
}
