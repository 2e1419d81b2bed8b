import type { MessageKey } from './i18n.js';
import type { Role, SessionUser } from './types.js';

export interface Surface {
  path: string;
  roles: readonly Role[];
  label: MessageKey;
  /** An applicant's page of the portal: in the navigation, but never where a login lands. */
  portal?: boolean;
}

/** The staff surfaces and who may open them; the navigation, the guards and the after-login redirect read this. */
export const SURFACES: readonly Surface[] = [
  { path: '/window', roles: ['window_clerk'], label: 'nav.window' },
  { path: '/approve', roles: ['approver'], label: 'nav.approve' },
  { path: '/ledger/my', roles: ['window_clerk', 'approver'], label: 'nav.ledgerMy' },
  { path: '/supervise', roles: ['supervisor'], label: 'nav.supervise' },
  { path: '/supervise/cards', roles: ['supervisor'], label: 'nav.cards' },
  { path: '/approve/ratings', roles: ['approver'], label: 'rt.nav.inbox' },
  { path: '/supervise/ratings', roles: ['supervisor'], label: 'rt.nav.supervise' },
  { path: '/inbox/reports', roles: ['approver', 'window_clerk'], label: 'sv.inbox.nav' },
  { path: '/hotline/desk', roles: ['window_clerk'], label: 'hl.nav.desk' },
  { path: '/hotline/inbox', roles: ['approver'], label: 'hl.nav.inbox' },
  { path: '/supervise/hotline', roles: ['supervisor'], label: 'hl.nav.figures' },
  { path: '/hall/window', roles: ['window_clerk'], label: 'hall.nav.window' },
  { path: '/supervise/hall', roles: ['supervisor'], label: 'hall.nav.figures' },
  { path: '/inspection', roles: ['supervisor', 'approver'], label: 'in.nav.desk' },
  { path: '/inspection/tasks', roles: ['window_clerk', 'approver'], label: 'in.nav.tasks' },
  { path: '/admin', roles: ['admin'], label: 'nav.admin' },
  { path: '/my/cases', roles: ['applicant_person', 'applicant_enterprise'], label: 'nav.myCases', portal: true },
  { path: '/my/hotline', roles: ['applicant_person', 'applicant_enterprise'], label: 'hl.nav.mine', portal: true },
  { path: '/my/identity', roles: ['applicant_person', 'applicant_enterprise'], label: 'identity.title', portal: true },
];

export function surfacesOf(user: SessionUser | null): Surface[] {
  if (!user) return [];
  return SURFACES.filter((s) => s.roles.some((r) => user.roles.includes(r)));
}

/** Where a user lands after logging in: their first workspace, or the portal for applicants. */
export function homeOf(user: SessionUser): string {
  return surfacesOf(user).find((s) => !s.portal)?.path ?? '/';
}
