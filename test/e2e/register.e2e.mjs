import { assert, idNumberWithCheck, test } from './harness.mjs';

test('registering a person with a bad ID number shows the field error in Chinese, then in English', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/register');
  assert((await page.locator('html').getAttribute('lang')) === 'zh-CN', 'Chinese by default');
  await page.getByLabel('姓名').fill('王五');
  await page.getByLabel('身份证号码').fill('421202199001011231');
  await page.getByLabel('手机号码').fill('13900000009');
  await page.getByLabel('密码', { exact: true }).fill('Blue-Harbour-Kettle-71');
  await page.getByRole('button', { name: /注\s*册/ }).click();
  const help = page.locator('#register-person_idNumber_help');
  await help.filter({ hasText: '身份证号码无效' }).waitFor();
  assert((await page.getByLabel('身份证号码').getAttribute('aria-invalid')) === 'true', 'the field is marked invalid');
  await ctx.screenshot(page, 'register-field-error-zh');

  await page.getByTestId('lang-switch').click();
  // hasNotText: the Chinese line must be gone, not merely fading out beside the English one.
  await help.filter({ hasText: 'Invalid resident ID number', hasNotText: '身份证号码无效' }).waitFor();
  assert((await page.locator('html').getAttribute('lang')) === 'en', 'html lang is en after the switch');
  await page.getByRole('heading', { name: 'Register' }).waitFor();
  await ctx.screenshot(page, 'register-field-error-en');

  // The choice survives a reload.
  await page.reload();
  await page.getByRole('heading', { name: 'Register' }).waitFor();
});

test('a person registers with a valid ID number and logs in', async (ctx) => {
  const page = await ctx.newPage();
  const idNumber = idNumberWithCheck(`42120219${String(70 + Math.floor(Math.random() * 29))}0315${String(100 + Math.floor(Math.random() * 899))}`);
  await page.goto('/register');
  await page.getByLabel('姓名').fill('赵六');
  await page.getByLabel('身份证号码').fill(idNumber);
  await page.getByLabel('手机号码').fill('13900000010');
  await page.getByLabel('密码', { exact: true }).fill('Blue-Harbour-Kettle-71');
  await page.getByRole('button', { name: /注\s*册/ }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  assert((await page.locator('#login_account').inputValue()) === idNumber, 'the login form is prefilled with the new account');
  await page.locator('#login_password').fill('Blue-Harbour-Kettle-71');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('heading', { name: '您好,赵六' }).waitFor();
});

test('an enterprise with a bad credit code sees the error next to that field', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/register');
  await page.getByRole('tab', { name: '法人注册' }).click();
  await page.getByLabel('单位名称').fill('测试有限公司');
  await page.getByLabel('统一社会信用代码').fill('91421202MA49AB1C2X');
  await page.getByLabel('法定代表人').fill('钱七');
  await page.locator('#register-enterprise_mobile').fill('13900000011');
  await page.locator('#register-enterprise_password').fill('Blue-Harbour-Kettle-71');
  await page.getByRole('button', { name: /注\s*册/ }).click();
  await page.locator('#register-enterprise_creditCode_help').filter({ hasText: '统一社会信用代码无效' }).waitFor();
});
