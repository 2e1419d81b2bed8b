import type { Caller, Role } from '../../platform/http.js';
import { hasRole, inScope } from './deps.js';

export type LicenceAction = 'read' | 'revoke';

/** The parts of a licence that decide who may act on it. */
export interface LicenceScope {
  regionCode: string;
  issuerDepartmentId: string;
}

const oversees = (c: Caller, s: LicenceScope, role: Role) => hasRole(c, role) && inScope({ ...c, roles: [role] }, { regionCode: s.regionCode });
const ofIssuer = (c: Caller, s: LicenceScope, role: Role) => hasRole(c, role) && !!c.departmentId && c.departmentId === s.issuerDepartmentId;

/** Staff abilities on a licence (holders read their own through /my/licences, the public through its code). */
export function licenceAbilities(c: Caller, s: LicenceScope): LicenceAction[] {
  const out: LicenceAction[] = [];
  if (oversees(c, s, 'admin') || oversees(c, s, 'supervisor') || ofIssuer(c, s, 'approver') || ofIssuer(c, s, 'window_clerk')) out.push('read');
  if (oversees(c, s, 'admin') || ofIssuer(c, s, 'approver')) out.push('revoke');
  return out;
}
