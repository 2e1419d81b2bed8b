/**
 * What the cases module uses of other modules, in one place. Calendar: from its service and rules until its
 * index.ts lands (then only the import paths here change).
 */
export { loadWorkCalendar, setDueRecomputer, type CalendarChange, type DueRecomputer } from '../calendar/service.js';
export { due, remaining, card, createWorkCalendar, type WorkCalendar, type Pause } from '../calendar/rules.js';
export { versionForNewApplication, type PublishedItemVersion } from '../catalog/index.js';
export { findApplicantByIdentifier, getDepartmentByCode, getUser, inScope, hasRole } from '../org/index.js';
export { recordAudit } from '../audit/index.js';
