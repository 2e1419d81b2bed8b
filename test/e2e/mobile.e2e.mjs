import { assert, test } from './harness.mjs';

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function noSideScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 375, `the page is ${width}px wide on a 375px screen`);
}

test('the portal fits a 375-px phone screen', async (ctx) => {
  const page = await ctx.newPage(PHONE);
  await page.goto('/');
  await page.getByRole('heading', { name: '一网通办 · 一窗通办 · 一事联办' }).waitFor();
  await noSideScroll(page);
  await ctx.screenshot(page, 'portal-375');
  await page.goto('/register');
  await page.getByRole('heading', { name: '用户注册' }).waitFor();
  await noSideScroll(page);
  await ctx.screenshot(page, 'register-375');
});

test('an applicant logs in on a phone', async (ctx) => {
  const page = await ctx.newPage(PHONE);
  await ctx.login(page, 'person');
  await noSideScroll(page);
  await ctx.screenshot(page, 'person-home-375');
});
