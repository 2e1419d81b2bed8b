export { recordAudit, listAudit, type AuditEntry, type AuditQuery } from './service.js';
