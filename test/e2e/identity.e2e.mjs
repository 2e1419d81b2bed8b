import { assert, test } from './harness.mjs';

// 赵六 is in the reference identity registry (data/org/identity-registry.json) with the proof CTID-ZHAOLIU-2026.
test('a newly registered person does 实名认证 in the portal: a wrong code is refused, the right one verifies the account', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/register');
  await page.getByLabel('姓名').fill('赵六');
  await page.getByLabel('身份证号码').fill('421202198808080031');
  await page.getByLabel('手机号码').fill('13900000031');
  await page.getByLabel('密码', { exact: true }).fill('Blue-Harbour-Kettle-71');
  await page.getByRole('button', { name: /注\s*册/ }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.locator('#login_password').fill('Blue-Harbour-Kettle-71');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('heading', { name: '您好,赵六' }).waitFor();

  await page.goto('/my/identity');
  await page.getByRole('heading', { name: '实名认证' }).waitFor();
  const me = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.json()));
  assert(me.identityVerified === false, 'a new account starts unverified');

  await page.getByLabel('网证认证码').fill('CTID-WRONG');
  await page.getByRole('button', { name: /提交认证/ }).click();
  await page.getByText('实名认证未通过').first().waitFor();
  assert((await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.json()))).identityVerified === false, 'a wrong code verifies nothing');
  await ctx.screenshot(page, 'identity-refused');

  await page.getByLabel('网证认证码').fill('CTID-ZHAOLIU-2026');
  await page.getByRole('button', { name: /提交认证/ }).click();
  await page.getByTestId('identity-verified').waitFor();
  assert((await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.json()))).identityVerified === true, 'the account is verified on the server');

  // The state comes from the server, not the page that did the step.
  await page.reload();
  await page.getByTestId('identity-verified').waitFor();
  await ctx.screenshot(page, 'identity-verified');
});
