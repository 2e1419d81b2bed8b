import { assert, test } from './harness.mjs';

const PHONE_ADDED = '0715-8123456';

test('search suggests items while typing and a suggestion opens its 办事指南', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/');
  const box = page.getByRole('combobox', { name: '搜索办事事项' });
  await box.fill('结婚');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '内地居民结婚登记' }).first().click();
  await page.waitForURL(/\/guide\//);
  await page.getByRole('heading', { level: 1, name: '内地居民结婚登记' }).waitFor();
  for (const section of ['基本信息', '办理条件', '申请材料', '办理流程', '办理地点、时间与咨询电话']) {
    await page.getByRole('heading', { name: section }).waitFor();
  }
  const materials = await page.getByTestId('guide-materials').locator('.ant-table-row').count();
  assert(materials === 2, `the guide lists the two materials of the 2025 条例 (身份证, 签字声明), got ${materials}`);
  assert((await page.getByTestId('guide-promised-limit').textContent()).includes('即办'), 'the promised limit reads 即办');
  await ctx.screenshot(page, 'portal-guide');
  await page.getByRole('button', { name: '在线办理' }).click();
  await page.waitForURL(/\/apply\/item\//);
  await page.getByRole('heading', { name: '在线申请:内地居民结婚登记' }).waitFor();
  await page.getByRole('heading', { name: '请先登录后再申请' }).waitFor();
  await ctx.screenshot(page, 'portal-apply-login');
});

test('a visitor browses by department and by theme', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/search?audience=enterprise');
  await page.locator('.tb-results[aria-busy="false"] li').first().waitFor();
  const all = await page.locator('.tb-results li').count();
  const select = page.getByLabel('实施部门', { exact: true });
  await select.click();
  await select.fill('咸安区市场监督管理局');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '咸安区市场监督管理局' }).first().click();
  await page.waitForURL(/department=421202-scjg/);
  const answered = page.locator('.tb-results[aria-busy="false"][data-filter="audience=enterprise&department=421202-scjg"]');
  await answered.locator('li').first().waitFor();
  const narrowed = await answered.locator('li').count();
  assert(narrowed > 0 && narrowed < all, `the department narrows ${all} results, got ${narrowed}`);
  await page.locator('.tb-results li a').filter({ hasText: '企业开办' }).first().click();
  await page.waitForURL(/theme=/);
  await page.getByRole('heading', { name: '主题:企业开办' }).waitFor();
  await page.locator('.tb-results li').first().waitFor();
  await ctx.screenshot(page, 'portal-browse');
});

test('an admin edits an item, publishes it with a diff, and an anonymous applicant sees the change in the 办事指南', async (ctx) => {
  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.getByRole('tab', { name: '事项管理' }).click();
  await admin.waitForURL(/\/admin\/catalog$/);
  await admin.getByLabel('筛选', { exact: true }).fill('结婚');
  await admin.getByRole('link', { name: '内地居民结婚登记' }).click();
  await admin.getByTestId('editor-title').filter({ hasText: '内地居民结婚登记' }).waitFor();
  await ctx.screenshot(admin, 'admin-catalog-editor');

  const consult = admin.locator('#item-phones-consult');
  await consult.fill(`12345\n${PHONE_ADDED}`);
  await consult.blur();
  await admin.getByRole('tab', { name: '电子表单' }).click();
  await admin.getByRole('button', { name: '添加字段' }).click();
  const last = admin.getByTestId('form-builder').locator('.ant-card').last();
  await last.getByLabel('中文名称').fill('婚前医学检查');
  await last.getByLabel('英文名称').fill('Premarital check');
  const type = last.getByLabel('字段类型');
  await type.click();
  await admin.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '下拉选择' }).click();
  await last.getByLabel('选项').fill('yes|已检查|Done\nno|未检查|Not done');
  await last.getByLabel('选项').blur();
  await admin.getByTestId('form-preview').getByText('婚前医学检查').waitFor();
  await ctx.screenshot(admin, 'admin-catalog-form-builder');

  await admin.getByRole('button', { name: '发布…' }).click();
  const dialog = admin.getByRole('dialog', { name: '发布“内地居民结婚登记”' });
  await dialog.waitFor();
  const diff = await dialog.getByTestId('publish-diff').textContent();
  assert(diff.includes(PHONE_ADDED) && diff.includes('phones.consult'), `the diff shows the new phone: ${diff.slice(0, 300)}`);
  assert(diff.includes('婚前医学检查'), 'the diff shows the new form field');
  await ctx.screenshot(admin, 'admin-catalog-publish-diff');
  await dialog.getByRole('button', { name: '确认发布' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await admin.getByText('已发布 v2').first().waitFor();

  const visitor = await ctx.newPage();
  await visitor.goto('/search?q=%E7%BB%93%E5%A9%9A');
  await visitor.getByRole('link', { name: '内地居民结婚登记' }).first().click();
  await visitor.getByRole('heading', { level: 1, name: '内地居民结婚登记' }).waitFor();
  await visitor.getByText(PHONE_ADDED).waitFor();
  await visitor.getByText('第 2 版').waitFor();
  await ctx.screenshot(visitor, 'portal-guide-after-publish');
  assert(admin.problems.length === 0 && visitor.problems.length === 0, [...admin.problems, ...visitor.problems].join('\n'));
});

test('an invalid draft is refused with the problem shown on its field', async (ctx) => {
  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.goto('/admin/catalog');
  await admin.getByLabel('筛选', { exact: true }).fill('住房公积金');
  await admin.getByRole('link', { name: /住房公积金/ }).first().click();
  await admin.getByTestId('editor-title').waitFor();
  const promised = admin.locator('#item-promisedLimit');
  await promised.fill('400');
  await promised.blur();
  await admin.getByRole('button', { name: '保存草稿' }).click();
  await admin.getByTestId('item-problems').waitFor();
  assert((await admin.locator('#item-promisedLimit').getAttribute('aria-invalid')) === 'true', 'the promised limit is marked invalid');
  await ctx.screenshot(admin, 'admin-catalog-invalid');
});

test('an admin imports a catalog file with errors and sees them row by row', async (ctx) => {
  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.goto('/admin/catalog');
  await admin.getByRole('heading', { name: '导入与导出' }).waitFor();
  const bad = JSON.stringify({ items: [{ code: '421202-E2E-BAD', name: '缺要素的事项' }] });
  await admin.locator('input[type=file]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  const errors = admin.getByTestId('import-errors');
  await errors.waitFor();
  const rows = await errors.locator('.ant-table-tbody tr').count();
  assert(rows > 0, 'the refused import lists its problems');
  await ctx.screenshot(admin, 'admin-catalog-import-errors');
});
