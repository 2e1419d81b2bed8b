/**
 * 事项搜索 over 100,000 published items: the catalog's search (character-pair GIN index, exact names first)
 * against a plain ILIKE scan of the same table returning the same first page. Run:
 * npx tsx bench/catalog-search/index.ts   (PGlite in memory; set DATABASE_URL to use a PostgreSQL server).
 * Writes bench/results/catalog-search.json. Latencies are medians over the query set, each query run several times.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, asc, isNotNull, sql } from 'drizzle-orm';
import { migrateDb, openDb, type Db } from '../../src/platform/db.js';
import { indexTokens } from '../../src/modules/catalog/rules.js';
import { catalogItems } from '../../src/modules/catalog/schema.js';
import { searchItems } from '../../src/modules/catalog/service.js';
import { median, rng } from '../lib.js';

const ITEMS = 100_000;
const RUNS = 7;
const PAGE = 20;
const RESULT_FILE = fileURLToPath(new URL('../results/catalog-search.json', import.meta.url));

const OBJECTS = ['企业', '个体工商户', '不动产', '建设工程', '药品零售', '食品经营', '医疗器械', '城市道路', '城市绿地', '水利工程', '供水', '燃气', '电力',
  '社会保险', '住房公积金', '婚姻', '户籍', '出入境', '机动车', '驾驶证', '特种设备', '危险化学品', '出版物', '广播电视', '文物保护', '林木采伐', '草原',
  '渔业捕捞', '农药经营', '兽药经营', '种子生产', '排污', '取水', '采矿', '测绘', '人防工程', '消防设计', '户外广告', '城市排水', '公共停车场', '旅行社',
  '娱乐场所', '互联网上网服务', '民办学校', '医疗机构', '养老机构', '律师事务所', '公证', '会计师事务所', '拍卖企业'];
const ACTIONS = ['设立登记', '变更登记', '注销登记', '经营许可', '许可证核发', '许可证延续', '许可证变更', '备案', '审批', '核准', '资格认定', '年度检验',
  '证照补办', '信息查询', '证明开具', '抵押登记', '转移登记', '首次登记', '竣工验收', '方案审核'];
const SUFFIXES = ['', '', '', '（内资）', '（分支机构）', '（告知承诺）'];
const THEMES = ['企业开办', '工程建设项目审批', '获得电力', '获得用水用气', '不动产登记', '我要开药店', '企业注销', '社会保障', '婚姻登记', '交通出行'];

/** The queries an applicant types: exact item names, fragments, themes, and words that match nothing. */
const QUERIES = ['企业设立登记', '不动产抵押登记', '药品零售经营许可', '设立登记', '许可证延续', '燃气', '开药店', '公积金', '建设工程竣工验收',
  '特种设备年度检验', '注销', '户外广告审批', '医疗机构执业', '工程建设', '驾驶证证照补办', '排污许可证核发', '出入境', '不存在的事项', '养老', '登记'];

async function generate(db: Db): Promise<void> {
  const next = rng(20261122);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const levels = ['province', 'city', 'county'] as const;
  const depths = ['full', 'prereview', 'offline'] as const;
  for (let start = 0; start < ITEMS; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, ITEMS - start) }, (_, k) => {
      const i = start + k;
      const name = `${pick(OBJECTS)}${pick(ACTIONS)}${pick(SUFFIXES)}`;
      const themes = next() < 0.4 ? [pick(THEMES)] : [];
      const region = `4${String(2000 + Math.floor(next() * 1000)).padStart(5, '0')}`;
      const immediate = next() < 0.5;
      return {
        code: `${region}-BENCH-${i}`,
        standardCode: `BENCH-${name.length}-${i % 997}`,
        publishedVersion: 1,
        name,
        regionCode: region,
        departmentCode: `${region}-d${Math.floor(next() * 20)}`,
        level: pick(levels),
        audiences: next() < 0.5 ? ['enterprise'] : ['person'],
        themes,
        onlineDepth: pick(depths),
        immediate,
        visits: Math.floor(next() * 3),
        legalLimit: 20,
        promisedLimit: immediate ? 0 : 5,
        searchTokens: indexTokens([name, ...themes]),
      };
    });
    await db.insert(catalogItems).values(rows);
  }
  await db.execute(sql`ANALYZE catalog_items`);
}

/** The baseline: the same page found by scanning names and themes with ILIKE, ranked the same way. */
function ilikeScan(db: Db, q: string) {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rank = sql`CASE WHEN ${catalogItems.name} = ${q} THEN 0 WHEN starts_with(${catalogItems.name}, ${q}) THEN 1 WHEN strpos(${catalogItems.name}, ${q}) > 0 THEN 2 ELSE 3 END`;
  return db
    .select({ id: catalogItems.id, name: catalogItems.name })
    .from(catalogItems)
    .where(and(isNotNull(catalogItems.publishedVersion), sql`(${catalogItems.name} ILIKE ${pattern} OR array_to_string(${catalogItems.themes}, ' ') ILIKE ${pattern})`))
    .orderBy(rank, sql`length(${catalogItems.name})`, asc(catalogItems.code))
    .limit(PAGE);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function main() {
  const handle = await openDb({ url: process.env.DATABASE_URL });
  await migrateDb(handle);
  const db = handle.db;
  await db.execute(sql`DELETE FROM catalog_items WHERE code LIKE '%-BENCH-%'`);
  const t0 = Date.now();
  await generate(db);
  const loadSeconds = (Date.now() - t0) / 1000;

  const perQuery: { q: string; hits: number; oursMs: number; baselineMs: number; samePage: boolean }[] = [];
  for (const q of QUERIES) {
    const ours = await searchItems(db, { q, limit: PAGE, offset: 0 });
    const base = await ilikeScan(db, q);
    const oursRuns: number[] = [];
    const baseRuns: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      oursRuns.push(await time(() => searchItems(db, { q, limit: PAGE, offset: 0 })));
      baseRuns.push(await time(() => ilikeScan(db, q)));
    }
    perQuery.push({
      q,
      hits: ours.length,
      oursMs: median(oursRuns),
      baselineMs: median(baseRuns),
      samePage: JSON.stringify(ours.map((o) => o.id)) === JSON.stringify(base.map((b) => b.id)),
    });
  }
  const oursMedian = median(perQuery.map((p) => p.oursMs));
  const baseMedian = median(perQuery.map((p) => p.baselineMs));
  const result = {
    name: 'catalog-search',
    items: ITEMS,
    database: handle.kind,
    queries: QUERIES.length,
    runsPerQuery: RUNS,
    oursMedianMs: Number(oursMedian.toFixed(2)),
    oursWorstMs: Number(Math.max(...perQuery.map((p) => p.oursMs)).toFixed(2)),
    baseline: { name: 'plain ILIKE scan, same ranking and page', medianMs: Number(baseMedian.toFixed(2)) },
    ratio: Number((baseMedian / oursMedian).toFixed(1)),
    targetMs: 50,
    samePageEverywhere: perQuery.every((p) => p.samePage),
    perQuery: perQuery.map((p) => ({ ...p, oursMs: Number(p.oursMs.toFixed(2)), baselineMs: Number(p.baselineMs.toFixed(2)) })),
    loadSeconds,
    node: process.version,
    date: new Date().toISOString(),
  };
  await db.execute(sql`DELETE FROM catalog_items WHERE code LIKE '%-BENCH-%'`);
  await handle.close();
  mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
  writeFileSync(RESULT_FILE, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(
    `catalog-search: ${ITEMS} items on ${handle.kind}; median ${result.oursMedianMs} ms (worst ${result.oursWorstMs} ms) vs ILIKE scan ${result.baseline.medianMs} ms — ${result.ratio}× faster; target < ${result.targetMs} ms\n`,
  );
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
