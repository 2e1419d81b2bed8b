import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { bundleTestApp, fillForm, finishCase, upload, type BundleTestApp, type Client } from '../workflow/testing.js';

// Seed processes shipped as single items (issue 23 point 2): each is applied for over HTTP, accepted at its hall and
// walked to its conclusion by the departments its steps name.
const SINGLE = ['421202-GTH-BGDJ', '421202-HZS-SLDJ', '421202-HZS-BGDJ', '421202-HZS-ZXDJ', '421202-BDC-GZDJ', '421202-BDC-YYDJ', '421202-BDC-HZDJ', '421202-BDC-XWDJ'];

let t: BundleTestApp;
let enterprise: Client;
let person: Client;

beforeAll(async () => {
  t = await bundleTestApp(await testDbHandle());
  [enterprise, person] = await Promise.all([t.login('91421202MA49AB1C2J'), t.login('421202199001011232')]);
}, 120_000);

describe('the seed processes shipped as single items can be applied for', () => {
  for (const code of SINGLE) {
    it(`${code}: apply, 受理, conclude`, async () => {
      const [found] = (await t.anonymous.get(`/api/v1/catalog/items?code=${code}`)).json().items;
      expect(found?.code, code).toBe(code);
      const item = (await t.anonymous.get(`/api/v1/catalog/items/${found.id}/versions/1`)).json();
      const who = item.content.audiences.includes('enterprise') ? 'enterprise' : 'person';
      const applicant = who === 'enterprise' ? enterprise : person;
      const file = await upload(applicant, `${code}.pdf`);
      const res = await applicant.post('/api/v1/cases', {
        itemId: found.id,
        channel: 'online',
        form: fillForm(item.content.form.fields, who),
        materials: item.content.materials.map((_: unknown, requirement: number) => ({ requirement, fileId: file })),
      });
      expect(res.statusCode, res.body).toBe(201);
      const hall = await t.clerk(item.content.regionCode);
      const accepted = await hall.post(`/api/v1/cases/${res.json().id}/accept`, {});
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect((await t.admin.get(`/api/v1/cases/${res.json().id}`)).json()).toMatchObject({ state: 'in_steps', dueAt: expect.any(String) });
      const done = await finishCase(t, res.json().id);
      expect(done.state).toBe('concluded_approved');
    }, 60_000);
  }
});
