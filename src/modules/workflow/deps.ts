/** What the workflow module uses of other modules, in one place: each only through its index.ts. */
export {
  acceptInTx,
  afterCaseCommit,
  applyInTx,
  caseStatuses,
  checkApplicationForm,
  deliverInTx,
  eventHash,
  GENESIS_HASH,
  canonicalJson,
  onCaseClosed,
  onCaseClosing,
  resolveApplicant,
  terminateInTx,
  checkChainHead,
  type ApplicantInput,
  type CaseClosed,
  type CaseEnv,
  type ChainBreak,
  type Channel,
  type DeliveryInput,
  type MaterialInput,
} from '../cases/index.js';
export { getPublishedItemByCode } from '../catalog/index.js';
export { listDepartments } from '../org/index.js';
export { card, due, loadWorkCalendar, remaining, setDueRecomputer, type CalendarChange, type WorkCalendar } from '../calendar/index.js';
