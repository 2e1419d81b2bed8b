import { api } from '../api.js';

export type LicenceStatus = 'valid' | 'revoked' | 'expired';

/** A licence as /api/v1/my/licences answers (src/modules/licences/contract.ts LicenceView). */
export interface Licence {
  id: string;
  typeCode: string;
  typeName: string;
  number: string;
  verificationCode: string;
  holderKind: 'person' | 'enterprise';
  holderName: string;
  holderIdMasked: string;
  issuerName: string;
  issuerDepartmentCode: string;
  regionCode: string;
  issuedOn: string;
  validUntil: string | null;
  content: Record<string, string>;
  sourceCaseNumber: string | null;
  status: LicenceStatus;
  revokedAt: string | null;
  revocationReason: string | null;
}

/** The public answer of /api/v1/public/licences/verify/:code. */
export interface Verification {
  verificationCode: string;
  status: LicenceStatus;
  signatureValid: boolean;
  typeName: string;
  number: string;
  holderKind: 'person' | 'enterprise';
  holderName: string;
  holderIdMasked: string;
  issuerName: string;
  issuedOn: string;
  validUntil: string | null;
  revokedOn: string | null;
  contentHash: string;
}

export function listMyLicences(signal?: AbortSignal, query: { typeCode?: string; usable?: boolean } = {}): Promise<Licence[]> {
  return api.get<{ items: Licence[] }>('/api/v1/my/licences', { signal, query }).then((r) => r.items);
}

export function getMyLicence(id: string, signal?: AbortSignal): Promise<Licence> {
  return api.get<Licence>(`/api/v1/my/licences/${encodeURIComponent(id)}`, { signal });
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

export interface StaffLicence extends Licence {
  abilities: ('read' | 'revoke')[];
}

export function listLicences(query: { number?: string; holder?: string; limit?: number }, signal?: AbortSignal): Promise<{ items: StaffLicence[]; total: number }> {
  return api.get<{ items: StaffLicence[]; total: number }>('/api/v1/licences', { signal, query });
}

export function revokeLicence(id: string, reason: string): Promise<StaffLicence> {
  return api.post<StaffLicence>(`/api/v1/licences/${encodeURIComponent(id)}/revoke`, { reason });
}
