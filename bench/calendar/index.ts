/**
 * One million `due` computations over random starts (2019-01 … 2026-06) and whole-day limits (0–60),
 * against chinese-days' `findWorkday` on the same inputs. Run: npx tsx bench/calendar/index.ts
 * Writes bench/results/calendar.json. Figures are medians of several runs.
 */
import chineseDays from 'chinese-days';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { due, dueMs, localDate } from '../../src/modules/calendar/rules.js';
import { seedWorkCalendar } from '../../src/modules/calendar/seed.js';
import { median, rng } from '../lib.js';

const { findWorkday } = chineseDays;

const CALLS = 1_000_000;
const RUNS = 5;
/** findWorkday walks day by day through dayjs: a slice of the same inputs keeps the run short. */
const BASELINE_CALLS = 100_000;
const BASELINE_RUNS = 3;
const RESULT_FILE = fileURLToPath(new URL('../results/calendar.json', import.meta.url));

function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export interface CalendarBenchResult {
  name: 'calendar';
  calls: number;
  /** Through the public `due()`: Date in, Date and provisional flag out. */
  oursPerSecond: number;
  /** The allocation-free `dueMs()` (epoch ms in and out). */
  fastPathPerSecond: number;
  baseline: { name: string; calls: number; perSecond: number };
  ratio: number;
  fastPathRatio: number;
  agreement: { checked: number; sameDate: number };
  runs: { ours: number[]; fastPath: number[]; baseline: number[] };
  node: string;
  date: string;
}

export function main(): CalendarBenchResult {
  const cal = seedWorkCalendar();
  const next = rng(20260921);
  const from = Date.parse('2019-01-01T00:00:00+08:00');
  const span = Date.parse('2026-07-01T00:00:00+08:00') - from;
  const starts = new Float64Array(CALLS);
  const limits = new Int32Array(CALLS);
  for (let i = 0; i < CALLS; i++) {
    starts[i] = from + Math.floor(next() * span);
    limits[i] = Math.floor(next() * 61);
  }
  const startDates = Array.from(starts.subarray(0, BASELINE_CALLS), (s) => localDate(s));

  let sink = 0;
  // The allocation-free path the public one is built on.
  const fast = Array.from({ length: RUNS }, () =>
    timeIt(() => {
      for (let i = 0; i < CALLS; i++) sink += dueMs(cal, starts[i]!, limits[i]!);
    }),
  );
  // The public `due()` also builds Date objects and checks for provisional years.
  const api = Array.from({ length: RUNS }, () =>
    timeIt(() => {
      for (let i = 0; i < CALLS; i++) sink += due(cal, new Date(starts[i]!), limits[i]!).due.getTime();
    }),
  );
  const baseline = Array.from({ length: BASELINE_RUNS }, () =>
    timeIt(() => {
      for (let i = 0; i < BASELINE_CALLS; i++) sink += findWorkday(limits[i]!, startDates[i]).length;
    }),
  );

  // Both must answer the same question: for limits ≥ 1 the due date is findWorkday's date.
  let checked = 0;
  let sameDate = 0;
  for (let i = 0; i < 10_000; i++) {
    if (limits[i] === 0) continue;
    checked++;
    if (localDate(dueMs(cal, starts[i]!, limits[i]!)) === findWorkday(limits[i]!, startDates[i])) sameDate++;
  }
  if (sink === 42) console.log('');

  const oursPerSecond = CALLS / median(api);
  const fastPerSecond = CALLS / median(fast);
  const basePerSecond = BASELINE_CALLS / median(baseline);
  const result: CalendarBenchResult = {
    name: 'calendar',
    calls: CALLS,
    oursPerSecond: Math.round(oursPerSecond),
    fastPathPerSecond: Math.round(fastPerSecond),
    baseline: { name: 'chinese-days findWorkday', calls: BASELINE_CALLS, perSecond: Math.round(basePerSecond) },
    ratio: Math.round((oursPerSecond / basePerSecond) * 10) / 10,
    fastPathRatio: Math.round((fastPerSecond / basePerSecond) * 10) / 10,
    agreement: { checked, sameDate },
    runs: { ours: api, fastPath: fast, baseline },
    node: process.version,
    date: new Date().toISOString(),
  };
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`calendar due()      ${fmt(oursPerSecond)} /s   (${fmt(CALLS)} calls, median of ${RUNS} runs: ${median(api).toFixed(3)} s)`);
  console.log(`chinese-days        ${fmt(basePerSecond)} /s   (findWorkday, ${fmt(BASELINE_CALLS)} of the same inputs, median of ${BASELINE_RUNS})`);
  console.log(`ratio               ${result.ratio}×   (due dates agree on ${sameDate}/${checked} whole-day checks)`);
  console.log(`calendar dueMs()    ${fmt(fastPerSecond)} /s   (allocation-free path, ${result.fastPathRatio}× the baseline)`);
  mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
  writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
