import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { FieldCipher } from './platform/crypto.js';
import type { Db } from './platform/db.js';
import { seedDemoUsers, seedOrgStructure } from './modules/org/index.js';
import { seedCatalog } from './modules/catalog/index.js';
import { seedCalendar } from './modules/calendar/index.js';
import { seedUnits } from './modules/ledger/index.js';
import { seedBundles } from './modules/workflow/index.js';
import { seedLicences } from './modules/licences/index.js';
import { seedHotline } from './modules/hotline/index.js';
import { seedDemoHall } from './modules/hall/index.js';

/** Versioned seed data shipped with the code (not the runtime data folder). */
export const SEED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../data');

export interface SeedReport {
  catalog: { created: number; existing: number; skipped: number };
  demoCreated: boolean;
  password: string;
  accounts: { account: string; role: string; name: string }[];
}

/**
 * Reference data (regions, departments, calendar, catalog) is added where missing on every start; demo
 * accounts only into an empty user table, so an operator's changes are never overwritten.
 */
export async function seedAll(db: Db, cipher: FieldCipher, options: { demo: boolean }): Promise<SeedReport> {
  await seedOrgStructure(db, SEED_DIR);
  await seedCalendar(db);
  await seedUnits(db);
  const catalog = await seedCatalog(db);
  await seedBundles(db);
  await seedHotline(db, SEED_DIR);
  const counts = { created: catalog.created, existing: catalog.existing, skipped: catalog.skipped.length };
  if (!options.demo) return { catalog: counts, demoCreated: false, password: '', accounts: [] };
  const demo = await seedDemoUsers(db, cipher, SEED_DIR);
  await seedLicences(db, cipher, SEED_DIR);
  await seedDemoHall(db);
  return { catalog: counts, demoCreated: demo.created, password: demo.password, accounts: demo.accounts };
}
