/** What the credit module uses of other modules, in one place: each only through its index.ts. */
export { hasRole, inScope } from '../org/index.js';
