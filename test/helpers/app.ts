import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll } from 'vitest';
import type { Config } from '../../src/platform/config.js';
import { FieldCipher } from '../../src/platform/crypto.js';
import type { DbHandle } from '../../src/platform/db.js';
import type { App } from '../../src/platform/http.js';
import { seedAll } from '../../src/seed.js';
import { buildServer } from '../../src/server.js';
import { testDbHandle } from './db.js';

export const DEMO_PASSWORD = 'Tongban@2026';

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

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Client {
  cookie?: string;
  csrfToken?: string;
  request(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

function makeClient(app: App, cookie?: string, csrfToken?: string): Client {
  const client: Client = {
    cookie,
    csrfToken,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method,
        url,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    get: (url) => client.request('GET', url),
    post: (url, body, headers) => client.request('POST', url, body, headers),
    patch: (url, body) => client.request('PATCH', url, body),
  };
  return client;
}

/** The whole server on a fresh database with the reference data and demo accounts seeded. */
export async function testApp(): Promise<TestApp> {
  const dbh = await testDbHandle();
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'tongban-test-')),
    secret: 'test-secret-not-for-production',
    logLevel: 'silent',
    demo: true,
    loginRateLimit: 10_000,
  };
  await seedAll(dbh.db, new FieldCipher(config.secret), { demo: true });
  const app = await buildServer({ config, dbh, logger: false });
  await app.ready();
  openApps.push(app);
  return {
    app,
    dbh,
    config,
    anonymous: makeClient(app),
    async login(account, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { account, password } });
      if (res.statusCode !== 200) throw new Error(`login ${account} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'tb_session');
      return makeClient(app, `tb_session=${cookie!.value}`, res.json().csrfToken);
    },
  };
}
