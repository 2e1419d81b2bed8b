import PgBoss from 'pg-boss';
import type { DbHandle } from './db.js';

/**
 * pg-boss over the handle's own connection(s). On PGlite, parameterless multi-statement SQL (its migrations)
 * needs PGlite's exec; node-postgres answers such SQL with one result per statement, of which the last counts.
 */
function handleAdapter(dbh: DbHandle): PgBoss.Db {
  const client = (dbh.db as unknown as { $client: { exec?(text: string): Promise<{ rows: unknown[] }[]>; query(text: string, values?: unknown[]): Promise<unknown> } }).$client;
  return {
    executeSql: async (text, values) => {
      if (dbh.kind === 'pglite') {
        if (values && values.length) return dbh.query(text, values);
        const results = await client.exec!(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      const r = (await client.query(text, values)) as { rows: unknown[] } | { rows: unknown[] }[];
      return Array.isArray(r) ? { rows: r.at(-1)?.rows ?? [] } : r;
    },
  };
}

/** A started pg-boss on the handle's database (its own pool when a URL is given). */
export async function createBoss(dbh: DbHandle, databaseUrl?: string): Promise<PgBoss> {
  const boss = new PgBoss({
    ...(databaseUrl ? { connectionString: databaseUrl, max: 4 } : { db: handleAdapter(dbh) }),
    schema: 'pgboss',
    // On PGlite the one connection is shared with the API: no background maintenance loop hammering it.
    supervise: dbh.kind === 'postgres',
    schedule: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  return boss;
}

