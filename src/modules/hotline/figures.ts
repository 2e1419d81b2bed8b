/** Figures: the supervisor's rates and volumes, read from the scope rollups (by equality on the region scope) only. */
import { and, eq, gte, like, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { callerFacts, settingsFor } from './orders.js';
import { hotspots, rates, regionPrefix } from './rules.js';
import { hotlineCallRollups, hotlineFigureRollups, hotlineListRollups } from './schema.js';

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
  const scope = regionPrefix(region);
  const prefix = `${scope}%`;
  const f = hotlineFigureRollups;
  const l = hotlineListRollups;
  const months = <C extends AnyPgColumn>(col: C) => [q.from ? gte(col, q.from) : undefined, q.to ? lte(col, q.to) : undefined];
  const orderWhere = and(eq(f.scope, scope), ...months(f.month));
  const listWhere = (dimension: 'subject' | 'department') => and(eq(l.scope, scope), eq(l.dimension, dimension), ...months(l.month));
  const callWhere = and(like(hotlineCallRollups.regionCode, prefix), ...months(hotlineCallRollups.month));
  const countsOf = (r: typeof f | typeof l) => ({ received: sum(r.received), dispatched: sum(r.dispatched), closed: sum(r.closed), closedOnTime: sum(r.closedOnTime), satisfied: sum(r.satisfied), basic: sum(r.basic), unsatisfied: sum(r.unsatisfied) });
  const counts = countsOf(f);
  const lc = countsOf(l);
  // "By region" is one level down (the children's own scopes), or the region itself below a city.
  const children = childLength(region) > scope.length;
  const [totals, calls, byCategory, bySubject, byDepartment, byRegionRows, byMonth, callsByMonth, settings] = await Promise.all([
    db.select(counts).from(f).where(orderWhere),
    db.select({ calls: sum(hotlineCallRollups.received), answered: sum(hotlineCallRollups.answered), abandoned: sum(hotlineCallRollups.abandoned), calledBack: sum(hotlineCallRollups.calledBack) }).from(hotlineCallRollups).where(callWhere),
    db.select({ key: f.category, received: counts.received, closed: counts.closed }).from(f).where(orderWhere).groupBy(f.category),
    db.select({ key: l.key, received: lc.received, closed: lc.closed }).from(l).where(listWhere('subject')).groupBy(l.key),
    db.select({ key: l.key, dispatched: lc.dispatched, closed: lc.closed, closedOnTime: lc.closedOnTime }).from(l).where(listWhere('department')).groupBy(l.key),
    children
      ? db.select({ key: f.scope, received: counts.received, closed: counts.closed }).from(f).where(and(eq(f.parent, scope), ...months(f.month))).groupBy(f.scope)
      : Promise.resolve(null),
    db.select({ key: f.month, received: counts.received, closed: counts.closed }).from(f).where(orderWhere).groupBy(f.month).orderBy(f.month),
    db.select({ key: hotlineCallRollups.month, calls: sum(hotlineCallRollups.received), answered: sum(hotlineCallRollups.answered) }).from(hotlineCallRollups).where(callWhere).groupBy(hotlineCallRollups.month),
    settingsFor(db, region),
  ]);
  const byRegion = byRegionRows ?? (totals[0] ? [{ key: region.slice(0, childLength(region)), received: totals[0].received, closed: totals[0].closed }] : []);
  const t = { ...totals[0]!, ...calls[0]! };
  const monthRows = new Map<string, { key: string; received: number; closed: number; calls: number; answered: number }>();
  for (const m of byMonth) monthRows.set(m.key, { ...m, calls: 0, answered: 0 });
  for (const c of callsByMonth) monthRows.set(c.key, { key: c.key, received: monthRows.get(c.key)?.received ?? 0, closed: monthRows.get(c.key)?.closed ?? 0, calls: c.calls, answered: c.answered });
  const monthList = [...monthRows.values()].sort((a, b) => a.key.localeCompare(b.key));
  const hotMonth = q.month ?? byMonth.at(-1)?.key ?? null;
  const hot = hotMonth ? await subjectVolumes(db, scope, hotMonth) : null;
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

async function subjectVolumes(db: Db, scope: string, month: string) {
  const before = previousMonth(month);
  const l = hotlineListRollups;
  const rows = await db
    .select({ month: l.month, key: l.key, n: sum(l.received) })
    .from(l)
    .where(and(eq(l.scope, scope), eq(l.dimension, 'subject'), sql`${l.month} IN (${month}, ${before})`))
    .groupBy(l.month, l.key);
  const current = new Map<string, number>();
  const previous = new Map<string, number>();
  for (const r of rows) if (r.n > 0) (r.month === month ? current : previous).set(r.key, r.n);
  return { current, previous };
}
