import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { migrateDb, openDb, type Db, type DbHandle } from '../../src/platform/db.js';

const opened: DbHandle[] = [];
const createdDatabases: string[] = [];

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new database on the
 * PostgreSQL server named by DATABASE_URL (npm test runs the suite both ways).
 */
export async function testDbHandle(): Promise<DbHandle> {
  const url = process.env.DATABASE_URL;
  let handle: DbHandle;
  if (url) {
    const name = `tb_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    createdDatabases.push(name);
    const target = new URL(url);
    target.pathname = `/${name}`;
    handle = await openDb({ url: target.toString(), poolSize: 20 });
  } else {
    handle = await openDb({});
  }
  await migrateDb(handle);
  opened.push(handle);
  return handle;
}

export async function testDb(): Promise<Db> {
  return (await testDbHandle()).db;
}

export function testDbKind(): 'pglite' | 'postgres' {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

afterAll(async () => {
  await Promise.all(opened.splice(0).map((h) => h.close().catch(() => undefined)));
  const url = process.env.DATABASE_URL;
  if (url && createdDatabases.length) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const name of createdDatabases.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});
