// The administrator's editors from scratch: a new catalog item and a new 一件事 bundle, each published and then
// found by an anonymous visitor; the bundle's limit rules round-trip; the catalog statistics match the API; every
// admin tab fits a 375-px screen.
import { assert, motionSettled, test } from './harness.mjs';

const ITEM_NAME = '养蜂场所备案登记';
const ITEM_CODE = '421202-E2E-YFBA';
const BUNDLE_NAME = '我要开养蜂场';
const BUNDLE_CODE = '421202-YJS-E2EYF';

/** Picks an option of an antd Select by typing part of its text, as a keyboard user would. */
async function choose(page, label, text, scope = page) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

/** Picks an option of an antd Select without a search box. */
async function pick(page, label, text, scope = page) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

async function fillAndLeave(locator, text) {
  await locator.fill(text);
  await locator.blur();
}

/**
 * axe on the page as it is; the style that stops animations for the scan is taken off again, because antd's
 * dropdowns wait for their opening animation to end and would never show while the test goes on.
 */
async function axe(ctx, page, label) {
  const found = await ctx.axe(page, label);
  await page.evaluate(() => {
    for (const s of document.querySelectorAll('style')) if (s.textContent.includes('animation: none !important')) s.remove();
  });
  return found;
}

/** axe in Chinese, then the same state in English; the page is left in Chinese. */
async function axeBoth(ctx, page, label) {
  const found = [...(await axe(ctx, page, `${label} (zh)`))];
  await page.getByTestId('lang-switch').click();
  await page.locator('html[lang="en"]').waitFor();
  found.push(...(await axe(ctx, page, `${label} (en)`)));
  await page.getByTestId('lang-switch').click();
  await page.locator('html[lang="zh-CN"]').waitFor();
  return found;
}

test('admin editors: an admin creates an item from scratch, publishes it, and a visitor finds it and opens its 办事指南', async (ctx) => {
  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.goto('/admin/catalog');
  await admin.getByRole('button', { name: '新增事项' }).click();
  await admin.waitForURL(/\/admin\/catalog\/new$/);
  await admin.getByTestId('editor-title').filter({ hasText: '新增事项(草稿)' }).waitFor();
  const found = await axeBoth(ctx, admin, '/admin/catalog/new');

  // Saving the blank form: the schema's refusal lands on each field it names.
  await admin.getByRole('button', { name: '保存草稿' }).click();
  await admin.getByTestId('item-problems').waitFor();
  for (const id of ['#item-code', '#item-name', '#item-legalBasis', '#item-result-name']) {
    assert((await admin.locator(id).getAttribute('aria-invalid')) === 'true', `${id} is marked invalid`);
  }
  assert((await admin.locator('#item-name-help').textContent()).includes('不能为空'), 'the name says it must not be empty');
  await ctx.screenshot(admin, 'admin-catalog-new-invalid');
  found.push(...(await axeBoth(ctx, admin, '/admin/catalog/new refused')));

  await admin.locator('#item-code').fill(ITEM_CODE);
  await admin.locator('#item-standardCode').fill('E2E-YFBA');
  await admin.locator('#item-name').fill(ITEM_NAME);
  await choose(admin, '行政区划', '咸安区');
  await choose(admin, '实施主体', '咸安区市场监督管理局');
  await admin.locator('#item-legalLimit').fill('20');
  await admin.locator('#item-promisedLimit').fill('5');
  await fillAndLeave(admin.locator('#item-conditions'), '在本区从事养蜂生产\n蜂场选址符合要求');
  await admin.locator('#item-legalBasis').fill('《中华人民共和国畜牧法》第二十四条');
  await admin.locator('#item-result-name').fill('养蜂场所备案回执');
  await admin.getByRole('tab', { name: '申请材料' }).click();
  await admin.getByRole('button', { name: '添加材料' }).click();
  await admin.locator('#item-materials-0-name').fill('蜂场备案申请表');
  await admin.getByRole('tab', { name: '办理流程' }).click();
  await admin.getByRole('button', { name: '添加环节' }).click();
  await admin.getByRole('tab', { name: '电子表单' }).click();
  await admin.getByRole('button', { name: '添加字段' }).click();
  await admin.getByTestId('form-builder').locator('.ant-card').last().getByLabel('中文名称').fill('蜂群数量');
  await admin.getByTestId('form-preview').getByText('蜂群数量').waitFor();
  await admin.getByRole('button', { name: '保存草稿' }).click();
  await admin.waitForURL(/\/admin\/catalog\/[0-9a-f-]{36}$/);
  await admin.getByTestId('editor-title').filter({ hasText: ITEM_NAME }).waitFor();
  await admin.getByText('草稿 v1').first().waitFor();

  await admin.getByRole('button', { name: '发布…' }).click();
  const dialog = admin.getByRole('dialog', { name: `发布“${ITEM_NAME}”` });
  await dialog.waitFor();
  await dialog.getByText('该事项尚未发布').waitFor();
  const diff = await dialog.getByTestId('publish-diff').textContent();
  assert(diff.includes(ITEM_NAME) && diff.includes(ITEM_CODE) && diff.includes('蜂场备案申请表') && !diff.includes('修改'), `against nothing every element is new: ${diff.slice(0, 300)}`);
  await ctx.screenshot(admin, 'admin-catalog-new-publish-diff');
  found.push(...(await axe(ctx, admin, '/admin/catalog/:id first publication')));
  await dialog.getByRole('button', { name: '确认发布' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await admin.getByText('已发布 v1').first().waitFor();

  const visitor = await ctx.newPage();
  await visitor.goto(`/search?q=${encodeURIComponent('养蜂')}`);
  await visitor.getByRole('link', { name: ITEM_NAME }).first().click();
  await visitor.getByRole('heading', { level: 1, name: ITEM_NAME }).waitFor();
  await visitor.getByText('蜂场备案申请表').first().waitFor();
  await visitor.getByText('蜂场选址符合要求').waitFor();
  await ctx.screenshot(visitor, 'portal-guide-new-item');
  assert(found.length === 0, found.join('\n'));
  assert(admin.problems.length === 0 && visitor.problems.length === 0, [...admin.problems, ...visitor.problems].join('\n'));
});

test('admin editors: an admin creates a bundle from scratch with a limit rule, publishes it, and the portal search finds it', async (ctx) => {
  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.goto('/admin/bundles');
  await admin.getByRole('button', { name: '新建一件事' }).click();
  await admin.waitForURL(/\/admin\/bundles\/new$/);
  await admin.getByTestId('bundle-editor-title').filter({ hasText: '新建一件事(草稿)' }).waitFor();
  const found = await axeBoth(ctx, admin, '/admin/bundles/new');

  await admin.getByRole('button', { name: '保存草稿' }).click();
  await admin.getByTestId('item-problems').waitFor();
  assert((await admin.locator('#item-code').getAttribute('aria-invalid')) === 'true', 'the unfinished code is marked invalid');
  await ctx.screenshot(admin, 'admin-bundle-new-invalid');
  found.push(...(await axeBoth(ctx, admin, '/admin/bundles/new refused')));

  await choose(admin, '行政区划', '咸安区');
  await admin.locator('#item-code').fill(BUNDLE_CODE);
  await admin.locator('#item-name').fill(BUNDLE_NAME);
  await admin.locator('#item-nameEn').fill('Opening an apiary');
  await choose(admin, '牵头部门', '咸安区市场监督管理局');
  await admin.locator('#item-limit').fill('5');
  await admin.locator('#item-limit-source-ref').fill('law:《优化营商环境条例》第三十五条');
  await admin.locator('#item-delivery-window').fill('咸安区政务服务中心综合窗口');
  await admin.locator('#item-sources-0-about').fill('联办时限');
  await admin.locator('#item-sources-0-source-ref').fill('law:《优化营商环境条例》第三十五条');

  await admin.getByRole('tab', { name: '情景问答' }).click();
  await admin.getByRole('button', { name: '添加问题' }).click();
  await admin.getByTestId('question-q1').getByLabel('问题(中文)', { exact: true }).fill('是否经营蜂产品(食品)?');
  await admin.getByTestId('question-q1').getByLabel('问题(英文)', { exact: true }).fill('Do you sell bee products (food)?');

  await admin.getByRole('tab', { name: '阶段与事项' }).click();
  const code = admin.locator('#item-stages-0-items-0-itemCode');
  await code.fill('个体工商户设立');
  await admin.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '421202-GTH-SLDJ' }).first().click();
  assert((await code.inputValue()) === '421202-GTH-SLDJ', 'picking the item by name writes its code');
  await admin.getByRole('button', { name: '添加阶段' }).click();
  const second = admin.locator('#item-stages-1-items-0-itemCode');
  await second.fill('食品经营');
  await admin.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '421202-YD-SPJY' }).first().click();
  await ctx.screenshot(admin, 'admin-bundle-new-stages');

  await admin.getByRole('tab', { name: '时限与收费' }).click();
  await admin.getByRole('button', { name: '添加时限规则' }).click();
  const rule = admin.getByTestId('limit-rule-0');
  await rule.locator('#item-limitRules-0-limit-days').fill('8');
  await rule.locator('#item-limitRules-0-limit-source-ref').fill('law:《食品经营许可和备案管理办法》第二十九条');
  await rule.locator('#item-limitRules-0-note').fill('经营食品');
  await ctx.screenshot(admin, 'admin-bundle-new-limits');
  found.push(...(await axeBoth(ctx, admin, '/admin/bundles/new limits')));
  // The 营业执照 the food licence asks for is the one the first stage issues: picked from the items' own materials.
  await admin.getByRole('tab', { name: '一套材料' }).click();
  await admin.getByRole('button', { name: '添加结果提供的材料' }).click();
  const fromRow = admin.getByTestId('material-from-0');
  await choose(admin, '事项编码', '421202-YD-SPJY', fromRow);
  await choose(admin, '事项材料', '营业执照', fromRow);
  await pick(admin, '来自事项结果', '421202-GTH-SLDJ', fromRow);
  found.push(...(await axeBoth(ctx, admin, '/admin/bundles/new materials')));
  await admin.getByRole('tab', { name: '一表申请字段对应' }).click();
  await admin.getByTestId('form-mapping').waitFor();
  found.push(...(await axeBoth(ctx, admin, '/admin/bundles/new form mapping')));

  await admin.getByRole('button', { name: '保存草稿' }).click();
  await admin.waitForURL(new RegExp(`/admin/bundles/${BUNDLE_CODE}$`));
  await admin.getByTestId('bundle-state').getByText('草稿 v1').waitFor();

  // The limit rule round-trips: after a reload the editor shows what was saved, and so does the API.
  await admin.reload();
  await admin.getByTestId('bundle-editor-title').filter({ hasText: BUNDLE_NAME }).waitFor();
  await admin.getByRole('tab', { name: '时限与收费' }).click();
  assert(Number(await admin.locator('#item-limitRules-0-limit-days').inputValue()) === 8, 'the rule keeps its 8 days');
  assert((await admin.locator('#item-limitRules-0-note').inputValue()) === '经营食品', 'the rule keeps its note');
  const saved = await admin.evaluate((c) => fetch(`/api/v1/admin/bundles/${c}`).then((r) => r.json()), BUNDLE_CODE);
  const [from] = saved.draft.materials.fromResults;
  assert(saved.draft.materials.fromResults.length === 1 && from.itemCode === '421202-YD-SPJY' && from.name === '营业执照' && from.fromItem === '421202-GTH-SLDJ', `the joint materials are saved: ${JSON.stringify(saved.draft.materials)}`);
  const savedRule = saved.draft.limitRules[0];
  assert(savedRule.limit.days === 8 && savedRule.when.question === 'q1' && savedRule.when.equals === true && savedRule.limit.source.ref.includes('食品经营许可'), `the API holds the rule: ${JSON.stringify(savedRule)}`);
  await admin.locator('#item-limitRules-0-limit-days').fill('9');
  await admin.getByRole('button', { name: '保存草稿' }).click();
  await admin.getByRole('status').filter({ hasText: '有未保存的修改' }).waitFor({ state: 'hidden' });
  const edited = await admin.evaluate((c) => fetch(`/api/v1/admin/bundles/${c}`).then((r) => r.json()), BUNDLE_CODE);
  assert(edited.draft.limitRules[0].limit.days === 9, `an edit of the rule is saved: ${JSON.stringify(edited.draft.limitRules)}`);

  await admin.getByRole('button', { name: '发布…' }).click();
  const dialog = admin.getByRole('dialog', { name: `发布一件事:${BUNDLE_NAME}` });
  await dialog.waitFor();
  const diff = await dialog.getByTestId('publish-diff').textContent();
  assert(diff.includes('limitRules') && diff.includes('421202-GTH-SLDJ'), `the first publication lists everything: ${diff.slice(0, 300)}`);
  found.push(...(await axe(ctx, admin, '/admin/bundles/:code first publication')));
  await dialog.getByRole('button', { name: '确认发布' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await admin.getByTestId('bundle-state').getByText('已发布 v1').waitFor();

  const visitor = await ctx.newPage();
  await visitor.goto('/');
  await visitor.getByRole('combobox', { name: '搜索办事事项' }).fill('养蜂场');
  await visitor.locator('.ant-select-dropdown:visible').getByTestId('suggest-bundle').filter({ hasText: BUNDLE_NAME }).first().click();
  await visitor.getByRole('heading', { level: 1, name: BUNDLE_NAME }).waitFor();
  await ctx.screenshot(visitor, 'portal-bundle-new');
  assert(found.length === 0, found.join('\n'));
  assert(admin.problems.length === 0 && visitor.problems.length === 0, [...admin.problems, ...visitor.problems].join('\n'));
});

test('admin editors: the catalog statistics page shows the figures the API reports, as admin and as supervisor', async (ctx) => {
  const found = [];
  for (const who of ['admin', 'supervisor']) {
    const page = await ctx.newPage();
    await ctx.login(page, who);
    await page.goto(who === 'admin' ? '/admin/stats' : '/supervise');
    if (who === 'supervisor') await page.getByRole('link', { name: '事项统计' }).click();
    const table = page.getByTestId('stats-table');
    await table.waitFor();
    await page.getByTestId('stats-chart').waitFor();
    const api = await page.evaluate(() => fetch('/api/v1/catalog/stats?groupBy=department').then((r) => r.json()));
    const pct = (v) => (v === null ? '—' : `${Math.round(v * 10000) / 100}%`);
    assert(api.groups.length > 0, 'the API reports some departments');
    for (const [key, stats] of [['total', api.total], ...api.groups.slice(0, 3).map((g) => [g.key, g.stats])]) {
      const items = await page.getByTestId(`stats-${key}-items`).textContent();
      assert(Number(items) === stats.itemCount, `${key}: ${items} items on the page, ${stats.itemCount} from the API`);
      const online = await page.getByTestId(`stats-${key}-online`).textContent();
      assert(online === `${stats.onlineCount}(${pct(stats.onlineShare)})`, `${key}: online ${online} vs ${stats.onlineCount} ${pct(stats.onlineShare)}`);
      const full = await page.getByTestId(`stats-${key}-fullOnline`).textContent();
      assert(full === `${stats.fullOnlineCount}(${pct(stats.fullOnlineShare)})`, `${key}: fully online ${full}`);
      const immediate = await page.getByTestId(`stats-${key}-immediate`).textContent();
      assert(immediate === `${stats.immediateCount}(${pct(stats.immediateShare)})`, `${key}: same-day ${immediate}`);
    }
    // Many departments: the chart draws the twelve with the most items and says so; the table keeps them all.
    const note = page.getByTestId('stats-chart-top');
    if (api.groups.length > 12) {
      await note.filter({ hasText: `共 ${api.groups.length} 个` }).waitFor();
      const height = await page.getByTestId('stats-chart').evaluate((el) => el.getBoundingClientRect().height);
      assert(height < 900, `the chart of twelve groups stays within a screen, got ${height}px`);
    } else assert((await note.count()) === 0, 'no note when the chart holds every group');
    await ctx.screenshot(page, `${who}-catalog-stats`);
    found.push(...(await axeBoth(ctx, page, `${who} catalog statistics`)));

    // A filter asks the API again: grouped by level, enterprises only.
    await pick(page, '统计维度', '行使层级');
    await pick(page, '服务对象', '法人');
    const byLevel = await page.evaluate(() => fetch('/api/v1/catalog/stats?groupBy=level&audience=enterprise').then((r) => r.json()));
    await page.getByTestId('stats-total-items').filter({ hasText: new RegExp(`^${byLevel.total.itemCount}$`) }).waitFor();
    for (const g of byLevel.groups) {
      assert(Number(await page.getByTestId(`stats-${g.key}-items`).textContent()) === g.stats.itemCount, `level ${g.key} matches the API`);
    }
    found.push(...(await axe(ctx, page, `${who} catalog statistics by level`)));
    assert(page.problems.length === 0, page.problems.join('\n'));
  }
  assert(found.length === 0, found.join('\n'));
});

test('admin editors: every admin tab fits a 375-px-wide screen without sideways scrolling', async (ctx) => {
  const page = await ctx.newPage({ viewport: { width: 375, height: 800 } });
  await ctx.login(page, 'admin');
  const tabs = ['regions', 'departments', 'users', 'catalog', 'catalog/new', 'bundles', 'bundles/new', 'bundles/421202-YJS-QYKB', 'stats', 'calendar', 'ledger', 'audit'];
  const wide = [];
  for (const tab of tabs) {
    await page.goto(`/admin/${tab}`);
    await page.getByRole('tabpanel').first().waitFor();
    await page.waitForLoadState('networkidle');
    await motionSettled(page);
    const { width, culprits } = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      // The outermost elements that stick out, ignoring those inside a container that scrolls on its own.
      const out = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right <= limit + 1 || r.width === 0) continue;
        let p = el.parentElement;
        let clipped = false;
        while (p && p !== document.body) {
          const s = getComputedStyle(p);
          if (/(auto|scroll|hidden)/.test(s.overflowX) && p.getBoundingClientRect().right <= limit + 1) { clipped = true; break; }
          p = p.parentElement;
        }
        if (!clipped && !out.some((o) => o.contains(el))) out.push(el);
      }
      return {
        width: document.documentElement.scrollWidth,
        culprits: out.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(el.getBoundingClientRect().right)}px`),
      };
    });
    if (width > 375) wide.push(`/admin/${tab}: ${width}px — ${culprits.join('; ')}`);
    await ctx.screenshot(page, `admin-375-${tab.replace(/\//g, '-')}`);
  }
  assert(wide.length === 0, `pages wider than 375 px:\n${wide.join('\n')}`);
});
