/**
 * The draw over seed 001's 253,941 检查对象 (shares of the classes assumed: 企业 40 %, 个体工商户 57 %, 合作社 3 %), 150
 * inspectors of two departments, 2,000 declared conflicts, 2 inspectors per object, default ratios — against a
 * plain random sample of the same sizes (mulberry32 partial shuffle, no inspectors, no seed commitment).
 * Pure computation: the pool is what the commit reads from PostgreSQL, the SQL is not timed here.
 * Uniformity: 200 draws, selections of enterprises counted in 100 buckets of the credit-code order, chi-square (99 df).
 *
 *   npx tsx bench/draw/index.ts
 */
import { performance } from 'node:perf_hooks';
import { drawFromPool, DEFAULT_QUOTAS, type DrawPool } from '../../src/modules/inspection/index.js';
import { median, rng, writeResult } from '../lib.js';

const N = 253_941;
const r = rng(16);
const subjects: DrawPool['subjects'] = [];
for (let i = 0; i < N; i++) {
  const x = r();
  subjects.push([`S${String(i).padStart(7, '0')}`, x < 0.4 ? 'enterprise' : x < 0.97 ? 'individual' : 'cooperative']);
}
const inspectors: [string, string][] = Array.from({ length: 150 }, (_, i) => [`I${String(i).padStart(4, '0')}`, i % 2 ? 'd2' : 'd1']);
const conflicts: [string, string][] = Array.from({ length: 2000 }, () => [inspectors[Math.floor(r() * 150)]![0], subjects[Math.floor(r() * N)]![0]]);
const pool: DrawPool = { subjects, inspectors, conflicts, departmentIds: ['d1', 'd2'], quotas: DEFAULT_QUOTAS, inspectorsPerObject: 2 };

function plainSample(seed: number) {
  const rand = rng(seed);
  const out: string[] = [];
  for (const cls of ['enterprise', 'individual', 'cooperative'] as const) {
    const of = subjects.filter((s) => s[1] === cls);
    const k = Math.ceil(DEFAULT_QUOTAS[cls]!.ratio * of.length - 1e-9);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rand() * (of.length - i));
      [of[i], of[j]] = [of[j]!, of[i]!];
      out.push(of[i]![0]);
    }
  }
  return out;
}

const RUNS = 7;
const drawMs: number[] = [];
const plainMs: number[] = [];
let objects = 0;
for (let i = 0; i < RUNS; i++) {
  let t = performance.now();
  objects = drawFromPool(pool, `seed-${i}`).length;
  drawMs.push(performance.now() - t);
  t = performance.now();
  plainSample(i);
  plainMs.push(performance.now() - t);
}

const enterprises = subjects.filter((s) => s[1] === 'enterprise').map((s) => s[0]);
const bucketOf = new Map(enterprises.map((c, i) => [c, Math.floor((i * 100) / enterprises.length)]));
const counts = new Array(100).fill(0);
const DRAWS = 200;
for (let i = 0; i < DRAWS; i++) for (const t of drawFromPool({ ...pool, quotas: { enterprise: DEFAULT_QUOTAS.enterprise } }, `u-${i}`)) counts[bucketOf.get(t.creditCode)!]++;
const total = counts.reduce((a, b) => a + b, 0);
const chi2 = counts.reduce((a, c, i) => {
  const size = enterprises.filter((_, j) => Math.floor((j * 100) / enterprises.length) === i).length;
  const expected = (total * size) / enterprises.length;
  return a + (c - expected) ** 2 / expected;
}, 0);

const result = {
  subjects: N,
  objectsDrawn: objects,
  inspectors: inspectors.length,
  conflicts: conflicts.length,
  drawMedianMs: Math.round(median(drawMs)),
  plainSampleMedianMs: Math.round(median(plainMs) * 10) / 10,
  ratio: Math.round((median(drawMs) / median(plainMs)) * 10) / 10,
  uniformity: { draws: DRAWS, buckets: 100, chiSquare: Math.round(chi2 * 10) / 10, df: 99, critical99: 134.6 },
};
console.log(JSON.stringify(result, null, 2));
console.log(writeResult('draw', result));
