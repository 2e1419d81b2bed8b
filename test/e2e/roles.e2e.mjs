import { assert, DEMO, test } from './harness.mjs';

for (const [who, demo] of Object.entries(DEMO)) {
  test(`${who} logs in and lands on ${demo.home}`, async (ctx) => {
    const page = await ctx.newPage();
    await ctx.login(page, who);
    assert(new URL(page.url()).pathname === demo.home, `expected ${demo.home}, at ${page.url()}`);
    const user = await page.getByTestId('current-user').textContent();
    assert(user?.startsWith('当前用户:'), `header shows the user, got ${user}`);
    if (demo.home !== '/' && who !== 'admin') {
      await page.getByTestId('scope-region').waitFor();
      const region = await page.getByTestId('scope-region').textContent();
      assert(region?.includes('湖北省'), `workspace shows the region path, got ${region}`);
    }
    await ctx.screenshot(page, `surface-${who}`);
    assert(page.problems.length === 0, page.problems.join('\n'));
  });
}

test('a staff surface asks an anonymous visitor to log in, and refuses a user without the role', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/approve');
  await page.getByRole('heading', { name: '请先登录' }).waitFor();
  await page.getByRole('button', { name: '去登录' }).click();
  await page.waitForURL(/\/login\?next=%2Fapprove/);
  await page.locator('#login_account').fill(DEMO.clerk.account);
  await page.locator('#login_password').fill('Tongban@2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.pathname === '/approve');
  await page.getByRole('heading', { name: '无权访问' }).waitFor();
  const body = await page.locator('main').textContent();
  assert(body.includes('窗口人员') && body.includes('审批人员'), `the refusal names the roles: ${body}`);
});

test('a wrong password shows the API message in the current language', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/login');
  await page.locator('#login_account').fill('admin');
  await page.locator('#login_password').fill('not-the-password');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('alert').filter({ hasText: '账号或密码错误' }).waitFor();
  await page.getByTestId('lang-switch').click();
  await page.getByRole('alert').filter({ hasText: 'Wrong account or password' }).waitFor();
  assert((await page.locator('html').getAttribute('lang')) === 'en', 'html lang follows the switch');
});
