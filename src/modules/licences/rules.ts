import { randomBytes } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

export type LicenceStatus = 'valid' | 'revoked' | 'expired';

/** Calendar day in China (UTC+8), YYYY-MM-DD: issue dates and validity are days there, whatever the server's zone. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Revoked wins over expired: a revocation is a decision, expiry only the passing of time. */
export function statusOn(l: { status: 'valid' | 'revoked'; validUntil: string | null }, today: string): LicenceStatus {
  if (l.status === 'revoked') return 'revoked';
  if (l.validUntil !== null && l.validUntil < today) return 'expired';
  return 'valid';
}

/** 证照编号: region code, year and a six-digit serial per type and year, e.g. 4212022026000017. */
export function licenceNumber(regionCode: string, year: number, serial: number): string {
  return `${regionCode.slice(0, 6)}${year}${String(serial).padStart(6, '0')}`;
}

// Crockford base32 without I, L, O, U: read aloud or typed from paper without confusing characters.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** What the QR code of a printed licence carries: 20 random base32 characters (100 bits), grouped by 4 for reading. */
export function newVerificationCode(): string {
  const bytes = randomBytes(20);
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b & 31];
  return out;
}

/** Accepts the code as a person types it: any case, with spaces or dashes between groups. */
export function normaliseVerificationCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function formatVerificationCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** JSON with object keys sorted at every level, so the same content always gives the same bytes to sign. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The facts of a licence its signature covers: everything printed on it, and nothing that changes later. */
export interface SignedFacts {
  id: string;
  typeCode: string;
  typeName: string;
  number: string;
  verificationCode: string;
  holderKind: 'person' | 'enterprise';
  holderName: string;
  /** The holder's full ID number or credit code (decrypted): the signature binds the licence to that holder. */
  holderId: string;
  issuerDepartmentCode: string;
  issuerName: string;
  regionCode: string;
  issuedOn: string;
  validUntil: string | null;
  content: Record<string, string>;
  sourceCaseNumber: string | null;
}

export function canonicalLicence(f: SignedFacts): string {
  return canonicalJson({ v: 1, ...f });
}

/** SM2 with SM3 over Z ‖ message (GB/T 32918, default user ID 1234567812345678), DER-encoded as OpenSSL writes it. */
export function signLicence(canonical: string, privateKeyHex: string): string {
  return sm2.doSignature(canonical, privateKeyHex, { hash: true, der: true });
}

export function verifyLicenceSignature(canonical: string, signatureHex: string, publicKeyHex: string): boolean {
  try {
    return sm2.doVerifySignature(canonical, signatureHex, publicKeyHex, { hash: true, der: true });
  } catch {
    return false;
  }
}

export function newKeyPair(): { publicKey: string; privateKey: string } {
  const kp = sm2.generateKeyPairHex();
  return { publicKey: kp.publicKey, privateKey: kp.privateKey };
}

/** A person's name is shown to the public as its first character and stars; an enterprise's name is public. */
export function maskHolderName(kind: 'person' | 'enterprise', name: string): string {
  if (kind === 'enterprise') return name;
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}

/** Form answers a licence prints: scalar values under the field's Chinese label, in the form's order. */
export function contentFromForm(
  fields: readonly { key: string; label: { zh: string } }[],
  data: Record<string, unknown>,
  limit = 12,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = data[f.key];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[f.label.zh] = String(v).slice(0, 500);
    if (Object.keys(out).length >= limit) break;
  }
  return out;
}
