/** What supervision uses of other modules, in one place: each only through its index.ts. */
export { elapsed, isWorkday, loadWorkCalendar, localDate, type WorkCalendar } from '../calendar/index.js';
export { cardCounts, caseEventsAfter, caseEventsOf, caseProfiles, createBoss, type CaseProfile, type FeedEvent } from '../cases/index.js';
export { bundleEventsAfter, bundleEventsOf, bundleProfiles, type BundleFeedEvent, type BundleProfile } from '../workflow/index.js';
export { catalogStatistics } from '../catalog/index.js';
export { getDepartment, listDepartments, listRegions } from '../org/index.js';
