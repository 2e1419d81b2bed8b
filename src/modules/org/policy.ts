import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { regionContains, regionLevelOf } from '../../platform/validators.js';

/** An admin administers its own region and everything below it, never a sibling or a parent. */
export function administers(caller: Caller, regionCode: string | null | undefined): boolean {
  return caller.roles.includes('admin') && !!caller.regionCode && !!regionCode && regionContains(caller.regionCode, regionCode);
}

export function authorizeAdminOf(caller: Caller, regionCode: string | null | undefined): void {
  if (!administers(caller, regionCode)) throw new AppError('OUT_OF_SCOPE', { regionCode });
}

/**
 * Staff belong to a region; applicants to none, so only a province-level admin administers them (as only it
 * lists them). Out of scope reads as "no such user", so an admin cannot probe other regions' accounts.
 */
export function authorizeAdminOfUser(caller: Caller, target: { kind: string; regionCode: string | null }): void {
  const ok = target.kind === 'staff' ? administers(caller, target.regionCode) : caller.roles.includes('admin') && !!caller.regionCode && regionLevelOf(caller.regionCode) === 1;
  if (!ok) throw new AppError('USER_NOT_FOUND');
}
