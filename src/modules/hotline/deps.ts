/** What the hotline module uses of other modules, in one place: each only through its index.ts. */
export { cardFromInstants, DEFAULT_CARD_THRESHOLDS, due, loadWorkCalendar, yellowLeadDays, type WorkCalendar } from '../calendar/index.js';
export { getDepartment, getDepartmentByCode, getRegion, listDepartments } from '../org/index.js';
export { getGuide, getPublishedItemByCode, indexTokens, listItems, queryTokens } from '../catalog/index.js';
export { caseStatuses } from '../cases/index.js';
export { recordAudit } from '../audit/index.js';
export { complaintRatingState, openComplaintRating } from '../ratings/index.js';
