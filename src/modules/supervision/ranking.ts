/**
 * Rankings of departments and regions: a weighted score out of 100 from parts, month over month. A part
 * whose module is absent, or that has no data for a unit, is reported with its weight as not applied, and
 * the score is the weighted mean of the applied parts (so no unit loses points for a module not installed).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { listDepartments } from './deps.js';
import { rankingWeights } from './schema.js';
import { supervisionSources, type Span as SourceSpan } from './sources.js';
import { childLength, figuresOf, groupKey, namesFor, regionOfPrefix, scopeRegion, spanOf, sumRollups, type Figures } from './stats.js';

export const PARTS = ['onTime', 'goodRating', 'rectification', 'online', 'hotlineSatisfaction'] as const;
export type Part = (typeof PARTS)[number];

export const DEFAULT_WEIGHTS: Record<Part, number> = { onTime: 30, goodRating: 25, rectification: 15, online: 15, hotlineSatisfaction: 15 };

export type NotApplied = 'module_absent' | 'no_data' | 'zero_weight';

export interface PartScore {
  part: Part;
  weight: number;
  /** 0..1, or null when not applied. */
  value: number | null;
  /** The points the part adds to the score (its share of the applied weights × value × 100). */
  points: number | null;
  applied: boolean;
  reason: NotApplied | null;
}

export interface RankedUnit {
  key: string;
  name: string;
  score: number | null;
  rank: number | null;
  previousScore: number | null;
  previousRank: number | null;
  parts: PartScore[];
}

export interface Ranking {
  regionCode: string;
  month: string;
  previousMonth: string;
  of: 'department' | 'region';
  weights: { part: Part; weight: number; applied: boolean; reason: NotApplied | null }[];
  units: RankedUnit[];
}

/** One unit's score from its part values; pure. */
export function scoreOf(weights: Record<Part, number>, values: Record<Part, number | null | 'absent'>): { score: number | null; parts: PartScore[] } {
  const appliedWeight = PARTS.reduce((s, p) => s + (weights[p] > 0 && typeof values[p] === 'number' ? weights[p] : 0), 0);
  const parts = PARTS.map((part): PartScore => {
    const v = values[part];
    const reason: NotApplied | null = v === 'absent' ? 'module_absent' : v === null ? 'no_data' : weights[part] <= 0 ? 'zero_weight' : null;
    const value = typeof v === 'number' ? v : null;
    return { part, weight: weights[part], value, applied: reason === null, reason, points: reason === null ? round((weights[part] / appliedWeight) * value! * 100) : null };
  });
  return { score: appliedWeight > 0 ? round(parts.reduce((s, p) => s + (p.points ?? 0), 0)) : null, parts };
}

const round = (x: number) => Math.round(x * 100) / 100;

export function validateWeights(w: Record<string, unknown>): Record<Part, number> {
  const out = {} as Record<Part, number>;
  for (const p of PARTS) {
    const v = w[p] ?? 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) throw new AppError('SUPERVISION_WEIGHTS_INVALID', { part: p });
    out[p] = v;
  }
  if (Object.keys(w).some((k) => !(PARTS as readonly string[]).includes(k)) || PARTS.every((p) => out[p] === 0)) throw new AppError('SUPERVISION_WEIGHTS_INVALID');
  return out;
}

/** The weights in force for a region: its own, else the nearest ancestor's, else the default. */
export async function weightsFor(db: Db, regionCode: string): Promise<{ regionCode: string; weights: Record<Part, number>; inherited: boolean }> {
  const chain = [regionCode, regionCode.slice(0, 4).padEnd(6, '0'), regionCode.slice(0, 2).padEnd(6, '0'), ''];
  for (const code of [...new Set(chain)]) {
    const [row] = await db.select().from(rankingWeights).where(eq(rankingWeights.regionCode, code));
    if (row) return { regionCode: code, weights: { ...DEFAULT_WEIGHTS, ...row.weights }, inherited: code !== regionCode };
  }
  return { regionCode: '', weights: DEFAULT_WEIGHTS, inherited: true };
}

export async function setWeights(db: Db, caller: Caller, regionCode: string | undefined, body: Record<string, unknown>) {
  if (!caller.roles.includes('admin')) throw new AppError('FORBIDDEN');
  const region = scopeRegion(caller, regionCode);
  const weights = validateWeights(body);
  await db
    .insert(rankingWeights)
    .values({ regionCode: region, weights, updatedBy: caller.id })
    .onConflictDoUpdate({ target: rankingWeights.regionCode, set: { weights, updatedBy: caller.id, updatedAt: new Date() } });
  return weightsFor(db, region);
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function checkMonth(month: string, now: Date): void {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const current = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 2000 || month > current) throw new AppError('SUPERVISION_MONTH_INVALID', { month });
}

function monthBounds(month: string): SourceSpan['from'][] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return [new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000), new Date(Date.UTC(y, m, 1) - 8 * 3_600_000)];
}

async function scores(db: Db, region: string, month: string, of: 'department' | 'region', weights: Record<Part, number>) {
  const key = groupKey(of, region);
  const rows = await sumRollups(db, region, spanOf(month), {}, key);
  const figures = new Map<string, Figures>(rows.map((x) => [x.key!, figuresOf(x.sums)]));
  const { ratings, hotline } = supervisionSources();
  const [from, to] = monthBounds(month) as [Date, Date];
  const span = { within: region, from, to };
  const rated = ratings ? await (of === 'department' ? ratings.byDepartment(db, span) : ratings.byRegion(db, span, childLength(region))) : null;
  const calls = hotline ? await (of === 'department' ? hotline.byDepartment(db, span) : hotline.byRegion(db, span, childLength(region))) : null;
  const keys = new Set([...figures.keys(), ...(rated?.keys() ?? []), ...(calls?.keys() ?? [])]);
  const out = new Map<string, ReturnType<typeof scoreOf>>();
  for (const k of keys) {
    const f = figures.get(k);
    const r = rated?.get(k);
    const h = calls?.get(k);
    out.set(
      k,
      scoreOf(weights, {
        onTime: f?.onTimeRate ?? null,
        online: f?.onlineRate ?? null,
        goodRating: rated ? (r?.goodRate ?? null) : 'absent',
        rectification: rated ? (r?.rectifiedRate ?? null) : 'absent',
        hotlineSatisfaction: calls ? (h?.satisfactionRate ?? null) : 'absent',
      }),
    );
  }
  return out;
}

function ranks(list: [string, number | null][]): Map<string, number> {
  const sorted = list.filter(([, s]) => s !== null).sort((a, b) => b[1]! - a[1]!);
  const out = new Map<string, number>();
  sorted.forEach(([k, s], i) => out.set(k, i > 0 && s === sorted[i - 1]![1] ? out.get(sorted[i - 1]![0])! : i + 1));
  return out;
}

export async function ranking(db: Db, caller: Caller, q: { regionCode?: string; month: string; of: 'department' | 'region' }, now: Date): Promise<Ranking> {
  const region = scopeRegion(caller, q.regionCode);
  checkMonth(q.month, now);
  const { weights } = await weightsFor(db, region);
  const prev = previousMonth(q.month);
  const [current, before] = [await scores(db, region, q.month, q.of, weights), await scores(db, region, prev, q.of, weights)];
  // Every department of the region is ranked, also one without cases this month (its score says no data).
  if (q.of === 'department') for (const d of await listDepartments(db, { within: region })) if (!current.has(d.id)) current.set(d.id, scoreOf(weights, { onTime: null, online: null, goodRating: supervisionSources().ratings ? null : 'absent', rectification: supervisionSources().ratings ? null : 'absent', hotlineSatisfaction: supervisionSources().hotline ? null : 'absent' }));
  const rankNow = ranks([...current].map(([k, v]) => [k, v.score]));
  const rankBefore = ranks([...before].map(([k, v]) => [k, v.score]));
  const names = await namesFor(db, q.of, region, [...current.keys()]);
  const units = [...current]
    .map(([key, v]): RankedUnit => ({ key: q.of === 'region' ? regionOfPrefix(key) : key, name: names.get(key) ?? key, score: v.score, rank: rankNow.get(key) ?? null, previousScore: before.get(key)?.score ?? null, previousRank: rankBefore.get(key) ?? null, parts: v.parts }))
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.name.localeCompare(b.name));
  const { ratings, hotline } = supervisionSources();
  const present: Record<Part, boolean> = { onTime: true, online: true, goodRating: !!ratings, rectification: !!ratings, hotlineSatisfaction: !!hotline };
  return {
    regionCode: region,
    month: q.month,
    previousMonth: prev,
    of: q.of,
    weights: PARTS.map((part) => ({ part, weight: weights[part], applied: present[part] && weights[part] > 0, reason: !present[part] ? 'module_absent' : weights[part] > 0 ? null : 'zero_weight' })),
    units,
  };
}
