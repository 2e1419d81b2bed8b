import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, root, test } from './harness.mjs';

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
