// Shapes of the supervision API's answers as the pages use them; the figures themselves come from the server's contract.
import type { BundleFigures, Figures } from '../../../src/modules/supervision/contract.js';

export type { BundleFigures, Figures };

export interface StatsResult {
  regionCode: string;
  regionName: string;
  period: string;
  total: Figures;
  bundles: BundleFigures;
  groups: { key: string; name: string; drill: string | null; figures: Figures }[];
}

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);

/** This month in China (UTC+8), YYYY-MM. */
export function thisMonth(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** The months a picker offers: this one and the 23 before it. */
export function recentMonths(): string[] {
  const [y, m] = thisMonth().split('-').map(Number) as [number, number];
  return Array.from({ length: 24 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return d.toISOString().slice(0, 7);
  });
}
