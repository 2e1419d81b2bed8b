/** What the licences module uses of other modules, in one place. */
export { caseIdsOfApplicant, licenceUses, onCaseConcluded, setLicenceChecker, type CaseConcluded, type LicenceClaim } from '../cases/index.js';
// The catalog owns the licence types; its index does not export this reader yet (see docs/licences.md).
export { licenceTypes } from '../catalog/index.js';
export { getDepartment, getDepartmentByCode, getUser, inScope, hasRole } from '../org/index.js';
export { recordAudit } from '../audit/index.js';
