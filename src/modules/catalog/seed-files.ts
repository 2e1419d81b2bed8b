import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceItem } from './contract.js';

export const CATALOG_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data/catalog');

const SIDE_FILES = new Set(['departments-needed.json', 'licence-types.json']);

export interface SeedDepartment {
  code: string;
  name: string;
  regionCode: string;
  level: 'province' | 'city' | 'county';
  /** False when data/org/departments.json does not have it yet. */
  inOrgSeed?: boolean;
}

export interface SeedLicenceType {
  code: string;
  name: string;
}

export interface SeedCatalog {
  items: (ServiceItem & { file: string })[];
  departments: SeedDepartment[];
  licenceTypes: SeedLicenceType[];
}

/** Reads the seed catalog: every `*.json` of the folder holds `{ items: [...] }`, except the two side lists. */
export function readSeedCatalog(dir: string = CATALOG_DATA_DIR): SeedCatalog {
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
  const items: SeedCatalog['items'] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && !SIDE_FILES.has(f)).sort()) {
    for (const it of read(file).items as ServiceItem[]) items.push({ ...it, file });
  }
  return {
    items,
    departments: read('departments-needed.json').departments as SeedDepartment[],
    licenceTypes: read('licence-types.json').licenceTypes as SeedLicenceType[],
  };
}
