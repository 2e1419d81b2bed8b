#!/usr/bin/env node
// The whole suite on a fresh machine: installs what it lacks from Debian's packages (when root), runs the unit
// tests (no database) once, the database tests on PGlite and again on a PostgreSQL 15 cluster of its own, then the
// browser tests, and closes with one "N passed, N failed" line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, '.tmp');
mkdirSync(outDir, { recursive: true });
const isRoot = process.getuid?.() === 0;
let aptUpdated = false;

function log(line) {
  process.stdout.write(`[test] ${line}\n`);
}

function aptInstall(packages) {
  if (!isRoot) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  return true;
}

function findPgBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : null;
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Runs a command as the postgres user when we are root (initdb refuses to run as root). */
function runPg(bin, args) {
  const cmd = isRoot ? 'runuser' : bin;
  const full = isRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  const r = spawnSync(cmd, full, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

async function startPostgres() {
  let bin = findPgBin();
  if (!bin) {
    log('PostgreSQL not found; installing it from Debian packages');
    if (!aptInstall(['postgresql'])) throw new Error('PostgreSQL is not installed and this is not root: install postgresql (15) first');
    bin = findPgBin();
  }
  const dir = mkdtempSync(join(tmpdir(), 'tongban-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
  runPg(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  runPg(join(bin, 'pg_ctl'), ['-D', dataDir, '-o', opts, '-l', join(dir, 'server.log'), '-w', 'start']);
  const version = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    stop() {
      try {
        runPg(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** One vitest project (`unit` needs no database, `db` runs on the one DATABASE_URL names, PGlite when empty). */
function vitest(label, env, extraArgs = []) {
  const report = join(outDir, `vitest-${label}.json`);
  rmSync(report, { force: true });
  log(`running the ${extraArgs.includes('unit') ? 'unit tests' : `database tests on ${label}`}`);
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed = json.numPassedTests;
    // A file that failed to load has no failed test of its own; count it once.
    const brokenFiles = (json.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
    failed = json.numFailedTests + brokenFiles;
  }
  if (r.status !== 0 && failed === 0) failed = 1;
  log(`${label}: ${passed} passed, ${failed} failed`);
  return { passed, failed };
}

const results = [];
log('type-checking the server and the web app');
const tsc = spawnSync('npm', ['run', '--silent', 'typecheck'], { cwd: root, stdio: 'inherit' });
results.push(tsc.status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });
log(`typecheck: ${tsc.status === 0 ? 'passed' : 'FAILED'}`);
// The monthly report embeds Noto CJK in its PDF and its tests read the PDF back with pdftotext.
const reportTools = [['fonts-noto-cjk', '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'], ['poppler-utils', '/usr/bin/pdftotext']].filter(([, file]) => !existsSync(file));
if (reportTools.length && !aptInstall(reportTools.map(([pkg]) => pkg))) log(`missing ${reportTools.map(([pkg]) => pkg).join(', ')} (not root, cannot install): the report tests will fail`);
results.push(vitest('unit', { DATABASE_URL: '' }, ['--project', 'unit']));
results.push(vitest('pglite', { DATABASE_URL: '' }, ['--project', 'db']));

if (process.env.TONGBAN_TEST_SKIP_PG === '1') {
  log('PostgreSQL run skipped (TONGBAN_TEST_SKIP_PG=1)');
} else {
  const pgServer = await startPostgres();
  log(`started ${pgServer.version} on ${pgServer.url}`);
  try {
    results.push(vitest('postgresql', { DATABASE_URL: pgServer.url }, ['--project', 'db']));
  } finally {
    pgServer.stop();
    log('PostgreSQL stopped');
  }
}

if (process.env.TONGBAN_TEST_SKIP_E2E === '1') {
  log('browser tests skipped (TONGBAN_TEST_SKIP_E2E=1)');
} else if (existsSync(join(root, 'test/e2e/run.mjs'))) {
  const r = spawnSync(process.execPath, [join(root, 'test/e2e/run.mjs')], { cwd: root, stdio: 'inherit', env: process.env });
  const report = join(outDir, 'e2e.json');
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    results.push({ passed: json.passed, failed: json.failed + (r.status !== 0 && json.failed === 0 ? 1 : 0) });
  } else {
    results.push({ passed: 0, failed: 1 });
  }
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
