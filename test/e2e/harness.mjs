// The tiny test registry and the helpers the browser tests share. run.mjs imports every *.e2e.mjs file,
// which registers its tests here with test(name, fn), then runs them one by one against a live server.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const screenshotDir = join(root, 'test/e2e/screenshots');
export const DEMO_PASSWORD = 'Tongban@2026';

/** The demo accounts `npm start` seeds, and the surface each one lands on after logging in. */
export const DEMO = {
  admin: { account: 'admin', home: '/admin', heading: '系统管理' },
  supervisor: { account: 'supervisor', home: '/supervise', heading: '效能监督' },
  clerk: { account: 'clerk', home: '/window', heading: '综合窗口工作台' },
  approver: { account: 'approver', home: '/approve', heading: '审批办理工作台' },
  person: { account: '421202199001011232', home: '/', heading: '您好,张三' },
  enterprise: { account: '91421202MA49AB1C2J', home: '/', heading: '您好,咸宁市示范科技有限公司' },
};

export const tests = [];

/** `movesClock`: the test moves the server's working-day clock forward for good, so it runs after all the others. */
export function test(name, fn, { movesClock = false } = {}) {
  tests.push({ name, fn, movesClock });
}

export class AssertionError extends Error {}

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Everything a test needs: the server's address and fresh browser contexts (each with its own cookies),
 * closed after the test whatever its outcome.
 */
export function makeContext(browser, baseUrl) {
  const contexts = [];
  const pages = [];
  const ctx = {
    baseUrl,
    async newPage(options = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', viewport: { width: 1280, height: 860 }, ...options });
      contexts.push(context);
      const page = await context.newPage();
      pages.push(page);
      // A wait ends on the state it waits for; the long limit only bounds a test that is truly stuck on a busy machine.
      page.setDefaultTimeout(60_000);
      const problems = [];
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy|Refused to/.test(msg.text())) problems.push(`console: ${msg.text()}`);
      });
      page.problems = problems;
      return page;
    },
    /** Logs in through the login form, as a person would, and waits for the landing surface. */
    async login(page, who) {
      const demo = DEMO[who];
      await page.goto('/login');
      await page.locator('#login_account').fill(demo.account);
      await page.locator('#login_password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((url) => url.pathname.startsWith(demo.home === '/' ? '/' : demo.home) && url.pathname !== '/login');
      await page.getByRole('heading', { name: demo.heading }).waitFor();
    },
    async screenshot(page, name) {
      mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
    },
    /** axe-core on the page as it is now; returns the serious and critical violations as readable lines. */
    async axe(page, label) {
      // Colours are measured at rest, not halfway through an antd transition: running ones finish first (a form
      // message fading out would otherwise be frozen half transparent), then the rest are switched off.
      await motionSettled(page);
      await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
      await page.evaluate(axeSource);
      const result = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] }),
      );
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${label}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
    },
    /** Screenshots of every page the failed test had open, named after the test. */
    async captureFailure(testName) {
      const slug = testName.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
      await Promise.all(pages.map((p, i) => ctx.screenshot(p, `FAILED-${slug}-${i}`).catch(() => {})));
    },
    async close() {
      await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    },
  };
  return ctx;
}

/** GB 11643 check character, so a test can make a valid resident ID number of its own. */
export function idNumberWithCheck(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** axe on the page in Chinese and in English, back to Chinese afterwards. */
export async function axeBoth(ctx, page, label) {
  const found = await ctx.axe(page, `${label} (zh)`);
  await page.getByTestId('lang-switch').click();
  await page.locator('html[lang="en"]').waitFor();
  found.push(...(await ctx.axe(page, `${label} (en)`)));
  await page.getByTestId('lang-switch').click();
  await page.locator('html[lang="zh-CN"]').waitFor();
  await restoreMotion(page);
  assert(found.length === 0, found.join('\n'));
}

/**
 * The open antd dialog once it has finished zooming in, as a person would wait for it before pressing its buttons:
 * a press during the appear motion was seen to go unanswered on a loaded machine.
 */
export async function settledDialog(page) {
  const dialog = page.locator('.ant-modal:visible');
  await dialog.and(page.locator(':not(.ant-zoom-appear):not(.ant-zoom-enter)')).waitFor();
  return dialog;
}

/** Removes the style sheet an axe scan adds to stop antd's motion, which dialogs and dropdowns need to close. */
export async function restoreMotion(page) {
  await page.evaluate(() => document.querySelectorAll('style').forEach((s) => s.textContent.includes('animation: none !important') && s.remove()));
}

/** Every finite animation and transition on the page has finished (spinners, which never finish, are left out). */
export async function motionSettled(page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity));
}
