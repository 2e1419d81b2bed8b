import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, testApp } from '../../../test/helpers/app.js';
import type { App } from '../../platform/http.js';
import { listAudit } from '../audit/index.js';
import type { ServiceItem } from './contract.js';
import { readSeedCatalog } from './seed-files.js';

let app: App;
type Res = { statusCode: number; body: string; json(): any; headers: Record<string, unknown>; rawPayload: Buffer };
type Client = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, headers?: Record<string, string>) => Promise<Res>;
let anonymous: Client;
let adminClient: Client;
let supervisor: Client;
let approver: Client;

function client(cookie?: string, csrf?: string): Client {
  return (method, url, body, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    }) as unknown as Promise<Res>;
}

async function login(account: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { account, password: DEMO_PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'tb_session')!;
  return client(`tb_session=${cookie.value}`, res.json().csrfToken);
}

function expectError(res: Res, status: number, code: string) {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  expect(res.json().code).toBe(code);
  expect(res.json().message).toMatch(/[\u4e00-\u9fff]/);
  return res.json();
}

const seed = readSeedCatalog();
function sample(code: string, overrides: Partial<ServiceItem> = {}): ServiceItem {
  const { file: _file, ...item } = seed.items.find((i) => i.code === '421202-QYZX-JYZX')!;
  return { ...item, code, standardCode: 'ROUTE-TEST', name: `接口测试事项${code}`, ...overrides };
}

beforeAll(async () => {
  ({ app } = await testApp());
  anonymous = client();
  adminClient = await login('admin');
  supervisor = await login('supervisor');
  approver = await login('approver');
});

describe('applicant routes', () => {
  it('searches published items without logging in, exact names first', async () => {
    const res = await anonymous('GET', `/api/v1/catalog/items?q=${encodeURIComponent('用水报装')}&within=421200`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0].name).toBe('用水报装');
    const filtered = await anonymous('GET', `/api/v1/catalog/items?audience=person&fullOnline=true&limit=100`);
    expect(filtered.json().items.every((i: any) => i.audiences.includes('person') && i.onlineDepth === 'full')).toBe(true);
    expectError(await anonymous('GET', '/api/v1/catalog/items?audience=robot'), 400, 'VALIDATION_FAILED');
  });

  it('finds published items by their codes, one or several', async () => {
    const one = await anonymous('GET', '/api/v1/catalog/items?code=421202-QYKB-SLDJ');
    expect(one.json().items.map((i: any) => i.code)).toEqual(['421202-QYKB-SLDJ']);
    const two = await anonymous('GET', '/api/v1/catalog/items?code=421202-QYKB-SLDJ&code=420100-BDC-DYDJ&code=421202-NO-SUCH');
    expect(two.json().items.map((i: any) => i.code).sort()).toEqual(['420100-BDC-DYDJ', '421202-QYKB-SLDJ']);
    expectError(await anonymous('GET', '/api/v1/catalog/items?code=%20bad'), 400, 'VALIDATION_FAILED');
  });

  it('serves the 办事指南 and published versions, with coded 404s', async () => {
    const [hit] = (await anonymous('GET', `/api/v1/catalog/items?q=${encodeURIComponent('不动产抵押权注销登记')}`)).json().items;
    const guide = (await anonymous('GET', `/api/v1/catalog/items/${hit.id}/guide`)).json();
    expect(guide).toMatchObject({ name: '不动产抵押权注销登记', version: 1, immediate: true });
    expect(guide.promisedLimit.text.zh).toBe('即办，当场办结');
    const v1 = await anonymous('GET', `/api/v1/catalog/items/${hit.id}/versions/1`);
    expect(v1.json().content.code).toBe(hit.code);
    expectError(await anonymous('GET', `/api/v1/catalog/items/${hit.id}/versions/9`), 404, 'CATALOG_VERSION_NOT_FOUND');
    expectError(await anonymous('GET', '/api/v1/catalog/items/00000000-0000-4000-8000-000000000000/guide'), 404, 'CATALOG_ITEM_NOT_FOUND');
  });
});

describe('statistics route', () => {
  it('needs a supervisor or admin, within their region', async () => {
    expectError(await anonymous('GET', '/api/v1/catalog/stats'), 401, 'UNAUTHENTICATED');
    expectError(await approver('GET', '/api/v1/catalog/stats'), 403, 'FORBIDDEN');
    expectError(await supervisor('GET', '/api/v1/catalog/stats?within=420100'), 403, 'OUT_OF_SCOPE');
    const res = await supervisor('GET', '/api/v1/catalog/stats?groupBy=department');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total.itemCount).toBe(body.groups.reduce((n: number, g: any) => n + g.stats.itemCount, 0));
    expect(body.groups.every((g: any) => g.key.startsWith('4212'))).toBe(true);
  });
});

describe('admin routes', () => {
  it('creates, publishes, suspends and audits an item', async () => {
    const created = await adminClient('POST', '/api/v1/admin/catalog/items', sample('421202-ROUTE-1'));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expectError(await anonymous('GET', `/api/v1/catalog/items/${id}/guide`), 409, 'CATALOG_NOT_PUBLISHED');
    expect((await adminClient('POST', `/api/v1/admin/catalog/items/${id}/publish`)).json()).toEqual({ id, publishedVersion: 1 });
    expectError(await adminClient('POST', `/api/v1/admin/catalog/items/${id}/publish`), 409, 'CATALOG_NO_DRAFT');
    expect((await adminClient('POST', `/api/v1/admin/catalog/items/${id}/suspend`, { reason: '政策调整' })).statusCode).toBe(204);
    const detail = (await adminClient('GET', `/api/v1/admin/catalog/items/${id}`)).json();
    expect(detail).toMatchObject({ suspended: true, suspendedReason: '政策调整', publishedVersion: 1 });
    const actions = (await listAudit(app.db, { targetId: id, limit: 10, offset: 0 })).map((a) => a.action);
    expect(actions).toEqual(['catalog.item.suspend', 'catalog.item.publish', 'catalog.item.create']);
  });

  it('rejects bad items, outsiders and out-of-scope regions without changing anything', async () => {
    const bad = expectError(await adminClient('POST', '/api/v1/admin/catalog/items', sample('421202-ROUTE-2', { promisedLimit: 30, immediate: false })), 400, 'CATALOG_ITEM_INVALID');
    expect(bad.details.problems.map((p: any) => p.field)).toEqual(['promisedLimit']);
    expectError(await adminClient('POST', '/api/v1/admin/catalog/items', { ...sample('421202-ROUTE-3'), legalLimit: -1 }), 400, 'VALIDATION_FAILED');
    expectError(await approver('POST', '/api/v1/admin/catalog/items', sample('421202-ROUTE-4')), 403, 'FORBIDDEN');
    expectError(await anonymous('POST', '/api/v1/admin/catalog/items', sample('421202-ROUTE-4')), 401, 'UNAUTHENTICATED');
    expectError(
      await adminClient('POST', '/api/v1/admin/catalog/items', sample('430100-ROUTE-5', { regionCode: '430100', departmentCode: '430100-scjg', steps: [] })),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(await adminClient('POST', '/api/v1/admin/catalog/items', sample('421202-QYZX-JYZX')), 409, 'CATALOG_CODE_TAKEN');
    const listed = (await adminClient('GET', '/api/v1/admin/catalog/items?limit=200')).json().items.map((i: any) => i.code);
    expect(listed.filter((c: string) => c.startsWith('421202-ROUTE-') && c !== '421202-ROUTE-1')).toEqual([]);
  });

  it('exports xlsx and imports it back as a multipart upload, all or nothing', async () => {
    const exported = await adminClient('GET', '/api/v1/admin/catalog/export.xlsx?within=421202&departmentCode=421202-bdc');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const boundary = '----tongbancatalog';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="catalog.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
      exported.rawPayload,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const imported = await adminClient('POST', '/api/v1/admin/catalog/import.xlsx?publish=true', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ created: 0, updated: 8 });

    const json = (await adminClient('GET', '/api/v1/admin/catalog/export.json?departmentCode=421202-bdc')).json();
    const items = [json.items[0], { ...json.items[1], promisedLimit: 99 }];
    const rejected = expectError(await adminClient('POST', '/api/v1/admin/catalog/import', { items }), 400, 'CATALOG_IMPORT_INVALID');
    expect(rejected.details.rows.map((r: any) => r.row)).toEqual([2]);
  });
});
