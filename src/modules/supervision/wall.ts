/** 大屏: today's figures for a hall's or a city's screen, from the rollups and the live card counts. */
import type { Db } from '../../platform/db.js';
import type { Caller } from '../../platform/http.js';
import { cardCounts, localDate } from './deps.js';
import { refreshRollups } from './rollup.js';
import { supervisionSources } from './sources.js';
import { bundleFigures, figuresOf, groupKey, namesFor, regionName, scopeRegion, spanOf, sumRollups } from './stats.js';

/** `primary` catches the rollups up; everything shown is read from `db`, which may be a lagging replica. */
export async function wall(db: Db, caller: Caller, q: { regionCode?: string }, now: Date, primary: Db = db) {
  const region = scopeRegion(caller, q.regionCode);
  // The screen polls; a refresh already running on another node is not waited for.
  await refreshRollups(primary, { skipIfBusy: true, maxPages: 20 });
  const day = localDate(now);
  const today = spanOf(day);
  const [total] = await sumRollups(db, region, today, {}, null);
  const [month] = await sumRollups(db, region, spanOf(day.slice(0, 7)), {}, null);
  const byRegion = await sumRollups(db, region, today, {}, groupKey('region', region));
  const names = await namesFor(db, 'region', region, byRegion.map((r) => r.key!));
  const { ratings, hotline } = supervisionSources();
  // Ratings and 12345 keep monthly rollups, so their tiles show this month so far (and say so).
  const span = { within: region, from: new Date(Date.parse(`${day.slice(0, 7)}-01T00:00:00+08:00`)), to: now };
  return {
    regionCode: region,
    regionName: await regionName(db, region),
    day,
    at: now.toISOString(),
    today: figuresOf(total?.sums ?? {}),
    month: figuresOf(month?.sums ?? {}),
    bundlesToday: await bundleFigures(db, region, today),
    byRegion: byRegion.map((r) => ({ key: r.key!, name: names.get(r.key!) ?? r.key!, applications: figuresOf(r.sums).applications, concluded: figuresOf(r.sums).concluded })),
    cards: await cardCounts(db, region, now),
    ratings: ratings ? await ratings.total(db, span) : null,
    hotline: hotline ? await hotline.total(db, span) : null,
  };
}
