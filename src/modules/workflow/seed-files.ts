import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundleDefinition } from './contract.js';

export const BUNDLE_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data/bundles');

/** The shipped bundles: every `*.json` of data/bundles holds `{ note, bundles: [...] }`. Validate before use. */
export function readSeedBundles(dir: string = BUNDLE_DATA_DIR): (BundleDefinition & { file: string })[] {
  const out: (BundleDefinition & { file: string })[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { bundles: BundleDefinition[] };
    for (const b of doc.bundles) out.push({ ...b, file });
  }
  return out;
}
