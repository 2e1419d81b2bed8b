/** Per-region settings (limits per category, 回访 period, merge window, 满意率 rule, 直派 overrides) and the region's centre. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { getDepartment, getRegion, loadWorkCalendar } from './deps.js';
import { settingsFor } from './orders.js';
import { hoursToDays, regionPrefix, type Category } from './rules.js';
import { hotlineCentres, hotlineSettings, hotlineSubjects } from './schema.js';

function assertManager(caller: Caller, regionCode: string) {
  if (!(caller.roles.includes('supervisor') || caller.roles.includes('admin')) || !caller.regionCode) throw new AppError('FORBIDDEN');
  if (!regionCode.startsWith(regionPrefix(caller.regionCode))) throw new AppError('OUT_OF_SCOPE');
}

export async function getSettings(db: Db, caller: Caller, regionCode: string) {
  assertManager(caller, regionCode);
  await getRegion(db, regionCode).catch(() => { throw new AppError('HOTLINE_REGION_UNKNOWN'); });
  const s = await settingsFor(db, regionCode);
  const [centre] = await db.select().from(hotlineCentres).where(eq(hotlineCentres.regionCode, regionCode)).limit(1);
  return { regionCode, ...s, centreDepartmentId: centre?.departmentId ?? null };
}

export interface SettingsInput {
  limits?: Partial<Record<Category, { value: number; unit: 'workingDays' | 'workingHours' }>>;
  followUpDays?: number;
  mergeWindowHours?: number;
  basicCountsAsSatisfied?: boolean;
  routes?: Record<string, string>;
}

/** Changes apply to orders received (or reopened) afterwards; running clocks keep the limit they started with. */
export async function updateSettings(db: Db, caller: Caller, regionCode: string, input: SettingsInput) {
  assertManager(caller, regionCode);
  await getRegion(db, regionCode).catch(() => { throw new AppError('HOTLINE_REGION_UNKNOWN'); });
  let limits: Partial<Record<Category, number>> | undefined;
  if (input.limits) {
    const cal = await loadWorkCalendar(db, regionCode);
    limits = Object.fromEntries(Object.entries(input.limits).map(([k, l]) => [k, l!.unit === 'workingHours' ? hoursToDays(l!.value, cal.dayMs) : l!.value]));
  }
  for (const [subject, dept] of Object.entries(input.routes ?? {})) {
    const [s] = await db.select().from(hotlineSubjects).where(eq(hotlineSubjects.code, subject)).limit(1);
    if (!s?.parentCode) throw new AppError('HOTLINE_SUBJECT_UNKNOWN', { field: `routes.${subject}` });
    const d = await getDepartment(db, dept).catch(() => null);
    if (!d || !d.regionCode.startsWith(regionPrefix(regionCode).slice(0, 4))) throw new AppError('HOTLINE_DEPARTMENT_INVALID', { field: `routes.${subject}` });
  }
  const [current] = await db.select().from(hotlineSettings).where(eq(hotlineSettings.regionCode, regionCode)).limit(1);
  const next = {
    regionCode,
    limits: limits ? { ...(current?.limits ?? {}), ...limits } : (current?.limits ?? null),
    followUpDays: input.followUpDays ?? current?.followUpDays ?? null,
    mergeWindowHours: input.mergeWindowHours ?? current?.mergeWindowHours ?? null,
    basicCountsAsSatisfied: input.basicCountsAsSatisfied ?? current?.basicCountsAsSatisfied ?? null,
    routes: input.routes ? { ...(current?.routes ?? {}), ...input.routes } : (current?.routes ?? null),
    updatedAt: new Date(),
  };
  await db.insert(hotlineSettings).values(next).onConflictDoUpdate({ target: hotlineSettings.regionCode, set: next });
  return getSettings(db, caller, regionCode);
}
