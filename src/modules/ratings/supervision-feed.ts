/**
 * 好差评 as supervision reads it: 评价数, 好评率 and 差评整改率 per department, per region below a region, or in
 * total, summed from the department rollup rows (never the ratings). Supervision declares the shape it reads
 * (supervision/sources.ts); this object matches it without importing supervision, so ratings does not depend on it.
 *
 * The rollups count by month, so a span counts every month it touches: the wall's "today" is this month so far.
 * 差评整改率 is 回访整改率 (docs/ratings.md): a 差评 counts as rectified once its 回访 is recorded, after the fix
 * or the explanation; excluded ratings (upheld appeal) are out of both sides.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { regionPrefix } from '../../platform/validators.js';
import { monthOf } from './rules.js';

export interface RatingSpan {
  within: string;
  from: Date;
  to: Date;
}

export interface SupervisedRatings {
  rated: number;
  goodRate: number | null;
  rectifiedRate: number | null;
}

type Row = { key: string; ratings: number; good: number; bad: number; followed: number };

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
const figures = (r: Row): SupervisedRatings => ({ rated: r.ratings, goodRate: ratio(r.good, r.ratings), rectifiedRate: ratio(r.followed, r.bad) });

async function sums(db: Db, span: RatingSpan, key: SQL | null): Promise<Row[]> {
  // The last month is the one holding the span's last instant, not the one its exclusive end falls in.
  const from = monthOf(span.from);
  const to = monthOf(new Date(Math.max(span.from.getTime(), span.to.getTime() - 1)));
  const k = key ?? sql`''`;
  const res = (await db.execute(sql`
    SELECT ${k} AS key, coalesce(sum(ratings), 0)::int AS ratings, coalesce(sum(good), 0)::int AS good,
           coalesce(sum(bad), 0)::int AS bad, coalesce(sum(bad_followed), 0)::int AS followed
      FROM rating_rollups_department
     WHERE region_code LIKE ${regionPrefix(span.within) + '%'} AND month >= ${from}::date AND month <= ${to}::date
     ${key ? sql`GROUP BY 1` : sql``}`)) as unknown as { rows: Record<string, string | number>[] };
  return res.rows.map((r) => ({ key: String(r.key ?? ''), ratings: Number(r.ratings), good: Number(r.good), bad: Number(r.bad), followed: Number(r.followed) }));
}

const byKey = (rows: Row[]) => new Map(rows.filter((r) => r.ratings > 0 || r.bad > 0).map((r) => [r.key, figures(r)]));

export const ratingsSupervisionFeed = {
  async byDepartment(db: Db, span: RatingSpan): Promise<Map<string, SupervisedRatings>> {
    return byKey(await sums(db, span, sql`department_id::text`));
  },
  /** Keyed by the first `childLength` characters of the region code, as supervision's drill-down groups. */
  async byRegion(db: Db, span: RatingSpan, childLength: number): Promise<Map<string, SupervisedRatings>> {
    return byKey(await sums(db, span, sql`left(region_code, ${sql.raw(String(Math.trunc(childLength)))})`));
  },
  async total(db: Db, span: RatingSpan): Promise<SupervisedRatings> {
    const [r] = await sums(db, span, null);
    return figures(r ?? { key: '', ratings: 0, good: 0, bad: 0, followed: 0 });
  },
};
