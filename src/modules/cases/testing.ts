/**
 * The whole server with the cases routes, on a fresh test database with org, calendar, the demo accounts and
 * the test catalog (testdata/catalog) seeded; for the cases module's HTTP tests and the case-flow benchmark.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import type { Config } from '../../platform/config.js';
import { FieldCipher } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { seedAll } from '../../seed.js';
import { buildServer } from '../../server.js';
import { seedCalendar } from '../calendar/index.js';
import { listItems, seedCatalog } from '../catalog/index.js';
import caseRoutes from './routes.js';

export const TEST_CATALOG_DIR = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'catalog');
export const DEMO_PASSWORD = 'Tongban@2026';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Client {
  request(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface CaseTestApp {
  app: App;
  dbh: DbHandle;
  config: Config;
  itemIds: Record<string, string>;
  login(account: string, password?: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

function client(app: App, cookie?: string, csrf?: string): Client {
  const c: Client = {
    request: (method, url, body, headers = {}) =>
      app.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...headers }, ...(body === undefined ? {} : { payload: body as object }) }),
    get: (url) => c.request('GET', url),
    post: (url, body, headers) => c.request('POST', url, body, headers),
  };
  return c;
}

export async function caseTestApp(dbh: DbHandle, options: { dataDir?: string } = {}): Promise<CaseTestApp> {
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir: options.dataDir ?? mkdtempSync(join(tmpdir(), 'tongban-cases-')),
    secret: 'test-secret-not-for-production',
    logLevel: 'silent',
    demo: true,
  };
  await seedAll(dbh.db, new FieldCipher(config.secret), { demo: true });
  await seedCalendar(dbh.db);
  await seedCatalog(dbh.db, TEST_CATALOG_DIR);
  const app = await buildServer({ config, dbh, logger: false });
  // Once the lead wires the routes into server.ts, the server brings them itself.
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/cases' })) await app.register(caseRoutes);
  await app.ready();
  const items = await listItems(dbh.db, { limit: 500, offset: 0 });
  const itemIds = Object.fromEntries(items.map((i) => [i.code, i.id]));
  return {
    app,
    dbh,
    config,
    itemIds,
    anonymous: client(app),
    async login(account, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { account, password } });
      if (res.statusCode !== 200) throw new Error(`login ${account} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'tb_session');
      return client(app, `tb_session=${cookie!.value}`, res.json().csrfToken);
    },
    close: () => app.close(),
  };
}
