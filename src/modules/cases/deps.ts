/** What the cases module uses of other modules, in one place: each only through its index.ts. */
export { card, cardFromInstants, due, elapsed, loadWorkCalendar, remaining, setDueRecomputer, WorkCalendar, type CalendarChange, type DueRecomputer, type Pause, yellowLeadDays } from '../calendar/index.js';
export { versionForNewApplication, type PublishedItemVersion } from '../catalog/index.js';
export { findApplicantByIdentifier, getDepartmentByCode, getUser, inScope, hasRole } from '../org/index.js';
export { recordAudit } from '../audit/index.js';
export { refuseListed, recordFalsePledge } from '../credit/index.js';
