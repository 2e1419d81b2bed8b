import { assert, test } from './harness.mjs';

// A notice in the State Council's wording for a year the seed does not hold; every weekday matches its date.
export const NOTICE_2027 = `国务院办公厅关于2027年部分节假日安排的通知
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（农历正月初一、周六）至12日（农历正月初七、周五）放假调休，共7天。1月31日（周日）、2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
国务院办公厅
2026年11月10日`;

test('an admin previews and confirms the holiday notice of a new year and sees it in the year view; the supervisor warning follows', async (ctx) => {
  const supervisor = await ctx.newPage();
  await ctx.login(supervisor, 'supervisor');
  const missingBefore = await supervisor.evaluate(() => fetch('/api/v1/supervise/calendar/missing-years').then((r) => r.json()));
  assert(missingBefore.missing.includes(2027), `2027 is missing before the import: ${JSON.stringify(missingBefore)}`);
  const warning = supervisor.getByTestId('calendar-warning');
  await warning.waitFor();
  assert((await warning.textContent()).includes('2027'), 'the supervisor is warned that 2027 is not entered');
  await ctx.screenshot(supervisor, 'supervise-calendar-warning');

  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.getByRole('tab', { name: '工作日历' }).click();
  await admin.waitForURL(/\/admin\/calendar$/);
  await admin.getByTestId('month-1').waitFor();
  await ctx.screenshot(admin, 'admin-calendar-year');

  await admin.locator('#notice_year').fill('2027');
  await admin.locator('#notice_text').fill(NOTICE_2027);
  await admin.getByRole('button', { name: /预\s*览/ }).click();
  const preview = admin.getByTestId('notice-preview');
  await preview.waitFor();
  const holidays = Number(await admin.getByTestId('preview-holidays').textContent());
  const adjusted = Number(await admin.getByTestId('preview-adjusted').textContent());
  assert(holidays === 27 && adjusted === 6, `27 holidays and 6 adjusted workdays, got ${holidays} and ${adjusted}`);
  await ctx.screenshot(admin, 'admin-calendar-notice-preview');
  await admin.getByRole('button', { name: '确认导入 2027 年' }).click();
  await admin.getByRole('heading', { name: '2027 年工作日历' }).waitFor();
  await admin.getByTestId('year-entered').waitFor();
  const national = admin.locator('button[data-date="2027-10-01"]');
  assert((await national.getAttribute('data-kind')) === 'holiday', '1 October 2027 is a holiday');
  assert((await admin.locator('button[data-date="2027-09-26"]').getAttribute('data-kind')) === 'adjusted_workday', '26 September 2027 is a working Sunday');
  assert((await national.textContent()).includes('法定节假日'), 'the day says its kind in words');
  await ctx.screenshot(admin, 'admin-calendar-2027');

  await supervisor.reload();
  await supervisor.getByRole('heading', { name: '效能监督' }).waitFor();
  await supervisor.locator('[data-testid="calendar-ok"], [data-testid="calendar-warning"]').first().waitFor();
  const text = await supervisor.locator('[data-testid="calendar-ok"], [data-testid="calendar-warning"]').first().textContent();
  assert(!/2027/.test(text) || text.includes('均已录入'), `2027 is no longer reported missing: ${text}`);
});

test('an unreadable notice line is shown in the preview and cannot be confirmed', async (ctx) => {
  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.goto('/admin/calendar');
  await admin.locator('#notice_year').fill('2028');
  await admin.locator('#notice_text').fill('国务院办公厅关于2028年部分节假日安排的通知\n一、元旦：1月1日（周一）放假1天。');
  await admin.getByRole('button', { name: /预\s*览/ }).click();
  await admin.getByTestId('notice-problems').waitFor();
  assert(await admin.getByRole('button', { name: '确认导入 2028 年' }).isDisabled(), 'confirm is disabled');
});

test('an admin sets the office hours of the national calendar', async (ctx) => {
  const admin = await ctx.newPage();
  await ctx.login(admin, 'admin');
  await admin.goto('/admin/calendar');
  await admin.getByRole('heading', { name: '办公时间' }).waitFor();
  await admin.locator('#hours-start-0').waitFor();
  await admin.locator('#hours-end-0').fill('12:30');
  await admin.getByTestId('hours-save').click();
  await admin.getByText('办公时间已保存').waitFor();
});
