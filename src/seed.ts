import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { FieldCipher } from './platform/crypto.js';
import type { Db } from './platform/db.js';
import { seedDemoUsers, seedOrgStructure } from './modules/org/index.js';

/** Versioned seed data shipped with the code (not the runtime data folder). */
export const SEED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../data');

export interface SeedReport {
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
  if (!options.demo) return { demoCreated: false, password: '', accounts: [] };
  const demo = await seedDemoUsers(db, cipher, SEED_DIR);
  return { demoCreated: demo.created, password: demo.password, accounts: demo.accounts };
}
