import type { LicenceUseViewT, LicenceViewT, VerificationViewT } from '../../../src/modules/licences/contract.js';
import { api } from '../api.js';

export type LicenceStatus = LicenceViewT['status'];

/** A licence as /api/v1/my/licences answers. */
export type Licence = LicenceViewT;

/** The public answer of /api/v1/public/licences/verify/:code. */
export type Verification = VerificationViewT;

export function listMyLicences(signal?: AbortSignal, query: { typeCode?: string; usable?: boolean } = {}): Promise<Licence[]> {
  return api.get<{ items: Licence[] }>('/api/v1/my/licences', { signal, query }).then((r) => r.items);
}

export function getMyLicence(id: string, signal?: AbortSignal): Promise<Licence> {
  return api.get<Licence>(`/api/v1/my/licences/${encodeURIComponent(id)}`, { signal });
}

export type LicenceUse = LicenceUseViewT;

export function listLicenceUses(id: string, signal?: AbortSignal): Promise<LicenceUse[]> {
  return api.get<{ items: LicenceUse[] }>(`/api/v1/my/licences/${encodeURIComponent(id)}/uses`, { signal }).then((r) => r.items);
}

export function verifyLicence(code: string, signal?: AbortSignal): Promise<Verification> {
  return api.get<Verification>(`/api/v1/public/licences/verify/${encodeURIComponent(code)}`, { signal });
}

/** What the QR code of a printed licence points at: the public verification page. */
export function verificationUrl(code: string): string {
  return `${window.location.origin}/licence/verify/${code}`;
}

export function groupCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export type StaffLicence = Licence;

export function listLicences(query: { number?: string; holder?: string; limit?: number }, signal?: AbortSignal): Promise<{ items: StaffLicence[]; total: number }> {
  return api.get<{ items: StaffLicence[]; total: number }>('/api/v1/licences', { signal, query });
}

export function revokeLicence(id: string, reason: string): Promise<StaffLicence> {
  return api.post<StaffLicence>(`/api/v1/licences/${encodeURIComponent(id)}/revoke`, { reason });
}
