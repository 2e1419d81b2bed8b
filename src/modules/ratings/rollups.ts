/**
 * The rollups: counters per region, department, item and month, changed in the same transaction as the
 * rating step that moves them. Figures are sums over a few rollup rows, never a scan of the ratings.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { regionPrefix } from '../../platform/validators.js';
import { COUNTERS, zeroCounts, type Counter, type Counts } from './rules.js';

const COLUMN: Record<Counter, string> = {
  ratings: 'ratings',
  good: 'good',
  bad: 'bad',
  active: 'active',
  activeGood: 'active_good',
  badReplied: 'bad_replied',
  badFollowed: 'bad_followed',
  followedSatisfied: 'followed_satisfied',
  excluded: 'excluded',
  casesConcluded: 'cases_concluded',
  casesRated: 'cases_rated',
};

export interface RollupKey {
  regionCode: string;
  departmentId: string;
  itemCode: string;
  month: string;
}

/** Collects the changes of one transaction, then writes them in key order so two transactions never wait on each other in a cycle. */
export class RollupBatch {
  private readonly rows = new Map<string, { key: RollupKey; counts: Counts }>();

  add(key: RollupKey, d: Partial<Counts>): void {
    const id = `${key.regionCode}|${key.departmentId}|${key.itemCode}|${key.month}`;
    let r = this.rows.get(id);
    if (!r) this.rows.set(id, (r = { key, counts: zeroCounts() }));
    for (const [k, v] of Object.entries(d) as [Counter, number][]) r.counts[k] += v;
  }

  async flush(tx: Db): Promise<void> {
    const ids = [...this.rows.keys()].sort();
    const byDepartment = new Map<string, { key: RollupKey; counts: Counts }>();
    for (const id of ids) {
      const { key, counts } = this.rows.get(id)!;
      if (COUNTERS.every((c) => counts[c] === 0)) continue;
      await upsert(tx, 'rating_rollups', sql`${key.regionCode}, ${key.departmentId}, ${key.itemCode}, ${key.month}`, 'region_code, department_id, item_code, month', counts);
      const d = `${key.regionCode}|${key.departmentId}|${key.month}`;
      const prev = byDepartment.get(d);
      if (prev) for (const c of COUNTERS) prev.counts[c] += counts[c];
      else byDepartment.set(d, { key, counts: { ...counts } });
    }
    // Item rows first, then department rows, each in key order: one lock order for every transaction.
    for (const d of [...byDepartment.keys()].sort()) {
      const { key, counts } = byDepartment.get(d)!;
      await upsert(tx, 'rating_rollups_department', sql`${key.regionCode}, ${key.departmentId}, ${key.month}`, 'region_code, department_id, month', counts);
    }
    this.rows.clear();
  }
}

async function upsert(tx: Db, table: 'rating_rollups' | 'rating_rollups_department', keyValues: SQL, keyColumns: string, counts: Counts): Promise<void> {
  const cols = sql.raw(COUNTERS.map((c) => COLUMN[c]).join(', '));
  const vals = sql.join(COUNTERS.map((c) => sql`${counts[c]}`), sql`, `);
  const sets = sql.raw(COUNTERS.map((c) => `${COLUMN[c]} = ${table}.${COLUMN[c]} + excluded.${COLUMN[c]}`).join(', '));
  await tx.execute(sql`INSERT INTO ${sql.raw(table)} (${sql.raw(keyColumns)}, ${cols}) VALUES (${keyValues}, ${vals}) ON CONFLICT (${sql.raw(keyColumns)}) DO UPDATE SET ${sets}`);
}

export type FigureGroup = 'department' | 'region' | 'item' | 'month';

const GROUP_COLUMN: Record<FigureGroup, string> = { department: 'department_id', region: 'region_code', item: 'item_code', month: 'month' };

export interface FigureQuery {
  regionCode: string;
  from: string;
  to: string;
  by: FigureGroup;
  departmentId?: string;
}

/** Sums of the counters of a region (and everything below it) over months [from, to], grouped. */
export async function sumRollups(db: Db, q: FigureQuery): Promise<{ key: string; counts: Counts }[]> {
  const prefix = regionPrefix(q.regionCode);
  const g = sql.raw(GROUP_COLUMN[q.by] === 'month' ? "to_char(month, 'YYYY-MM')" : `${GROUP_COLUMN[q.by]}::text`);
  const sums = sql.raw(COUNTERS.map((c) => `sum(${COLUMN[c]})::bigint AS "${c}"`).join(', '));
  const conds: SQL[] = [sql`region_code LIKE ${prefix + '%'}`, sql`month >= ${q.from}::date`, sql`month <= ${q.to}::date`];
  if (q.departmentId) conds.push(sql`department_id = ${q.departmentId}`);
  // Only figures by item need the item rows; the others read the department rows.
  const table = sql.raw(q.by === 'item' ? 'rating_rollups' : 'rating_rollups_department');
  const res = (await db.execute(sql`SELECT ${g} AS key, ${sums} FROM ${table} WHERE ${sql.join(conds, sql` AND `)} GROUP BY 1 ORDER BY 1`)) as unknown as {
    rows: Record<string, string | number>[];
  };
  return res.rows.map((r) => ({ key: String(r.key), counts: Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c])])) as Counts }));
}
