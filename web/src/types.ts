// The org contract is written once, in the server's TypeBox schemas; the web app reads its types from there.
import type { Static } from 'typebox';
import type { ItemSummaryView } from '../../src/modules/catalog/contract.js';
import type { AuditEntryView, DepartmentView, RegionView, SessionView, UserView } from '../../src/modules/org/contract.js';

export type Role = 'applicant_person' | 'applicant_enterprise' | 'window_clerk' | 'approver' | 'supervisor' | 'admin';
export const STAFF_ROLES: readonly Role[] = ['window_clerk', 'approver', 'supervisor', 'admin'];

export type Session = Static<typeof SessionView>;
export type SessionUser = Session['user'];
export type User = Static<typeof UserView>;
export type Region = Static<typeof RegionView>;
export type Department = Static<typeof DepartmentView>;
export type AuditEntry = Static<typeof AuditEntryView>;
export type CatalogItemSummary = Static<typeof ItemSummaryView>;
