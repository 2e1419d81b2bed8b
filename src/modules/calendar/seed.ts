import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWorkCalendar, type DayEntry, type OfficePeriod, type WorkCalendar } from './rules.js';

export const NATIONAL_REGION = '000000';

export const SEED_FILE = fileURLToPath(new URL('../../../data/calendar/cn-2019-2026.json', import.meta.url));

export interface SeedFile {
  /** Where the days come from (package and version). */
  source: string;
  region: string;
  years: number[];
  days: DayEntry[];
}

let cached: SeedFile | undefined;

export function readSeed(): SeedFile {
  cached ??= JSON.parse(readFileSync(SEED_FILE, 'utf8')) as SeedFile;
  return cached;
}

/** The national calendar from the committed seed alone (no database). */
export function seedWorkCalendar(officeHours?: readonly OfficePeriod[]): WorkCalendar {
  const seed = readSeed();
  return createWorkCalendar({ days: seed.days, years: seed.years, officeHours });
}
