/**
 * The order's card comes from two stored instants; at every instant it must be the colour the calendar module's
 * card() gives for the same clock — the rule cases use.
 */
import { describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import { card, cardFromInstants, loadWorkCalendar, seedCalendar } from '../calendar/index.js';
import { clockInstants } from './orders.js';
import { DEFAULT_LIMITS } from './rules.js';

describe('hotline cards', () => {
  it('agree with calendar.card() for every default limit, hour by hour', async () => {
    const db = await testDb();
    await seedCalendar(db);
    const cal = await loadWorkCalendar(db, '421200');
    const start = new Date('2026-09-28T02:30:00Z');
    for (const limitDays of new Set(Object.values(DEFAULT_LIMITS))) {
      const { dueAt, yellowAt } = await clockInstants(db, '421200', start, limitDays);
      for (let h = 0; h < 24 * 30; h += 3) {
        const now = new Date(start.getTime() + h * 3_600_000);
        expect(cardFromInstants(now, dueAt, yellowAt), `${limitDays} d, +${h} h`).toBe(card(cal, { start, limitDays }, now).color);
      }
    }
  }, 300_000);
});
