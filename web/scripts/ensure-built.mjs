#!/usr/bin/env node
// Run before `npm start`: builds the web app when web/dist has not been built yet (a fresh clone), so the
// server has pages to serve. A rebuild after changing web/ is `npm run build:web`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
if (!existsSync(join(root, 'web/dist/index.html'))) {
  process.stdout.write('web/dist is missing: building the web app (vite build)…\n');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
