// 好差评 in the browser: a walk-in rates 非常不满意 on the window's 评价器, the department verifies and rectifies in
// its 差评 inbox, the rater says on 回访 (on a phone) that they are satisfied, the supervisor sees the figures, and
// the public 双公开 page shows the rectification without personal data. Each new page state is scanned by axe.
import { apiSession, appliedBundle, button, itemId } from './case-helpers.mjs';
import { assert, axeBoth, DEMO_PASSWORD, restoreMotion, settledDialog, test } from './harness.mjs';

const ENTERPRISE = '91421202MA49AB1C2J';
const NAME = '咸宁市示范科技有限公司';
const COMMENT = '窗口等候四十分钟无人理会';

async function fitsPhone(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(wide <= 375, `${what} scrolls sideways: ${wide}px`);
}

/** A walk-in application at the window for the demo enterprise, accepted and concluded by the clerk (the item's one step). */
async function walkInCase(ctx) {
  const clerk = await apiSession(ctx, 'clerk');
  const probe = await ctx.newPage();
  const id = await itemId(probe, '421202-YD-YLQX', '医疗器械');
  const guide = await clerk.get(`/api/v1/catalog/items/${id}/guide`);
  const materials = [];
  for (let i = 0; i < guide.materials.length; i++) if (guide.materials[i].required) materials.push({ requirement: i, fileId: await clerk.upload(`rating-${i}`) });
  const form = { applicantName: NAME, creditCode: ENTERPRISE, contactName: '李四', contactPhone: '13900000002', address: '咸宁市咸安区长江产业园 8 号' };
  const c = await clerk.post('/api/v1/cases', { itemId: id, channel: 'window', form, materials, applicant: { kind: 'enterprise', name: NAME, creditCode: ENTERPRISE, mobile: '13900000002' } }, { 'Idempotency-Key': `e2e-rating-${Date.now()}` });
  for (const m of (await clerk.get(`/api/v1/cases/${c.id}`)).materials) await clerk.post(`/api/v1/cases/${c.id}/materials/${m.id}/review`, { review: 'ok' });
  const accepted = await clerk.post(`/api/v1/cases/${c.id}/accept`);
  await clerk.post(`/api/v1/cases/${c.id}/conclude`, { step: 0, decision: 'approve', text: '准予备案。' });
  return { id: c.id, number: c.number, noticeId: accepted.documentId, clerk };
}

/** The walk-in's case, handed from the first test (rating and rectification) to the second (回访 and publication). */
let walkIn = null;

test('ratings: a walk-in rates 非常不满意 at the 评价器 and the department verifies and rectifies it in its 差评 inbox', async (ctx) => {
  const c = await walkInCase(ctx);

  // 评价器: the clerk opens it from the case and turns the screen to the applicant.
  const window = await ctx.newPage();
  await ctx.login(window, 'clerk');
  await window.goto(`/window/cases/${c.id}`);
  await window.getByTestId('open-rating-device').click();
  await window.waitForURL(new RegExp(`/window/rate/${c.id}$`));
  await window.getByRole('heading', { name: /评价器/ }).waitFor();
  await window.locator('.tb-rating-levels label', { hasText: '非常不满意' }).click();
  await window.locator('.tb-rating-levels .ant-radio-button-wrapper-checked', { hasText: '非常不满意' }).waitFor();
  await window.locator('label', { hasText: '服务态度差' }).click();
  await window.getByLabel('意见和建议').fill(COMMENT);
  await window.getByText('差评将转交办理部门核实整改').waitFor();
  await axeBoth(ctx, window, 'ratings: 评价器 with a 差评 chosen');
  await ctx.screenshot(window, 'window-rating-device');
  await button(window, '提交评价').click();
  await window.getByTestId('rating-done').waitFor();

  // The department's 差评 inbox: the running 核实 deadline, then 限期整改 and the fix.
  const dept = await ctx.newPage();
  await ctx.login(dept, 'approver');
  await dept.goto('/approve/ratings');
  await dept.getByRole('heading', { name: '差评整改' }).waitFor();
  const item = dept.locator(`[data-testid="rectification"]`, { hasText: c.number });
  await item.locator('[data-state="verifying"]').waitFor();
  await item.getByText('核实期限').waitFor();
  await item.getByText(COMMENT).waitFor();
  await axeBoth(ctx, dept, 'ratings: 差评 inbox');
  await ctx.screenshot(dept, 'approve-rating-inbox');
  await item.getByTestId('rect-verify').click();
  let dialog = await settledDialog(dept);
  await dialog.locator('label', { hasText: '限期整改' }).click();
  await dialog.getByLabel('答复评价人').fill('情况属实,已对窗口人员批评教育并调整排班。');
  const inDialog = await ctx.axe(dept, 'ratings: 核实 dialog');
  assert(inDialog.length === 0, inDialog.join('\n'));
  await restoreMotion(dept);
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await item.locator('[data-state="rectifying"]').waitFor();
  await item.getByText('整改期限').waitFor();
  await item.getByTestId('rect-rectify').click();
  dialog = await settledDialog(dept);
  await dialog.getByLabel('整改情况').fill('高峰时段增开两个窗口,设导办员。');
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await item.locator('[data-state="follow_up"]').waitFor();

  walkIn = c;
});

test('ratings: the walk-in is satisfied on 回访 (on a phone) and the public page shows the rectification without personal data', async (ctx) => {
  assert(walkIn, 'the 评价器 test ran first and left its case');
  const c = walkIn;
  // 回访 on the rater's phone.
  const phone = await ctx.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await ctx.login(phone, 'enterprise');
  await phone.goto(`/my/cases/${c.id}`);
  const ask = phone.getByTestId('rating-follow-up');
  await ask.waitFor();
  await fitsPhone(phone, 'the case page with the 回访 question');
  await axeBoth(ctx, phone, 'ratings: 回访 on the portal (375 px)');
  await ctx.screenshot(phone, 'portal-rating-follow-up-phone');
  await ask.getByRole('button', { name: /^满\s*意$/ }).click();
  await phone.locator('[data-testid="rating-rect-state"][data-state="closed"]').waitFor();

  // 双公开: no login, the department's figures and the closed rectification, no personal data.
  const pub = await ctx.newPage();
  await pub.goto('/ratings/public');
  const table = pub.getByTestId('public-rectifications');
  const row = table.locator('tr[data-state="closed"]', { hasText: '第二类医疗器械经营备案' }).filter({ has: pub.getByTestId('public-satisfied') }).first();
  await row.waitFor();
  await row.getByText('限期整改').waitFor();
  await row.getByText('回访满意').waitFor();
  const text = await pub.locator('main').innerText();
  for (const personal of [NAME, COMMENT, c.number, '咸安区综合窗口', '李四']) assert(!text.includes(personal), `the public page shows ${personal}`);
  await axeBoth(ctx, pub, 'ratings: public page');
  await ctx.screenshot(pub, 'public-ratings');
  const mobile = await ctx.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await mobile.goto('/ratings/public');
  await mobile.getByTestId('public-figures').waitFor();
  await fitsPhone(mobile, 'the public ratings page');
});

test('ratings: the QR code on a 受理通知书 rates 受理 on a phone without an account; the supervisor sees figures, cards and appeals', async (ctx) => {
  const c = await walkInCase(ctx);
  const clerk = await ctx.newPage();
  assert((await clerk.request.post('/api/v1/auth/login', { data: { account: 'clerk', password: DEMO_PASSWORD } })).ok(), 'clerk login');
  // The QR code on the 受理通知书 rates 受理 from the phone, without an account.
  const html = await (await clerk.request.get(`/api/v1/cases/${c.id}/documents/${c.noticeId}`)).text();
  const token = /\/rate\/([A-Za-z0-9_-]+)/.exec(html)?.[1];
  assert(token && html.includes('<svg'), 'the 受理通知书 carries a rating QR code');
  const anon = await ctx.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await anon.goto(`/rate/${token}`);
  await anon.getByText(c.number).waitFor();
  await anon.locator('.tb-rating-levels label', { hasText: '非常满意' }).click();
  await anon.locator('.tb-rating-levels .ant-radio-button-wrapper-checked', { hasText: '非常满意' }).waitFor();
  await fitsPhone(anon, 'the QR rating page');
  await axeBoth(ctx, anon, 'ratings: QR rating page (375 px)');
  await ctx.screenshot(anon, 'portal-rating-qr-phone');
  await button(anon, '提交评价').click();
  await anon.getByTestId('rating-done').waitFor();

  // The supervisor's figures, cards and appeal queue.
  const sup = await ctx.newPage();
  await ctx.login(sup, 'supervisor');
  await sup.goto('/supervise/ratings');
  const figures = sup.getByTestId('rating-figures');
  await figures.waitFor();
  const total = figures.locator('[data-group="__total"]');
  const bad = Number(await total.locator('[data-figure="bad"]').textContent());
  assert(bad >= 1, `the total counts the 差评, got ${bad}`);
  await axeBoth(ctx, sup, 'ratings: supervisor figures');
  await ctx.screenshot(sup, 'supervise-ratings');
  await sup.getByRole('tab', { name: '差评整改红黄牌' }).click();
  await sup.getByRole('tab', { name: '差评整改红黄牌', selected: true }).waitFor();
  await sup.getByRole('tab', { name: '申诉复核' }).click();
  await sup.getByRole('tab', { name: '申诉复核', selected: true }).waitFor();
  await axeBoth(ctx, sup, 'ratings: appeal queue');
});

test('ratings: the applicant rates a 一件事 as a whole on its portal page after the hall accepted it', async (ctx) => {
  const filed = await appliedBundle(ctx, { needSeal: true, needInvoice: false }, 'bundle-rating');
  const clerk = await apiSession(ctx, 'clerk');
  await clerk.post(`/api/v1/bundle-cases/${filed.id}/accept`);
  const page = await ctx.newPage();
  await ctx.login(page, 'enterprise');
  await page.goto(`/my/bundles/${filed.id}`);
  const panel = page.locator('.tb-rating-panel');
  await panel.getByTestId('rate-accept').click();
  await panel.locator('.tb-rating-levels label', { hasText: '非常满意' }).click();
  await panel.locator('.tb-rating-levels .ant-radio-button-wrapper-checked', { hasText: '非常满意' }).waitFor();
  await axeBoth(ctx, page, 'ratings: rating a 一件事');
  await button(panel, '提交评价').click();
  await panel.locator('[data-testid="rating-given"]').waitFor();
  assert((await panel.getByTestId('rate-accept').count()) === 0, '受理 of the bundle can be rated once online');
  const stored = await clerk.get(`/api/v1/bundle-cases/${filed.id}/ratings`);
  assert(stored.items.length === 1 && stored.items[0].bundleId === filed.id && stored.items[0].level === 5 && stored.items[0].stage === 'accept', `the bundle's rating: ${JSON.stringify(stored.items)}`);
  await ctx.screenshot(page, 'portal-bundle-rating');
});
