/**
 * 12345 as supervision reads it: orders, closed, 按时办结率 and 满意率 per department, per region below a region,
 * or in total, summed from the work-order rollups (never the orders). Supervision declares the shape it reads
 * (supervision/sources.ts); this object matches it without importing supervision, so hotline does not depend on it.
 *
 * The rollups count by month, so a span counts every month it touches. Per department, "orders" are the orders
 * dispatched to it (intake is counted under no department). Whether 基本满意 counts as satisfied is the setting of
 * the span's region, for every unit: units ranked together are measured by one rule.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { NO_DEPARTMENT, settingsFor } from './orders.js';
import { monthOf, regionPrefix } from './rules.js';

export interface HotlineSpan {
  within: string;
  from: Date;
  to: Date;
}

export interface SupervisedHotline {
  orders: number;
  closed: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

type Row = { key: string; received: number; dispatched: number; closed: number; onTime: number; satisfied: number; basic: number; unsatisfied: number };

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

function figures(r: Row, orders: number, basicCountsAsSatisfied: boolean): SupervisedHotline {
  const visited = r.satisfied + r.basic + r.unsatisfied;
  return { orders, closed: r.closed, onTimeRate: ratio(r.onTime, r.closed), satisfactionRate: ratio(basicCountsAsSatisfied ? r.satisfied + r.basic : r.satisfied, visited) };
}

async function sums(db: Db, span: HotlineSpan, key: SQL | null, departmentsOnly = false): Promise<Row[]> {
  const from = monthOf(span.from);
  const to = monthOf(new Date(Math.max(span.from.getTime(), span.to.getTime() - 1)));
  const k = key ?? sql`''`;
  const res = (await db.execute(sql`
    SELECT ${k} AS key, coalesce(sum(received), 0)::int AS received, coalesce(sum(dispatched), 0)::int AS dispatched,
           coalesce(sum(closed), 0)::int AS closed, coalesce(sum(closed_on_time), 0)::int AS on_time,
           coalesce(sum(satisfied), 0)::int AS satisfied, coalesce(sum(basic), 0)::int AS basic, coalesce(sum(unsatisfied), 0)::int AS unsatisfied
      FROM hotline_rollups
     WHERE region_code LIKE ${regionPrefix(span.within) + '%'} AND month >= ${from} AND month <= ${to}
       ${departmentsOnly ? sql`AND department_id <> ${NO_DEPARTMENT}` : sql``}
     ${key ? sql`GROUP BY 1` : sql``}`)) as unknown as { rows: Record<string, string | number>[] };
  return res.rows.map((r) => ({
    key: String(r.key ?? ''),
    received: Number(r.received),
    dispatched: Number(r.dispatched),
    closed: Number(r.closed),
    onTime: Number(r.on_time),
    satisfied: Number(r.satisfied),
    basic: Number(r.basic),
    unsatisfied: Number(r.unsatisfied),
  }));
}

const busy = (r: Row) => r.received + r.dispatched + r.closed + r.satisfied + r.basic + r.unsatisfied > 0;

export const hotlineSupervisionFeed = {
  async byDepartment(db: Db, span: HotlineSpan): Promise<Map<string, SupervisedHotline>> {
    const { basicCountsAsSatisfied } = await settingsFor(db, span.within);
    const rows = await sums(db, span, sql`department_id::text`, true);
    return new Map(rows.filter(busy).map((r) => [r.key, figures(r, r.dispatched, basicCountsAsSatisfied)]));
  },
  /** Keyed by the first `childLength` characters of the region code, as supervision's drill-down groups. */
  async byRegion(db: Db, span: HotlineSpan, childLength: number): Promise<Map<string, SupervisedHotline>> {
    const { basicCountsAsSatisfied } = await settingsFor(db, span.within);
    const rows = await sums(db, span, sql`left(region_code, ${sql.raw(String(Math.trunc(childLength)))})`);
    return new Map(rows.filter(busy).map((r) => [r.key, figures(r, r.received, basicCountsAsSatisfied)]));
  },
  async total(db: Db, span: HotlineSpan): Promise<SupervisedHotline> {
    const { basicCountsAsSatisfied } = await settingsFor(db, span.within);
    const [r] = await sums(db, span, null);
    const row = r ?? { key: '', received: 0, dispatched: 0, closed: 0, onTime: 0, satisfied: 0, basic: 0, unsatisfied: 0 };
    return figures(row, row.received, basicCountsAsSatisfied);
  },
};
