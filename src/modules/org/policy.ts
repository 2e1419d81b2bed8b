import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { regionContains } from '../../platform/validators.js';

/** An admin administers its own region and everything below it, never a sibling or a parent. */
export function administers(caller: Caller, regionCode: string | null | undefined): boolean {
  return caller.roles.includes('admin') && !!caller.regionCode && !!regionCode && regionContains(caller.regionCode, regionCode);
}

export function authorizeAdminOf(caller: Caller, regionCode: string | null | undefined): void {
  if (!administers(caller, regionCode)) throw new AppError('OUT_OF_SCOPE', { regionCode });
}
