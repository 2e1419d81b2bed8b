/**
 * The consumer that keeps the statistics current: it reads the case and bundle event logs after its cursor
 * and applies each event once to the projections and rollups, in one transaction per page together with
 * the cursor. Reads never scan cases; they sum rollup rows.
 *
 * Order and late commits: the log is read in (at, region, id, seq) order, but a transaction can commit an
 * event whose `at` is older than events already read. So every run re-reads a lookback window before the
 * cursor, and every entity keeps the last sequence number applied: an event at or below it is skipped, and
 * an event past a gap makes the consumer read that entity's missing events by id first (a case's events
 * are serialised by its row lock, so the earlier ones are already committed). Runs are serialised on the
 * cursor row, so two nodes never apply the same event.
 */
import { eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db.js';
import {
  bundleEventsAfter,
  bundleEventsOf,
  bundleProfiles,
  caseEventsAfter,
  caseEventsOf,
  caseProfiles,
  elapsed,
  loadWorkCalendar,
  localDate,
  type WorkCalendar,
} from './deps.js';
import {
  BUNDLE_COUNTERS,
  bundleContribution,
  CASE_COUNTERS,
  caseContribution,
  delta,
  initialCaseStat,
  reduceBundle,
  reduceCase,
  sumCounters,
  type BundleStat,
  type CaseEventLike,
  type CaseStat,
  type Counters,
} from './rules.js';
import { statsBundleRollups, statsBundleStates, statsCaseStates, statsCursors, statsLabels, statsRollups } from './schema.js';

export interface RefreshOptions {
  /** Events per transaction. */
  batch?: number;
  /** How far before the cursor each run looks again for late commits (default TONGBAN_STATS_LOOKBACK_SECONDS or 300 s). */
  lookbackMs?: number;
  /** true: if another node is refreshing, return at once instead of waiting (the read path). */
  skipIfBusy?: boolean;
  /** Stop after this many pages (the read path bounds its wait). */
  maxPages?: number;
}

export interface RefreshReport {
  applied: number;
  pages: number;
  busy: boolean;
}

const dayOf = (iso: string) => localDate(new Date(iso));
const ZERO_ID = '00000000-0000-0000-0000-000000000000';

interface Entity<S> {
  lastSeq: number;
  state: S;
}

interface EventOf {
  at: Date;
  regionCode: string;
  seq: number;
}

/** One log and its projection; the refresh loop below is the same for cases and bundles. */
interface Log<E extends EventOf & CaseEventLike, S> {
  name: 'cases' | 'bundles';
  idOf(e: E): string;
  after(db: Db, at: Date, region: string, id: string, seq: number, limit: number): Promise<E[]>;
  of(db: Db, region: string, id: string, afterSeq: number): Promise<E[]>;
  load(db: Db, ids: string[]): Promise<Map<string, Entity<S>>>;
  /** The state before the entity's first event, or null when the entity is gone (never for append-only logs). */
  initial(db: Db, ids: string[]): Promise<Map<string, S>>;
  reduce(s: S, e: E, cal: (region: string) => Promise<WorkCalendar>): Promise<S>;
  contribution(s: S): Map<string, Counters<string>>;
  dims(region: string, s: S): Record<string, string>;
  save(db: Db, rows: { regionCode: string; id: string; lastSeq: number; state: S }[]): Promise<void>;
  table: PgTable;
  counters: readonly string[];
}

async function cursorOf(tx: Db, name: string, skipIfBusy: boolean): Promise<Date | null> {
  await tx.insert(statsCursors).values({ name: name as 'cases', at: new Date(0) }).onConflictDoNothing();
  const [row] = await tx
    .select({ at: statsCursors.at })
    .from(statsCursors)
    .where(eq(statsCursors.name, name as 'cases'))
    .for('update', skipIfBusy ? { skipLocked: true } : {});
  return row?.at ?? null;
}

/** Adds the deltas to the rollup table: insert the bucket or add to it. */
async function addToRollups(tx: Db, table: PgTable, counters: readonly string[], rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const cols = getTableColumns(table) as Record<string, PgColumn>;
  const set: Record<string, SQL> = {};
  for (const k of counters) set[k] = sql`${cols[k]} + excluded.${sql.identifier(cols[k]!.name)}`;
  const target = Object.keys(cols).filter((k) => !counters.includes(k)).map((k) => cols[k]!);
  for (let i = 0; i < rows.length; i += 500) {
    await tx.insert(table).values(rows.slice(i, i + 500)).onConflictDoUpdate({ target, set });
  }
}

async function refreshLog<E extends EventOf & CaseEventLike, S>(db: Db, log: Log<E, S>, opts: RefreshOptions): Promise<RefreshReport> {
  const batch = opts.batch ?? 1000;
  const lookback = opts.lookbackMs ?? Number(process.env.TONGBAN_STATS_LOOKBACK_SECONDS ?? 300) * 1000;
  const calendars = new Map<string, Promise<WorkCalendar>>();
  // Loaded through the page's transaction: on PGlite's one connection a query outside it would wait forever.
  const calendarIn = (tx: Db) => (region: string) => {
    let c = calendars.get(region);
    if (!c) calendars.set(region, (c = loadWorkCalendar(tx, region)));
    return c;
  };
  const report: RefreshReport = { applied: 0, pages: 0, busy: false };
  let page: { at: Date; region: string; id: string; seq: number } | null = null;
  for (;;) {
    if (opts.maxPages !== undefined && report.pages >= opts.maxPages) return report;
    const more = await db.transaction(async (tx) => {
      const cursor = await cursorOf(tx, log.name, opts.skipIfBusy ?? false);
      if (!cursor) {
        report.busy = true;
        return false;
      }
      page ??= { at: new Date(cursor.getTime() - lookback), region: '', id: ZERO_ID, seq: 0 };
      const events = await log.after(tx, page.at, page.region, page.id, page.seq, batch);
      report.pages++;
      if (!events.length) return false;
      const last = events[events.length - 1]!;
      page = { at: last.at, region: last.regionCode, id: log.idOf(last), seq: last.seq };
      const ids = [...new Set(events.map((e) => log.idOf(e)))];
      const known = await log.load(tx, ids);
      const fresh = await log.initial(tx, ids.filter((id) => !known.has(id)));
      const before = report.applied;
      const touched = new Map<string, { regionCode: string; entity: Entity<S> }>();
      const deltas = new Map<string, Counters<string>>();
      const cal = calendarIn(tx);
      const apply = async (e: E, id: string, ent: Entity<S>) => {
        const next = await log.reduce(ent.state, e, cal);
        for (const [bucket, c] of delta(log.contribution(ent.state), log.contribution(next))) {
          const key = `${bucket}|${JSON.stringify(log.dims(e.regionCode, ent.state))}`;
          deltas.set(key, sumCounters(deltas.get(key) ?? {}, c));
        }
        ent.state = next;
        ent.lastSeq = e.seq;
        touched.set(id, { regionCode: e.regionCode, entity: ent });
        report.applied++;
      };
      for (const e of events) {
        const id = log.idOf(e);
        let ent = known.get(id);
        if (!ent) {
          const init = fresh.get(id);
          if (!init) continue;
          ent = { lastSeq: 0, state: init };
          known.set(id, ent);
        }
        if (e.seq <= ent.lastSeq) continue;
        if (e.seq === ent.lastSeq + 1) await apply(e, id, ent);
        else for (const missing of await log.of(tx, e.regionCode, id, ent.lastSeq)) await apply(missing, id, ent);
      }
      await log.save(tx, [...touched].map(([id, t]) => ({ regionCode: t.regionCode, id, lastSeq: t.entity.lastSeq, state: t.entity.state })));
      const rows = [...deltas].map(([key, c]) => {
        const [grain, period, dims] = key.split('|') as [string, string, string];
        return { ...(JSON.parse(dims) as Record<string, string>), grain, period, ...c };
      });
      await addToRollups(tx, log.table, log.counters, rows);
      const high = events.reduce((m, e) => (e.at > m ? e.at : m), cursor);
      await tx.update(statsCursors).set({ at: high, applied: sql`${statsCursors.applied} + ${report.applied - before}`, updatedAt: new Date() }).where(eq(statsCursors.name, log.name));
      return events.length === batch;
    });
    if (!more) return report;
  }
}

const caseLog: Log<Awaited<ReturnType<typeof caseEventsAfter>>[number], CaseStat> = {
  name: 'cases',
  idOf: (e) => e.caseId,
  after: (db, at, regionCode, caseId, seq, limit) => caseEventsAfter(db, { at, regionCode, caseId, seq }, limit),
  of: caseEventsOf,
  async load(db, ids) {
    if (!ids.length) return new Map();
    const rows = await db.select().from(statsCaseStates).where(inArray(statsCaseStates.caseId, ids));
    return new Map(rows.map((r) => [r.caseId, { lastSeq: r.lastSeq, state: r.state }]));
  },
  async initial(db, ids) {
    const profiles = await caseProfiles(db, ids);
    const labels = new Map([...profiles.values()].map((p) => [p.itemCode, p.itemName]));
    if (labels.size) {
      await db
        .insert(statsLabels)
        .values([...labels].map(([code, name]) => ({ kind: 'item' as const, code, name })))
        .onConflictDoUpdate({ target: [statsLabels.kind, statsLabels.code], set: { name: sql`excluded.name` } });
    }
    return new Map(
      [...profiles.values()].map((p) => [p.caseId, initialCaseStat({ departmentId: p.departmentId, itemCode: p.itemCode, channel: p.channel, immediate: p.immediate, limitDays: p.processingLimitDays })]),
    );
  },
  async reduce(s, e, cal) {
    const c = e.action === 'conclude' ? await cal(e.regionCode) : null;
    return reduceCase(s, e, (start, limitDays, pauses, end) => elapsed(c!, { start, limitDays, pauses }, end).workingDays);
  },
  contribution: (s) => caseContribution(s, dayOf),
  dims: (regionCode, s) => ({ regionCode, departmentId: s.departmentId, itemCode: s.itemCode, channel: s.channel }),
  async save(db, rows) {
    for (let i = 0; i < rows.length; i += 500) {
      await db
        .insert(statsCaseStates)
        .values(rows.slice(i, i + 500).map((r) => ({ regionCode: r.regionCode, caseId: r.id, lastSeq: r.lastSeq, state: r.state })))
        .onConflictDoUpdate({ target: [statsCaseStates.regionCode, statsCaseStates.caseId], set: { lastSeq: sql`excluded.last_seq`, state: sql`excluded.state` } });
    }
  },
  table: statsRollups,
  counters: CASE_COUNTERS,
};

const bundleLog: Log<Awaited<ReturnType<typeof bundleEventsAfter>>[number] & { role: string }, BundleStat> = {
  name: 'bundles',
  idOf: (e) => e.bundleId,
  after: async (db, at, regionCode, bundleId, seq, limit) => (await bundleEventsAfter(db, { at, regionCode, bundleId, seq }, limit)).map((e) => ({ ...e, role: '' })),
  of: async (db, region, id, afterSeq) => (await bundleEventsOf(db, region, id, afterSeq)).map((e) => ({ ...e, role: '' })),
  async load(db, ids) {
    if (!ids.length) return new Map();
    const rows = await db.select().from(statsBundleStates).where(inArray(statsBundleStates.bundleId, ids));
    return new Map(rows.map((r) => [r.bundleId, { lastSeq: r.lastSeq, state: r.state }]));
  },
  async initial(db, ids) {
    const profiles = await bundleProfiles(db, ids);
    if (profiles.size) {
      const labels = new Map([...profiles.values()].map((p) => [p.bundleCode, p.bundleName]));
      await db
        .insert(statsLabels)
        .values([...labels].map(([code, name]) => ({ kind: 'bundle' as const, code, name })))
        .onConflictDoUpdate({ target: [statsLabels.kind, statsLabels.code], set: { name: sql`excluded.name` } });
    }
    return new Map([...profiles.values()].map((p) => [p.bundleId, { bundleCode: p.bundleCode, channel: p.channel, submittedAt: null, acceptedAt: null, dueAt: null, outcome: null, closedAt: null }]));
  },
  reduce: async (s, e) => reduceBundle(s, e),
  contribution: (s) => bundleContribution(s, dayOf),
  dims: (regionCode, s) => ({ regionCode, bundleCode: s.bundleCode, channel: s.channel }),
  async save(db, rows) {
    if (!rows.length) return;
    await db
      .insert(statsBundleStates)
      .values(rows.map((r) => ({ regionCode: r.regionCode, bundleId: r.id, lastSeq: r.lastSeq, state: r.state })))
      .onConflictDoUpdate({ target: [statsBundleStates.regionCode, statsBundleStates.bundleId], set: { lastSeq: sql`excluded.last_seq`, state: sql`excluded.state` } });
  },
  table: statsBundleRollups,
  counters: BUNDLE_COUNTERS,
};

/** Brings the case and bundle rollups up to the logs. Safe to call from any node at any time. */
export async function refreshRollups(db: Db, opts: RefreshOptions = {}): Promise<{ cases: RefreshReport; bundles: RefreshReport }> {
  const cases = await refreshLog(db, caseLog, opts);
  const bundles = await refreshLog(db, bundleLog, opts);
  return { cases, bundles };
}
