import { AppError } from '../../platform/errors.js';
import type { Caller, Role } from '../../platform/http.js';
import { hasRole, inScope } from './deps.js';
import './errors.js';

const oversees = (c: Caller, regionCode: string, role: Role) => hasRole(c, role) && inScope({ ...c, roles: [role] }, { regionCode });

/** A department's 抽查事项, inspectors, plans and draws: its own approvers, or an admin or supervisor over its region. */
export function canManageDepartment(c: Caller, d: { id: string; regionCode: string }): boolean {
  if (hasRole(c, 'approver') && c.departmentId === d.id) return true;
  return oversees(c, d.regionCode, 'admin') || oversees(c, d.regionCode, 'supervisor');
}

export function authorizeDepartment(c: Caller, d: { id: string; regionCode: string }): void {
  if (!canManageDepartment(c, d)) throw new AppError('INSPECTION_FORBIDDEN');
}

/** A joint plan is managed by anyone who manages one of its departments (each department signs its own items). */
export function authorizePlan(c: Caller, regionCode: string, departmentIds: string[], read = false): void {
  if (departmentIds.some((id) => canManageDepartment(c, { id, regionCode }))) return;
  throw new AppError(read ? 'INSPECTION_NOT_FOUND' : 'INSPECTION_FORBIDDEN');
}

/** The region's 检查对象名录库: staff of the region (an approver: of a department of the region). */
export function authorizeDirectory(c: Caller, regionCode: string, write: boolean): void {
  if (oversees(c, regionCode, 'admin') || oversees(c, regionCode, 'supervisor')) return;
  if (hasRole(c, 'approver') && c.regionCode === regionCode) return;
  if (!write && hasRole(c, 'window_clerk') && c.regionCode === regionCode) return;
  throw new AppError('INSPECTION_FORBIDDEN');
}
