export { default as caseRoutes } from './routes.js';
export {
  apply,
  uploadFile,
  reviewMaterial,
  withdraw,
  supplyDeficiency,
  accept,
  acceptWithDeficiency,
  requestCorrection,
  resubmit,
  reject,
  pledge,
  verifyPledge,
  passStep,
  returnStep,
  startSpecialProcedure,
  endSpecialProcedure,
  conclude,
  deliver,
  getCase,
  listCases,
  listCards,
  verifyEvents,
  sweepDeficiencies,
  recomputeDues,
  installCaseHooks,
  setSmsEnqueuer,
  type CaseEnv,
  type CaseDetail,
  type ChainReport,
} from './service.js';
export { CASE_STATES, OPEN_STATES, type CaseState } from './rules.js';
export { caseErrors } from './errors.js';
export { startSmsQueue, type SmsQueue } from './sms.js';
export { register as registerCaseCli } from './cli.js';
export { startCaseJobs, type CaseJobOptions } from './jobs.js';
