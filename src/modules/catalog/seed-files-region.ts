import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceItem } from './contract.js';

const REGION_STATS_FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data/demo/catalog-stats-421200.json');

/** One class of items of a region's published catalog: how many, and the four figures the statistics count. */
interface StatsClass {
  count: number;
  immediate: boolean;
  onlineDepth: ServiceItem['onlineDepth'];
  visits: number;
  about: string;
}

/** A region's catalog as a report counts it (seed 001 L12): totals only, expanded into items to import. */
interface RegionStatsFixture {
  note: string;
  source: { ref: string; quote: string };
  /** The shares the report printed, in per cent. */
  printed: { itemCount: number; immediate: number; online: number; atMostOnce: number; zeroVisit: number };
  regionCode: string;
  departmentCode: string;
  codePrefix: string;
  classes: StatsClass[];
}

export function readRegionStatsFixture(file: string = REGION_STATS_FIXTURE): RegionStatsFixture {
  return JSON.parse(readFileSync(file, 'utf8')) as RegionStatsFixture;
}

/**
 * The fixture as catalog items, one per counted item. Each carries only what the report counts; the rest is the
 * least a valid item needs, and its source says the item stands for a count, not for a real 事项.
 */
export function expandRegionStatsFixture(f: RegionStatsFixture): ServiceItem[] {
  const items: ServiceItem[] = [];
  const width = String(f.classes.reduce((n, c) => n + c.count, 0)).length;
  for (const c of f.classes) {
    for (let i = 0; i < c.count; i++) {
      const serial = String(items.length + 1).padStart(width, '0');
      const legalLimit = c.immediate ? 0 : 20;
      items.push({
        code: `${f.codePrefix}-${serial}`,
        standardCode: `TJ-${serial}`,
        name: `统计样本事项${serial}`,
        nameEn: `Statistics sample item ${serial}`,
        powerType: 'public_service',
        legalBasis: '统计样本：只代表咸宁市事项清单的计数（001 L12）',
        departmentCode: f.departmentCode,
        regionCode: f.regionCode,
        level: 'city',
        audiences: ['person', 'enterprise'],
        legalLimit,
        promisedLimit: c.immediate ? 0 : 10,
        immediate: c.immediate,
        onlineDepth: c.onlineDepth,
        visits: c.visits,
        fourWays: [...(c.immediate ? (['immediate'] as const) : []), ...(c.onlineDepth !== 'offline' ? (['online'] as const) : []), ...(c.visits <= 1 ? (['once'] as const) : [])],
        scopes: [],
        fee: { amountFen: 0 },
        conditions: [],
        steps: [
          { name: '受理', departmentCode: f.departmentCode, role: 'window_clerk', share: 0.5 },
          { name: '办结', departmentCode: f.departmentCode, role: 'approver', share: 0.5 },
        ],
        materials: [{ name: '申请表', form: 'electronic', count: 1, required: true, deficiencyAllowed: false }],
        pledgeAllowed: false,
        specialProcedures: [],
        result: { kind: 'decision', name: '办理结果' },
        windows: [],
        phones: { consult: ['12345'], complaint: ['12345'] },
        form: { fields: [] },
        themes: ['统计样本'],
        sources: [{ field: 'code', ref: f.source.ref, note: `stands for one item of the class “${c.about}”` }],
      });
    }
  }
  return items;
}
