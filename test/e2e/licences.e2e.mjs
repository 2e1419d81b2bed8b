// 电子证照 in the browser: the enterprise's 我的证照, reusing its 营业执照 in an application (shown in the review),
// the licence the concluded case issues, its public verification before and after an administrator revokes it,
// and the pages on a 375-px phone. Each new page state is scanned by axe in both languages.
import { apiSession, button, itemId, pdf } from './case-helpers.mjs';
import { assert, axeBoth, test } from './harness.mjs';

const ENTERPRISE = '91421202MA49AB1C2J';

async function fitsPhone(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(wide <= 375, `${what} scrolls sideways: ${wide}px`);
}

test('licences: the enterprise reuses its 营业执照 from 我的证照, the concluded case issues a licence, verified publicly, then revoked by an admin', async (ctx) => {
  const applicant = await ctx.newPage();
  await ctx.login(applicant, 'enterprise');
  await applicant.goto('/my/licences');
  await applicant.getByRole('tab', { name: '我的证照', selected: true }).waitFor();
  // The seeded 营业执照 (issued in 2024); the 企业开办 test may have issued the enterprise a second one.
  const business = applicant.getByTestId('my-licences').locator('li[data-licence^="4212022024"]', { hasText: '营业执照' });
  await business.locator('[data-status="valid"]').waitFor();
  const businessNumber = (await business.getAttribute('data-licence')).trim();
  await axeBoth(ctx, applicant, 'licences: my licences');
  await ctx.screenshot(applicant, 'portal-my-licences');
  await business.getByRole('link', { name: '营业执照' }).click();
  await applicant.getByTestId('licence-print').waitFor();
  await applicant.getByTestId('licence-print').getByText('咸宁市咸安区市场监督管理局').waitFor();
  const qrWidth = await applicant.getByTestId('licence-qr').evaluate(async (img) => (await img.decode(), img.naturalWidth));
  assert(qrWidth > 50, `the printable licence draws its verification QR code, got ${qrWidth}px`);
  const download = applicant.getByTestId('licence-download');
  await download.waitFor();
  const file = await download.evaluate(async (a) => {
    const r = await fetch(a.getAttribute('href'));
    return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
  });
  assert(file.status === 200 && file.type === 'application/x-tar' && file.size > 2048, `the download button fetches the licence archive: ${JSON.stringify(file)}`);
  await axeBoth(ctx, applicant, 'licences: printable view');
  await ctx.screenshot(applicant, 'portal-licence-print');

  // 第二类医疗器械经营备案 asks for the 营业执照 (licence type business_licence).
  const id = await itemId(applicant, '421202-YD-YLQX', '医疗器械');
  await applicant.goto(`/apply/item/${id}`);
  await applicant.getByLabel('单位名称').fill('咸宁市示范科技有限公司');
  await applicant.getByLabel('统一社会信用代码').fill(ENTERPRISE);
  await applicant.getByLabel('联系人').fill('李四');
  await applicant.getByLabel('联系电话').fill('13900000002');
  await applicant.getByLabel('地址').fill('咸宁市咸安区长江产业园 8 号');
  await button(applicant, '下一步').click();
  await applicant.locator('li[data-requirement="0"] input[type=file]').setInputFiles(pdf('ylqx-form'));
  await applicant.getByTestId('material-status-0').filter({ hasText: '已上传' }).waitFor();
  const choice = applicant.getByTestId('licence-choice-business_licence');
  await choice.selectOption(businessNumber);
  await applicant.getByTestId('material-status-1').filter({ hasText: `选用电子证照:营业执照 ${businessNumber}` }).waitFor();
  await axeBoth(ctx, applicant, 'licences: apply materials with a licence chosen');
  await button(applicant, '下一步').click();
  const review = applicant.locator('.ant-descriptions-row', { hasText: '营业执照' });
  await review.filter({ hasText: `选用电子证照:营业执照 ${businessNumber},咸宁市咸安区市场监督管理局发,长期有效` }).waitFor();
  await axeBoth(ctx, applicant, 'licences: apply review shows the reused licence');
  await ctx.screenshot(applicant, 'portal-apply-licence-review');
  await button(applicant, '提交申请').click();
  await applicant.getByTestId('filed-number').waitFor();
  await button(applicant, '查看办件进度').click();
  await applicant.waitForURL(/\/my\/cases\/[0-9a-f-]{36}$/);
  const caseId = applicant.url().split('/').pop();

  // The window reviews, accepts and concludes the 备案 (its one step); the result licence is issued to the enterprise.
  const clerk = await apiSession(ctx, 'clerk');
  const c = await clerk.get(`/api/v1/cases/${caseId}`);
  const reused = c.materials.find((m) => m.requirement === 1);
  assert(reused.source === 'licence' && reused.reference === businessNumber, `the case records the reused licence, got ${JSON.stringify(reused)}`);
  for (const m of c.materials) await clerk.post(`/api/v1/cases/${caseId}/materials/${m.id}/review`, { review: 'ok' });
  await clerk.post(`/api/v1/cases/${caseId}/accept`);
  await clerk.post(`/api/v1/cases/${caseId}/conclude`, { step: 0, decision: 'approve', text: '准予备案。' });

  // 用证记录: the 营业执照's page lists the application it proved, linked to the case.
  await applicant.goto('/my/licences');
  await business.getByRole('link', { name: '营业执照' }).click();
  const use = applicant.getByTestId('licence-uses').locator('tr', { hasText: c.number });
  await use.getByText('第二类医疗器械经营备案').waitFor();
  await use.getByText('已办结(准予)').waitFor();
  await axeBoth(ctx, applicant, 'licences: uses of a licence');
  await ctx.screenshot(applicant, 'portal-licence-uses');
  await use.getByRole('link', { name: c.number }).click();
  await applicant.waitForURL(new RegExp(`/my/cases/${caseId}$`));

  await applicant.goto('/my/licences');
  const filing = applicant.getByTestId('my-licences').locator('li', { hasText: '第二类医疗器械经营备案凭证' });
  await filing.locator('[data-status="valid"]').waitFor();
  const filingNumber = (await filing.getAttribute('data-licence')).trim();
  await filing.getByRole('link', { name: '第二类医疗器械经营备案凭证' }).click();
  await applicant.getByTestId('licence-print').getByText(c.number).waitFor();
  const code = (await applicant.getByTestId('licence-code').textContent()).replace(/-/g, '').trim();

  const visitor = await ctx.newPage();
  await visitor.goto(`/licence/verify/${code}`);
  await visitor.getByTestId('verify-outcome').and(visitor.locator('[data-status="valid"][data-signature="true"]')).waitFor();
  await visitor.getByText('证照有效,签名验证通过').waitFor();
  await axeBoth(ctx, visitor, 'licences: public verification, valid');
  await ctx.screenshot(visitor, 'public-licence-verify-valid');

  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.goto('/admin/licences');
  await admin.getByLabel('证照编号').fill(filingNumber);
  await button(admin, '查询').click();
  const row = admin.locator(`tr[data-licence="${filingNumber}"]`);
  await row.waitFor();
  await axeBoth(ctx, admin, 'licences: admin list');
  // The dialog covers the language switch: it is scanned in English first, closed, then in Chinese and used.
  await admin.getByTestId('lang-switch').click();
  await button(row, 'Revoke').click();
  await admin.getByLabel('Reason for revocation').waitFor();
  const found = await ctx.axe(admin, 'licences: admin revoke dialog (en)');
  // The scan's style sheet stops antd's motion, which the dialog needs to close.
  await admin.evaluate(() => document.querySelectorAll('style').forEach((s) => s.textContent.includes('animation: none !important') && s.remove()));
  await admin.locator('.ant-modal:visible').getByRole('button', { name: 'Cancel' }).click();
  await admin.locator('.ant-modal-wrap:visible').waitFor({ state: 'hidden' });
  await admin.getByTestId('lang-switch').click();
  await admin.locator('html[lang="zh-CN"]').waitFor();
  await button(row, '撤销').click();
  await admin.getByLabel('撤销原因').fill('备案信息与实际不符,依法撤销');
  found.push(...(await ctx.axe(admin, 'licences: admin revoke dialog (zh)')));
  assert(found.length === 0, found.join('\n'));
  await admin.evaluate(() => document.querySelectorAll('style').forEach((s) => s.textContent.includes('animation: none !important') && s.remove()));
  await admin.locator('.ant-modal:visible').getByRole('button', { name: /^确\s*认\s*撤\s*销$/ }).click();
  await row.locator('[data-status="revoked"]').waitFor();
  await ctx.screenshot(admin, 'admin-licence-revoked');

  await visitor.reload();
  await visitor.getByTestId('verify-outcome').and(visitor.locator('[data-status="revoked"]')).waitFor();
  await visitor.getByText('该证照已撤销,不再有效').waitFor();
  await axeBoth(ctx, visitor, 'licences: public verification, revoked');
  await ctx.screenshot(visitor, 'public-licence-verify-revoked');

  await applicant.goto('/my/licences');
  await applicant.getByTestId('my-licences').locator(`li[data-licence="${filingNumber}"] [data-status="revoked"]`).waitFor();
  await visitor.goto('/licence/verify/ZZZZZZZZZZZZZZZZZZZZ');
  await visitor.getByTestId('verify-outcome').and(visitor.locator('[data-status="not_found"]')).waitFor();
});

test('licences: 我的证照, the printable view and the verification page fit a 375-px phone screen', async (ctx) => {
  const phone = await ctx.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await ctx.login(phone, 'enterprise');
  await phone.goto('/my/licences');
  const business = phone.getByTestId('my-licences').locator('li[data-licence^="4212022024"]', { hasText: '营业执照' });
  await business.waitFor();
  await fitsPhone(phone, '我的证照');
  await ctx.screenshot(phone, 'phone-my-licences');
  await business.getByRole('link', { name: '营业执照' }).click();
  await phone.getByTestId('licence-code').waitFor();
  await fitsPhone(phone, 'the printable licence');
  const code = (await phone.getByTestId('licence-code').textContent()).trim();
  await ctx.screenshot(phone, 'phone-licence-print');
  await phone.goto(`/licence/verify/${code}`);
  await phone.getByTestId('verify-outcome').waitFor();
  await fitsPhone(phone, 'the verification page');
  await axeBoth(ctx, phone, 'licences: verification on a phone');
  await ctx.screenshot(phone, 'phone-licence-verify');
});

test('licences: a 一件事 application proves its 营业执照 once with the enterprise’s own licence, for every item that asks for it', async (ctx) => {
  const applicant = await ctx.newPage();
  await ctx.login(applicant, 'enterprise');
  const [business] = (await (await applicant.request.get('/api/v1/my/licences?typeCode=business_licence&usable=true')).json()).items;
  assert(business, 'the demo enterprise holds a valid 营业执照');
  await applicant.goto('/apply/bundle/421202-YJS-KYD');
  await applicant.getByRole('heading', { level: 1, name: /在线申请:我要开药店/ }).waitFor();
  for (const [q, answer] of [['是否已领取营业执照', '是'], ['是否销售食品', '否'], ['是否经营第二类医疗器械', '是']]) {
    await applicant.locator('.ant-form-item', { hasText: q }).getByText(answer, { exact: true }).click();
  }
  await button(applicant, '下一步').click();
  await applicant.getByLabel('企业名称').fill('咸宁市示范科技有限公司');
  await applicant.getByLabel('统一社会信用代码').fill(ENTERPRISE);
  await applicant.getByLabel('联系人').fill('李四');
  await applicant.getByLabel('联系电话').fill('13900000002');
  await applicant.getByLabel('地址').fill('咸宁市咸安区长江产业园 8 号');
  await button(applicant, '下一步').click();
  for (const i of [0, 2, 3, 4, 5]) {
    await applicant.locator(`li[data-requirement="${i}"] input[type=file]`).setInputFiles(pdf(`kyd-${i}`));
    await applicant.getByTestId(`material-status-${i}`).filter({ hasText: '已上传' }).waitFor();
  }
  await applicant.getByTestId('licence-choice-business_licence').selectOption(business.number);
  await applicant.getByTestId('material-status-1').filter({ hasText: `选用电子证照:营业执照 ${business.number}` }).waitFor();
  await axeBoth(ctx, applicant, 'licences: bundle materials with a licence chosen');
  await button(applicant, '下一步').click();
  await applicant.locator('.ant-descriptions-row', { hasText: '营业执照' }).filter({ hasText: business.number }).waitFor();
  await ctx.screenshot(applicant, 'portal-bundle-licence-review');
  await button(applicant, '提交申请').click();
  await button(applicant, '查看办件进度').click();
  await applicant.waitForURL(/\/my\/bundles\/[0-9a-f-]{36}$/);
  const bundle = await (await applicant.request.get(`/api/v1/bundle-cases/${applicant.url().split('/').pop()}`)).json();
  const children = bundle.children.filter((c) => c.case);
  assert(children.length === 2, `two items start at once, got ${children.length}`);
  for (const c of children) {
    const detail = await (await applicant.request.get(`/api/v1/cases/${c.case.id}`)).json();
    const licence = detail.materials.find((m) => m.name === '营业执照');
    assert(licence?.source === 'licence', `${c.itemCode} takes the 营业执照 from the licence, got ${JSON.stringify(licence)}`);
  }
  return `bundle ${bundle.number}: 营业执照 ${business.number} proves the material of ${children.map((c) => c.itemCode).join(', ')}`;
});
