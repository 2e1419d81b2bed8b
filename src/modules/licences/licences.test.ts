import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { SEED_DIR } from '../../seed.js';
import { testApp } from '../../../test/helpers/app.js';
import { loginClient, type Client } from '../../../test/helpers/server.js';
import { getPublishedItemByCode } from '../catalog/index.js';
import { seedLicences } from './index.js';
import { canonicalJson, chinaDay, licenceNumber, maskHolderName, newVerificationCode, normaliseVerificationCode, statusOn } from './rules.js';

const ENTERPRISE = '91421202MA49AB1C2J';
const PERSON = '421202199001011232';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let app: App;
let dbh: DbHandle;
let enterprise: Client;
let person: Client;
let clerk: Client;
let approver: Client;
let admin: Client;
let anonymous: Client;

beforeAll(async () => {
  const t = await testApp();
  ({ app, dbh } = t);
  [enterprise, person, clerk, approver, admin] = await Promise.all([ENTERPRISE, PERSON, 'clerk', 'approver', 'admin'].map((a) => t.login(a)));
  anonymous = t.anonymous;
}, 120_000);

interface Licence {
  id: string;
  typeCode: string;
  number: string;
  verificationCode: string;
  status: string;
  holderName: string;
  sourceCaseNumber: string | null;
  content: Record<string, string>;
}

async function mine(c: Client, query = ''): Promise<Licence[]> {
  const res = await c.get(`/api/v1/my/licences${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

async function upload(c: Client): Promise<string> {
  const boundary = '----tongbanLicenceTest';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="form.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    PDF,
    Buffer.from(Math.random().toString()),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.request('POST', '/api/v1/cases/files', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const FORM = { applicantName: '咸宁市示范科技有限公司', creditCode: ENTERPRISE, contactName: '李四', contactPhone: '13900000002', address: '湖北省咸宁市咸安区长江产业园 8 号' };

/** 第二类医疗器械经营备案: its second material is the 营业执照 (business_licence); its result a licence. */
async function applyMedicalDevices(c: Client, licence: string) {
  const item = await getPublishedItemByCode(dbh.db, '421202-YD-YLQX');
  return c.post('/api/v1/cases', { itemId: item.itemId, channel: 'online', form: FORM, materials: [{ requirement: 0, fileId: await upload(c) }, { requirement: 1, licenceNumber: licence }] });
}

async function materialCount(): Promise<number> {
  const res = (await dbh.db.execute(sql`SELECT count(*)::int AS n FROM case_materials`)) as unknown as { rows: { n: number }[] };
  return res.rows[0]!.n;
}

describe('licence rules', () => {
  it('derives expiry from the day, revocation first', () => {
    expect(statusOn({ status: 'valid', validUntil: null }, '2030-01-01')).toBe('valid');
    expect(statusOn({ status: 'valid', validUntil: '2026-11-22' }, '2026-11-22')).toBe('valid');
    expect(statusOn({ status: 'valid', validUntil: '2026-11-21' }, '2026-11-22')).toBe('expired');
    expect(statusOn({ status: 'revoked', validUntil: '2020-01-01' }, '2026-11-22')).toBe('revoked');
  });

  it('numbers, codes, canonical JSON, masks and China days', () => {
    expect(licenceNumber('421202', 2026, 17)).toBe('4212022026000017');
    const code = newVerificationCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(normaliseVerificationCode(` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `)).toBe(code);
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(maskHolderName('person', '张三丰')).toBe('张**');
    expect(maskHolderName('enterprise', '某某公司')).toBe('某某公司');
    expect(chinaDay(new Date('2026-11-21T16:30:00Z'))).toBe('2026-11-22');
  });
});

describe('licences over HTTP', () => {
  it('lists the demo licences in each holder’s 专属空间, and nobody else’s', async () => {
    const e = await mine(enterprise);
    expect(e.map((l) => l.typeCode).sort()).toEqual(['business_licence', 'real_estate_certificate']);
    expect(e.every((l) => l.status === 'valid' && l.holderName === '咸宁市示范科技有限公司')).toBe(true);
    const p = await mine(person);
    expect(p.map((l) => l.typeCode).sort()).toEqual(['household_register', 'resident_id_card']);
    expect((await mine(enterprise, '?typeCode=business_licence&usable=true')).length).toBe(1);
    expect((await person.get(`/api/v1/my/licences/${e[0]!.id}`)).statusCode).toBe(404);
    expect((await anonymous.get('/api/v1/my/licences')).statusCode).toBe(401);
    expect((await clerk.get('/api/v1/my/licences')).statusCode).toBe(403);
    // Seeding again adds nothing.
    expect((await seedLicences(dbh.db, app.cipher, SEED_DIR)).created).toBe(0);
  });

  it('refuses a licence material that is not the applicant’s, of another type, or unknown, and writes nothing', async () => {
    const before = await materialCount();
    const [idCard] = await mine(person, '?typeCode=resident_id_card');
    const [estate] = await mine(enterprise, '?typeCode=real_estate_certificate');
    for (const [number, reason] of [
      [idCard!.number, 'not_found'],
      [estate!.number, 'type'],
      ['4212022026999999', 'not_found'],
    ] as const) {
      const res = await applyMedicalDevices(enterprise, number);
      expect(res.statusCode, res.body).toBe(400);
      const body = res.json();
      expect(body).toMatchObject({ code: 'LICENCE_NOT_USABLE', details: { field: 'materials[1].licenceNumber', material: '营业执照', reason } });
      expect(body.details.problem).toContain('营业执照');
    }
    expect(await materialCount()).toBe(before);
  });

  it('issues the result licence when a case concludes with approval, reusing the 营业执照 on the way', async () => {
    const [business] = await mine(enterprise, '?typeCode=business_licence');
    const applied = await applyMedicalDevices(enterprise, business!.number);
    expect(applied.statusCode, applied.body).toBe(201);
    const caseId = applied.json().id ?? applied.json().caseId;
    const detail = (await enterprise.get(`/api/v1/cases/${caseId}`)).json();
    const reused = detail.materials.find((m: { requirement: number }) => m.requirement === 1);
    expect(reused).toMatchObject({ source: 'licence', reference: business!.number });
    // 用证记录: the holder sees where the licence was used; nobody else learns it.
    const uses = await enterprise.get(`/api/v1/my/licences/${business!.id}/uses`);
    expect(uses.statusCode, uses.body).toBe(200);
    expect(uses.json().items[0]).toMatchObject({ caseNumber: detail.number, itemName: '第二类医疗器械经营备案', materialName: '营业执照', channel: 'online', superseded: false });
    const usesBefore = uses.json().items.length;
    expect((await person.get(`/api/v1/my/licences/${business!.id}/uses`)).json()).toMatchObject({ code: 'LICENCE_NOT_FOUND' });
    expect((await clerk.get(`/api/v1/my/licences/${business!.id}/uses`)).statusCode).toBe(403);
    for (const m of detail.materials as { id: string }[]) {
      expect((await clerk.post(`/api/v1/cases/${caseId}/materials/${m.id}/review`, { review: 'ok' })).statusCode).toBe(200);
    }
    const accepted = await clerk.post(`/api/v1/cases/${caseId}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await mine(enterprise, '?typeCode=medical_device_filing')).length).toBe(0);
    const done = await clerk.post(`/api/v1/cases/${caseId}/conclude`, { step: 0, decision: 'approve', text: '准予备案。' });
    expect(done.statusCode, done.body).toBe(200);
    const [issued] = await mine(enterprise, '?typeCode=medical_device_filing');
    expect((await enterprise.get(`/api/v1/my/licences/${business!.id}/uses`)).json().items).toHaveLength(usesBefore);
    expect((await enterprise.get(`/api/v1/my/licences/${issued!.id}/uses`)).json().items).toEqual([]);
    expect(issued).toMatchObject({ status: 'valid', sourceCaseNumber: detail.number, holderName: '咸宁市示范科技有限公司' });
    expect(issued!.content).toMatchObject({ 许可事项: '第二类医疗器械经营备案', 单位名称: '咸宁市示范科技有限公司' });
    const v = await anonymous.get(`/api/v1/public/licences/verify/${issued!.verificationCode}`);
    expect(v.json()).toMatchObject({ status: 'valid', signatureValid: true, typeName: '第二类医疗器械经营备案凭证', issuerName: '咸宁市咸安区市场监督管理局' });
  });

  it('verifies publicly, masks a person, and fails a tampered row', async () => {
    const [idCard] = await mine(person, '?typeCode=resident_id_card');
    const code = idCard!.verificationCode;
    const ok = await anonymous.get(`/api/v1/public/licences/verify/${code.toLowerCase().replace(/(.{4})/g, '$1-')}`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'valid', signatureValid: true, holderName: '张*', holderIdMasked: '4212**********1232', typeName: '居民身份证' });
    expect(JSON.stringify(ok.json())).not.toContain(PERSON);
    expect((await anonymous.get('/api/v1/public/licences/verify/ZZZZZZZZZZZZZZZZZZZZ')).statusCode).toBe(404);

    await dbh.db.execute(sql`UPDATE licences SET valid_until = '2046-05-20' WHERE verification_code = ${code}`);
    expect((await anonymous.get(`/api/v1/public/licences/verify/${code}`)).json()).toMatchObject({ signatureValid: false });
    await dbh.db.execute(sql`UPDATE licences SET valid_until = '2036-05-20' WHERE verification_code = ${code}`);
    expect((await anonymous.get(`/api/v1/public/licences/verify/${code}`)).json()).toMatchObject({ signatureValid: true });
    await dbh.db.execute(sql`UPDATE licences SET content = jsonb_set(content, '{住址}', '"别处"') WHERE verification_code = ${code}`);
    expect((await anonymous.get(`/api/v1/public/licences/verify/${code}`)).json()).toMatchObject({ signatureValid: false });
  });

  it('revokes by the issuing department’s approver or the region’s admin, audited; a revoked licence is not reused', async () => {
    const [business] = await mine(enterprise, '?typeCode=business_licence');
    const [estate] = await mine(enterprise, '?typeCode=real_estate_certificate');
    // The market regulator's approver did not issue the 不动产权证书 (outside their scope: not disclosed); a supervisor
    // sees licences but does not revoke them; an applicant may not revoke at all.
    expect((await approver.post(`/api/v1/licences/${estate!.id}/revoke`, { reason: '误发' })).json().code).toBe('LICENCE_NOT_FOUND');
    const supervisor = await loginClient(app, 'supervisor');
    expect((await supervisor.get(`/api/v1/licences?holder=${ENTERPRISE}`)).json().items.length).toBe(3);
    expect((await supervisor.post(`/api/v1/licences/${estate!.id}/revoke`, { reason: '误发' })).statusCode).toBe(403);
    expect((await enterprise.post(`/api/v1/licences/${business!.id}/revoke`, { reason: 'x' })).statusCode).toBe(403);
    expect((await admin.post(`/api/v1/licences/${business!.id}/revoke`, { reason: '   ' })).json().code).toBe('VALIDATION_FAILED');

    const listed = (await approver.get(`/api/v1/licences?holder=${ENTERPRISE}`)).json();
    expect(listed.items.map((l: Licence) => l.typeCode).sort()).toEqual(['business_licence', 'medical_device_filing']);
    expect(listed.items.find((l: Licence) => l.id === business!.id).abilities).toEqual(['read', 'revoke']);

    const revoked = await admin.post(`/api/v1/licences/${business!.id}/revoke`, { reason: '营业执照已被吊销' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revocationReason: '营业执照已被吊销' });
    expect((await admin.post(`/api/v1/licences/${business!.id}/revoke`, { reason: 'again' })).json().code).toBe('LICENCE_ALREADY_REVOKED');
    const audit = (await dbh.db.execute(sql`SELECT action, target_id, details FROM audit_log WHERE action = 'licence.revoke'`)) as unknown as { rows: { target_id: string; details: { reason: string } }[] };
    expect(audit.rows).toEqual([expect.objectContaining({ target_id: business!.id, details: expect.objectContaining({ reason: '营业执照已被吊销' }) })]);

    const v = (await anonymous.get(`/api/v1/public/licences/verify/${business!.verificationCode}`)).json();
    expect(v).toMatchObject({ status: 'revoked', signatureValid: true, revokedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect((await mine(enterprise, '?typeCode=business_licence&usable=true')).length).toBe(0);
    const refused = await applyMedicalDevices(enterprise, business!.number);
    expect(refused.json()).toMatchObject({ code: 'LICENCE_NOT_USABLE', details: { reason: 'revoked' } });
  });

  it('refuses an expired licence', async () => {
    const [register] = await mine(person, '?typeCode=household_register');
    await dbh.db.execute(sql`UPDATE licences SET valid_until = '2020-01-01' WHERE id = ${register!.id}`);
    expect((await mine(person, '?typeCode=household_register'))[0]!.status).toBe('expired');
    expect((await mine(person, '?typeCode=household_register&usable=true')).length).toBe(0);
  });
});
