/** What the hall uses of other modules, each only through its index.ts. */
export { getPublishedItemByCode } from '../catalog/index.js';
export { getUser, listUsers } from '../org/index.js';
export { caseStatuses } from '../cases/index.js';
