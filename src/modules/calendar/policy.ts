import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { regionContains, regionLevelOf } from '../../platform/validators.js';
import { NATIONAL_REGION } from './seed.js';

export type CalendarAction = 'calendar.edit' | 'calendar.view' | 'calendar.supervise';

/**
 * The national calendar is kept by a provincial admin: a deployment serves one province at most, and the
 * holiday notice is the same for everybody. A region's own overrides are kept by the admins of that region
 * or of a region above it.
 */
export function mayEditCalendar(caller: Caller, regionCode: string): boolean {
  if (!caller.roles.includes('admin') || !caller.regionCode) return false;
  if (regionCode === NATIONAL_REGION) return regionLevelOf(caller.regionCode) === 1;
  return regionContains(caller.regionCode, regionCode);
}

export function authorizeCalendarEdit(caller: Caller, regionCode: string): void {
  if (!mayEditCalendar(caller, regionCode)) throw new AppError('OUT_OF_SCOPE', { regionCode });
}
