import { assert, test } from './harness.mjs';

const CODE = '421202-YJS-QYKB';
// The cases e2e finds this question by its leading words, so the edit keeps them.
const NEW_TEXT = '是否需要刻制公章(新开办企业免费)?';

const portalBundle = (page) => page.evaluate((code) => fetch(`/api/v1/bundles/${code}`).then((r) => r.json()), CODE);

test('an admin edits the 企业开办 bundle questionnaire, publishes it through the diff, and the portal serves the new version', async (ctx) => {
  const visitor = await ctx.newPage();
  await visitor.goto('/');
  const before = await portalBundle(visitor);

  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.getByRole('tab', { name: '一件事管理' }).click();
  await admin.waitForURL(/\/admin\/bundles$/);
  const row = admin.getByTestId('bundle-list').locator('tr', { hasText: CODE });
  await row.getByText(`已发布 v${before.version}`).waitFor();
  await row.getByRole('link', { name: '企业开办' }).click();
  await admin.getByTestId('bundle-editor-title').filter({ hasText: '企业开办' }).waitFor();

  await admin.getByRole('tab', { name: '阶段与事项' }).click();
  const social = admin.getByTestId('stage-item-421202-QYKB-SBDJ');
  await social.getByText('必选项(必办)').first().waitFor();
  await admin.getByTestId('stage-item-421202-QYKB-GZKZ').getByText('勾选项(可选)').first().waitFor();

  await admin.getByRole('tab', { name: '一表申请字段对应' }).click();
  const mapping = await admin.getByTestId('form-mapping').textContent();
  assert(mapping.includes('companyName') && mapping.includes('421202-QYKB-SBDJ') && mapping.includes('applicantName'), `the mapping shows which item fields companyName feeds: ${mapping.slice(0, 300)}`);

  await admin.getByRole('tab', { name: '情景问答' }).click();
  const text = admin.getByTestId('question-needSeal').getByLabel('问题(中文)', { exact: true });
  await text.fill(NEW_TEXT);
  await admin.getByRole('button', { name: '保存草稿' }).click();
  await admin.getByText(`草稿 v${before.version + 1}`).first().waitFor();

  await admin.getByRole('button', { name: '发布…' }).click();
  const dialog = admin.getByRole('dialog', { name: '发布一件事:企业开办' });
  await dialog.waitFor();
  const diff = await dialog.getByTestId('publish-diff').textContent();
  assert(diff.includes('questions[needSeal].text.zh') && diff.includes(NEW_TEXT) && diff.includes('是否需要刻制公章?'), `the diff shows the question before and after: ${diff.slice(0, 300)}`);
  const rows = await dialog.getByTestId('publish-diff').locator('.ant-table-tbody tr.ant-table-row').count();
  assert(rows === 1, `only the edited text differs, got ${rows} changes`);
  await ctx.screenshot(admin, 'admin-bundle-publish-diff');
  await dialog.getByRole('button', { name: '确认发布' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await admin.getByTestId('bundle-state').getByText(`已发布 v${before.version + 1}`).waitFor();

  const after = await portalBundle(visitor);
  assert(after.version === before.version + 1, `the portal serves version ${before.version + 1}, got ${after.version}`);
  const q = after.definition.questions.find((x) => x.key === 'needSeal');
  assert(q.text.zh === NEW_TEXT, `the portal's questionnaire reads the new text, got ${q.text.zh}`);
  assert(admin.problems.length === 0 && visitor.problems.length === 0, [...admin.problems, ...visitor.problems].join('\n'));
  return `v${before.version} → v${after.version}`;
});

test('a bundle draft naming an unknown item is refused with the problem on that item’s field', async (ctx) => {
  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.goto(`/admin/bundles/${CODE}`);
  await admin.getByTestId('bundle-editor-title').waitFor();
  await admin.getByRole('tab', { name: '阶段与事项' }).click();
  const field = admin.locator('#item-stages-1-items-2-itemCode');
  await field.fill('421202-E2E-NOPE');
  await admin.getByRole('button', { name: '保存草稿' }).click();
  await admin.getByTestId('item-problems').waitFor();
  assert((await field.getAttribute('aria-invalid')) === 'true', 'the item code is marked invalid');
  const help = await admin.locator('#item-stages-1-items-2-itemCode-help').textContent();
  assert(help.includes('421202-E2E-NOPE'), `the problem names the code on its field: ${help}`);
  await ctx.screenshot(admin, 'admin-bundle-invalid');
});

test('axe finds no serious or critical violation in the bundle editor, in Chinese and English', async (ctx) => {
  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  const found = [];
  await admin.goto('/admin/bundles');
  await admin.getByTestId('bundle-list').locator('a').first().waitFor();
  found.push(...(await ctx.axe(admin, '/admin/bundles')));
  for (const lang of ['zh', 'en']) {
    await admin.goto(`/admin/bundles/${CODE}`);
    await admin.getByTestId('bundle-editor-title').waitFor();
    if (lang === 'en') {
      await admin.getByTestId('lang-switch').click();
      await admin.locator('html[lang="en"]').waitFor();
    }
    const tabs = lang === 'zh'
      ? ['基本信息', '阶段与事项', '情景问答', '时限与收费', '一套材料', '一表申请字段对应']
      : ['Basics', 'Stages and items', 'Questionnaire', 'Limits and fees', 'Joint materials', 'Joint form mapping'];
    for (const tab of tabs) {
      await admin.getByRole('tab', { name: tab, exact: true }).click();
      await admin.getByRole('tabpanel', { name: tab }).waitFor();
      found.push(...(await ctx.axe(admin, `/admin/bundles/:code ${tab}`)));
    }
    // An unsaved edit, so there is something to publish and the dialog opens.
    await admin.getByRole('tab', { name: tabs[0], exact: true }).click();
    await admin.locator('#item-nameEn').fill(`Starting a business (${lang})`);
    await admin.getByRole('button', { name: lang === 'zh' ? '发布…' : 'Publish…' }).click();
    await admin.getByRole('dialog').waitFor();
    found.push(...(await ctx.axe(admin, `/admin/bundles/:code publish (${lang})`)));
    await admin.getByRole('button', { name: lang === 'zh' ? /取\s*消/ : 'Cancel' }).click();
  }
  assert(found.length === 0, found.join('\n'));
});
