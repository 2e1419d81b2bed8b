/** Figures: the supervisor's rates and volumes, read from the rollup tables only. */
import { and, gte, like, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { callerFacts, NO_DEPARTMENT, settingsFor } from './orders.js';
import { hotspots, rates, regionPrefix } from './rules.js';
import { hotlineCallRollups, hotlineRollups } from './schema.js';

const sum = (col: SQL | AnyPgColumn) => sql<number>`coalesce(sum(${col}), 0)::int`;

/** The region level below `region` that "by region" groups on: province → city, city → county, county → itself. */
function childLength(region: string): number {
  const p = regionPrefix(region).length;
  return p === 2 ? 4 : p === 4 ? 6 : region.length;
}

export async function figures(db: Db, caller: Caller, q: { regionCode?: string; from?: string; to?: string; month?: string }) {
  const cf = await callerFacts(db, caller);
  const home = caller.roles.includes('supervisor') || caller.roles.includes('admin') ? caller.regionCode : cf.centreRegion;
  const region = q.regionCode ?? home;
  if (!home || !region) throw new AppError('FORBIDDEN');
  if (!region.startsWith(regionPrefix(home))) throw new AppError('OUT_OF_SCOPE');
  if (q.from && q.to && q.from > q.to) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'from', message: 'from is after to' }] });
  const prefix = `${regionPrefix(region)}%`;
  const orderWhere = and(like(hotlineRollups.regionCode, prefix), q.from ? gte(hotlineRollups.month, q.from) : undefined, q.to ? lte(hotlineRollups.month, q.to) : undefined);
  const callWhere = and(like(hotlineCallRollups.regionCode, prefix), q.from ? gte(hotlineCallRollups.month, q.from) : undefined, q.to ? lte(hotlineCallRollups.month, q.to) : undefined);
  const r = hotlineRollups;
  const counts = { received: sum(r.received), dispatched: sum(r.dispatched), closed: sum(r.closed), closedOnTime: sum(r.closedOnTime), satisfied: sum(r.satisfied), basic: sum(r.basic), unsatisfied: sum(r.unsatisfied) };
  // A literal length: a bound parameter would make the GROUP BY expression differ from the selected one.
  const regionKey = sql<string>`left(${r.regionCode}, ${sql.raw(String(childLength(region)))})`;
  const [totals, calls, byCategory, bySubject, byDepartment, byRegion, byMonth, callsByMonth, settings] = await Promise.all([
    db.select(counts).from(r).where(orderWhere),
    db.select({ calls: sum(hotlineCallRollups.received), answered: sum(hotlineCallRollups.answered), abandoned: sum(hotlineCallRollups.abandoned), calledBack: sum(hotlineCallRollups.calledBack) }).from(hotlineCallRollups).where(callWhere),
    db.select({ key: r.category, received: counts.received, closed: counts.closed }).from(r).where(orderWhere).groupBy(r.category),
    db.select({ key: r.subjectCode, received: counts.received, closed: counts.closed }).from(r).where(orderWhere).groupBy(r.subjectCode),
    db.select({ key: sql<string>`${r.departmentId}::text`, dispatched: counts.dispatched, closed: counts.closed, closedOnTime: counts.closedOnTime }).from(r).where(and(orderWhere, sql`${r.departmentId} <> ${NO_DEPARTMENT}`)).groupBy(r.departmentId),
    db.select({ key: regionKey, received: counts.received, closed: counts.closed }).from(r).where(orderWhere).groupBy(regionKey),
    db.select({ key: r.month, received: counts.received, closed: counts.closed }).from(r).where(orderWhere).groupBy(r.month).orderBy(r.month),
    db.select({ key: hotlineCallRollups.month, calls: sum(hotlineCallRollups.received), answered: sum(hotlineCallRollups.answered) }).from(hotlineCallRollups).where(callWhere).groupBy(hotlineCallRollups.month),
    settingsFor(db, region),
  ]);
  const t = { ...totals[0]!, ...calls[0]! };
  const months = new Map<string, { key: string; received: number; closed: number; calls: number; answered: number }>();
  for (const m of byMonth) months.set(m.key, { ...m, calls: 0, answered: 0 });
  for (const c of callsByMonth) months.set(c.key, { key: c.key, received: months.get(c.key)?.received ?? 0, closed: months.get(c.key)?.closed ?? 0, calls: c.calls, answered: c.answered });
  const monthList = [...months.values()].sort((a, b) => a.key.localeCompare(b.key));
  const hotMonth = q.month ?? byMonth.at(-1)?.key ?? null;
  const hot = hotMonth ? await subjectVolumes(db, prefix, hotMonth) : null;
  const drop = (rows: { key: string; received: number; closed: number }[]) => rows.filter((x) => x.received !== 0 || x.closed !== 0).sort((a, b) => b.received - a.received || a.key.localeCompare(b.key));
  return {
    regionCode: region,
    from: q.from ?? null,
    to: q.to ?? null,
    totals: t,
    rates: rates({ calls: t.calls, answered: t.answered, received: t.received, closed: t.closed, closedOnTime: t.closedOnTime, satisfied: t.satisfied, basic: t.basic, unsatisfied: t.unsatisfied }, settings.basicCountsAsSatisfied),
    basicCountsAsSatisfied: settings.basicCountsAsSatisfied,
    byCategory: drop(byCategory),
    bySubject: drop(bySubject),
    byDepartment: byDepartment.sort((a, b) => b.dispatched - a.dispatched || a.key.localeCompare(b.key)),
    byRegion: drop(byRegion),
    byMonth: monthList,
    topSubjects: drop(bySubject).slice(0, 10),
    hotspots: { month: hotMonth, subjects: hot ? hotspots(hot.current, hot.previous) : [] },
  };
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

async function subjectVolumes(db: Db, prefix: string, month: string) {
  const before = previousMonth(month);
  const rows = await db
    .select({ month: hotlineRollups.month, key: hotlineRollups.subjectCode, n: sum(hotlineRollups.received) })
    .from(hotlineRollups)
    .where(and(like(hotlineRollups.regionCode, prefix), sql`${hotlineRollups.month} IN (${month}, ${before})`))
    .groupBy(hotlineRollups.month, hotlineRollups.subjectCode);
  const current = new Map<string, number>();
  const previous = new Map<string, number>();
  for (const r of rows) if (r.n > 0) (r.month === month ? current : previous).set(r.key, r.n);
  return { current, previous };
}
