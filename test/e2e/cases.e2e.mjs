// The case flows in the browser: online application to delivery, a walk-in filing with one correction round,
// and the red/yellow cards a supervisor sees. Each new page is scanned by axe in both languages.
import { acceptedCase, apiSession, appliedBundle, button, confirmAction, itemId, loginAs, pdf, reviewAllOk } from './case-helpers.mjs';
import { assert, axeBoth, DEMO_PASSWORD, idNumberWithCheck, test } from './harness.mjs';

test('an enterprise applies online, the window accepts, the approver concludes, and the applicant follows the timeline to delivery', async (ctx) => {
  const applicant = await ctx.newPage();
  await ctx.login(applicant, 'enterprise');
  const id = await itemId(applicant, '421202-YD-SPJY', '食品经营许可');
  await applicant.goto(`/apply/item/${id}`);
  await applicant.getByRole('heading', { level: 1, name: '在线申请:食品经营许可' }).waitFor();
  await applicant.getByLabel('单位名称').fill('咸宁市示范科技有限公司');
  await applicant.getByLabel('统一社会信用代码').fill('91421202MA49AB1C2J');
  await applicant.getByLabel('联系人').fill('李四');
  // Passes the page's own checks; the server finds the number malformed and says so on the field.
  await applicant.getByLabel('联系电话').fill('12345');
  await applicant.getByLabel('地址').fill('咸宁市咸安区温泉路 1 号');
  await axeBoth(ctx, applicant, 'apply: form');
  await button(applicant, '下一步').click();
  const names = ['食品经营许可申请书', '营业执照', '告知承诺书', '食品安全管理制度'];
  for (let i = 0; i < names.length; i++) {
    await applicant.locator(`li[data-requirement="${i}"] input[type=file]`).setInputFiles(pdf(`spjy-${i}`));
    await applicant.getByTestId(`material-status-${i}`).filter({ hasText: '已上传' }).waitFor();
  }
  await axeBoth(ctx, applicant, 'apply: materials');
  await button(applicant, '下一步').click();
  await ctx.screenshot(applicant, 'portal-apply-review');
  await button(applicant, '提交申请').click();
  const phoneError = applicant.locator('.ant-form-item-has-error').filter({ hasText: '联系电话' });
  await phoneError.filter({ hasText: '格式不正确' }).waitFor();
  await applicant.getByTestId('lang-switch').click();
  await applicant.locator('.ant-form-item-has-error').filter({ hasText: 'The format is not valid' }).waitFor();
  await applicant.getByTestId('lang-switch').click();
  await applicant.getByLabel('联系电话').fill('13900000002');
  await button(applicant, '下一步').click();
  await button(applicant, '下一步').click();
  await button(applicant, '提交申请').click();
  await applicant.getByTestId('filed-number').waitFor();
  await button(applicant, '查看办件进度').click();
  await applicant.waitForURL(/\/my\/cases\/[0-9a-f-]{36}$/);
  const caseId = applicant.url().split('/').pop();
  const number = (await applicant.getByTestId('case-number').textContent()).trim();
  await applicant.getByTestId('case-waiting').filter({ hasText: '窗口预审、受理' }).waitFor();

  const clerk = await ctx.newPage();
  await ctx.login(clerk, 'clerk');
  await clerk.getByTestId('hall-cases').getByRole('link', { name: number }).click();
  await clerk.getByRole('heading', { level: 1, name: `办件 ${number}` }).waitFor();
  await reviewAllOk(clerk, names);
  await axeBoth(ctx, clerk, 'window: case');
  await button(clerk, '受理').click();
  await confirmAction(clerk, '受理');
  await clerk.getByTestId('case-documents').getByRole('link', { name: '受理通知书' }).waitFor();
  const notice = await clerk.request.get(await clerk.getByTestId('action-outcome').getByRole('link').getAttribute('href'));
  assert((await notice.text()).includes('受理通知书'), 'the acceptance notice opens as a printable page');
  await ctx.screenshot(clerk, 'window-case-accepted');
  await button(clerk, '通过本环节').click();
  await confirmAction(clerk, '通过本环节');

  const approver = await ctx.newPage();
  await ctx.login(approver, 'approver');
  const row = approver.getByTestId('approve-inbox').locator('tr', { hasText: number });
  await row.locator('[data-card]').waitFor();
  const mark = await row.locator('[data-card]').textContent();
  assert(/绿牌|黄牌|红牌/.test(mark), `the inbox row carries a worded mark, got ${mark}`);
  await axeBoth(ctx, approver, 'approve: inbox');
  await ctx.screenshot(approver, 'approve-inbox');
  await row.getByRole('link', { name: number }).click();
  await approver.getByTestId('case-remaining').waitFor();
  await axeBoth(ctx, approver, 'approve: case');
  await button(approver, '办结').click();
  await approver.getByLabel('决定书内容').fill('准予食品经营许可。');
  await confirmAction(approver, '办结');
  await approver.locator('[data-state="concluded_approved"]').first().waitFor();
  await ctx.screenshot(approver, 'approve-case-concluded');

  await clerk.reload();
  await button(clerk, '出件送达').click();
  await confirmAction(clerk, '出件送达');
  await clerk.locator('[data-state="delivered"]').first().waitFor();

  await applicant.goto('/my/cases');
  await applicant.getByTestId('my-cases').getByRole('link', { name: '食品经营许可' }).first().waitFor();
  await axeBoth(ctx, applicant, 'my cases');
  await applicant.goto(`/my/cases/${caseId}`);
  await applicant.locator('[data-state="delivered"]').first().waitFor();
  const timeline = applicant.getByTestId('case-timeline');
  for (const step of ['提交申请', '受理', '环节通过', '办结', '出件送达']) await timeline.getByText(step, { exact: true }).first().waitFor();
  // After 办结 the clock panel says how long it took and whether it kept the limit, instead of a stopped card.
  await applicant.getByTestId('case-clock').locator('[data-closed="on_time"]').filter({ hasText: '按期办结' }).waitFor();
  await applicant.getByTestId('case-used').filter({ hasText: '个工作日' }).waitFor();
  await axeBoth(ctx, applicant, 'my case');
  await ctx.screenshot(applicant, 'portal-my-case');
  await applicant.goto('/my/messages');
  await applicant.getByTestId('inbox').locator('.ant-list-item').first().waitFor();
  await axeBoth(ctx, applicant, 'my messages');

  // A second application offers the materials of the first one again, and says where each comes from.
  await applicant.goto(`/apply/item/${id}`);
  await applicant.getByLabel('单位名称').fill('咸宁市示范科技有限公司');
  await applicant.getByLabel('统一社会信用代码').fill('91421202MA49AB1C2J');
  await applicant.getByLabel('联系人').fill('李四');
  await applicant.getByLabel('联系电话').fill('13900000002');
  await applicant.getByLabel('地址').fill('咸宁市咸安区温泉路 1 号');
  await button(applicant, '下一步').click();
  const reuse = applicant.locator('li[data-requirement="0"]').getByLabel('复用以往材料');
  await reuse.selectOption({ label: `复用:办件 ${number}(食品经营许可)` });
  await applicant.getByTestId('material-status-0').filter({ hasText: `复用:办件 ${number}` }).waitFor();
  await axeBoth(ctx, applicant, 'apply: reuse');
  await button(applicant, '下一步').click();
  await applicant.getByText(`复用:办件 ${number}(食品经营许可)`).waitFor();
  return `case ${number}: applied online, accepted, passed, concluded, delivered`;
});

test('a walk-in 不动产抵押权首次登记 is filed at the window with one correction round, then concluded by the department', async (ctx) => {
  const admin = await apiSession(ctx, 'admin');
  const departments = await admin.get('/api/v1/departments?regionCode=421202');
  const bdc = departments.find((d) => d.code === '421202-bdc');
  assert(bdc, 'the region has its 不动产登记 department');
  // The demo has no approver in that department, so the test makes one.
  const username = `bdc${Date.now().toString(36)}`;
  await admin.post('/api/v1/admin/users', { username, displayName: '咸安区不动产审批员', password: DEMO_PASSWORD, roles: ['approver'], regionCode: '421202', departmentId: bdc.id });

  const clerk = await ctx.newPage();
  await ctx.login(clerk, 'clerk');
  const walkIn = idNumberWithCheck('42120219850505123');
  await clerk.getByLabel('身份证号码或统一社会信用代码').fill(walkIn);
  await button(clerk, '查询').click();
  await clerk.locator('[data-error-code="USER_NOT_FOUND"], .ant-form-item-has-error').first().waitFor();
  await axeBoth(ctx, clerk, 'window: home');
  await ctx.screenshot(clerk, 'window-home');
  await button(clerk, '代办申请').click();
  await clerk.waitForURL(/\/window\/file/);
  await clerk.getByLabel('姓名或名称').fill('王五');
  await clerk.getByLabel('选择事项').click();
  await clerk.getByLabel('选择事项').fill('抵押');
  await clerk.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '421202-BDC-DYDJ' }).first().click();
  await clerk.getByLabel('申请人类型').selectOption({ label: '自然人' });
  await clerk.getByLabel('申请人名称').fill('王五');
  await clerk.getByLabel('联系电话').fill('13900000003');
  await clerk.getByLabel('地址').fill('咸宁市咸安区永安大道 8 号');
  await clerk.getByLabel('不动产单元号').fill('421202001001GB00001F00010001');
  await clerk.locator('li[data-requirement="0"] input[type=file]').setInputFiles(pdf('dy-0'));
  await clerk.getByTestId('material-status-0').filter({ hasText: '已上传' }).waitFor();
  await clerk.locator('li[data-requirement="1"] input[type=file]').setInputFiles(pdf('dy-1'));
  await clerk.getByTestId('material-status-1').filter({ hasText: '已上传' }).waitFor();
  await axeBoth(ctx, clerk, 'window: file');
  await clerk.getByTestId('window-submit').click();
  await clerk.waitForURL(/\/window\/cases\/[0-9a-f-]{36}$/);
  const number = (await clerk.getByTestId('case-number').textContent()).trim();
  await reviewAllOk(clerk, ['不动产登记申请书', '申请人身份证明']);

  await clerk.getByTestId('act-correction').click();
  const dialog = clerk.locator('.ant-modal:visible');
  assert((await dialog.getByRole('checkbox', { checked: true }).count()) === 2, 'the two missing materials are ticked for the notice');
  await confirmAction(clerk, '一次性告知补正');
  await clerk.locator('[data-state="correction_requested"]').first().waitFor();
  await clerk.getByTestId('case-documents').getByRole('link', { name: '补正材料一次性告知书' }).waitFor();
  await clerk.emulateMedia({ media: 'print' });
  assert(!(await clerk.locator('.tb-header').isVisible()), 'the print layout leaves out the banner');
  await ctx.screenshot(clerk, 'window-case-print');
  await clerk.emulateMedia({ media: 'screen' });

  // The applicant comes back with the two papers; the clerk hands them in and the case returns for 受理.
  await clerk.locator('li[data-requirement="2"] input[type=file]').setInputFiles(pdf('dy-2'));
  await clerk.getByTestId('material-status-2').filter({ hasText: '已上传' }).waitFor();
  await clerk.locator('li[data-requirement="3"] input[type=file]').setInputFiles(pdf('dy-3'));
  await clerk.getByTestId('material-status-3').filter({ hasText: '已上传' }).waitFor();
  await button(clerk, '重新提交').click();
  await clerk.locator('[data-state="submitted"]').first().waitFor();
  await reviewAllOk(clerk, ['不动产权属证书', '主债权合同及抵押合同']);
  await button(clerk, '受理').click();
  await confirmAction(clerk, '受理');
  await button(clerk, '通过本环节').click();
  await confirmAction(clerk, '通过本环节');

  const approver = await ctx.newPage();
  await loginAs(approver, username);
  await approver.getByRole('heading', { name: '审批办理工作台' }).waitFor();
  await approver.getByTestId('approve-inbox').getByRole('link', { name: number }).click();
  await button(approver, '办结').click();
  await approver.getByLabel('决定书内容').fill('准予办理不动产抵押权首次登记。');
  await confirmAction(approver, '办结');

  await clerk.reload();
  await button(clerk, '出件送达').click();
  await clerk.locator('.ant-modal:visible').getByLabel('领取人').fill('王五');
  await confirmAction(clerk, '出件送达');
  const timeline = clerk.getByTestId('case-timeline');
  for (const step of ['一次性告知补正', '补正后重新提交', '受理', '办结', '出件送达']) await timeline.getByText(step, { exact: true }).first().waitFor();
  await ctx.screenshot(clerk, 'window-case-delivered');
  return `case ${number}: filed at the window, one correction round, concluded by a new 不动产 approver, delivered`;
});

test('a supervisor sees red and yellow cards by region and department and drills down to the case', async (ctx) => {
  // 企业设立登记 promises 0.5 working days: under one working day left, so it is yellow from 受理 on.
  const yellow = await acceptedCase(ctx, '421202-QYKB-SLDJ', '企业设立登记', {
    companyName: '咸宁市示范二号科技有限公司', companyType: 'llc', registeredCapital: 100, address: '咸宁市咸安区温泉路 2 号',
    legalRepName: '李四', legalRepIdNumber: idNumberWithCheck('42120219800101123'), contactPhone: '13900000002', businessScope: '软件开发',
  });
  assert(yellow.card === 'yellow' || yellow.card === 'red', `a 0.5-day case is yellow at 受理, got ${yellow.card}`);
  // 企业简易注销登记 is 即办 (limit 0): red as soon as its due passes — at once within office hours.
  const instant = await acceptedCase(ctx, '421202-QYZX-JYZX', '企业简易注销登记', {
    applicantName: '咸宁市示范科技有限公司', creditCode: '91421202MA49AB1C2J', contactName: '李四', contactPhone: '13900000002', address: '咸宁市咸安区温泉路 1 号',
  });
  const supervisor = await ctx.newPage();
  await ctx.login(supervisor, 'supervisor');
  await supervisor.goto('/supervise/cards');
  await supervisor.getByRole('heading', { level: 1, name: '红黄牌督办' }).waitFor();
  await supervisor.getByTestId('cards-summary').waitFor();
  const list = supervisor.getByTestId('cards-list');
  const listed = async (c) => {
    await supervisor.getByRole('tab', { name: c.card === 'red' ? /超期/ : /临期/ }).click();
    await list.getByRole('link', { name: c.number }).waitFor();
  };
  await listed(yellow);
  const refreshed = await (await supervisor.request.get(`/api/v1/cases/${instant.id}`)).json();
  if (refreshed.card === 'red' || refreshed.card === 'yellow') await listed(refreshed);
  await supervisor.locator('svg').first().waitFor();
  await axeBoth(ctx, supervisor, 'supervise: cards');
  await ctx.screenshot(supervisor, 'supervise-cards');
  await supervisor.getByRole('tab', { name: yellow.card === 'red' ? /超期/ : /临期/ }).click();
  await list.getByRole('link', { name: yellow.number }).click();
  await supervisor.getByRole('heading', { level: 1, name: `办件 ${yellow.number}` }).waitFor();
  await supervisor.getByTestId('case-clock').locator(`[data-card="${yellow.card}"]`).waitFor();
  await axeBoth(ctx, supervisor, 'supervise: case');
  return `yellow ${yellow.number} (${yellow.card}); 即办 ${instant.number} is ${refreshed.card} (due ${refreshed.clock.due})`;
});

test(
  'a supervisor sees a case turn yellow, then red, as the test moves the clock',
  async (ctx) => {
    // 食品经营许可 promises 6 working days: green at 受理; the e2e server runs with TONGBAN_TEST_CLOCK=1, so the
    // admin can move the working-day clock to one minute before the due instant (yellow) and past it (red).
    const c = await acceptedCase(ctx, '421202-YD-SPJY', '食品经营许可', {
      applicantName: '咸宁市示范科技有限公司', creditCode: '91421202MA49AB1C2J', contactName: '李四', contactPhone: '13900000002', address: '咸宁市咸安区温泉路 1 号',
    });
    assert(c.card === 'green', `a 6-working-day case is green at 受理, got ${c.card}`);
    const admin = await apiSession(ctx, 'admin');
    const supervisor = await ctx.newPage();
    await ctx.login(supervisor, 'supervisor');
    const list = supervisor.getByTestId('cards-list');
    const openCards = async (tab) => {
      await supervisor.goto('/supervise/cards');
      await supervisor.getByTestId('cards-summary').waitFor();
      await supervisor.getByRole('tab', { name: tab }).click();
    };
    await openCards(/临期/);
    await list.waitFor();
    assert((await list.getByRole('link', { name: c.number }).count()) === 0, 'a green case is not among the yellow cards');

    const due = new Date(c.dueAt);
    await admin.put('/api/v1/test/clock', { at: new Date(due.getTime() - 60_000).toISOString() });
    await openCards(/临期/);
    await list.getByRole('link', { name: c.number }).waitFor();
    await openCards(/超期/);
    assert((await list.getByRole('link', { name: c.number }).count()) === 0, 'one minute before its due the case is not red');
    await ctx.screenshot(supervisor, 'supervise-cards-moved-yellow');

    await admin.put('/api/v1/test/clock', { at: new Date(due.getTime() + 60_000).toISOString() });
    await openCards(/超期/);
    await list.getByRole('link', { name: c.number }).click();
    await supervisor.getByRole('heading', { level: 1, name: `办件 ${c.number}` }).waitFor();
    await supervisor.getByTestId('case-clock').locator('[data-card="red"]').waitFor();
    await ctx.screenshot(supervisor, 'supervise-case-moved-red');
    await axeBoth(ctx, supervisor, 'supervise: red case');
    return `case ${c.number} (due ${c.dueAt}): green at 受理, yellow a minute before due, red a minute after`;
  },
  { movesClock: true },
);

test(
  'a supervisor sees a 一件事 turn red when its own clock runs out, and opens it from the cards',
  async (ctx) => {
    // The bundle's clock runs from 一窗受理 over all its items; the admin moves the server's clock past its due.
    const filed = await appliedBundle(ctx, { needSeal: true, needInvoice: false }, 'bundle-late');
    const clerk = await apiSession(ctx, 'clerk');
    await clerk.post(`/api/v1/bundle-cases/${filed.id}/accept`);
    const accepted = await clerk.get(`/api/v1/bundle-cases/${filed.id}`);
    assert(accepted.status === 'running' && accepted.clock.due, `the accepted bundle runs on its own clock, got ${accepted.status}`);
    const admin = await apiSession(ctx, 'admin');
    await admin.put('/api/v1/test/clock', { at: new Date(new Date(accepted.clock.due).getTime() + 60_000).toISOString() });

    const supervisor = await ctx.newPage();
    await ctx.login(supervisor, 'supervisor');
    await supervisor.goto('/supervise/cards');
    const list = supervisor.getByTestId('bundle-cards-list');
    const row = list.locator('tr', { hasText: filed.number });
    await row.locator('[data-card="red"]').waitFor();
    await row.getByText('企业开办').first().waitFor();
    await ctx.screenshot(supervisor, 'supervise-bundle-cards');
    await row.getByRole('link', { name: filed.number }).click();
    await supervisor.getByTestId('bundle-number').filter({ hasText: filed.number }).waitFor();
    await supervisor.getByTestId('bundle-header').locator('[data-card="red"]').waitFor();
    await axeBoth(ctx, supervisor, 'supervise: red bundle');
    await ctx.screenshot(supervisor, 'supervise-bundle-red');
    return `bundle ${filed.number} (due ${accepted.clock.due}): red a minute after its due, in the list and on its page`;
  },
  { movesClock: true },
);

test('我的办件 and the application fit a 375-px phone screen', async (ctx) => {
  const phone = await ctx.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await ctx.login(phone, 'enterprise');
  await phone.goto('/my/cases');
  await phone.getByRole('heading', { level: 1, name: '我的办件' }).waitFor();
  await phone.locator('[data-testid="my-cases"], .ant-empty').first().waitFor();
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert(wide <= 375, `my cases scrolls sideways: ${wide}px`);
  await ctx.screenshot(phone, 'phone-my-cases');
  const id = await itemId(phone, '421202-YD-SPJY', '食品经营许可');
  await phone.goto(`/apply/item/${id}`);
  await phone.getByLabel('单位名称').waitFor();
  const wideApply = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert(wideApply <= 375, `the application scrolls sideways: ${wideApply}px`);
  await ctx.screenshot(phone, 'phone-apply');
});

test('an enterprise applies for 企业开办 as one bundle, four departments act (the parallel ones in any order), and every result is handed out at once', async (ctx) => {
  const admin = await apiSession(ctx, 'admin');
  const departments = await admin.get('/api/v1/departments?regionCode=421202');
  const suffix = Date.now().toString(36);
  // The demo has approvers of 市场监管 only; the test makes one for 公安, 税务 and 人社.
  const approvers = {};
  for (const [code, item] of [['421202-ga', '公章刻制'], ['421202-sw', '发票申领'], ['421202-rs', '社保登记']]) {
    const dept = departments.find((d) => d.code === code);
    assert(dept, `the region has ${code}`);
    const username = `${code.split('-')[1]}${suffix}`;
    await admin.post('/api/v1/admin/users', { username, displayName: `${dept.name}审批员`, password: DEMO_PASSWORD, roles: ['approver'], regionCode: '421202', departmentId: dept.id });
    approvers[item] = username;
  }

  const applicant = await ctx.newPage();
  await ctx.login(applicant, 'enterprise');
  await applicant.goto('/apply/bundle/421202-YJS-QYKB');
  await applicant.getByRole('heading', { level: 1, name: /在线申请:企业开办/ }).waitFor();
  for (const q of ['是否需要刻制公章', '是否需要申领发票']) await applicant.locator('.ant-form-item', { hasText: q }).getByText('是', { exact: true }).click();
  await axeBoth(ctx, applicant, 'bundle: questions');
  await button(applicant, '下一步').click();
  const items = applicant.getByTestId('bundle-items');
  for (const name of ['企业设立登记', '公章刻制', '发票申领', '社保登记']) await items.getByText(name, { exact: true }).waitFor();
  await applicant.getByLabel('企业名称').fill('咸宁市通办开办示范有限公司');
  await applicant.getByLabel('企业类型').selectOption('llc');
  await applicant.getByLabel('注册资本').fill('100');
  await applicant.getByLabel('住所').fill('咸宁市咸安区温泉路 3 号');
  await applicant.getByLabel('法定代表人姓名').fill('李四');
  await applicant.getByLabel('法定代表人身份号码').fill(idNumberWithCheck('42120219800101123'));
  await applicant.getByLabel('联系电话').fill('13900000002');
  await applicant.getByLabel('经营范围').fill('软件开发');
  await applicant.getByLabel('联系人').fill('李四');
  await axeBoth(ctx, applicant, 'bundle: form');
  await button(applicant, '下一步').click();
  for (let i = 0; i < 4; i++) {
    await applicant.locator(`li[data-requirement="${i}"] input[type=file]`).setInputFiles(pdf(`qykb-${i}`));
    await applicant.getByTestId(`material-status-${i}`).filter({ hasText: '已上传' }).waitFor();
  }
  await applicant.getByText('营业执照').first().waitFor();
  await axeBoth(ctx, applicant, 'bundle: materials');
  await button(applicant, '下一步').click();
  await button(applicant, '提交申请').click();
  await button(applicant, '查看办件进度').click();
  await applicant.waitForURL(/\/my\/bundles\/[0-9a-f-]{36}$/);
  const bundleUrl = applicant.url();
  const number = (await applicant.getByTestId('bundle-number').textContent()).trim();
  await axeBoth(ctx, applicant, 'bundle: applicant view');

  const clerk = await ctx.newPage();
  await ctx.login(clerk, 'clerk');
  await clerk.getByRole('tab', { name: '一件事联办' }).click();
  await clerk.getByTestId('hall-bundles').getByRole('link', { name: number }).click();
  await clerk.getByTestId('bundle-accept').click();
  await confirmAction(clerk, '一窗受理');
  const bundlePage = clerk.url();
  const childNumber = async (item) =>
    (await clerk.getByTestId('bundle-children').locator('tr').filter({ has: clerk.getByRole('link', { name: item, exact: true }) }).locator('td').nth(3).textContent()).trim();
  /** The window's own step of a child: open it from the bundle, pass it, come back. */
  const passWindowStep = async (item) => {
    await clerk.goto(bundlePage);
    await clerk.getByTestId('bundle-children').getByRole('link', { name: item }).click();
    await button(clerk, '通过本环节').click();
    await confirmAction(clerk, '通过本环节');
  };
  const conclude = async (page, n, text) => {
    await page.goto('/approve');
    await page.getByTestId('approve-inbox').getByRole('link', { name: n }).click();
    await button(page, '办结').click();
    await page.getByLabel('决定书内容').fill(text);
    await confirmAction(page, '办结');
  };

  await clerk.getByTestId('bundle-children').getByRole('link', { name: '企业设立登记' }).waitFor();
  const first = await childNumber('企业设立登记');
  await passWindowStep('企业设立登记');
  const scjg = await ctx.newPage();
  await ctx.login(scjg, 'approver');
  await conclude(scjg, first, '准予设立登记,核发营业执照。');

  // Stage two starts by itself once 设立登记 concludes: three departments in parallel.
  await clerk.goto(bundlePage);
  await clerk.locator('[data-stage-status="completed"]').first().waitFor();
  const parallel = ['发票申领', '公章刻制', '社保登记'];
  const numbers = {};
  for (const item of parallel) {
    await clerk.goto(bundlePage);
    await clerk.getByTestId('bundle-children').getByRole('link', { name: item }).waitFor();
    numbers[item] = await childNumber(item);
    await passWindowStep(item);
  }
  for (const item of parallel) {
    const page = await ctx.newPage();
    await loginAs(page, approvers[item]);
    await page.getByRole('heading', { name: '审批办理工作台' }).waitFor();
    await conclude(page, numbers[item], `准予${item}。`);
  }

  await clerk.goto(bundlePage);
  await clerk.locator('[data-bundle-status="concluded"]').waitFor();
  await clerk.getByTestId('bundle-deliver').click();
  await confirmAction(clerk, '统一出件');
  await clerk.locator('[data-bundle-status="delivered"]').waitFor();
  await axeBoth(ctx, clerk, 'bundle: window view');
  await ctx.screenshot(clerk, 'window-bundle-delivered');

  await applicant.goto(bundleUrl);
  await applicant.locator('[data-bundle-status="delivered"]').waitFor();
  await applicant.locator('[data-bundle-outcome="approved"]', { hasText: '全部准予' }).waitFor();
  const states = await applicant.getByTestId('bundle-children').locator('[data-state]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
  assert(states.length === 4 && states.every((s) => s === 'delivered'), `every item's result is delivered, got ${states}`);
  await ctx.screenshot(applicant, 'portal-my-bundle');
  await applicant.getByTestId('bundle-children').getByRole('link', { name: '社保登记' }).click();
  const timeline = applicant.getByTestId('case-timeline');
  for (const step of ['受理', '环节通过', '办结', '出件送达']) await timeline.getByText(step, { exact: true }).first().waitFor();
  return `bundle ${number}: 设立登记 ${first}, then ${parallel.map((i) => `${i} ${numbers[i]}`).join(', ')}; delivered at once`;
});
