// 双随机、一公开 in the browser: the supervisor imports a small subject file (a refused one first: its rows are listed
// and nothing is stored), creates a plan, commits a draw (its seed hash shown before the reveal) and reveals it; an
// inspector records 责令整改 on their phone list; the supervisor publishes it and it shows on the public page with
// no login. Each page is scanned by axe in both languages.
import { apiSession } from './case-helpers.mjs';
import { assert, axeBoth, restoreMotion, test } from './harness.mjs';

// Valid credit codes (GB 32100 check character): three enterprises (91…) and two 个体工商户 (92…).
const ENTERPRISES = ['914212020000070010', '914212020000070023', '914212020000070036'];
const INDIVIDUALS = ['924212020000070046', '924212020000070059'];
const GOOD = ['统一社会信用代码,名称,类别,行业', ...ENTERPRISES.map((c, i) => `${c},咸安抽查企业${i}有限公司,企业,餐饮`), ...INDIVIDUALS.map((c, i) => `${c},王${'五六'[i]},个体工商户,零售`)].join('\n');
const BAD = `${GOOD}\n914212020000070011,校验位错误公司,企业,餐饮\n924212020000070062,,火星人,`;

async function pickOptions(page, selectId, labels) {
  await page.locator(`#${selectId}`).click();
  for (const label of labels) await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
  await page.keyboard.press('Escape');
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' }).catch(() => {});
}

test('inspection: subjects imported (a bad file refused whole), a plan drawn with its seed hash, a result recorded by the inspector, published and public', async (ctx) => {
  const tag = Date.now().toString(36);
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  // Set-up the test does not click through: an item and two inspectors of 咸安区 市场监管, one of them the clerk's account.
  const approver = await apiSession(ctx, 'approver');
  const clerkApi = await apiSession(ctx, 'clerk');
  const clerkId = (await clerkApi.get('/api/v1/auth/me')).user.id;
  const scjg = (await approver.get('/api/v1/departments?regionCode=421202')).find((d) => d.code === '421202-scjg');
  await approver.post('/api/v1/inspection/items', { departmentId: scjg.id, code: `E2E-${tag}`, name: `食品经营者监督检查 ${tag}`, basis: '《食品安全法》第一百一十条', objectClasses: ['enterprise', 'individual'], method: '现场检查' });
  await approver.post('/api/v1/inspection/inspectors', { departmentId: scjg.id, name: '执法员甲', certificateNo: `A${tag}`, userId: clerkId });
  await approver.post('/api/v1/inspection/inspectors', { departmentId: scjg.id, name: '执法员乙', certificateNo: `B${tag}` });

  // The supervisor (of the city) opens the desk for 咸安区.
  const sup = await ctx.newPage();
  await ctx.login(sup, 'supervisor');
  await sup.goto('/inspection');
  await sup.getByRole('heading', { name: '双随机、一公开' }).waitFor();
  await sup.locator('#in-region').fill('421202');
  await sup.locator('#in-region').press('Enter');
  await sup.getByRole('tab', { name: '检查对象名录库' }).click();
  await sup.getByTestId('in-subject-counts').waitFor();
  const fileInput = sup.locator('input[type="file"]');

  // A file with two bad rows: refused whole, each problem listed by row and field.
  await fileInput.setInputFiles({ name: 'subjects.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD) });
  const failure = sup.getByTestId('import-failure');
  await failure.waitFor();
  assert((await failure.getAttribute('data-error-code')) === 'INSPECTION_IMPORT_INVALID', 'a bad file is refused with its code');
  const errors = await sup.getByTestId('import-errors').innerText();
  assert(errors.includes('7') && errors.includes('creditCode') && errors.includes('8') && errors.includes('objectClass'), `rows 7 and 8 are named: ${errors}`);
  const none = await approver.get('/api/v1/inspection/subjects?regionCode=421202&limit=1');
  assert(!INDIVIDUALS.concat(ENTERPRISES).some((c) => none.items.some((s) => s.creditCode === c)) && Object.keys(none.byClass).length === 0, 'nothing of the refused file was stored');
  await axeBoth(ctx, sup, 'inspection: refused import');

  // The corrected file goes in.
  await fileInput.setInputFiles({ name: 'subjects.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD) });
  await sup.locator('[data-class="enterprise"][data-count="3"]').waitFor();
  await sup.locator('[data-class="individual"][data-count="2"]').waitFor();
  await failure.waitFor({ state: 'detached' });

  // A plan with the seed-001 default ratios: ceil(3 % × 3) = 1 enterprise, ceil(0.3 % × 2) = 1 个体工商户.
  await sup.getByRole('tab', { name: '抽查计划' }).click();
  await sup.getByTestId('in-plans').waitFor();
  const planName = `${year} 年食品经营者双随机抽查 ${tag}`;
  await sup.locator('#in-plan_name').fill(planName);
  await pickOptions(sup, 'in-plan_departmentIds', ['咸安区市场监督管理局']);
  await pickOptions(sup, 'in-plan_itemIds', [tag]);
  await sup.getByTestId('in-plan-create').click();
  const planRow = sup.locator(`tr[data-plan="${planName}"]`);
  await planRow.waitFor();
  await axeBoth(ctx, sup, 'inspection: plans');

  // Commit: the seed hash is published before the reveal, the seed is not.
  await planRow.getByTestId('in-commit').click();
  await sup.waitForURL(/\/inspection\/draws\//);
  await sup.locator('[data-testid="in-draw"][data-state="committed"]').waitFor();
  const seedHash = (await sup.getByTestId('in-seed-hash').innerText()).trim();
  assert(/^[0-9a-f]{64}$/.test(seedHash), `a seed hash is shown before the reveal: ${seedHash}`);
  assert((await sup.getByTestId('in-seed').count()) === 0, 'the seed is not shown before the reveal');
  await axeBoth(ctx, sup, 'inspection: committed draw');

  await sup.getByTestId('in-reveal').click();
  await sup.locator('[data-testid="in-draw"][data-state="drawn"]').waitFor();
  assert((await sup.getByTestId('in-seed-hash').innerText()).trim() === seedHash, 'the seed hash is unchanged by the reveal');
  const seed = (await sup.getByTestId('in-seed').innerText()).trim();
  assert(/^[0-9a-f]{64}$/.test(seed), 'the seed is published at the reveal');
  const rows = sup.locator('[data-testid="in-tasks"] tr[data-credit-code]');
  await rows.first().waitFor();
  assert((await rows.count()) === 2, `one enterprise and one 个体工商户 are drawn, got ${await rows.count()}`);
  assert((await rows.first().innerText()).includes('执法员甲') && (await rows.first().innerText()).includes('执法员乙'), 'both inspectors are named on each object');
  const drawUrl = sup.url();
  const drawId = drawUrl.split('/').pop();
  assert((await sup.getByTestId('in-verify-command').innerText()).includes(`tongban inspection verify-draw ${drawId}`), 'the page says how to re-run the draw');
  await axeBoth(ctx, sup, 'inspection: revealed draw');

  // The inspector (the clerk's account) records 责令整改 on the phone.
  const phone = await ctx.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await ctx.login(phone, 'clerk');
  await phone.goto('/inspection/tasks');
  await phone.getByRole('heading', { name: '我的检查任务' }).waitFor();
  const card = phone.locator('[data-testid="in-my-tasks"] [data-credit-code]').first();
  await card.waitFor();
  const creditCode = await card.getAttribute('data-credit-code');
  await axeBoth(ctx, phone, 'inspection: my tasks (phone)');
  await card.locator('.ant-select').click();
  await phone.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '责令整改' }).click();
  await card.locator('textarea').fill('后厨未按规定留样,责令三日内整改。');
  await card.getByTestId('in-record').click();
  await phone.locator(`[data-testid="in-my-tasks"] [data-credit-code="${creditCode}"][data-outcome="rectify"]`).waitFor();

  // The supervisor publishes it; the row says so.
  await restoreMotion(sup);
  await sup.reload();
  await sup.locator(`[data-testid="in-tasks"] tr[data-credit-code="${creditCode}"][data-outcome="rectify"]`).waitFor();
  await sup.getByTestId('in-publish').click();
  await sup.locator(`[data-testid="in-tasks"] tr[data-credit-code="${creditCode}"][data-published="yes"]`).waitFor();

  // Public, no login: the result with its seed hash; a 个体工商户's name shows only its first character.
  const visitor = await ctx.newPage();
  await visitor.goto('/public/inspection');
  await visitor.getByRole('heading', { name: '双随机抽查结果公示' }).waitFor();
  const pubRow = visitor.locator(`[data-testid="in-public"] tr[data-credit-code="${creditCode}"][data-outcome="rectify"]`);
  await pubRow.waitFor();
  const text = await pubRow.innerText();
  assert(text.includes('责令整改') && text.includes(seedHash.slice(0, 12)), `the public row shows the outcome and the draw's seed hash: ${text}`);
  if (INDIVIDUALS.includes(creditCode)) assert(/王\*/.test(text) && !/王[五六]/.test(text), `a 个体工商户 name is masked: ${text}`);
  assert(!(await visitor.content()).includes('留样'), 'the findings text is not public');
  await axeBoth(ctx, visitor, 'inspection: public results');
});
