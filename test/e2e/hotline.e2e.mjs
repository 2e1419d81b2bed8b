// 12345 in the browser: the operator logs a call at the desk; a citizen files a 投诉 online; the desk dispatches it
// by the subject's rule (直派); the department answers in its inbox; the desk closes it; the citizen gives the 回访
// rating on /my/hotline; the supervisor's figures count it. Each page is scanned by axe in both languages.
import { apiSession } from './case-helpers.mjs';
import { assert, axeBoth, DEMO_PASSWORD, restoreMotion, settledDialog, test } from './harness.mjs';

/** Logs in through the form as an account the harness does not list (the 12345 staff). */
async function loginAs(page, account) {
  await page.goto('/login');
  await page.locator('#login_account').fill(account);
  await page.locator('#login_password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

async function fillIntake(page, v) {
  if (v.channel) await page.locator('#intake_channel label', { hasText: v.channel }).click();
  await page.locator('#intake_category label', { hasText: v.category }).click();
  await page.locator('#intake_subjectCode').click();
  await page.locator('#intake_subjectCode').fill(v.subject);
  await page.locator('.ant-select-item-option', { hasText: v.subject }).first().click();
  if (v.name) await page.locator('#intake_callerName').fill(v.name);
  await page.locator('#intake_callerPhone').fill(v.phone);
  if (v.region) await page.locator('#intake_regionCode').fill(v.region);
  await page.locator('#intake_location').fill(v.location);
  await page.locator('#intake_title').fill(v.title);
  await page.locator('#intake_description').fill(v.description);
  await page.locator('form#intake').getByRole('button', { name: /提\s*交/ }).click();
  const result = page.getByTestId('intake-result');
  await result.waitFor();
  const text = await result.innerText();
  const m = text.match(/工单号\s*(\d+)/);
  assert(m, `intake failed: ${text}`);
  return m[1];
}

const row = (page, number) => page.locator(`tr[data-order="${number}"]`);

async function step(page, number, testId, fields = {}) {
  await row(page, number).getByTestId(testId).click();
  if (Object.keys(fields).length) {
    const dialog = await settledDialog(page);
    for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
  }
}

test('hotline: a call logged at the desk; a complaint filed online, dispatched, answered, closed, rated on /my/hotline, counted in the figures', async (ctx) => {
  const year = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4);
  const sup = await apiSession(ctx, 'supervisor');
  const before = await sup.get(`/api/v1/hotline/figures?from=${year}-01&to=${year}-12`);

  // The desk logs a phone call (咨询) through the intake form.
  const desk = await ctx.newPage();
  await loginAs(desk, 'operator');
  await desk.goto('/hotline/desk');
  await desk.getByRole('heading', { name: '12345 话务台' }).waitFor();
  await axeBoth(ctx, desk, 'hotline: desk');
  const call = await fillIntake(desk, { channel: '电话', category: '咨询', subject: 'CS01', name: '赵六', phone: '13911112222', location: '咸安区永安大道', title: '垃圾清运时间咨询', description: '想了解小区垃圾每天几点清运。' });
  await row(desk, call).waitFor();
  assert((await row(desk, call).innerText()).includes('139****2222'), 'the caller is masked in the desk list');

  // A citizen files a 投诉 online.
  const citizen = await ctx.newPage();
  await ctx.login(citizen, 'person');
  await citizen.goto('/my/hotline');
  await citizen.getByRole('heading', { name: '我的 12345 诉求' }).waitFor();
  await axeBoth(ctx, citizen, 'hotline: my requests');
  const number = await fillIntake(citizen, { category: '投诉', subject: 'CS01', phone: '13900000001', region: '421202', location: '咸安区温泉路 12 号', title: '小区门口垃圾三天未清运', description: '温泉路 12 号小区门口的垃圾堆放三天无人清运。' });
  await row(citizen, number).locator('[data-testid="order-state"]', { hasText: '待处理' }).waitFor();

  // The desk dispatches it by the subject's rule; it leaves the desk's list.
  await desk.reload();
  await row(desk, number).waitFor();
  await row(desk, number).getByText('正常').waitFor();
  await step(desk, number, 'dispatch');
  await row(desk, number).waitFor({ state: 'detached' });

  // The department (城管) answers in its inbox.
  const dept = await ctx.newPage();
  await loginAs(dept, 'cgclerk');
  await dept.goto('/hotline/inbox');
  await dept.getByRole('heading', { name: '12345 部门工单' }).waitFor();
  await row(dept, number).waitFor();
  await axeBoth(ctx, dept, 'hotline: department inbox');
  await step(dept, number, 'reply', { 答复内容: '已安排环卫车辆当天清运,并加密清运频次。' });
  await row(dept, number).waitFor({ state: 'detached' });

  // The desk closes it.
  await desk.reload();
  await row(desk, number).locator('[data-testid="order-state"]', { hasText: '部门已答复' }).waitFor();
  await step(desk, number, 'close');
  await row(desk, number).waitFor({ state: 'detached' });

  // The citizen gives the 回访 rating.
  await citizen.reload();
  await row(citizen, number).locator('[data-testid="order-state"]', { hasText: '已办结' }).waitFor();
  await row(citizen, number).getByTestId('follow-up-satisfied').click();
  await row(citizen, number).getByTestId('follow-up-result').filter({ hasText: '满意' }).waitFor();

  // The supervisor's figures count both orders, the closure and the 满意.
  const after = await sup.get(`/api/v1/hotline/figures?from=${year}-01&to=${year}-12`);
  assert(after.totals.received === before.totals.received + 2, `received ${before.totals.received} → ${after.totals.received}`);
  assert(after.totals.closed === before.totals.closed + 1 && after.totals.satisfied === before.totals.satisfied + 1, JSON.stringify(after.totals));
  const board = await ctx.newPage();
  await ctx.login(board, 'supervisor');
  await board.goto('/supervise/hotline');
  await board.getByRole('heading', { name: '12345 热线统计' }).waitFor();
  await board.getByTestId('hotline-received').getByText(String(after.totals.received), { exact: true }).waitFor();
  await board.getByTestId('hotline-closed').getByText(String(after.totals.closed), { exact: true }).waitFor();
  await axeBoth(ctx, board, 'hotline: supervisor figures');
  await restoreMotion(board);
});
