// 一件事 bundles on the portal: the home page lists them, the search finds them beside the single items, the
// bundle guide shows stages, questionnaire and result package, and applying starts at /apply/bundle/:code.
import { assert, axeBoth, test } from './harness.mjs';

const PHARMACY = '421202-YJS-KYD';

test('a visitor finds 我要开药店 in the home search, reads its guide and is asked to log in to apply', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/');
  await page.getByTestId('home-bundles').getByRole('link', { name: '我要开药店' }).waitFor();
  const listed = await page.getByTestId('home-bundles').locator('li').count();
  assert(listed >= 5, `the home page lists the published bundles, got ${listed}`);

  await page.getByRole('combobox', { name: '搜索办事事项' }).fill('开药店');
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await dropdown.locator('.tb-suggest-group').filter({ hasText: '一件事一次办' }).waitFor();
  const suggestion = dropdown.getByTestId('suggest-bundle').filter({ hasText: '我要开药店' });
  await suggestion.waitFor();
  const text = await suggestion.textContent();
  assert(text.includes('一件事') && text.includes('含 4 个事项') && text.includes('时限'), `the suggestion is marked 一件事 with its limit and items: ${text}`);
  await ctx.screenshot(page, 'portal-bundle-suggest');
  await suggestion.click();
  await page.waitForURL(new RegExp(`/bundle/${PHARMACY}$`));
  await page.getByRole('heading', { level: 1, name: '我要开药店' }).waitFor();
  for (const section of ['基本信息', '办理阶段与事项', '情景问答', '办理结果(统一出件)']) await page.getByRole('heading', { name: section }).waitFor();
  const stages = page.getByTestId('bundle-stages');
  await stages.getByRole('heading', { name: '第 2 阶段:许可备案同步办理' }).waitFor();
  assert((await stages.textContent()).includes('药品经营许可（零售）'), 'the stages list their items');
  await axeBoth(ctx, page, `/bundle/${PHARMACY}`);

  // Answering shows the result package those answers lead to: no licence yet, food too, no medical devices.
  await page.getByRole('radiogroup', { name: '是否已领取营业执照?' }).getByLabel('否').check();
  await page.getByRole('radiogroup', { name: '是否销售食品(含保健食品)?' }).getByLabel('是').check();
  await page.getByRole('radiogroup', { name: '是否经营第二类医疗器械?' }).getByLabel('否').check();
  await page.getByRole('button', { name: '查看需办事项与办理结果' }).click();
  const pkg = page.getByTestId('bundle-package');
  await pkg.waitFor();
  const results = await pkg.locator('.ant-table-row').allTextContents();
  assert(results.length === 3, `营业执照, 药品经营许可证 and 食品经营许可证 are handed out together, got ${results.join(' | ')}`);
  assert(results.some((r) => r.includes('食品经营许可证')) && !results.some((r) => r.includes('医疗器械')), `the package follows the answers: ${results.join(' | ')}`);
  await ctx.screenshot(page, 'portal-bundle-guide');
  await axeBoth(ctx, page, `/bundle/${PHARMACY} (result package)`);

  await page.getByRole('button', { name: '在线办理' }).click();
  await page.waitForURL(new RegExp(`/apply/bundle/${PHARMACY}$`));
  await page.getByRole('heading', { name: '在线申请:我要开药店' }).waitFor();
  await page.getByRole('heading', { name: '请先登录后再申请' }).waitFor();

  await page.goto('/');
  await page.getByRole('combobox', { name: '搜索办事事项' }).fill('开药店');
  await page.locator('.ant-select-dropdown:visible').getByTestId('suggest-bundle').first().waitFor();
  const open = await ctx.axe(page, '/ (bundle suggestions open)');
  assert(open.length === 0, open.join('\n'));
});

test('the search results show bundles as a group of their own', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto(`/search?q=${encodeURIComponent('开药店')}`);
  await page.getByRole('heading', { level: 2, name: '一件事一次办' }).waitFor();
  const card = page.getByTestId('bundle-results').locator('li').filter({ hasText: '我要开药店' });
  await card.waitFor();
  assert((await card.textContent()).includes('含 4 个事项'), 'the result names its number of items');
  await page.goto(`/search?q=${encodeURIComponent('企业开办')}`);
  await page.getByTestId('bundle-results').locator('li').first().waitFor();
  await page.getByText('个人办事', { exact: true }).click();
  await page.waitForURL(/audience=person/);
  await page.getByTestId('bundle-results').waitFor({ state: 'detached' });
});

test('one navigation item is active on a nested surface', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.login(page, 'supervisor');
  const active = async () => page.locator('nav.tb-nav a[aria-current="page"]').allTextContents();
  await page.goto('/supervise/cards');
  await page.locator('nav.tb-nav a[aria-current="page"]').first().waitFor();
  let names = await active();
  assert(names.length === 1 && names[0] === '红黄牌', `only 红黄牌 is active on /supervise/cards, got ${names.join(', ')}`);
  await page.goto('/supervise');
  await page.locator('nav.tb-nav a[aria-current="page"]').first().waitFor();
  names = await active();
  assert(names.length === 1 && names[0] === '效能监督', `only 效能监督 is active on /supervise, got ${names.join(', ')}`);
});
