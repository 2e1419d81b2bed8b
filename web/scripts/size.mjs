#!/usr/bin/env node
// First-load JavaScript of the portal home: the entry chunk and the home surface's chunk with everything they
// import statically, gzip-compressed as the server sends them. Reads web/dist/.vite/manifest.json (run
// `npx vite build` first). Prints the figure and exits 1 when it passes the 500 KB budget.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 500 * 1024;
const dist = resolve(import.meta.dirname, '../dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

/** The chunks a manifest entry needs before it runs: itself and its static imports, transitively. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key].imports ?? []) closure(dep, seen);
  return seen;
}

export function homeChunks() {
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const home = Object.keys(manifest).find((k) => k.endsWith('portal/Home.tsx'));
  if (!entry || !home) throw new Error('manifest lacks the entry or src/portal/Home.tsx');
  return [...closure(home, closure(entry))].map((k) => manifest[k].file);
}

export function gzipSize(file) {
  return gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = homeChunks();
  const rows = files.map((f) => ({ f, raw: readFileSync(join(dist, f)).length, gz: gzipSize(f) })).sort((a, b) => b.gz - a.gz);
  for (const r of rows) console.log(`${kb(r.gz).padStart(10)} gzip ${kb(r.raw).padStart(10)} raw  ${r.f}`);
  const total = rows.reduce((n, r) => n + r.gz, 0);
  const raw = rows.reduce((n, r) => n + r.raw, 0);
  console.log(`portal home first-load JS: ${kb(total)} gzip (${kb(raw)} raw) in ${rows.length} chunks; budget ${kb(BUDGET)}`);
  process.exit(total < BUDGET ? 0 : 1);
}
