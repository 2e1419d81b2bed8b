export { default as creditRoutes } from './routes.js';
export { refuseListed, recordFalsePledge, creditRecordOf, importRecords } from './service.js';
export { creditErrors } from './errors.js';
