import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { caseTestApp, type CaseTestApp, type Client } from '../cases/testing.js';

let t: CaseTestApp;
let person: Client;
let clerk: Client;
let approver: Client;
let admin: Client;
let itemA: string;
const ID = '421202199001011232';

function expectError(res: { statusCode: number; body: string; json(): any }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messageEn).toMatch(/[A-Za-z]/);
  return body;
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
async function upload(c: Client, tag: string): Promise<string> {
  const boundary = '----credit';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${tag}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), PDF, Buffer.from(tag + Math.random()), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await c.request('POST', '/api/v1/cases/files', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function apply(materials: number[]) {
  const res = await person.post('/api/v1/cases', { itemId: itemA, channel: 'online', form: { name: '张三的小店', kind: 'a' }, materials: await Promise.all(materials.map(async (requirement) => ({ requirement, fileId: await upload(person, `m${requirement}`) }))) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function records(): Promise<number> {
  return ((await t.dbh.db.execute(sql`SELECT count(*)::int AS n FROM credit_records`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
}

beforeAll(async () => {
  t = await caseTestApp(await testDbHandle());
  itemA = t.itemIds['421202-TEST-A']!;
  [person, clerk, approver, admin] = await Promise.all([ID, 'clerk', 'approver', 'admin'].map((a) => t.login(a)));
}, 120_000);

describe('信用: a false pledge lists the applicant, and a listed applicant loses 告知承诺 and 容缺受理', () => {
  it('records the false pledge found by 核查, and refuses the next pledge and acceptance with deficiency', async () => {
    const first = await apply([0, 1]);
    expect((await clerk.post(`/api/v1/cases/${first}/pledge`, { text: '本人承诺已具备经营场所', signedBy: '张三' })).statusCode).toBe(200);
    expect(await records()).toBe(0);
    const revoked = await approver.post(`/api/v1/cases/${first}/verification`, { result: 'false', note: '现场核查无经营场所' });
    expect(revoked.statusCode, revoked.body).toBe(200);

    const rec = (await clerk.get(`/api/v1/credit/records?identifier=${ID}`)).json();
    expect(rec).toMatchObject({ identifierMasked: '4212**********1232', blocked: true, records: [{ list: 'false_pledge', source: 'case', reason: '现场核查无经营场所', active: true }] });
    // No ID number in clear in the table.
    expect(JSON.stringify((await t.dbh.db.execute(sql`SELECT * FROM credit_records`)) as unknown)).not.toContain(ID);

    const second = await apply([0, 1]);
    const refused = expectError(await clerk.post(`/api/v1/cases/${second}/pledge`, { text: '再次承诺', signedBy: '张三' }), 409, 'CREDIT_LISTED');
    expect(refused.details).toMatchObject({ use: 'pledge', lists: [{ list: 'false_pledge' }] });
    expect((await person.get(`/api/v1/cases/${second}`)).json()).toMatchObject({ state: 'submitted', pledges: [] });

    const partial = await apply([0]);
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString();
    expectError(await clerk.post(`/api/v1/cases/${partial}/accept-with-deficiency`, { commitment: '按期补交', signedBy: '张三', deadline }), 409, 'CREDIT_LISTED');
    expect((await person.get(`/api/v1/cases/${partial}`)).json()).toMatchObject({ state: 'submitted', commitments: [] });
    // The ordinary procedure stays open.
    expect((await clerk.post(`/api/v1/cases/${second}/accept`, {})).statusCode).toBe(200);
  });

  it('imports a list all or nothing; 经营异常 alone does not block', async () => {
    const before = await records();
    const bad = expectError(await admin.post('/api/v1/credit/records/import', { regionCode: '421202', rows: [
      { identifier: '91421202MA49AB1C2J', name: '咸宁市示范科技有限公司', list: 'abnormal', reason: '未按期公示年报' },
      { identifier: '91421202MA49AB1C2X', name: '坏', list: 'serious_dishonest', reason: 'x' },
    ] }), 422, 'CREDIT_IMPORT_INVALID');
    expect(bad.details.problems).toEqual([{ row: 2, field: 'identifier', zh: expect.any(String), en: expect.any(String) }]);
    expect(await records()).toBe(before);
    expectError(await clerk.post('/api/v1/credit/records/import', { regionCode: '421202', rows: [{ identifier: '91421202MA49AB1C2J', name: 'x', list: 'abnormal', reason: 'x' }] }), 403, 'FORBIDDEN');

    const ok = await admin.post('/api/v1/credit/records/import', { regionCode: '421202', rows: [{ identifier: '91421202MA49AB1C2J', name: '咸宁市示范科技有限公司', list: 'abnormal', reason: '未按期公示年报' }] });
    expect(ok.json()).toEqual({ imported: 1 });
    expect((await approver.get('/api/v1/credit/records?identifier=91421202MA49AB1C2J')).json()).toMatchObject({ blocked: false, records: [{ list: 'abnormal' }] });
    expectError(await person.get(`/api/v1/credit/records?identifier=${ID}`), 403, 'FORBIDDEN');
  });

  it('lists a region’s records, newest first, with masked identifiers only, to its admin and supervisor', async () => {
    const res = await admin.get('/api/v1/credit/lists?regionCode=421202');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items.map((r: any) => r.list)).toEqual(['abnormal', 'false_pledge']);
    expect(items[1]).toMatchObject({ identifierMasked: '4212**********1232', source: 'case', active: true });
    expect(res.body).not.toContain(ID);
    expectError(await approver.get('/api/v1/credit/lists?regionCode=421202'), 403, 'FORBIDDEN');
  });
});
