import { AppError } from '../../platform/errors.js';
import type { Caller, Role } from '../../platform/http.js';
import { hasRole, inScope } from './deps.js';
import type { CaseChannel, RectificationAction } from './rules.js';
import './errors.js';

const oversees = (c: Caller, regionCode: string, role: Role) => hasRole(c, role) && inScope({ ...c, roles: [role] }, { regionCode });

/** Who may give a case's rating through each channel: the applicant online, a hall clerk's 评价器, a supervisor's 查评. */
export function authorizeCaseRating(c: Caller, channel: CaseChannel, k: { regionCode: string; applicantId: string | null }): void {
  const applicant = c.kind === 'person' || c.kind === 'enterprise';
  if (channel === 'online') {
    if (!applicant) throw new AppError('RATING_CHANNEL_FORBIDDEN', { channel });
    if (!k.applicantId || k.applicantId !== c.id) throw new AppError('RATING_NOT_YOURS');
    return;
  }
  if (applicant) throw new AppError('RATING_CHANNEL_FORBIDDEN', { channel });
  // The 评价器 faces the applicant at a window of the hall that filed or serves the case.
  if (channel === 'window' && hasRole(c, 'window_clerk') && c.regionCode === k.regionCode) return;
  if (channel === 'supervision' && oversees(c, k.regionCode, 'supervisor')) return;
  throw new AppError('RATING_CHANNEL_FORBIDDEN', { channel });
}

/** A case's ratings: its applicant, the hall's clerks, the handling department, supervisors and admins over it. */
export function canReadCaseRatings(c: Caller, k: { regionCode: string; applicantId: string | null; departmentId: string }): boolean {
  if (k.applicantId && k.applicantId === c.id) return true;
  if (hasRole(c, 'window_clerk') && c.regionCode === k.regionCode) return true;
  if (hasRole(c, 'approver') && c.departmentId === k.departmentId) return true;
  return oversees(c, k.regionCode, 'supervisor') || oversees(c, k.regionCode, 'admin');
}

/** The parts of a rectification that decide who acts on it. */
export interface RectificationScope {
  regionCode: string;
  departmentId: string;
  raterId: string | null;
}

const ofDepartment = (c: Caller, s: RectificationScope) => (hasRole(c, 'approver') || hasRole(c, 'window_clerk')) && !!c.departmentId && c.departmentId === s.departmentId;
const isRater = (c: Caller, s: RectificationScope) => !!s.raterId && s.raterId === c.id;

/** 谁办理、谁负责: the handling department verifies, rectifies and appeals; the rater or a supervisor records 回访; a supervisor decides appeals. */
export function rectificationAbilities(c: Caller, s: RectificationScope): RectificationAction[] {
  const out: RectificationAction[] = [];
  if (ofDepartment(c, s)) out.push('verify', 'rectify', 'appeal');
  if (isRater(c, s) || oversees(c, s.regionCode, 'supervisor')) out.push('follow_up');
  if (oversees(c, s.regionCode, 'supervisor')) out.push('decide_appeal', 'decide_escalation');
  return out;
}

export function canReadRectification(c: Caller, s: RectificationScope): boolean {
  return ofDepartment(c, s) || isRater(c, s) || oversees(c, s.regionCode, 'supervisor') || oversees(c, s.regionCode, 'admin');
}

export function authorizeRectification(c: Caller, s: RectificationScope, action: RectificationAction): void {
  if (!canReadRectification(c, s)) throw new AppError('RECTIFICATION_NOT_FOUND');
  if (!rectificationAbilities(c, s).includes(action)) throw new AppError('RECTIFICATION_FORBIDDEN', { action });
}

/** Figures of a region: supervisors and admins of it or above. */
export function authorizeFigures(c: Caller, regionCode: string): void {
  if (!(oversees(c, regionCode, 'supervisor') || oversees(c, regionCode, 'admin'))) throw new AppError('OUT_OF_SCOPE');
}

export function authorizeSettings(c: Caller, regionCode: string): void {
  if (!oversees(c, regionCode, 'admin')) throw new AppError('OUT_OF_SCOPE');
}
