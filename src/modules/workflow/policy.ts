import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { regionContains } from '../../platform/validators.js';
import './errors.js';

/** The parts of a bundle case that decide who may see and act on it. */
export interface BundleScope {
  regionCode: string;
  applicantId: string | null;
  /** Departments of its children (their approvers follow the bundle they work on). */
  departmentIds: readonly string[];
}

const has = (c: Caller, role: Caller['roles'][number]) => c.roles.includes(role);

/** 一窗: the window clerks of the bundle's hall (its region) accept it once and hand out every result. */
export function isHallClerk(c: Caller, s: Pick<BundleScope, 'regionCode'>): boolean {
  return has(c, 'window_clerk') && c.regionCode === s.regionCode;
}

export function canReadBundle(c: Caller, s: BundleScope): boolean {
  if (s.applicantId && c.id === s.applicantId) return true;
  if (isHallClerk(c, s)) return true;
  if (has(c, 'approver') && c.departmentId && s.departmentIds.includes(c.departmentId)) return true;
  return (has(c, 'supervisor') || has(c, 'admin')) && !!c.regionCode && regionContains(c.regionCode, s.regionCode);
}

/** 404 for a bundle case outside the caller's scope (its existence is not disclosed). */
export function authorizeBundleRead(c: Caller, s: BundleScope): void {
  if (!canReadBundle(c, s)) throw new AppError('BUNDLE_CASE_NOT_FOUND');
}

export function authorizeHallClerk(c: Caller, s: BundleScope, action: string): void {
  authorizeBundleRead(c, s);
  if (!isHallClerk(c, s)) throw new AppError('BUNDLE_ACTION_FORBIDDEN', { action });
}

/** Only the applicant who filed the bundle online may withdraw it; others in scope are refused, outsiders get 404. */
export function authorizeBundleApplicant(c: Caller, s: BundleScope, action: string): void {
  authorizeBundleRead(c, s);
  if (!s.applicantId || s.applicantId !== c.id) throw new AppError('BUNDLE_ACTION_FORBIDDEN', { action });
}

/** Definitions are edited by administrators of the bundle's region or a region above it. */
export function authorizeBundleAdmin(c: Caller, regionCode: string): void {
  if (!has(c, 'admin') || !c.regionCode || !regionContains(c.regionCode, regionCode)) throw new AppError('OUT_OF_SCOPE', { regionCode });
}
