import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

/** A drizzle PostgreSQL database or transaction: the same API on PGlite and on node-postgres. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, any>;

export type DbKind = 'pglite' | 'postgres';

export interface DbHandle {
  db: Db;
  /**
   * Where reads that tolerate replication lag go (supervision's statistics, ranking, wall): a hot standby when
   * DATABASE_READ_URL is set, otherwise the same database as `db`. Never for a write or a read under a row lock.
   */
  read: Db;
  /** True when `read` is a separate connection pool (a replica), not `db` itself. */
  readReplica: boolean;
  kind: DbKind;
  /** Runs plain SQL with positional parameters; used by libraries (pg-boss) that bring their own SQL. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs fn while holding a session-level advisory lock (a no-op on the single-connection PGlite). */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

// An arbitrary constant: every API node that starts at once waits here instead of racing the migrations.
const MIGRATION_LOCK = 7_414_220;

export interface OpenDbOptions {
  /** postgres:// URL; without it, PGlite. */
  url?: string;
  /** postgres:// URL of a read replica (DATABASE_READ_URL); only with `url`, PGlite has no replicas. */
  readUrl?: string;
  /** PGlite data folder; undefined keeps the database in memory (tests). */
  dataDir?: string;
  poolSize?: number;
}

function openPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection that the server drops (restart, failover, admin termination) must not crash the
  // process: the pool discards it, and the next query opens a fresh one or fails with its own error.
  pool.on('error', () => undefined);
  // A connection checked out (inside a transaction, between two of its queries) when the server goes away emits
  // 'error' with no listener of the pool's on it, which would end the process; the next query on it fails with
  // its own error and the request gets a 503.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export async function openDb(options: OpenDbOptions): Promise<DbHandle> {
  if (options.url) {
    const pool = openPool(options.url, options.poolSize ?? 10);
    const db = drizzlePg({ client: pool }) as unknown as Db;
    const readPool = options.readUrl ? openPool(options.readUrl, options.poolSize ?? 10) : null;
    return {
      db,
      read: readPool ? (drizzlePg({ client: readPool }) as unknown as Db) : db,
      readReplica: !!readPool,
      kind: 'postgres',
      query: async (text, params) => {
        const result = await pool.query(text, params as unknown[]);
        return { rows: result.rows };
      },
      withAdvisoryLock: async (key, fn) => {
        const conn = await pool.connect();
        try {
          await conn.query('SELECT pg_advisory_lock($1)', [key]);
          return await fn();
        } finally {
          await conn.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
          conn.release();
        }
      },
      close: async () => {
        await Promise.all([pool.end(), readPool?.end()]);
      },
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create(options.dataDir ?? 'memory://', { extensions: { pg_trgm } });
  const db = drizzlePglite({ client }) as unknown as Db;
  return {
    db,
    read: db,
    readReplica: false,
    kind: 'pglite',
    query: async (text, params) => {
      const result = await client.query(text, params as unknown[]);
      return { rows: result.rows as never[] };
    },
    withAdvisoryLock: (_key, fn) => fn(),
    close: () => client.close(),
  };
}

export async function migrateDb(handle: DbHandle): Promise<void> {
  const migrationsFolder = MIGRATIONS_DIR;
  if (handle.kind === 'pglite') {
    await handle.db.execute(sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await migratePglite(handle.db as never, { migrationsFolder });
    return;
  }
  await handle.withAdvisoryLock(MIGRATION_LOCK, async () => {
    await handle.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await migratePg(handle.db as never, { migrationsFolder });
  });
}

export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}
