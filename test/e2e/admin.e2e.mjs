import { assert, test } from './harness.mjs';

/** Picks an option of an antd Select by typing part of its text, as a keyboard user would. */
async function choose(page, label, text) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

test('admin creates a staff user, sees it listed, disables it, and finds it in the audit log', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.login(page, 'admin');
  await page.getByRole('tab', { name: '用户' }).click();
  await page.waitForURL(/\/admin\/users$/);
  await page.getByRole('cell', { name: '系统管理员', exact: true }).waitFor();

  const username = `e2e_${Date.now().toString(36)}`;
  await page.getByRole('button', { name: '新增工作人员' }).click();
  const dialog = page.getByRole('dialog', { name: '新增工作人员' });
  await dialog.waitFor();
  await dialog.getByLabel('用户名').fill(username);
  await dialog.getByLabel('姓名 / 名称').fill('端到端审批员');
  await dialog.getByLabel('初始密码').fill('Blue-Harbour-Kettle-71');
  await choose(page, '角色', '审批人员');
  await page.keyboard.press('Escape');
  await choose(page, '所属区划', '咸安区');
  await choose(page, '所属部门', '市场监督管理局');
  await dialog.getByRole('button', { name: /新\s*增/ }).click();
  await dialog.waitFor({ state: 'hidden' });

  const row = page.getByRole('row').filter({ hasText: username });
  await row.waitFor();
  const text = await row.textContent();
  assert(text.includes('端到端审批员') && text.includes('审批人员') && text.includes('咸安区') && text.includes('正常'), `row shows the new user: ${text}`);
  await ctx.screenshot(page, 'admin-users');

  // The same person also supervises now: the admin adds the role and resets the password in the edit dialog.
  await row.getByRole('button', { name: '编辑 端到端审批员' }).click();
  const edit = page.getByRole('dialog', { name: '编辑工作人员 端到端审批员' });
  await edit.waitFor();
  assert((await edit.getByLabel('用户名').inputValue()) === username, 'the edit dialog shows the account it edits');
  await choose(page, '角色', '督查人员');
  await page.keyboard.press('Escape');
  await edit.getByLabel('重置密码').fill('Grey-Lantern-Orchard-58');
  await edit.getByRole('button', { name: /保\s*存/ }).click();
  await edit.waitFor({ state: 'hidden' });
  await row.filter({ hasText: '督查人员' }).waitFor();
  const relogin = await ctx.newPage();
  const res = await relogin.request.post('/api/v1/auth/login', { data: { account: username, password: 'Grey-Lantern-Orchard-58' } });
  assert(res.ok(), `the reset password logs in: ${res.status()}`);
  assert((await res.json()).user.roles.includes('supervisor'), 'the new role is the account’s');

  await row.getByRole('button', { name: /停\s*用/ }).click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /停\s*用/ }).click();
  await row.filter({ hasText: '已停用' }).waitFor();

  await page.getByRole('tab', { name: '审计日志' }).click();
  await page.getByRole('cell', { name: 'admin.user.create' }).first().waitFor();
  await page.getByRole('cell', { name: 'admin.user.update' }).first().waitFor();
  await ctx.screenshot(page, 'admin-audit');
  assert(page.problems.length === 0, page.problems.join('\n'));
});

test('admin sees the region tree and the departments', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.login(page, 'admin');
  await page.getByRole('tree').getByText('咸宁市(421200)').waitFor();
  await ctx.screenshot(page, 'admin-regions');
  await page.getByRole('tab', { name: '部门' }).click();
  await page.getByRole('cell', { name: '420000-zwb' }).waitFor();
  await choose(page, '所属区划', '咸安区');
  await page.getByRole('cell', { name: '421202-scjg' }).waitFor();
  const rows = await page.locator('.ant-table-tbody .ant-table-row').count();
  assert(rows === 10, `the filter leaves the ten departments of 咸安区, got ${rows}`);
  await ctx.screenshot(page, 'admin-departments');
});

test('a server error on a staff form lands next to its field', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.login(page, 'admin');
  await page.goto('/admin/users');
  await page.getByRole('button', { name: '新增工作人员' }).click();
  const dialog = page.getByRole('dialog', { name: '新增工作人员' });
  await dialog.getByLabel('用户名').fill('clerk');
  await dialog.getByLabel('姓名 / 名称').fill('重复账号');
  await dialog.getByLabel('初始密码').fill('Blue-Harbour-Kettle-71');
  await choose(page, '角色', '督查人员');
  await page.keyboard.press('Escape');
  await choose(page, '所属区划', '咸宁市');
  await dialog.getByRole('button', { name: /新\s*增/ }).click();
  await page.locator('#create-staff_username_help').filter({ hasText: '该账号已注册' }).waitFor();
});
