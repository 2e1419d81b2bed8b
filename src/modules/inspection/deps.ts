/** What the inspection module uses of other modules, in one place: each only through its index.ts. */
export { due, loadWorkCalendar, card } from '../calendar/index.js';
export { getDepartment, hasRole, inScope } from '../org/index.js';
