import { loadConfig, type Config } from './config.js';
import { migrateDb, openDb, pgliteDir, type Db, type DbHandle } from './db.js';

export interface CliContext {
  config(): Config;
  /** Opens the configured database (migrated), runs fn, closes it. */
  withDb<T>(fn: (db: Db, handle: DbHandle) => Promise<T>): Promise<T>;
  /** Prints one JSON document on stdout (the CLI contract for scripts and acceptance checks). */
  printJson(value: unknown): void;
}

export async function openConfiguredDb(config: Config): Promise<DbHandle> {
  const handle = await openDb({ url: config.databaseUrl, readUrl: config.databaseReadUrl, dataDir: config.databaseUrl ? undefined : pgliteDir(config.dataDir) });
  await migrateDb(handle);
  return handle;
}

export function createCliContext(): CliContext {
  let config: Config | undefined;
  const ctx: CliContext = {
    config: () => (config ??= loadConfig()),
    async withDb(fn) {
      const handle = await openConfiguredDb(ctx.config());
      try {
        return await fn(handle.db, handle);
      } finally {
        await handle.close();
      }
    },
    printJson: (value) => process.stdout.write(JSON.stringify(value) + '\n'),
  };
  return ctx;
}
