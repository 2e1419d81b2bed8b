export { authPlugin, SESSION_COOKIE, CSRF_HEADER } from './auth.js';
export { inScope, hasRole, type ScopedRecord } from './rules.js';
export {
  getDepartment,
  getDepartmentByCode,
  getRegion,
  getUser,
  listDepartments,
  listRegions,
  listUsers,
  regionPath,
  revealIdNumber,
  findApplicantByIdentifier,
  presentUser,
  createStaffUser,
  type UserView,
} from './service.js';
export { seedOrgStructure, seedDemoUsers } from './seed.js';
export { default as orgRoutes } from './routes.js';
