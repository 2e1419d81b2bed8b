/**
 * Test-side HTTP clients and configuration without any test-runner hooks, so that benchmarks can use them too.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/platform/config.js';
import type { App } from '../../src/platform/http.js';

export const DEMO_PASSWORD = 'Tongban@2026';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Client {
  cookie?: string;
  csrfToken?: string;
  request(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export function makeClient(app: App, cookie?: string, csrfToken?: string): Client {
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
    put: (url, body) => client.request('PUT', url, body),
  };
  return client;
}

/** Logs in through HTTP and returns a client that sends the session cookie and CSRF token. */
export async function loginClient(app: App, account: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { account, password } });
  if (res.statusCode !== 200) throw new Error(`login ${account} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'tb_session');
  return makeClient(app, `tb_session=${cookie!.value}`, res.json().csrfToken);
}

export function testConfig(dataDir?: string): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: dataDir ?? mkdtempSync(join(tmpdir(), 'tongban-test-')),
    secret: 'test-secret-not-for-production',
    logLevel: 'silent',
    demo: true,
    loginRateLimit: 10_000,
    testClock: false,
    checkpointMinutes: 0,
  };
}
