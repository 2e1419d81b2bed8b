import { assert, test } from './harness.mjs';

test('when the server is down a page says so and offers a retry, and the retry recovers', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.login(page, 'admin');
  let down = true;
  await page.route('**/api/**', (route) => (down ? route.abort('connectionrefused') : route.fallback()));
  await page.goto('/admin/users');
  const alert = page.getByRole('alert').filter({ hasText: '无法连接服务器' });
  await alert.waitFor();
  await ctx.screenshot(page, 'server-down');
  down = false;
  await alert.getByRole('button', { name: /重\s*试/ }).click();
  await page.getByRole('heading', { name: '系统管理' }).waitFor();
});

test('when the server does not answer the page gives up with a timeout message instead of spinning', async (ctx) => {
  const page = await ctx.newPage();
  await page.clock.install();
  await page.route('**/api/**', () => {
    // Never answered: the client's own timeout has to end the wait.
  });
  await page.goto('/supervise');
  await page.locator('.tb-state[role="status"]').waitFor();
  await page.clock.runFor(16_000);
  await page.getByRole('alert').filter({ hasText: '服务器响应超时' }).waitFor();
  await page.getByTestId('lang-switch').click();
  await page.getByRole('alert').filter({ hasText: 'The server took too long to answer' }).waitFor();
});

test('a server that answers with an HTML error page is reported as an outage, not shown raw', async (ctx) => {
  const page = await ctx.newPage();
  await page.route('**/api/v1/auth/me', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' }));
  await page.goto('/admin');
  await page.getByRole('alert').filter({ hasText: '无法连接服务器' }).waitFor();
  const text = await page.locator('main').textContent();
  assert(!text.includes('Bad Gateway'), 'the raw proxy page is not shown');
});
