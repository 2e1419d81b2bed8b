import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import type { Caller, Role } from '../../platform/http.js';
import { regionContains } from '../../platform/validators.js';

/** 等保 2.0 asks for complex passwords; length and a strength estimate against common-password dictionaries. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
function strength(password: string, userInputs: string[]): number {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return estimator.check(password, userInputs).score;
}

/**
 * Why a password is refused, or null: shorter than 10, longer than 128, or guessable (zxcvbn score below 3 with
 * the common-password dictionary and the account's own name, ID number and phone counted as known words).
 */
export function passwordProblem(password: string, userInputs: string[] = []): 'length' | 'common' | null {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > 128) return 'length';
  if (strength(password, userInputs.filter(Boolean)) < PASSWORD_MIN_SCORE) return 'common';
  return null;
}

/** Failed logins, registrations and reset requests an account name may take in one window before it locks. */
export const ACCOUNT_BUDGET = 5;
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
