// 排队叫号 in the browser: a walk-in takes a number on the kiosk; the hall's big screen shows it the moment the
// 综合窗口 calls it (server-sent events); the clerk starts and finishes it, and the ticket reads done. Each page is
// scanned by axe in both languages.
import { apiSession } from './case-helpers.mjs';
import { assert, axeBoth, test } from './harness.mjs';

test('hall: a walk-in takes a number on the kiosk, the display shows it when the window calls it, the clerk finishes it', async (ctx) => {
  const admin = await apiSession(ctx, 'admin');
  const [hall] = await admin.get('/api/v1/hall/halls?regionCode=421202');
  assert(hall, 'the demo install has a hall in 咸安区');

  // The big screen first, so it is listening when the number is called.
  const screen = await ctx.newPage();
  await screen.goto(`/hall/display/${hall.id}`);
  await screen.locator('[data-testid="hall-display"][data-live="yes"]').waitFor();

  const kiosk = await ctx.newPage();
  await kiosk.goto(`/hall/kiosk/${hall.id}`);
  await kiosk.getByRole('heading', { name: /自助取号/ }).waitFor();
  await axeBoth(ctx, kiosk, 'hall: kiosk');
  await kiosk.getByTestId('hall-type-A').click();
  const number = (await kiosk.getByTestId('hall-ticket-number').innerText()).trim();
  assert(/^A\d{3}$/.test(number), `kiosk number: ${number}`);

  const desk = await ctx.newPage();
  await ctx.login(desk, 'clerk');
  await desk.goto('/hall/window');
  const window1 = desk.getByTestId('hall-window-1');
  await window1.waitFor();
  await axeBoth(ctx, desk, 'hall: window desk');
  await window1.getByTestId('hall-call-next').click();
  await window1.locator('[data-testid="hall-current"][data-status="called"]').waitFor();
  const called = (await window1.locator('.hall-current').innerText()).trim();
  assert(called === number, `the window called ${called}, the kiosk gave ${number}`);

  // The screen hears the call without reloading: the voice line and the first row name the number and the window.
  await screen.getByTestId('hall-voice').filter({ hasText: `${number.split('').join(' ')} 号到 1 号窗口` }).waitFor();
  await screen.getByTestId('hall-calls').locator('tbody tr').first().filter({ hasText: number }).waitFor();
  await axeBoth(ctx, screen, 'hall: display');

  await window1.getByRole('button', { name: /开始办理/ }).click();
  await window1.locator('[data-testid="hall-current"][data-status="serving"]').waitFor();
  await window1.getByTestId('hall-finish').click();
  await window1.getByTestId('hall-call-next').waitFor();
  const ticket = await admin.get(`/api/v1/public/hall/halls/${hall.id}`);
  assert(ticket.types.find((t) => t.prefix === 'A').waiting === 0, 'nobody waits for A once the number is finished');
  const sup = await apiSession(ctx, 'supervisor');
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const figures = await sup.get(`/api/v1/hall/figures?hallId=${hall.id}&from=${day}&to=${day}`);
  assert(figures.total.served >= 1, `served today: ${JSON.stringify(figures.total)}`);
});
