import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { regionContains } from '../../platform/validators.js';

/** A catalog administrator edits the items of its own region and of the regions below it. */
export function authorizeCatalogAdmin(caller: Caller, regionCode: string): void {
  if (!caller.roles.includes('admin') || !caller.regionCode || !regionContains(caller.regionCode, regionCode)) {
    throw new AppError('OUT_OF_SCOPE', { regionCode });
  }
}

/** The region a staff listing covers: the one asked for, which must lie within the caller's own. */
export function scopedWithin(caller: Caller, asked: string | undefined): string {
  if (!caller.regionCode) throw new AppError('OUT_OF_SCOPE', {});
  if (asked === undefined) return caller.regionCode;
  if (!regionContains(caller.regionCode, asked)) throw new AppError('OUT_OF_SCOPE', { regionCode: asked });
  return asked;
}
