/** What the workflow module uses of other modules, in one place: each only through its index.ts. */
export {
  acceptInTx,
  afterCaseCommit,
  applyInTx,
  caseStatuses,
  checkApplicationForm,
  deliverInTx,
  onCaseClosed,
  onCaseClosing,
  resolveApplicant,
  terminateInTx,
  type ApplicantInput,
  type CaseClosed,
  type CaseEnv,
  type Channel,
  type DeliveryInput,
  type MaterialInput,
} from '../cases/index.js';
export { getPublishedItemByCode } from '../catalog/index.js';
export { listDepartments } from '../org/index.js';
export { card, due, loadWorkCalendar, remaining, setDueRecomputer, type CalendarChange, type WorkCalendar } from '../calendar/index.js';
