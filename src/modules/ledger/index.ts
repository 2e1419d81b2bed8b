export { parseDocument, type ParseResult, type ParsedTask } from './parser.js';
export { importDocument, readDocument } from './importer.js';
export { loadDefaultRegistry, splitUnits, type UnitRegistry } from './units.js';
export {
  annualEvaluation, answerOrder, closeOrder, confirmDraft, createUnit, discardDraft, fileReport, getDraft, getTask, listOrders,
  linkUnitsToDepartments, listTasks, listUnits, mergeUnit, monthlyDispatch, myLedger, resolveDraftUnit, previewImport, quarterlySupervision, seedUnits, updateDraft, updateTask,
  updateUnit,
  type DispatchView, type DraftView, type EvaluationView, type OrderView, type TaskView,
} from './service.js';
export { taskStatus, TASK_STATUSES, type TaskStatus } from './rules.js';
export { register as registerLedgerCli } from './cli.js';
export { default as ledgerRoutes } from './routes.js';
