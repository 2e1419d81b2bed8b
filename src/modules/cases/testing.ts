/**
 * The whole server with the cases routes, on a fresh test database with org, calendar, the demo accounts and
 * the test catalog (testdata/catalog) seeded; for the cases module's HTTP tests and the case-flow benchmark.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../platform/config.js';
import { FieldCipher } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { seedAll } from '../../seed.js';
import { buildServer } from '../../server.js';
import { listItems, seedCatalog } from '../catalog/index.js';
import { loginClient, makeClient, testConfig, type Client } from '../../../test/helpers/server.js';

export const TEST_CATALOG_DIR = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'catalog');
export { DEMO_PASSWORD, type Client } from '../../../test/helpers/server.js';

export interface CaseTestApp {
  app: App;
  dbh: DbHandle;
  config: Config;
  itemIds: Record<string, string>;
  login(account: string, password?: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

export async function caseTestApp(dbh: DbHandle, options: { dataDir?: string; testClock?: boolean } = {}): Promise<CaseTestApp> {
  const config = { ...testConfig(options.dataDir), testClock: options.testClock ?? false };
  await seedAll(dbh.db, new FieldCipher(config.secret), { demo: true });
  await seedCatalog(dbh.db, TEST_CATALOG_DIR);
  const app = await buildServer({ config, dbh, logger: false });
  await app.ready();
  const items = await listItems(dbh.db, { limit: 500, offset: 0 });
  const itemIds = Object.fromEntries(items.map((i) => [i.code, i.id]));
  return {
    app,
    dbh,
    config,
    itemIds,
    anonymous: makeClient(app),
    login: (account, password) => loginClient(app, account, password),
    close: () => app.close(),
  };
}
