import type { Caller, Role } from '../../platform/http.js';
import { regionContains } from '../../platform/validators.js';

/** Length ≥ 8 and at least two of the classes letters, digits, symbols. */
export function passwordAcceptable(password: string): boolean {
  if (password.length < 8 || password.length > 128) return false;
  const classes = [/[A-Za-z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(password)).length;
  return classes >= 2;
}

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
export const STAFF_IDLE_SECONDS = 30 * 60;
export const APPLICANT_IDLE_SECONDS = 2 * 60 * 60;
export const SESSION_MAX_SECONDS = 12 * 60 * 60;

export function isStaffRole(role: Role): boolean {
  return role !== 'applicant_person' && role !== 'applicant_enterprise';
}

/** Clerks and approvers work for one department; supervisors and admins for a region. */
export function scopeRequirementMet(roles: readonly Role[], regionCode: string | null, departmentId: string | null): boolean {
  if (roles.some(isStaffRole) && !regionCode) return false;
  if (roles.some((r) => r === 'window_clerk' || r === 'approver') && !departmentId) return false;
  return true;
}

export interface ScopedRecord {
  regionCode: string;
  departmentId?: string | null;
  ownerId?: string | null;
}

/**
 * The data-scope rule every module applies to records that belong to a region: applicants see their own,
 * clerks and approvers their department, supervisors and admins their region and everything below.
 */
export function inScope(caller: Caller, record: ScopedRecord): boolean {
  if (record.ownerId && record.ownerId === caller.id) return true;
  if (!caller.regionCode) return false;
  const roles = caller.roles;
  if ((roles.includes('supervisor') || roles.includes('admin')) && regionContains(caller.regionCode, record.regionCode)) {
    return true;
  }
  if ((roles.includes('window_clerk') || roles.includes('approver')) && caller.departmentId) {
    return record.departmentId === caller.departmentId;
  }
  return false;
}

export function hasRole(caller: Caller, ...roles: Role[]): boolean {
  return roles.some((r) => caller.roles.includes(r));
}
