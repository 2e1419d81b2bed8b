import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { acceptedCase } from './case-helpers.mjs';
import { assert, axeBoth, test } from './harness.mjs';

const SECTIONS = ['一、总体情况', '二、政务服务事项情况', '三、办件办理情况', '四、“一件事一次办”情况', '五、红黄牌预警情况', '六、“好差评”情况', '七、12345热线情况', '八、“双随机、一公开”监管情况', '九、考核排名', '十、下步工作要求'];
const squeeze = (s) => s.replace(/\s+/g, '');

test('supervision: a supervisor reads the month’s statistics, drills down to a county and ranks the departments', async (ctx) => {
  await acceptedCase(ctx, '421202-YD-SPJY', '食品经营许可', { applicantName: '咸宁市示范科技有限公司', creditCode: '91421202MA49AB1C2J', contactName: '李四', contactPhone: '13900000002', address: '咸宁市咸安区温泉路 1 号' });
  const page = await ctx.newPage();
  await ctx.login(page, 'supervisor');

  await page.getByRole('link', { name: /办件统计/ }).click();
  await page.getByRole('heading', { name: '办件统计', exact: true }).waitFor();
  await page.getByTestId('sv-applications').waitFor();
  assert(Number(await page.getByTestId('sv-applications').textContent()) >= 1, 'this month has at least the case filed above');
  await page.getByTestId('sv-chart').locator('svg').waitFor();
  await page.getByRole('button', { name: /下钻:咸安区/ }).click();
  await page.getByRole('button', { name: '咸安区', exact: true }).waitFor();
  await ctx.screenshot(page, 'supervise-figures');
  await axeBoth(ctx, page, 'supervise figures');

  await page.goto('/supervise/ranking');
  await page.getByRole('heading', { name: '考核排名' }).waitFor();
  // Ratings and 12345 are plugged in: their weights count (no "not installed" note).
  await page.getByText('好评率 25', { exact: true }).waitFor();
  await page.getByText('12345满意率 15', { exact: true }).waitFor();
  await page.locator('.ant-table-tbody .ant-table-row').first().waitFor();
  await ctx.screenshot(page, 'supervise-ranking');
  await axeBoth(ctx, page, 'supervise ranking');
});

test('supervision: a supervisor generates the month’s report and finds the page’s figures in its docx and PDF, then opens the wall screen', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.login(page, 'supervisor');
  await page.goto('/supervise/reports');
  await page.getByRole('heading', { name: '每月考核通报' }).waitFor();
  await page.getByRole('button', { name: '生成通报' }).click();
  const figures = page.getByTestId('sv-report-figures');
  await figures.waitFor({ timeout: 300_000 });
  const shown = Object.fromEntries(
    await figures.locator('.ant-descriptions-item').evaluateAll((items) => items.map((i) => [i.querySelector('.ant-descriptions-item-label')?.textContent ?? '', i.querySelector('.ant-descriptions-item-content')?.textContent ?? ''])),
  );
  const month = (await page.locator('.ant-table-tbody .ant-table-row td').first().textContent()).trim();
  assert(/^\d{4}-\d{2}$/.test(month), `the archive lists the month, got ${month}`);
  await ctx.screenshot(page, 'supervise-reports');
  await axeBoth(ctx, page, 'supervise reports');

  const docx = await page.request.get(`/api/v1/supervision/reports/${month}/docx`);
  assert(docx.ok(), `docx download: ${docx.status()}`);
  const docxText = squeeze((await mammoth.extractRawText({ buffer: await docx.body() })).value);
  const pdf = await page.request.get(`/api/v1/supervision/reports/${month}/pdf`);
  assert(pdf.ok(), `pdf download: ${pdf.status()}`);
  const dir = mkdtempSync(join(tmpdir(), 'tb-report-'));
  writeFileSync(join(dir, 'report.pdf'), await pdf.body());
  const pdfText = squeeze(execFileSync('pdftotext', [join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }));
  for (const [name, text] of [['docx', docxText], ['pdf', pdfText]]) {
    for (const title of SECTIONS) assert(text.includes(squeeze(title)), `${name} has the section ${title}`);
    assert(text.includes(squeeze(shown['文号'])), `${name} has the number ${shown['文号']}`);
    assert(text.includes(`申请${shown['申请']}件`), `${name} says ${shown['申请']} applications as the page does`);
    assert(text.includes(`办结${shown['办结']}件`), `${name} says ${shown['办结']} concluded as the page does`);
    assert(text.includes(`网办率${shown['网办率']}`), `${name} says 网办率 ${shown['网办率']} as the page does`);
    assert(text.includes(`按期办结率${shown['按期办结率']}`), `${name} says 按期办结率 ${shown['按期办结率']} as the page does`);
  }

  await page.goto('/supervise/wall');
  await page.getByTestId('wall-applications').waitFor();
  await page.getByText('好差评(本月)').waitFor();
  await page.getByText('12345热线(本月)').waitFor();
  await ctx.screenshot(page, 'supervise-wall');
  await axeBoth(ctx, page, 'supervise wall');
});

test('supervision: a department finds the month’s report in its inbox, downloads its own page and sees it marked read', async (ctx) => {
  const boss = await ctx.newPage();
  await ctx.login(boss, 'supervisor');
  await boss.goto('/supervise/reports');
  await boss.getByRole('heading', { name: '每月考核通报' }).waitFor();
  await boss.getByRole('button', { name: '生成通报' }).click();
  await boss.getByTestId('sv-report-figures').waitFor({ timeout: 300_000 });
  const month = (await boss.locator('.ant-table-tbody .ant-table-row td').first().textContent()).trim();

  const page = await ctx.newPage();
  await ctx.login(page, 'approver');
  await page.goto('/inbox/reports');
  await page.getByRole('heading', { name: '本部门收到的考核通报' }).waitFor();
  const row = page.locator('.ant-table-tbody .ant-table-row', { hasText: month }).first();
  await row.getByText('未读').waitFor();
  await ctx.screenshot(page, 'supervise-inbox');
  await axeBoth(ctx, page, 'report inbox');

  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: /打开本部门页/ }).click()]);
  assert(download.suggestedFilename().endsWith('.pdf'), `a PDF is downloaded, got ${download.suggestedFilename()}`);
  const dir = mkdtempSync(join(tmpdir(), 'tb-inbox-'));
  const file = join(dir, 'page.pdf');
  await download.saveAs(file);
  const text = squeeze(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
  assert(text.includes('本部门考核得分'), 'the department’s page shows its own score');
  assert(text.includes('本部门办件情况') && text.includes('12345满意率'), 'the page has the department’s cases and its score parts, 12345 among them');
  await row.getByText('已读').waitFor();
  await page.getByTestId('sv-inbox-unread').getByText(/未读 \d+ 份/).waitFor();
});
