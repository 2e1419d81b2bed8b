/**
 * Statistics read from the rollups: sums of day or month rows, never a scan of cases. Regions drill down
 * by code prefix (province → city → county → township).
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { regionPrefix } from '../../platform/validators.js';
import { listDepartments, listRegions } from './deps.js';
import { statsBundleRollups, statsLabels, statsRollups } from './schema.js';
import type { BundleFigures, Figures } from './contract.js';

export type GroupBy = 'region' | 'department' | 'item' | 'channel' | 'period';

export interface StatsQuery {
  regionCode?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  period: string;
  groupBy?: GroupBy;
  departmentId?: string;
  itemCode?: string;
  channel?: string;
}

export type { BundleFigures, Figures };

export interface Group {
  key: string;
  name: string;
  /** The key a drill-down asks for next (regions only). */
  drill: string | null;
  figures: Figures;
}

export interface StatsResult {
  regionCode: string;
  regionName: string;
  period: string;
  groupBy: GroupBy | null;
  total: Figures;
  bundles: BundleFigures & { byBundle: { code: string; name: string; figures: BundleFigures }[] };
  groups: Group[];
}

export interface Span {
  grain: 'd' | 'm' | 'y';
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(y: number, m: number): string {
  return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

/** The rows a period reads: its own grain, or one grain finer when it is split (a year by month, a month by day). */
export function spanOf(period: string, split = false): Span {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(period);
  const y = m ? Number(m[1]) : NaN;
  const mo = m?.[2] ? Number(m[2]) : null;
  if (!m || y < 2000 || y > 2199 || (mo !== null && (mo < 1 || mo > 12))) throw new AppError('SUPERVISION_PERIOD_INVALID', { period });
  if (m[3]) {
    if (Number.isNaN(Date.parse(`${period}T00:00:00Z`)) || new Date(`${period}T00:00:00Z`).toISOString().slice(0, 10) !== period) throw new AppError('SUPERVISION_PERIOD_INVALID', { period });
    return { grain: 'd', from: period, to: period };
  }
  if (mo === null) return split ? { grain: 'm', from: `${y}-01-01`, to: `${y}-12-01` } : { grain: 'y', from: `${y}-01-01`, to: `${y}-01-01` };
  return split ? { grain: 'd', from: `${y}-${pad(mo)}-01`, to: lastDay(y, mo) } : { grain: 'm', from: `${y}-${pad(mo)}-01`, to: `${y}-${pad(mo)}-01` };
}

/** Region codes at or below `code`: a range on the leading key column. */
export function regionRange(column: SQL | unknown, code: string): SQL {
  const prefix = regionPrefix(code);
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return sql`${column} >= ${prefix} AND ${column} < ${upper}`;
}

/** Length of the code prefix one level down: province 2 → 4 (cities), city 4 → 6, county 6 → 9, township 9 → 12. */
export function childLength(code: string): number {
  const p = regionPrefix(code).length;
  return p === 2 ? 4 : p === 4 ? 6 : p === 6 ? 9 : 12;
}

/** The region code a prefix stands for: '4212' → '421200'. */
export function regionOfPrefix(prefix: string): string {
  return prefix.length < 6 ? prefix.padEnd(6, '0') : prefix;
}

export function scopeRegion(caller: Caller, regionCode?: string): string {
  if (!caller.regionCode || !(caller.roles.includes('supervisor') || caller.roles.includes('admin'))) throw new AppError('FORBIDDEN');
  const region = regionCode ?? caller.regionCode;
  if (!region.startsWith(regionPrefix(caller.regionCode))) throw new AppError('OUT_OF_SCOPE', { regionCode: region });
  return region;
}

const r = statsRollups;
const sums = {
  applications: sql<string>`sum(${r.applications})`,
  online: sql<string>`coalesce(sum(${r.applications}) FILTER (WHERE ${r.channel} IN ('online', 'mobile')), 0)`,
  immediate: sql<string>`sum(${r.immediate})`,
  accepted: sql<string>`sum(${r.accepted})`,
  deficiency: sql<string>`sum(${r.deficiency})`,
  pledged: sql<string>`sum(${r.pledged})`,
  rejected: sql<string>`sum(${r.rejected})`,
  withdrawn: sql<string>`sum(${r.withdrawn})`,
  concluded: sql<string>`sum(${r.concluded})`,
  timed: sql<string>`sum(${r.timed})`,
  onTime: sql<string>`sum(${r.onTime})`,
  overdue: sql<string>`sum(${r.overdue})`,
  overdueDays: sql<string>`sum(${r.overdueDays})`,
  usedDays: sql<string>`sum(${r.usedDays})`,
  limitDays: sql<string>`sum(${r.limitDays})`,
  onceDone: sql<string>`sum(${r.onceDone})`,
  zeroVisit: sql<string>`sum(${r.zeroVisit})`,
  atMostOnce: sql<string>`sum(${r.atMostOnce})`,
};

type Sums = Record<keyof typeof sums, string | number | null>;

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const round = (x: number) => Math.round(x * 100) / 100;

export function figuresOf(s: Partial<Sums>): Figures {
  const n = (k: keyof Sums) => Number(s[k] ?? 0);
  const concluded = n('concluded');
  const timed = n('timed');
  return {
    applications: n('applications'),
    accepted: n('accepted'),
    concluded,
    rejected: n('rejected'),
    withdrawn: n('withdrawn'),
    onTimeRate: ratio(n('onTime'), timed),
    overdue: n('overdue'),
    overdueDays: round(n('overdueDays')),
    avgUsedDays: timed ? round(n('usedDays') / timed) : null,
    avgLimitDays: timed ? round(n('limitDays') / timed) : null,
    onlineRate: ratio(n('online'), n('applications')),
    immediateShare: ratio(n('immediate'), n('applications')),
    onceDoneRate: ratio(n('onceDone'), concluded),
    zeroVisitRate: ratio(n('zeroVisit'), concluded),
    atMostOnceRate: ratio(n('atMostOnce'), concluded),
    deficiency: n('deficiency'),
    pledged: n('pledged'),
  };
}

function where(region: string, span: Span, q: Pick<StatsQuery, 'departmentId' | 'itemCode' | 'channel'>): SQL {
  const parts: SQL[] = [eq(r.grain, span.grain), sql`${r.period} BETWEEN ${span.from} AND ${span.to}`, regionRange(r.regionCode, region)];
  if (q.departmentId) parts.push(eq(r.departmentId, q.departmentId));
  if (q.itemCode) parts.push(eq(r.itemCode, q.itemCode));
  if (q.channel) parts.push(eq(r.channel, q.channel));
  return and(...parts)!;
}

/** Sums per key: the total when `key` is null. */
export async function sumRollups(db: Db, region: string, span: Span, q: Pick<StatsQuery, 'departmentId' | 'itemCode' | 'channel'>, key: SQL | null): Promise<{ key: string | null; sums: Sums }[]> {
  const base = db.select({ key: key ? sql<string>`${key}` : sql<null>`null`, ...sums }).from(r).where(where(region, span, q));
  const rows = key ? await base.groupBy(sql`1`) : await base;
  return rows.map(({ key: k, ...rest }) => ({ key: k, sums: rest as Sums }));
}

export function groupKey(groupBy: GroupBy, region: string): SQL {
  switch (groupBy) {
    case 'region':
      return sql`left(${r.regionCode}, ${childLength(region)})`;
    case 'department':
      return sql`${r.departmentId}::text`;
    case 'item':
      return sql`${r.itemCode}`;
    case 'channel':
      return sql`${r.channel}`;
    default:
      return sql`to_char(${r.period}, 'YYYY-MM-DD')`;
  }
}

const CHANNEL_NAMES: Record<string, string> = { online: '网上办理', mobile: '掌上办理', kiosk: '自助终端', window: '窗口办理' };

/** Display names for group keys. */
export async function namesFor(db: Db, groupBy: GroupBy, region: string, keys: string[]): Promise<Map<string, string>> {
  if (groupBy === 'region') {
    const regions = await listRegions(db, { within: region });
    const byCode = new Map(regions.map((x) => [x.code, x.name]));
    return new Map(keys.map((k) => [k, byCode.get(regionOfPrefix(k)) ?? k]));
  }
  if (groupBy === 'department') {
    const deps = await listDepartments(db, { within: region.slice(0, 2) });
    const byId = new Map(deps.map((d) => [d.id, d.name]));
    return new Map(keys.map((k) => [k, byId.get(k) ?? k]));
  }
  if (groupBy === 'item' && keys.length) {
    const labels = await db.select().from(statsLabels).where(and(eq(statsLabels.kind, 'item'), inArray(statsLabels.code, keys)));
    const byCode = new Map(labels.map((l) => [l.code, l.name]));
    return new Map(keys.map((k) => [k, byCode.get(k) ?? k]));
  }
  if (groupBy === 'channel') return new Map(keys.map((k) => [k, CHANNEL_NAMES[k] ?? k]));
  return new Map(keys.map((k) => [k, k]));
}

export async function bundleFigures(db: Db, region: string, span: Span): Promise<StatsResult['bundles']> {
  const b = statsBundleRollups;
  const rows = await db
    .select({ code: b.bundleCode, applications: sql<string>`sum(${b.applications})`, concluded: sql<string>`sum(${b.concluded})`, timed: sql<string>`sum(${b.timed})`, onTime: sql<string>`sum(${b.onTime})` })
    .from(b)
    .where(and(eq(b.grain, span.grain), sql`${b.period} BETWEEN ${span.from} AND ${span.to}`, regionRange(b.regionCode, region)))
    .groupBy(b.bundleCode)
    .orderBy(b.bundleCode);
  const labels = rows.length ? await db.select().from(statsLabels).where(and(eq(statsLabels.kind, 'bundle'), inArray(statsLabels.code, rows.map((x) => x.code)))) : [];
  const names = new Map(labels.map((l) => [l.code, l.name]));
  const fig = (x: { applications: string | number; concluded: string | number; timed: string | number; onTime: string | number }): BundleFigures => ({
    applications: Number(x.applications),
    concluded: Number(x.concluded),
    onTimeRate: ratio(Number(x.onTime), Number(x.timed)),
  });
  const total = rows.reduce((s, x) => ({ applications: s.applications + Number(x.applications), concluded: s.concluded + Number(x.concluded), timed: s.timed + Number(x.timed), onTime: s.onTime + Number(x.onTime) }), { applications: 0, concluded: 0, timed: 0, onTime: 0 });
  return { ...fig(total), byBundle: rows.map((x) => ({ code: x.code, name: names.get(x.code) ?? x.code, figures: fig(x) })) };
}

export async function regionName(db: Db, code: string): Promise<string> {
  const [x] = await listRegions(db, { within: code }).then((list) => list.filter((y) => y.code === code));
  return x?.name ?? code;
}

export async function statistics(db: Db, caller: Caller, q: StatsQuery): Promise<StatsResult> {
  const region = scopeRegion(caller, q.regionCode);
  const groupBy = q.groupBy ?? null;
  const span = spanOf(q.period, groupBy === 'period');
  const periodSpan = groupBy === 'period' ? spanOf(q.period) : span;
  const [total] = await sumRollups(db, region, periodSpan, q, null);
  let groups: Group[] = [];
  if (groupBy) {
    const rows = await sumRollups(db, region, span, q, groupKey(groupBy, region));
    const names = await namesFor(db, groupBy, region, rows.map((x) => x.key!));
    groups = rows
      .map((x) => ({ key: x.key!, name: names.get(x.key!) ?? x.key!, drill: groupBy === 'region' && x.key!.length === childLength(region) && x.key!.length < 12 ? regionOfPrefix(x.key!) : null, figures: figuresOf(x.sums) }))
      .sort((a, b) => (groupBy === 'period' ? a.key.localeCompare(b.key) : b.figures.applications - a.figures.applications || a.key.localeCompare(b.key)));
  }
  return { regionCode: region, regionName: await regionName(db, region), period: q.period, groupBy, total: figuresOf(total?.sums ?? {}), bundles: await bundleFigures(db, region, periodSpan), groups };
}
