#!/usr/bin/env node
// Browser tests: installs Chromium and CJK fonts from Debian when missing (as root), builds the web app,
// starts tongban on a fresh embedded database, drives Debian's Chromium through playwright-core, runs every
// test/e2e/*.e2e.mjs and writes .tmp/e2e.json {passed, failed}.
// TONGBAN_E2E_ONLY=<text> runs only the tests whose name contains it; TONGBAN_E2E_SKIP_BUILD=1 reuses web/dist.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeContext, root, screenshotDir, tests } from './harness.mjs';

const CHROMIUM = '/usr/bin/chromium';
// Only a stuck test reaches this: every wait inside one ends on a state, so a busy machine makes it slower, not red.
const TEST_TIMEOUT_MS = 300_000;
const outDir = join(root, '.tmp');
const reportFile = join(outDir, 'e2e.json');
mkdirSync(outDir, { recursive: true });
rmSync(reportFile, { force: true });
// Failure screenshots describe one run: those of an earlier run would pass for this one's.
if (existsSync(screenshotDir)) {
  for (const f of readdirSync(screenshotDir)) if (f.startsWith('FAILED-')) rmSync(join(screenshotDir, f), { force: true });
}

function log(line) {
  process.stdout.write(`[e2e] ${line}\n`);
}

function writeReport(passed, failed) {
  writeFileSync(reportFile, JSON.stringify({ passed, failed }) + '\n');
}

function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureBrowser() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!installed('fonts-noto-cjk')) missing.push('fonts-noto-cjk');
  // The supervision test reads the monthly report's PDF back with pdftotext.
  if (!existsSync('/usr/bin/pdftotext')) missing.push('poppler-utils');
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    if (missing.includes('chromium')) throw new Error(`${CHROMIUM} is missing and this is not root: apt-get install chromium fonts-noto-cjk poppler-utils first`);
    log('fonts-noto-cjk is missing (not root, cannot install): Chinese text in screenshots may show as boxes');
    return;
  }
  log(`installing ${missing.join(', ')} from Debian packages`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

function buildWeb() {
  if (process.env.TONGBAN_E2E_SKIP_BUILD === '1' && existsSync(join(root, 'web/dist/index.html'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-e2e-'));
  const port = await freePort();
  const output = [];
  const child = spawn('npx', ['tsx', 'src/cli.ts', 'start'], {
    cwd: root,
    detached: true,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TONGBAN_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', TONGBAN_DEMO: '1', TONGBAN_LOGIN_RATE_LIMIT: '1000', TONGBAN_TEST_CLOCK: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before it was ready:\n${Buffer.concat(output).toString()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (Date.now() >= deadline) throw new Error('server did not become ready in 180 s');
  return {
    url,
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server itself serves web/dist (index.html for the app's paths); the tests go through it as users do. */
async function servesWebApp(url) {
  try {
    const res = await fetch(`${url}/login`, { headers: { Accept: 'text/html' } });
    return res.ok && (await res.text()).includes('id="root"');
  } catch {
    return false;
  }
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`timed out after ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(timer));
}

async function main() {
  const cleanups = [];
  let passed = 0;
  let failed = 0;
  try {
    ensureBrowser();
    buildWeb();
    const server = await startServer();
    cleanups.push(() => server.stop());
    const baseUrl = server.url;
    if (!(await servesWebApp(baseUrl))) throw new Error(`the server at ${baseUrl} does not serve the built web app at /login (is web/dist built?)`);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    cleanups.unshift(() => browser.close());

    const files = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.e2e.mjs')).sort();
    for (const f of files) await import(pathToFileURL(join(import.meta.dirname, f)).href);
    const only = process.env.TONGBAN_E2E_ONLY;
    const chosen = tests.filter((x) => !only || x.name.includes(only));
    for (const t of [...chosen.filter((x) => !x.movesClock), ...chosen.filter((x) => x.movesClock)]) {
      const ctx = makeContext(browser, baseUrl);
      const started = Date.now();
      try {
        const note = await withTimeout(t.fn(ctx), TEST_TIMEOUT_MS);
        passed++;
        log(`ok   ${t.name} (${Date.now() - started} ms)${typeof note === 'string' ? ` — ${note}` : ''}`);
      } catch (err) {
        failed++;
        await ctx.captureFailure(t.name);
        log(`FAIL ${t.name} (${Date.now() - started} ms)\n${String(err?.stack ?? err).replace(/^/gm, '       ')}`);
      } finally {
        await ctx.close();
      }
    }
  } catch (err) {
    failed++;
    log(`setup failed: ${err?.stack ?? err}`);
  } finally {
    for (const c of cleanups) await Promise.resolve().then(c).catch(() => {});
  }
  writeReport(passed, failed);
  log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

await main();
