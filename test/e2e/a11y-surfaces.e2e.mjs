import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, root, test } from './harness.mjs';

/** Opens a page, waits for what shows it is ready, and returns its serious and critical axe violations. */
async function scan(ctx, page, path, ready, label) {
  if (path) await page.goto(path);
  await ready(page);
  return ctx.axe(page, label ?? path);
}

async function langSwitch(page, to) {
  await page.getByTestId('lang-switch').click();
  await page.locator(`html[lang="${to}"]`).waitFor();
}

test('axe finds no serious or critical violation on the catalog, calendar and ledger pages, in Chinese and English', async (ctx) => {
  const found = [];
  const anon = await ctx.newPage();
  await anon.goto('/');
  const items = await anon.evaluate(() => fetch('/api/v1/catalog/items?q=%E7%BB%93%E5%A9%9A').then((r) => r.json()));
  const id = items.items[0].id;
  const guideReady = (p) => p.getByTestId('guide-materials').locator('.ant-table-row').first().waitFor();
  const resultsReady = (p) => p.locator('.tb-results[aria-busy="false"] li').first().waitFor();
  const applyReady = (p) => p.locator('.ant-result').waitFor();
  found.push(...(await scan(ctx, anon, `/guide/${id}`, guideReady)));
  found.push(...(await scan(ctx, anon, '/search?department=421202-scjg', resultsReady)));
  found.push(...(await scan(ctx, anon, `/apply/item/${id}`, applyReady)));
  await anon.goto('/');
  await anon.getByRole('combobox', { name: '搜索办事事项' }).fill('企业');
  await anon.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  found.push(...(await ctx.axe(anon, '/ (suggestions open)')));
  await langSwitch(anon, 'en');
  found.push(...(await scan(ctx, anon, `/guide/${id}`, guideReady, 'guide (English)')));
  found.push(...(await scan(ctx, anon, '/search?audience=person', resultsReady, 'search (English)')));
  found.push(...(await scan(ctx, anon, `/apply/item/${id}`, applyReady, 'apply (English)')));

  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  const rowsReady = (p) => p.locator('.ant-table-tbody .ant-table-row').first().waitFor();
  found.push(...(await scan(ctx, admin, '/admin/catalog', rowsReady)));
  const editorReady = (p) => p.getByTestId('editor-title').waitFor();
  found.push(...(await scan(ctx, admin, `/admin/catalog/${id}`, editorReady)));
  for (const [tab, shown] of [['申请材料', 'materials-editor'], ['办理流程', 'steps-editor'], ['电子表单', 'form-preview']]) {
    await admin.getByRole('tab', { name: tab }).click();
    await admin.getByTestId(shown).waitFor();
    found.push(...(await ctx.axe(admin, `/admin/catalog/:id (${tab})`)));
  }
  await admin.locator('#item-phones-consult').waitFor({ state: 'attached' });
  await admin.getByRole('tab', { name: '基本要素' }).click();
  await admin.locator('#item-name').fill('内地居民结婚登记(测试)');
  await admin.getByRole('button', { name: '发布…' }).click();
  await admin.getByTestId('publish-diff').waitFor();
  found.push(...(await ctx.axe(admin, '/admin/catalog/:id (publish diff)')));
  await admin.getByRole('button', { name: /取\s*消/ }).click();
  const calendarReady = (p) => p.getByTestId('month-12').waitFor();
  found.push(...(await scan(ctx, admin, '/admin/calendar', calendarReady)));
  await admin.locator('#notice_text').fill('国务院办公厅关于2029年部分节假日安排的通知\n一、元旦：1月1日（周一）放假1天。');
  await admin.locator('#notice_year').fill('2029');
  await admin.getByRole('button', { name: /预\s*览/ }).click();
  await admin.getByTestId('notice-preview').waitFor();
  found.push(...(await ctx.axe(admin, '/admin/calendar (notice preview)')));
  const uploadReady = (p) => p.getByRole('heading', { name: '导入政策文件' }).waitFor();
  found.push(...(await scan(ctx, admin, '/admin/ledger/import', uploadReady)));
  const text = readFileSync(join(process.env.TONGBAN_SEEDS ?? join(root, '../shared/seeds'), '002_d328efa452e4694d.txt'), 'utf8');
  const draft = await admin.evaluate(async (body) => {
    const me = await fetch('/api/v1/auth/me').then((r) => r.json());
    const res = await fetch('/api/v1/ledger/imports', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken }, body: JSON.stringify(body) });
    return res.json();
  }, { filename: '002.txt', text });
  const reviewReady = (p) => p.getByTestId('ledger-task').first().waitFor();
  found.push(...(await scan(ctx, admin, `/admin/ledger/import/${draft.id}`, reviewReady)));
  const tableReady = (p) => p.getByRole('heading', { name: /改革任务台账|Reform task ledger/ }).waitFor().then(() => p.locator('.ant-card .tb-toolbar').first().waitFor());
  for (const tab of ['tasks', 'dispatch', 'orders', 'evaluation']) {
    found.push(...(await scan(ctx, admin, `/supervise/ledger/${tab}`, tableReady)));
  }
  await langSwitch(admin, 'en');
  found.push(...(await scan(ctx, admin, `/admin/catalog/${id}`, editorReady, 'editor (English)')));
  found.push(...(await scan(ctx, admin, '/admin/calendar', calendarReady, 'calendar (English)')));
  found.push(...(await scan(ctx, admin, `/admin/ledger/import/${draft.id}`, reviewReady, 'ledger review (English)')));
  found.push(...(await scan(ctx, admin, '/supervise/ledger/tasks', tableReady, 'ledger (English)')));

  const supervisor = await ctx.newPage();
  await ctx.login(supervisor, 'supervisor');
  found.push(...(await scan(ctx, supervisor, '/supervise', (p) => p.locator('[data-testid="calendar-warning"], [data-testid="calendar-ok"]').first().waitFor())));
  assert(found.length === 0, `accessibility violations:\n${found.join('\n')}`);
});

test('the 办事指南 and the year view fit a 375-px phone screen', async (ctx) => {
  const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
  const page = await ctx.newPage(PHONE);
  await page.goto('/');
  const items = await page.evaluate(() => fetch('/api/v1/catalog/items?q=%E4%BC%81%E4%B8%9A%E8%AE%BE%E7%AB%8B').then((r) => r.json()));
  await page.goto(`/guide/${items.items[0].id}`);
  await page.getByTestId('guide-materials').waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 375, `the guide is ${width}px wide on a 375px screen`);
  await ctx.screenshot(page, 'portal-guide-375');
});
