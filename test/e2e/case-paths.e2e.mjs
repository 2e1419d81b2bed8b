// The side paths of a case in the browser: 容缺受理 with the missing material handed in from 我的办件, an
// application withdrawn by its applicant, and a 特别程序 that pauses the clock and resumes it.
import { acceptedCase, apiSession, appliedBundle, button, confirmAction, itemId, pdf, reviewAllOk } from './case-helpers.mjs';
import QRCode from 'qrcode';
import { assert, axeBoth, motionSettled, restoreMotion, test } from './harness.mjs';

const SPJY = '421202-YD-SPJY';
const SPJY_FORM = { applicantName: '咸宁市示范科技有限公司', creditCode: '91421202MA49AB1C2J', contactName: '李四', contactPhone: '13900000002', address: '咸宁市咸安区温泉路 1 号' };
const SPJY_MATERIALS = ['食品经营许可申请书', '营业执照', '告知承诺书', '食品安全管理制度'];

/** The demo enterprise files 食品经营许可 through the API with the materials of the given requirements. */
async function filed(ctx, requirements) {
  const enterprise = await apiSession(ctx, '91421202MA49AB1C2J');
  const probe = await ctx.newPage();
  const id = await itemId(probe, SPJY, '食品经营许可');
  const materials = [];
  for (const r of requirements) materials.push({ requirement: r, fileId: await enterprise.upload(`paths-${r}`) });
  return enterprise.post('/api/v1/cases', { itemId: id, channel: 'online', form: SPJY_FORM, materials }, { 'Idempotency-Key': `e2e-paths-${Date.now()}-${Math.random()}` });
}

const dateInDays = (n) => new Date(Date.now() + n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

test('容缺受理 at the window, and the applicant hands the missing material in from 我的办件', async (ctx) => {
  const c = await filed(ctx, [0, 1, 2]);
  const clerk = await ctx.newPage();
  await ctx.login(clerk, 'clerk');
  await clerk.goto(`/window/cases/${c.id}`);
  await clerk.getByRole('heading', { level: 1, name: `办件 ${c.number}` }).waitFor();
  await reviewAllOk(clerk, SPJY_MATERIALS.slice(0, 3));
  await button(clerk, '容缺受理').click();
  const dialog = clerk.locator('.ant-modal:visible');
  await dialog.getByLabel('承诺内容').fill('本单位承诺在期限内补交食品安全管理制度文本。');
  const deadline = dateInDays(10);
  const picker = dialog.getByLabel('补交期限');
  await picker.click();
  await picker.fill(deadline);
  await picker.press('Enter');
  await confirmAction(clerk, '容缺受理');
  await clerk.getByTestId('case-timeline').getByText('容缺受理', { exact: true }).first().waitFor();

  const applicant = await ctx.newPage();
  await ctx.login(applicant, 'enterprise');
  await applicant.goto(`/my/cases/${c.id}`);
  const owed = applicant.getByTestId('owed-materials');
  await owed.locator('li[data-requirement="3"]').waitFor();
  assert((await owed.locator('li[data-requirement]').count()) === 1, 'only the one missing material is asked for');
  await axeBoth(ctx, applicant, 'my case: deficiency owed');
  await ctx.screenshot(applicant, 'portal-deficiency-owed');
  await owed.locator('li[data-requirement="3"] input[type=file]').setInputFiles(pdf('paths-deficiency'));
  await applicant.getByTestId('material-status-3').filter({ hasText: '已上传' }).waitFor();
  await button(applicant, '补交').click();
  await applicant.getByTestId('case-timeline').getByText('补交容缺材料', { exact: true }).first().waitFor();
  await owed.waitFor({ state: 'detached' });
  const after = await (await applicant.request.get(`/api/v1/cases/${c.id}`)).json();
  assert(after.commitments.length === 1 && after.commitments[0].fulfilledAt, 'the commitment is fulfilled');
  assert(after.materials.some((m) => m.requirement === 3 && !m.superseded), 'the handed-in material is on the case');
  return `case ${c.number}: accepted with 食品安全管理制度 to follow by ${deadline}, handed in from 我的办件`;
});

test('an applicant withdraws an application before it is accepted, and the window can no longer accept it', async (ctx) => {
  const c = await filed(ctx, [0, 1, 2, 3]);
  const applicant = await ctx.newPage();
  await ctx.login(applicant, 'enterprise');
  await applicant.goto(`/my/cases/${c.id}`);
  await applicant.getByTestId('case-number').filter({ hasText: c.number }).waitFor();
  await button(applicant, '撤回申请').click();
  await applicant.locator('.ant-popover:visible').getByRole('button', { name: /是/ }).click();
  await applicant.locator('[data-state="withdrawn"]').first().waitFor();
  await applicant.getByTestId('case-timeline').getByText('撤回申请', { exact: true }).first().waitFor();
  assert((await button(applicant, '撤回申请').count()) === 0, 'a withdrawn application offers no second withdrawal');
  await axeBoth(ctx, applicant, 'my case: withdrawn');

  const clerk = await ctx.newPage();
  await ctx.login(clerk, 'clerk');
  await clerk.goto(`/window/cases/${c.id}`);
  await clerk.locator('[data-state="withdrawn"]').first().waitFor();
  assert((await button(clerk, '受理').count()) === 0, 'the window is not offered 受理 on a withdrawn case');
  return `case ${c.number} withdrawn by the applicant`;
});

/** The window passes the case's first step; the department's approver opens it at the second. */
async function atApproval(ctx, c) {
  const clerk = await apiSession(ctx, 'clerk');
  await clerk.post(`/api/v1/cases/${c.id}/steps/pass`, { step: 0 });
  const approver = await ctx.newPage();
  await ctx.login(approver, 'approver');
  await approver.goto(`/approve/cases/${c.id}`);
  await approver.getByRole('heading', { level: 1, name: `办件 ${c.number}` }).waitFor();
  return approver;
}

test('an approver previews a photographed material and a PDF material inline on the case page', async (ctx) => {
  // A real PNG (a QR code drawn by the same library the licence page uses) as the first material, PDFs for the rest.
  const png = await QRCode.toBuffer('tongban material preview', { scale: 6 });
  const c = await acceptedCase(ctx, SPJY, '食品经营许可', SPJY_FORM, { 0: { name: 'photo.png', mimeType: 'image/png', buffer: png } });
  const [image, paper] = c.materials;
  assert(image.mime === 'image/png' && paper.mime === 'application/pdf', `materials stored as PNG and PDF, got ${image.mime}, ${paper.mime}`);
  const approver = await atApproval(ctx, c);
  const preview = (name) => approver.getByRole('button', { name: new RegExp(`^预\\s*览.*${name}`) });

  const shown = approver.locator('.ant-modal:visible').getByRole('img', { name: image.name });
  // The dialog covers the language switch, so each language opens it afresh for the scan.
  const found = [];
  for (const [lang, label] of [['zh-CN', '预\\s*览'], ['en', 'Preview']]) {
    if (lang === 'en') {
      await approver.getByTestId('lang-switch').click();
      await approver.locator('html[lang="en"]').waitFor();
    }
    await approver.getByRole('button', { name: new RegExp(`^${label}.*${image.name}`) }).click();
    await shown.waitFor();
    const width = await shown.evaluate(async (img) => (await img.decode(), img.naturalWidth));
    assert(width > 50, `the photo is drawn in the page, got ${width}px`);
    found.push(...(await ctx.axe(approver, `approve: image preview (${lang})`)));
    await restoreMotion(approver);
    if (lang === 'zh-CN') await ctx.screenshot(approver, 'approve-preview-image');
    await approver.keyboard.press('Escape');
    await shown.waitFor({ state: 'detached' });
  }
  assert(found.length === 0, found.join('\n'));
  await approver.getByTestId('lang-switch').click();
  await approver.locator('html[lang="zh-CN"]').waitFor();

  const file = approver.waitForResponse((r) => r.url().includes(`/materials/${paper.id}/file`));
  await preview(paper.name).click();
  const frame = approver.locator('.ant-modal:visible').locator(`iframe[title="${paper.name}"]`);
  await frame.waitFor();
  const res = await file;
  assert(res.status() === 200 && res.headers()['content-type'] === 'application/pdf' && /^inline/.test(res.headers()['content-disposition']), `the PDF is served inline, got ${res.status()} ${res.headers()['content-type']}`);
  await motionSettled(approver);
  await ctx.screenshot(approver, 'approve-preview-pdf');
  return `case ${c.number}: ${image.name} as an image, ${paper.name} as a PDF in a frame`;
});

test('an approver starts a 特别程序, the clock pauses, and ends it, the clock runs again', async (ctx) => {
  const c = await acceptedCase(ctx, SPJY, '食品经营许可', SPJY_FORM);
  const approver = await atApproval(ctx, c);
  await button(approver, '启动特别程序').click();
  const dialog = approver.locator('.ant-modal:visible');
  await dialog.getByLabel('程序类型').fill('现场核查');
  await dialog.getByLabel('理由').fill('经营场所需现场核查布局与设施。');
  await dialog.getByLabel('预计天数').fill('5');
  await confirmAction(approver, '启动特别程序');
  const clock = approver.getByTestId('case-clock');
  await clock.locator('[data-card="paused"]').waitFor();
  await approver.getByTestId('case-waiting').filter({ hasText: '特别程序' }).waitFor();
  await axeBoth(ctx, approver, 'approve: special procedure');
  await ctx.screenshot(approver, 'approve-special-procedure');

  const applicant = await ctx.newPage();
  await ctx.login(applicant, 'enterprise');
  await applicant.goto(`/my/cases/${c.id}`);
  await applicant.getByTestId('case-clock').locator('[data-card="paused"]').waitFor();

  await button(approver, '结束特别程序').click();
  await approver.locator('.ant-modal:visible').getByLabel('程序结果').fill('现场核查符合要求。');
  await confirmAction(approver, '结束特别程序');
  await clock.locator('[data-card="green"], [data-card="yellow"], [data-card="red"]').first().waitFor();
  const timeline = approver.getByTestId('case-timeline');
  for (const step of ['启动特别程序', '结束特别程序']) await timeline.getByText(step, { exact: true }).first().waitFor();
  const after = await (await approver.request.get(`/api/v1/cases/${c.id}`)).json();
  assert(after.state === 'in_steps' && after.specialProcedures[0].endedAt, `back in steps after the procedure, got ${after.state}`);
  assert(new Date(after.clock.due) >= new Date(c.clock.due), 'the pause does not bring the due date forward');
  return `case ${c.number}: due ${c.clock.due} → ${after.clock.due} after the pause`;
});

test('an applicant withdraws a whole 一件事 application before 一窗受理, and every item filed ends with it', async (ctx) => {
  const filed = await appliedBundle(ctx, { needSeal: true, needInvoice: false }, 'bundle-withdraw');

  const applicant = await ctx.newPage();
  await ctx.login(applicant, 'enterprise');
  // A required item's own page says which 一件事 it belongs to and offers no withdrawal of its own.
  const required = filed.children.find((c) => c.mandatory && c.case);
  await applicant.goto(`/my/cases/${required.case.id}`);
  const part = applicant.getByTestId('part-of-bundle');
  await part.filter({ hasText: filed.number }).waitFor();
  await part.getByText('必办事项不能单独撤回', { exact: false }).waitFor();
  assert((await applicant.getByRole('button', { name: '撤回申请' }).count()) === 0, 'a required item of a running bundle has no withdraw button of its own');
  await axeBoth(ctx, applicant, 'my case: part of a bundle');
  await ctx.screenshot(applicant, 'portal-case-part-of-bundle');
  await part.getByRole('link', { name: '查看整件一件事' }).click();
  await applicant.waitForURL(new RegExp(`/my/bundles/${filed.id}$`));
  await applicant.getByTestId('bundle-number').filter({ hasText: filed.number }).waitFor();
  await applicant.getByTestId('bundle-withdraw').click();
  await applicant.locator('.ant-modal:visible').getByLabel('撤回原因(选填)').fill('公司名称需调整,稍后重新申请');
  await confirmAction(applicant, '撤回申请');
  await applicant.getByText('已撤回', { exact: true }).first().waitFor();
  assert((await applicant.getByTestId('bundle-withdraw').count()) === 0, 'a withdrawn bundle offers no second withdrawal');
  await axeBoth(ctx, applicant, 'my bundle: withdrawn');
  await ctx.screenshot(applicant, 'portal-bundle-withdrawn');
  const after = await (await applicant.request.get(`/api/v1/bundle-cases/${filed.id}`)).json();
  const started = after.children.filter((c) => c.case);
  assert(after.status === 'withdrawn' && started.length > 0 && started.every((c) => c.case.state === 'withdrawn'), `bundle and items withdrawn: ${JSON.stringify(after.children.map((c) => c.case?.state))}`);

  const clerk = await ctx.newPage();
  await ctx.login(clerk, 'clerk');
  await clerk.goto(`/window/bundles/${filed.id}`);
  await clerk.getByTestId('bundle-number').filter({ hasText: filed.number }).waitFor();
  assert((await clerk.getByTestId('bundle-accept').count()) === 0, 'the window is not offered 一窗受理 on a withdrawn bundle');
  return `bundle ${filed.number} withdrawn with ${started.length} item(s)`;
});
