#!/usr/bin/env node
// Runs every benchmark in bench/<name>/index.ts (or the ones named on the command line), one after another
// so they do not disturb each other. Each prints its figure beside its baseline and writes
// bench/results/<name>.json. A benchmark that crashes fails the run; a slow one never does.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const all = readdirSync(join(root, 'bench'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'bench', d.name, 'index.ts')))
  .map((d) => d.name)
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !all.includes(n));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}\n`);
  process.exit(2);
}
const broken = [];
for (const name of wanted.length ? wanted : all) {
  process.stdout.write(`\n== bench/${name}\n`);
  const r = spawnSync('npx', ['tsx', join('bench', name, 'index.ts')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) broken.push(name);
}
if (broken.length) {
  process.stderr.write(`\nbroken benchmarks: ${broken.join(', ')}\n`);
  process.exit(1);
}
