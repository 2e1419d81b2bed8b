import { assert, test } from './harness.mjs';

test('a visitor searches the catalog from the portal home and narrows it to enterprises', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/');
  await page.getByRole('combobox', { name: '搜索办事事项' }).fill('企业开办');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  await page.getByRole('heading', { name: '“企业开办”的搜索结果' }).waitFor();
  await page.getByRole('heading', { name: '企业设立登记' }).first().waitFor();
  await ctx.screenshot(page, 'portal-search');
  await page.getByText('法人办事', { exact: true }).click();
  await page.waitForURL(/audience=enterprise/);
  await page.getByRole('heading', { name: '企业设立登记' }).first().waitFor();
  await page.getByTestId('lang-switch').click();
  await page.getByRole('heading', { name: 'Results for “企业开办”' }).waitFor();
});

test('a search that finds nothing says so', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/search?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E4%BA%8B%E9%A1%B9xyz');
  await page.getByText('没有找到相关事项').waitFor();
  const items = await page.locator('.tb-results li').count();
  assert(items === 0, `no result cards, got ${items}`);
});
