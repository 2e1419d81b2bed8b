/** What the routing module uses of other modules, in one place: each only through its index.ts. */
export { conclude, getCase, materialFile, onStepEntered, passStep, returnStep, type CaseEnv, type StepEntered } from '../cases/index.js';
export { getDepartment, hasRole, inScope } from '../org/index.js';
export { getPublishedItemByCode } from '../catalog/index.js';
export { recordAudit } from '../audit/index.js';
