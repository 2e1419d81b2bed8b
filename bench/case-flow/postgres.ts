/**
 * A PostgreSQL for the case benchmarks: DATABASE_URL when set, otherwise a throw-away cluster started the way
 * scripts/test.mjs does (Debian's PostgreSQL 15, trust auth on 127.0.0.1, fsync off), removed afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface BenchPostgres {
  /** URL of a fresh database created for this run. */
  url: string;
  version: string;
  stop(): Promise<void>;
}

function pgBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('PostgreSQL is not installed: set DATABASE_URL or install postgresql (Debian package)');
  return join(base, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;

function runPg(bin: string, args: string[]): void {
  const r = isRoot ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' }) : spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

export async function benchPostgres(dbName: string): Promise<BenchPostgres> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const url = await createDatabase(external, dbName);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const version = (await c.query('SHOW server_version')).rows[0].server_version as string;
    await c.end();
    return { url, version: `PostgreSQL ${version}`, stop: () => dropDatabase(external, dbName) };
  }
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'tongban-bench-pg-'));
  chmodSync(dir, 0o777);
  if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const dataDir = join(dir, 'data');
  runPg(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB`;
  runPg(join(bin, 'pg_ctl'), ['-D', dataDir, '-o', opts, '-l', join(dir, 'server.log'), '-w', 'start']);
  const server = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const url = await createDatabase(server, dbName);
  const version = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  return {
    url,
    version,
    stop: async () => {
      try {
        runPg(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export { median } from '../lib.js';
