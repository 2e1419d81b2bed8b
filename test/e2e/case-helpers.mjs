// What the case browser tests share: files, API sessions for set-up, the action buttons and dialogs.
import { assert, DEMO_PASSWORD, settledDialog } from './harness.mjs';

/** A tiny file the server sniffs as PDF; `tag` makes each one distinct content (files are stored by hash). */
export const pdf = (tag) => ({ name: `${tag}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${tag} ${Date.now()}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`) });

/** Logs in through the form with any account (the harness knows only the demo ones). */
export async function loginAs(page, account, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.locator('#login_account').fill(account);
  await page.locator('#login_password').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** An API session of its own (cookie jar and CSRF token), for the set-up the test does not click through. */
export async function apiSession(ctx, account, password = DEMO_PASSWORD) {
  const page = await ctx.newPage();
  const res = await page.request.post('/api/v1/auth/login', { data: { account, password } });
  assert(res.ok(), `login of ${account} via the API: ${res.status()}`);
  const { csrfToken } = await res.json();
  const call = async (method, path, body, headers = {}) => {
    const r = await page.request.fetch(path, { method, headers: { 'X-CSRF-Token': csrfToken, ...headers }, ...(body !== undefined ? { data: body } : {}) });
    const json = await r.json().catch(() => null);
    assert(r.ok(), `${method} ${path}: ${r.status()} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body, headers) => call('POST', path, body ?? {}, headers),
    put: (path, body) => call('PUT', path, body),
    async upload(tag, file = pdf(tag)) {
      const r = await page.request.post('/api/v1/cases/files', { headers: { 'X-CSRF-Token': csrfToken }, multipart: { file } });
      assert(r.ok(), `upload: ${r.status()}`);
      return (await r.json()).id;
    },
  };
}

export async function itemId(page, code, q) {
  const res = await page.request.get(`/api/v1/catalog/items?q=${encodeURIComponent(q)}&limit=50`);
  const item = (await res.json()).items.find((i) => i.code === code);
  assert(item, `the catalog has ${code}`);
  return item.id;
}

export const button = (page, text) => page.getByRole('button', { name: new RegExp(`^${[...text].join('\\s*')}$`) });

/** Confirms the open action dialog and waits for its result line. */
export async function confirmAction(page, action) {
  await (await settledDialog(page)).getByRole('button', { name: '确认办理' }).click();
  await page.getByTestId('action-outcome').filter({ hasText: `${action}:已完成` }).waitFor();
}

export async function reviewAllOk(page, names) {
  for (const name of names) {
    await page.getByRole('button', { name: new RegExp(`^合\s*格.*${name}`) }).click();
    await page.locator(`[data-testid="case-materials"] tr:has-text("${name}") [data-review="ok"]`).waitFor();
  }
}

/**
 * Applies through the API as the demo enterprise and has the window accept: the clock starts at 受理. Every
 * required material is a PDF unless `files` gives another file for its index.
 */
export async function acceptedCase(ctx, code, q, form, files = {}) {
  const enterprise = await apiSession(ctx, '91421202MA49AB1C2J');
  const clerk = await apiSession(ctx, 'clerk');
  const probe = await ctx.newPage();
  const id = await itemId(probe, code, q);
  const version = await enterprise.get(`/api/v1/catalog/items/${id}/guide`);
  const materials = [];
  for (let i = 0; i < version.materials.length; i++) if (version.materials[i].required) materials.push({ requirement: i, fileId: await enterprise.upload(`${code}-${i}`, files[i]) });
  const c = await enterprise.post('/api/v1/cases', { itemId: id, channel: 'online', form, materials }, { 'Idempotency-Key': `e2e-${code}-${Date.now()}` });
  const accepted = await clerk.post(`/api/v1/cases/${c.id}/accept`);
  return accepted.case;
}

/** A 企业开办 application by the demo enterprise through the API (joint form and materials filled in), not yet accepted. */
export async function appliedBundle(ctx, answers, tag) {
  const enterprise = await apiSession(ctx, '91421202MA49AB1C2J');
  const plan = await enterprise.post('/api/v1/bundles/421202-YJS-QYKB/plan', { answers });
  const byType = { phone: '13900000002', address: '咸宁市咸安区温泉路 3 号', creditCode: '91421202MA49AB1C2J', idNumber: '421202199001011232', number: 100 };
  const form = Object.fromEntries(plan.form.map((f) => [f.key, f.type === 'select' ? f.options[0].value : byType[f.type] ?? '咸宁市通办示范有限公司']));
  const file = await enterprise.upload(tag);
  const materials = plan.materials.filter((m) => !m.suppliedBy).map((m) => ({ material: m.index, fileId: file }));
  return enterprise.post('/api/v1/bundles/421202-YJS-QYKB/apply', { answers, form, materials, channel: 'online' });
}
