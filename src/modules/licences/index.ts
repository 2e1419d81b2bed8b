export { default as licenceRoutes } from './routes.js';
export {
  installLicenceHooks,
  issueInTx,
  checkLicenceClaim,
  listMine,
  listLicences,
  revokeLicence,
  verifyByCode,
  verifyAll,
  seedLicences,
  issuingKey,
  type IssueInput,
  type LicenceEnv,
  type LicenceView,
  type VerificationView,
} from './service.js';
export { licenceErrors } from './errors.js';
export { register as registerLicenceCli } from './cli.js';
