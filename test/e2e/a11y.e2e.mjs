import { assert, test } from './harness.mjs';

/** Every page, as the person who would see it; each is scanned in Chinese and the portal also in English. */
const PAGES = [
  { who: null, path: '/', ready: '一网通办 · 一窗通办 · 一事联办' },
  { who: null, path: '/search?q=%E4%BC%81%E4%B8%9A', ready: '“企业”的搜索结果', settled: 'results' },
  { who: null, path: '/login', ready: '用户登录' },
  { who: null, path: '/register', ready: '用户注册' },
  { who: null, path: '/window', ready: '请先登录' },
  { who: null, path: '/no-such-page', ready: '页面不存在' },
  { who: 'person', path: '/', ready: '您好,张三' },
  { who: 'clerk', path: '/window', ready: '综合窗口工作台', settled: 'scope-region' },
  { who: 'clerk', path: '/admin', ready: '无权访问' },
  { who: 'approver', path: '/approve', ready: '审批办理工作台', settled: 'scope-region' },
  { who: 'supervisor', path: '/supervise', ready: '效能监督', settled: 'scope-region' },
  { who: 'admin', path: '/admin/regions', ready: '系统管理', settled: 'tree' },
  { who: 'admin', path: '/admin/departments', ready: '系统管理', settled: 'cell' },
  { who: 'admin', path: '/admin/users', ready: '系统管理', settled: 'cell' },
  { who: 'admin', path: '/admin/audit', ready: '系统管理', settled: 'cell' },
];

async function settle(page, how) {
  if (how === 'scope-region') await page.getByTestId('scope-region').waitFor();
  if (how === 'tree') await page.getByRole('tree').waitFor();
  if (how === 'results') await page.locator('.tb-results li').first().waitFor();
  if (how === 'cell') await page.locator('.ant-table-tbody .ant-table-row').first().waitFor();
}

test('axe finds no serious or critical violation on any page', async (ctx) => {
  const found = [];
  const pages = new Map();
  for (const p of PAGES) {
    let page = pages.get(p.who);
    if (!page) {
      page = await ctx.newPage();
      if (p.who) await ctx.login(page, p.who);
      pages.set(p.who, page);
    }
    await page.goto(p.path);
    await page.getByRole('heading', { name: p.ready }).first().waitFor();
    await settle(page, p.settled);
    found.push(...(await ctx.axe(page, `${p.who ?? 'anonymous'} ${p.path}`)));
  }
  const anon = pages.get(null);
  await anon.goto('/register');
  await anon.getByRole('tab', { name: '法人注册' }).click();
  found.push(...(await ctx.axe(anon, 'anonymous /register (enterprise)')));
  await anon.getByTestId('lang-switch').click();
  for (const path of ['/', '/login', '/register']) {
    await anon.goto(path);
    await anon.locator('html[lang="en"]').waitFor();
    found.push(...(await ctx.axe(anon, `anonymous ${path} (English)`)));
  }
  const admin = pages.get('admin');
  await admin.goto('/admin/users');
  await admin.getByRole('button', { name: '新增工作人员' }).click();
  await admin.getByRole('dialog').waitFor();
  found.push(...(await ctx.axe(admin, 'admin /admin/users (create dialog)')));
  assert(found.length === 0, `accessibility violations:\n${found.join('\n')}`);
});

test('the login form can be filled and sent with the keyboard alone', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto('/login');
  await page.getByRole('heading', { name: '用户登录' }).waitFor();
  await page.keyboard.press('Tab');
  assert(await page.evaluate(() => document.activeElement?.classList.contains('tb-skip')), 'the first Tab reaches the skip link');
  await page.keyboard.press('Enter');
  const focusedAccount = async () => page.evaluate(() => document.activeElement?.id === 'login_account');
  for (let i = 0; i < 15 && !(await focusedAccount()); i++) await page.keyboard.press('Tab');
  assert(await focusedAccount(), 'Tab reaches the account field');
  await page.keyboard.type('supervisor');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Tongban@2026');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/supervise');
});
