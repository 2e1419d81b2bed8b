#!/usr/bin/env node
// `npm run dev`: the API server in watch mode (tsx watch) and Vite with hot reload, which proxies /api to it.
// Both stop together on Ctrl-C or when either exits.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const apiPort = process.env.PORT ?? '3000';
const children = [
  spawn('npx', ['tsx', 'watch', 'src/cli.ts', 'start'], { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: apiPort } }),
  spawn('npx', ['vite'], { cwd: root, stdio: 'inherit', env: { ...process.env, TONGBAN_API_URL: `http://127.0.0.1:${apiPort}` } }),
];

function stopAll(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exitCode = code;
}

for (const c of children) c.on('exit', (code) => stopAll(code ?? 0));
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
