import { afterAll } from 'vitest';
import type { Config } from '../../src/platform/config.js';
import { FieldCipher } from '../../src/platform/crypto.js';
import type { DbHandle } from '../../src/platform/db.js';
import type { App } from '../../src/platform/http.js';
import { seedAll } from '../../src/seed.js';
import { buildServer } from '../../src/server.js';
import { testDbHandle } from './db.js';
import { loginClient, makeClient, testConfig, type Client } from './server.js';

export { DEMO_PASSWORD, type Client } from './server.js';

const openApps: App[] = [];
afterAll(async () => {
  await Promise.all(openApps.splice(0).map((a) => a.close()));
});

export interface TestApp {
  app: App;
  dbh: DbHandle;
  config: Config;
  /** Logs in through HTTP and returns a client that sends the session cookie and CSRF token. */
  login(account: string, password?: string): Promise<Client>;
  anonymous: Client;
}

/** The whole server on a fresh database with the reference data and demo accounts seeded. */
export async function testApp(): Promise<TestApp> {
  const dbh = await testDbHandle();
  const config = testConfig();
  await seedAll(dbh.db, new FieldCipher(config.secret), { demo: true });
  const app = await buildServer({ config, dbh, logger: false });
  await app.ready();
  openApps.push(app);
  return { app, dbh, config, anonymous: makeClient(app), login: (account, password) => loginClient(app, account, password) };
}
