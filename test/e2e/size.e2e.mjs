import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { assert, root, test } from './harness.mjs';

const BUDGET = 500 * 1024;

test('the portal home loads under 500 KB of compressed JavaScript and none of the staff surfaces', async (ctx) => {
  const page = await ctx.newPage();
  const scripts = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname.endsWith('.js')) scripts.push(url.pathname);
  });
  await page.goto('/', { waitUntil: 'networkidle' });
  await page.getByRole('heading', { name: '一网通办 · 一窗通办 · 一事联办' }).waitFor();
  const gz = scripts.map((p) => gzipSync(readFileSync(join(root, 'web/dist', p)), { level: 9 }).length).reduce((a, b) => a + b, 0);
  assert(gz < BUDGET, `first load sends ${(gz / 1024).toFixed(1)} KB of gzip JS`);
  const staff = scripts.filter((p) => /(AdminDesk|WindowDesk|ApproveDesk|SuperviseDesk|UsersTab|table|tree)-/.test(p));
  assert(staff.length === 0, `the home page loaded staff code: ${staff.join(', ')}`);
  return `${(gz / 1024).toFixed(1)} KB gzip in ${scripts.length} files`;
});
