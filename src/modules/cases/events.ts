import { defineEventLog } from '../../platform/event-log/index.js';
import { caseEvents, cases } from './schema.js';

/** 办件过程记录: one SM3 chain per case, its head on the case row. Hashed under `caseId` (written before the log was shared). */
export const caseLog = defineEventLog({ kind: 'case', owner: cases, events: caseEvents, ownerKey: 'caseId', label: cases.number, hashOwnerAs: 'caseId' });
