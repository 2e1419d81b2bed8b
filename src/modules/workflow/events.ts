import { defineEventLog } from '../../platform/event-log/index.js';
import { bundleCaseEvents, bundleCases } from './schema.js';

/** 联办过程记录: one SM3 chain per bundle case. Hashed under `caseId`, as the chains written before the log was shared. */
export const bundleCaseLog = defineEventLog({ kind: 'bundle_case', owner: bundleCases, events: bundleCaseEvents, ownerKey: 'bundleId', label: bundleCases.number, hashOwnerAs: 'caseId' });
