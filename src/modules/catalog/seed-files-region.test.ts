import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import type { Db } from '../../platform/db.js';
import { SEED_DIR } from '../../seed.js';
import { seedOrgStructure } from '../org/index.js';
import { statsPercentages, validateItem } from './rules.js';
import { expandRegionStatsFixture, readRegionStatsFixture } from './seed-files-region.js';
import * as catalog from './service.js';

const fixture = readRegionStatsFixture();
const items = expandRegionStatsFixture(fixture);
const admin = { id: '00000000-0000-4000-8000-000000000001', displayName: '测试管理员' };
let db: Db;

beforeAll(async () => {
  db = await testDb();
  await seedOrgStructure(db, SEED_DIR);
}, 120_000);

describe('seed 001’s catalog shares from shipped data (data/demo/catalog-stats-421200.json)', () => {
  it('keeps the seed’s totals: 12019 items, 6898 即办, 12015 可网办, 5854 最多跑一次, 3619 一次不用跑 (001 L12)', () => {
    const count = (p: (i: (typeof items)[number]) => boolean) => items.filter(p).length;
    expect(items).toHaveLength(12019);
    expect([count((i) => i.immediate), count((i) => i.onlineDepth !== 'offline'), count((i) => i.visits === 1), count((i) => i.visits === 0)]).toEqual([6898, 12015, 5854, 3619]);
    expect(fixture.printed).toEqual({ itemCount: 12019, immediate: 57.39, online: 99.99, atMostOnce: 48.71, zeroVisit: 30.11 });
  });

  it('imports through the catalog import path and yields 57.39 %, 48.71 %, 30.11 % — and 99.97 % 可网办, not the printed 99.99 %', async () => {
    const context = { departments: new Set([fixture.departmentCode]), licenceTypes: new Set<string>() };
    expect(items.slice(0, 1).concat(items.slice(-1)).flatMap((i) => validateItem(i, context))).toEqual([]);
    const result = await catalog.importItems(db, admin, items.map((item, i) => ({ item, row: i + 1 })), { publish: true, within: fixture.regionCode });
    expect(result).toEqual({ created: 12019, updated: 0 });
    const { total } = await catalog.catalogStatistics(db, { within: fixture.regionCode });
    expect(total).toMatchObject({ itemCount: 12019, immediateCount: 6898, onlineCount: 12015, atMostOnceCount: 5854, zeroVisitCount: 3619 });
    const shares = statsPercentages(total);
    expect([shares.immediate, shares.atMostOnce, shares.zeroVisit]).toEqual([fixture.printed.immediate, fixture.printed.atMostOnce, fixture.printed.zeroVisit]);
    // 12015 / 12019 = 99.967 %: the seed's 99.99 % would need at most one offline item (12018 / 12019).
    expect(shares.online).toBe(99.97);
    expect(shares.online).not.toBe(fixture.printed.online);
  }, 900_000);
});
