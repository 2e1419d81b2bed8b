import { AppError } from '../../platform/errors.js';
import type { Caller, Role } from '../../platform/http.js';
import { hasRole, inScope } from './deps.js';
import { allowedActions, type CaseFacts, type GuardedAction, type Relation } from './rules.js';
import './errors.js';

/** The parts of a case row that decide who relates to it how. */
export interface CaseScope {
  regionCode: string;
  departmentId: string;
  applicantId: string | null;
  stepDepartmentIds: readonly string[];
  state: string;
  /** Department and role of the current step, when the case is in its steps. */
  currentStep: { departmentId: string; role: string } | null;
}

const isOwner = (c: Caller, s: CaseScope) => !!s.applicantId && c.id === s.applicantId;
/** Window clerks serve the hall of their region: every case filed there, whichever department decides it. */
const isHallClerk = (c: Caller, s: CaseScope) => hasRole(c, 'window_clerk') && c.regionCode === s.regionCode;
const isDepartmentStaff = (c: Caller, s: CaseScope) => hasRole(c, 'approver') && !!c.departmentId && c.departmentId === s.departmentId;
const isStepDepartmentStaff = (c: Caller, s: CaseScope) => hasRole(c, 'approver') && !!c.departmentId && s.stepDepartmentIds.includes(c.departmentId);
const oversees = (c: Caller, s: CaseScope, role: Role) =>
  hasRole(c, role) && inScope({ ...c, roles: [role] }, { regionCode: s.regionCode });

function isStepActor(c: Caller, s: CaseScope): boolean {
  const step = s.currentStep;
  if (!step) return false;
  if (step.role === 'approver') return hasRole(c, 'approver') && c.departmentId === step.departmentId;
  return isHallClerk(c, s);
}

/** How the caller relates to the case; empty when the case is outside the caller's scope. */
export function relationsOf(caller: Caller, scope: CaseScope): Set<Relation> {
  const r = new Set<Relation>();
  if (isOwner(caller, scope)) r.add('owner');
  if (isHallClerk(caller, scope)) r.add('hall_clerk');
  if (isDepartmentStaff(caller, scope)) r.add('department_staff');
  if (isStepActor(caller, scope)) r.add('step_actor');
  if (oversees(caller, scope, 'supervisor')) r.add('supervisor');
  if (oversees(caller, scope, 'admin')) r.add('admin');
  return r;
}

/** Approvers of any department the case passes through may read it (their inbox shows what is coming). */
export function canRead(caller: Caller, scope: CaseScope): boolean {
  return relationsOf(caller, scope).size > 0 || isStepDepartmentStaff(caller, scope);
}

/** 404 for a case the caller may not see at all (its existence is not disclosed), 403 for a wrong button. */
export function authorizeRead(caller: Caller, scope: CaseScope): void {
  if (!canRead(caller, scope)) throw new AppError('CASE_NOT_FOUND');
}

export function abilities(caller: Caller, scope: CaseScope, facts: CaseFacts): GuardedAction[] {
  return allowedActions(facts, relationsOf(caller, scope));
}

/** Reading the applicant's ID number in full: staff who work the case, and supervisors; always audited. */
export function mayRevealApplicantId(caller: Caller, scope: CaseScope): boolean {
  const r = relationsOf(caller, scope);
  return r.has('owner') || r.has('hall_clerk') || r.has('department_staff') || r.has('step_actor') || r.has('supervisor');
}
