/** What the ratings module uses of other modules, in one place: each only through its index.ts. */
export { afterCaseCommit, caseForRating, notifyApplicantInTx, onCaseClosed, onCaseSweep, setDocumentTrailer, type CaseClosed, type CaseForRating } from '../cases/index.js';
export { due, loadWorkCalendar, card, type WorkCalendar } from '../calendar/index.js';
export { getDepartment, getDepartmentByCode, hasRole, inScope, listDepartments, listRegions } from '../org/index.js';
export { getPublishedItemByCode } from '../catalog/index.js';
export { bundleForRating, type BundleForRating } from '../workflow/index.js';
