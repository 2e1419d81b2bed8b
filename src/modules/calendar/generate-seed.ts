/**
 * Regenerates data/calendar/cn-2019-2026.json from the installed `chinese-days` package:
 *   npx tsx src/modules/calendar/generate-seed.ts
 * The JSON is committed, so the running platform never depends on the package's data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { DayEntry } from './rules.js';
import { SEED_FILE, type SeedFile } from './seed.js';

const FIRST = 2019;
const LAST = 2026;

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** `"Spring Festival,春节,4"` → `春节` */
function festival(label: string): string {
  return label.split(',')[1] ?? label;
}

export function buildSeed(): SeedFile {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('chinese-days/package.json');
  const version = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysJson;
  const days: DayEntry[] = [];
  const inRange = (d: string) => Number(d.slice(0, 4)) >= FIRST && Number(d.slice(0, 4)) <= LAST;
  for (const [date, label] of Object.entries(data.holidays)) if (inRange(date)) days.push({ date, kind: 'holiday', name: festival(label) });
  for (const [date, label] of Object.entries(data.workdays)) if (inRange(date)) days.push({ date, kind: 'adjusted_workday', name: festival(label) });
  days.sort((a, b) => a.date.localeCompare(b.date));
  const years: number[] = [];
  for (let y = FIRST; y <= LAST; y++) years.push(y);
  return {
    source: `chinese-days@${version} (npm; https://github.com/vsme/chinese-days), dist/chinese-days.json`,
    region: '000000',
    years,
    days,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { days, ...head } = buildSeed();
  // One day per line keeps the diff of a regenerated seed readable.
  const lines = days.map((d) => `  ${JSON.stringify(d)}`).join(',\n');
  const headLines = Object.entries(head).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
  writeFileSync(SEED_FILE, `{\n${headLines},\n "days": [\n${lines}\n ]\n}\n`);
}
