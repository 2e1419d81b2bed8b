import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db.js';
import { checkChainHead, eventHash, type ChainBreak, type StoredEvent } from './chain.js';
import { walkChains } from './walk.js';

/** The owner table: one row per chain, whose `version` and `last_hash` are the chain's head. */
export type OwnerTable = PgTable & { regionCode: AnyPgColumn; id: AnyPgColumn; version: AnyPgColumn; lastHash: AnyPgColumn };
/** The event table: `region_code`, the owner's id under `K`, then `eventColumns()`. */
export type EventTable<K extends string> = PgTable & { regionCode: AnyPgColumn; seq: AnyPgColumn } & { [P in K]: AnyPgColumn };

export interface EventLogSpec<K extends string> {
  /** A stable name for the kind of chain ('case', 'bundle_case', 'rating'): checkpoints and reports use it. */
  kind: string;
  owner: OwnerTable;
  events: EventTable<K>;
  /** The event table's property holding the owner's id ('caseId', 'ratingId' …). */
  ownerKey: K;
  /** A human reference shown in reports next to the id (the case number …). */
  label?: AnyPgColumn;
  /** The key the owner id is hashed under; only the chains written before the log was shared differ. */
  hashOwnerAs?: string;
}

/** A chain head as the owner row holds it. */
export interface ChainHead {
  regionCode: string;
  id: string;
  version: number;
  lastHash: string;
}

/** What a module says about one event; seq, hashes and the owner come from the head. */
export interface EventInput {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  /** The capacity in which the actor acted ('window_clerk', 'system' …). */
  role: string;
  action: string;
  fromState: string | null;
  toState: string;
  payload: Record<string, unknown>;
}

export interface ChainProblem {
  kind: string;
  id: string;
  regionCode: string;
  label: string | null;
  break: ChainBreak;
  /** The owner row does not point at the last event (its version or last hash differs). */
  headMismatch?: boolean;
}

export interface KindReport {
  kind: string;
  chainsChecked: number;
  eventsChecked: number;
  broken: ChainProblem[];
}

export interface EventLog {
  readonly kind: string;
  /** Locks the owner row (SELECT … FOR UPDATE) in the caller's transaction and returns its head, or null. */
  lock(tx: Db, key: { regionCode: string; id: string }): Promise<ChainHead | null>;
  /**
   * Inserts the next event after `head`. The caller holds the owner row's lock and sets the owner row's
   * `version` and `lastHash` to the result in the same transaction (usually in the update that changes the
   * row's state), or calls `append`, which does both.
   */
  insertEvent(tx: Db, head: ChainHead, e: EventInput): Promise<{ seq: number; hash: string; version: number; lastHash: string }>;
  /** insertEvent, then moves the owner row's head; refuses (throws) when the row's head is not `head`. */
  append(tx: Db, head: ChainHead, e: EventInput): Promise<{ seq: number; hash: string; version: number; lastHash: string }>;
  /** Walks every chain (or one owner's) in batches, handing each head with its events in order. */
  walk(db: Db, visit: (head: ChainHead & { label: string | null }, events: StoredEvent[]) => void, opts?: { ownerId?: string; batch?: number }): Promise<number>;
  /** Checks every chain (or one owner's): hashes, sequence, and the owner row pointing at the last event. */
  verify(db: Db, opts?: { ownerId?: string; batch?: number }): Promise<KindReport>;
  /** Hashes a stored event as the chain does (for checks that compare one event). */
  hashOf(prevHash: string, e: StoredEvent): string;
  /** The checkChainHead of this kind (the owner key it hashes under). */
  checkHead(head: { version: number; lastHash: string }, events: readonly StoredEvent[]): ReturnType<typeof checkChainHead>;
}

const registry = new Map<string, EventLog>();

/** Every event log defined in this process, by kind: what `tongban verify` and the checkpoints walk. */
export function eventLogs(): EventLog[] {
  return [...registry.values()].sort((a, b) => (a.kind < b.kind ? -1 : 1));
}

/**
 * Declares a kind of hash chain and registers it, so that verification and checkpoints include it without
 * further wiring. Call once per kind at module load (beside the module's tables).
 */
export function defineEventLog<K extends string>(spec: EventLogSpec<K>): EventLog {
  if (registry.has(spec.kind)) throw new Error(`event log kind ${spec.kind} is defined twice`);
  const { owner, events, ownerKey } = spec;
  const ownerField = spec.hashOwnerAs ?? 'ownerId';
  const ownerCol = events[ownerKey] as AnyPgColumn;
  const label = spec.label ?? owner.id;

  const toStored = (row: Record<string, unknown>): StoredEvent => ({ ...(row as unknown as StoredEvent), ownerId: row[ownerKey] as string });

  const insertEvent: EventLog['insertEvent'] = async (tx, head, e) => {
    const seq = head.version + 1;
    // jsonb drops undefined and normalises key order: hash exactly what a later read returns.
    const payload = JSON.parse(JSON.stringify(e.payload)) as Record<string, unknown>;
    const body = { ownerId: head.id, seq, at: e.at, actorId: e.actorId, role: e.role, action: e.action, fromState: e.fromState, toState: e.toState, payload };
    const hash = eventHash(head.lastHash, body, ownerField);
    await tx.insert(events).values({ regionCode: head.regionCode, [ownerKey]: head.id, seq, at: e.at, actorId: e.actorId, actorName: e.actorName, role: e.role, action: e.action, fromState: e.fromState, toState: e.toState, payload, prevHash: head.lastHash, hash } as never);
    return { seq, hash, version: seq, lastHash: hash };
  };

  const log: EventLog = {
    kind: spec.kind,
    async lock(tx, key) {
      const [row] = await tx
        .select({ regionCode: owner.regionCode, id: owner.id, version: owner.version, lastHash: owner.lastHash })
        .from(owner)
        .where(and(eq(owner.regionCode, key.regionCode), eq(owner.id, key.id)))
        .for('update');
      return (row as ChainHead | undefined) ?? null;
    },
    insertEvent,
    async append(tx, head, e) {
      const ev = await insertEvent(tx, head, e);
      const moved = await tx
        .update(owner)
        .set({ version: ev.version, lastHash: ev.lastHash } as never)
        .where(and(eq(owner.regionCode, head.regionCode), eq(owner.id, head.id), eq(owner.version, head.version)))
        .returning({ id: owner.id });
      if (moved.length !== 1) throw new Error(`${spec.kind} ${head.id}: the head moved under the append (is the owner row locked?)`);
      return ev;
    },
    walk(db, visit, opts = {}) {
      return walkChains(
        {
          heads: (after, limit) =>
            db
              .select({ id: owner.id, regionCode: owner.regionCode, version: owner.version, lastHash: owner.lastHash, label: label })
              .from(owner)
              .where(opts.ownerId ? eq(owner.id, opts.ownerId) : sql`${owner.id}::text > ${after}`)
              .orderBy(sql`${owner.id}::text`)
              .limit(limit) as Promise<(ChainHead & { label: string | null })[]>,
          events: async (ids) => (await db.select().from(events as PgTable).where(inArray(ownerCol, ids)).orderBy(asc(ownerCol), asc(events.seq))).map((r) => toStored(r as Record<string, unknown>)),
          ownerOf: (e) => e.ownerId,
          single: opts.ownerId !== undefined,
        },
        (h, list) => visit({ ...h, label: h.label === null ? null : String(h.label) }, list),
        opts.batch,
      );
    },
    async verify(db, opts = {}) {
      const report: KindReport = { kind: spec.kind, chainsChecked: 0, eventsChecked: 0, broken: [] };
      await log.walk(
        db,
        (h, list) => {
          report.chainsChecked++;
          report.eventsChecked += list.length;
          const problem = checkChainHead(h, list, ownerField);
          if (problem) report.broken.push({ kind: spec.kind, id: h.id, regionCode: h.regionCode, label: h.label, break: problem.break, ...(problem.headMismatch ? { headMismatch: true } : {}) });
        },
        opts,
      );
      return report;
    },
    hashOf: (prevHash, e) => eventHash(prevHash, e, ownerField),
    checkHead: (head, list) => checkChainHead(head, list, ownerField),
  };
  registry.set(spec.kind, log);
  return log;
}

/** Verifies every chain of every registered kind. */
export async function verifyAllChains(db: Db, opts: { batch?: number } = {}): Promise<{ ok: boolean; kinds: KindReport[] }> {
  const kinds: KindReport[] = [];
  for (const log of eventLogs()) kinds.push(await log.verify(db, opts));
  return { ok: kinds.every((k) => k.broken.length === 0), kinds };
}
