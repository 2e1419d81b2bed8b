import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, axeBoth, root, settledDialog, test } from './harness.mjs';

const SEEDS = process.env.TONGBAN_SEEDS ?? join(root, '../shared/seeds');
const SEED_002 = join(SEEDS, '002_d328efa452e4694d.txt');

test('an admin imports seed 002 into the ledger, reviews the tasks beside the source and confirms', async (ctx) => {
  assert(existsSync(SEED_002), `seed 002 is at ${SEED_002}`);
  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.getByRole('tab', { name: '任务台账导入' }).click();
  await admin.getByRole('heading', { name: '导入政策文件' }).waitFor();
  await admin.locator('input[type=file]').setInputFiles({ name: '002.txt', mimeType: 'text/plain', buffer: readFileSync(SEED_002) });
  await admin.waitForURL(/\/admin\/ledger\/import\/[0-9a-f-]{36}$/);
  await admin.getByTestId('ledger-draft').waitFor();
  const count = Number(await admin.getByTestId('ledger-task-count').textContent());
  assert(count === 24, `seed 002 holds 24 tasks, got ${count}`);
  const first = admin.getByTestId('ledger-task').first();
  assert((await first.locator('figure li').count()) > 0, 'the first task shows its source lines');
  await ctx.screenshot(admin, 'admin-ledger-review');

  const text = first.locator('textarea').first();
  await text.fill(`${await text.inputValue()}(已核对)`);
  await admin.getByText('有未保存的修改').waitFor();
  await admin.getByRole('button', { name: '确认导入 24 项任务' }).click();
  await admin.getByRole('heading', { name: '已导入 24 项任务' }).waitFor();
  await ctx.screenshot(admin, 'admin-ledger-confirmed');

  await admin.getByRole('link', { name: '查看任务台账' }).click();
  await admin.getByRole('heading', { name: '改革任务台账' }).waitFor();
  await admin.locator('.ant-table-tbody .ant-table-row').first().waitFor();
  await admin.getByText('(已核对)', { exact: false }).first().waitFor();
  await ctx.screenshot(admin, 'supervise-ledger-tasks');
  await admin.getByRole('tab', { name: '月调度' }).click();
  await admin.getByTestId('dispatch').waitFor();
  await ctx.screenshot(admin, 'supervise-ledger-dispatch');
  await admin.getByRole('tab', { name: '季督办' }).click();
  await admin.getByRole('button', { name: /生成 .* 督办单/ }).click();
  await admin.getByText('督办单已生成').waitFor();
  await admin.getByTestId('orders').waitFor();
  await ctx.screenshot(admin, 'supervise-ledger-orders');
  await admin.getByRole('tab', { name: '年评价' }).click();
  await admin.getByRole('button', { name: '计算评价' }).click();
  await admin.getByTestId('evaluation').waitFor();
  const href = await admin.getByRole('link', { name: '导出 Excel' }).getAttribute('href');
  assert(href.includes('kind=evaluation') && href.includes('format=xlsx'), `export link: ${href}`);
  const res = await admin.evaluate((url) => fetch(url).then((r) => ({ status: r.status, type: r.headers.get('content-type') })), href);
  assert(res.status === 200 && res.type.includes('spreadsheetml'), `the export answers an xlsx: ${JSON.stringify(res)}`);
  await ctx.screenshot(admin, 'supervise-ledger-evaluation');
  assert(admin.problems.length === 0, admin.problems.join('\n'));
});

/** A district's task list whose units the registry does not know yet (咸安区, 省市监局 a new abbreviation). */
const XIANAN = [
  '咸安区2026年优化营商环境重点任务分工方案',
  '发布单位:咸宁市咸安区人民政府办公室 日期:2026-01-05',
  '一、重点任务',
  '1.推行企业开办全程网办,企业开办时间压缩至1个工作日内。(牵头单位:咸安区市场监管局;责任单位:咸安区行政审批局;完成时限:2026年12月底前)',
  '2.推进市场主体登记与不动产登记信息共享。(牵头单位:咸安区市场监管局;责任单位:区不动产中心、省市监局;完成时限:2026年6月底前)',
].join('\n');

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Picks an option of an antd Select by typing part of its text, as a keyboard user would. */
async function choose(scope, page, label, text) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

async function fits375(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 375, `${what} is ${width}px wide on a 375px screen`);
}

test('ledger units: a supervisor merges the unknown units of an import; a unit member files a report on 我的任务 and the supervisor sees it', async (ctx) => {
  const sup = await ctx.newPage();
  await ctx.login(sup, 'supervisor');
  await sup.goto('/supervise/ledger/import');
  await sup.locator('input[type=file]').setInputFiles({ name: 'xianan.txt', mimeType: 'text/plain', buffer: Buffer.from(XIANAN) });
  await sup.waitForURL(/\/supervise\/ledger\/import\/[0-9a-f-]{36}$/);
  const unknown = sup.getByTestId('unknown-unit');
  await unknown.first().waitFor();
  assert((await unknown.count()) === 4, `four unregistered units flagged, got ${await unknown.count()}`);
  await axeBoth(ctx, sup, 'ledger import review with unregistered units');
  await ctx.screenshot(sup, 'supervise-ledger-unknown-units');

  // 省市监局 is another spelling of 湖北省市场监督管理局: merged as its alias.
  const abbrev = unknown.filter({ hasText: '省市监局' });
  await choose(abbrev, sup, '选择已登记单位', '湖北省市场监督管理局');
  await abbrev.getByRole('button', { name: '处理“省市监局”' }).click();
  await sup.getByText('“省市监局”已处理').waitFor();
  // 咸安区市场监管局 is a new unit: the department whose staff report for it.
  const bureau = unknown.filter({ hasText: '咸安区市场监管局' });
  await bureau.getByText('登记为新单位').click();
  await choose(bureau, sup, '关联部门', '咸宁市咸安区市场监督管理局');
  await bureau.getByRole('button', { name: '处理“咸安区市场监管局”' }).click();
  await sup.getByText('“咸安区市场监管局”已处理').waitFor();
  await sup.waitForFunction(() => document.querySelectorAll('[data-testid="unknown-unit"]').length === 2);
  await sup.getByText('省市监局 → 湖北省市场监督管理局').first().waitFor();
  await sup.getByText('咸安区市场监管局 → 咸宁市咸安区市场监督管理局').first().waitFor();
  await axeBoth(ctx, sup, 'ledger import review after merging');
  await sup.getByRole('button', { name: '确认导入 2 项任务' }).click();
  await sup.getByRole('heading', { name: '已导入 2 项任务' }).waitFor();

  // The two units left unsettled were added unverified: the registry links one to its department.
  await sup.goto('/supervise/ledger/units');
  const strays = sup.getByTestId('ledger-units');
  await strays.getByRole('cell', { name: '咸安区行政审批局', exact: true }).waitFor();
  await axeBoth(ctx, sup, 'ledger unit registry');
  await strays.getByRole('button', { name: '处理 咸安区行政审批局' }).click();
  await sup.getByRole('dialog').getByText('关联部门并核实').click();
  await choose(sup.getByRole('dialog'), sup, '关联部门', '咸宁市咸安区行政审批局');
  await (await settledDialog(sup)).getByRole('button', { name: /保\s*存/ }).click();
  await sup.getByText('已核实').first().waitFor();
  await strays.getByRole('cell', { name: '咸安区行政审批局', exact: true }).waitFor({ state: 'detached' });
  await ctx.screenshot(sup, 'supervise-ledger-units');

  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
  const missing = () => sup.evaluate((m) => fetch(`/api/v1/ledger/dispatch?month=${m}`).then((r) => r.json()).then((d) => d.missing.length), month);
  const before = await missing();

  // The approver of 咸安区市场监督管理局 finds the task on 我的任务 with this month's report due, and files it.
  const unit = await ctx.newPage();
  await ctx.login(unit, 'approver');
  await unit.getByRole('link', { name: '我的任务' }).click();
  await unit.waitForURL(/\/ledger\/my$/);
  const card = unit.getByTestId('my-task').filter({ hasText: '推行企业开办全程网办' });
  await card.getByText(`${month} 待报`).waitFor();
  await card.getByText('牵头 · 咸宁市咸安区市场监督管理局').waitFor();
  await axeBoth(ctx, unit, '我的任务');
  await ctx.screenshot(unit, 'ledger-my-tasks');
  await card.getByRole('link', { name: '任务 1' }).click();
  await unit.getByTestId('my-report-form').waitFor();
  await axeBoth(ctx, unit, '我的任务: report form');
  await unit.getByTestId('my-report-form').getByLabel('报送期', { exact: true }).click();
  await unit.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: month }).first().click();
  await unit.getByLabel('进展情况').fill('企业开办全程网办已上线,本月平均0.8个工作日办结。');
  await unit.getByLabel(/企业开办.*实际值/).fill('0.8');
  await unit.getByLabel('附件名称').fill('运行情况说明');
  await unit.getByLabel('附件链接(如公文系统地址)').fill('https://oa.example.gov.cn/doc/123');
  await unit.getByRole('button', { name: '提交报送' }).click();
  await unit.getByText(`已报送 ${month} 进展`).waitFor();
  await unit.getByTestId('report-entry').filter({ hasText: '本月平均0.8个工作日办结' }).waitFor();
  await unit.getByRole('link', { name: '运行情况说明' }).waitFor();
  await ctx.screenshot(unit, 'ledger-my-task-reported');
  await unit.getByRole('link', { name: '‹ 返回我的任务' }).click();
  await unit.getByTestId('my-task').filter({ hasText: '推行企业开办全程网办' }).getByText(`${month} 已报送`).waitFor();

  // The supervisor sees the report under the task and one report fewer missing in 月调度.
  assert((await missing()) === before - 1, `月调度 missing reports: ${before} before, ${await missing()} after`);
  await sup.goto('/supervise/ledger/tasks');
  const row = sup.locator('.ant-table-row').filter({ hasText: '推行企业开办全程网办' });
  await row.getByRole('button', { name: /展开/ }).click();
  await sup.getByTestId('task-history').getByText('本月平均0.8个工作日办结').waitFor();
  await axeBoth(ctx, sup, 'ledger task history');
  await ctx.screenshot(sup, 'supervise-ledger-history');

  // 季督办: the overdue task's 督办单 goes to its lead unit, whose approver answers it on 我的任务.
  await sup.getByRole('tab', { name: '季督办' }).click();
  const quarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
  await sup.getByRole('button', { name: `生成 ${quarter} 督办单` }).click();
  await sup.getByText('督办单已生成').waitFor();
  await unit.goto('/ledger/my');
  const order = unit.getByTestId('my-order').filter({ hasText: '推进市场主体登记与不动产登记信息共享' });
  await order.getByText('待答复').waitFor();
  await axeBoth(ctx, unit, '我的任务 with a 督办单');
  await order.getByRole('button', { name: /答\s*复/ }).click();
  await unit.getByLabel('答复', { exact: true }).fill('信息共享接口已联调完成,12月底前上线运行。');
  await (await settledDialog(unit)).getByRole('button', { name: /保\s*存/ }).click();
  await unit.getByText('答复已提交').waitFor();
  await order.getByText('已答复').waitFor();
  await sup.reload();
  await sup.getByTestId('orders').getByText('信息共享接口已联调完成', { exact: false }).first().waitFor();

  // The unit's pages fit a phone.
  const phone = await ctx.newPage(PHONE);
  await ctx.login(phone, 'approver');
  await phone.goto('/ledger/my');
  await phone.getByTestId('my-task').first().waitFor();
  await fits375(phone, '我的任务');
  await ctx.screenshot(phone, 'ledger-my-tasks-375');
  await phone.getByTestId('my-task').filter({ hasText: '推行企业开办全程网办' }).getByRole('link', { name: '任务 1' }).click();
  await phone.getByTestId('report-history').waitFor();
  await fits375(phone, 'the task page');
  for (const p of [sup, unit, phone]) assert(p.problems.length === 0, p.problems.join('\n'));
});
