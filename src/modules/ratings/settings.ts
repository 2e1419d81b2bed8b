import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { regionChain } from './regions.js';
import { authorizeSettings } from './policy.js';
import { DEFAULT_SETTINGS, settingsProblem, type RatingSettings } from './rules.js';
import { ratingSettings } from './schema.js';

/** The settings of a region: its own row, else its nearest ancestor's, else the defaults (30 days, 1 and 15 working days). */
export async function settingsFor(db: Db, regionCode: string): Promise<RatingSettings & { from: string | null }> {
  const chain = regionChain(regionCode);
  const rows = await db.select().from(ratingSettings).where(inArray(ratingSettings.regionCode, chain));
  for (const code of chain) {
    const r = rows.find((x) => x.regionCode === code);
    if (r) return { supplementDays: r.supplementDays, verifyDays: r.verifyDays, rectifyDays: r.rectifyDays, from: code };
  }
  return { supplementDays: DEFAULT_SETTINGS.supplementDays, verifyDays: DEFAULT_SETTINGS.verifyDays, rectifyDays: DEFAULT_SETTINGS.rectifyDays, from: null };
}

export async function putSettings(db: Db, caller: Caller, regionCode: string, s: RatingSettings, now: Date): Promise<RatingSettings & { from: string | null }> {
  authorizeSettings(caller, regionCode);
  if (settingsProblem(s)) throw new AppError('RATING_SETTINGS_INVALID', s);
  await db
    .insert(ratingSettings)
    .values({ regionCode, ...s, updatedAt: now, updatedBy: caller.id })
    .onConflictDoUpdate({ target: ratingSettings.regionCode, set: { ...s, updatedAt: now, updatedBy: caller.id } });
  return settingsFor(db, regionCode);
}
