/**
 * Check-digit validators for the two identifiers every applicant carries. Pure functions; the
 * property tests in validators.test.ts cross-check them against the `validator` package.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
// GB/T 2260 province-level codes (first two digits); 71 台湾, 81 香港, 82 澳门, 83 for 台湾 residents' permits.
const PROVINCES = new Set('11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(' '));

export type IdNumberProblem = 'format' | 'region' | 'birthDate' | 'checkDigit';

/** GB 11643-1999 citizen identity number: 6-digit region, 8-digit birth date, 3-digit sequence, MOD 11-2 check character. */
export function checkIdNumber(value: string, today: Date = new Date()): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'format';
  if (!PROVINCES.has(value.slice(0, 2))) return 'region';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day ||
    birth.getTime() > today.getTime()
  ) {
    return 'birthDate';
  }
  return idCheckCharacter(value.slice(0, 17)) === value[17] ? null : 'checkDigit';
}

export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export function isIdNumber(value: string): boolean {
  return checkIdNumber(value) === null;
}

// GB 32100-2015: the 31 characters allowed (digits and capitals without I, O, S, V, Z), each worth its index.
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'format' | 'checkCharacter';

/** GB 32100-2015 unified social credit code: 18 characters, mod-31 check character. */
export function checkCreditCode(value: string): CreditCodeProblem | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return 'format';
  return creditCheckCharacter(value.slice(0, 17)) === value[17] ? null : 'checkCharacter';
}

export function creditCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

export function isCreditCode(value: string): boolean {
  return checkCreditCode(value) === null;
}

/** Mainland mobile numbers: 11 digits starting 13–19. */
export function isMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/** Masks all but the first four and last four characters: 4212**********123X. */
export function maskIdentifier(value: string): string {
  // By code point: cutting between the halves of a surrogate pair leaves a lone surrogate, which PostgreSQL
  // refuses to store (a login with an astral-plane account name was a 500 when its audit entry was written).
  const chars = Array.from(value);
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

export function maskMobile(value: string): string {
  return value.length === 11 ? `${value.slice(0, 3)}****${value.slice(7)}` : maskIdentifier(value);
}

/** GB/T 2260 division codes: 6 digits for 省/市/县, 9 for 乡, 12 for 村. */
export function regionLevelOf(code: string): 1 | 2 | 3 | 4 | 5 | null {
  if (/^\d{12}$/.test(code)) return 5;
  if (/^\d{9}$/.test(code)) return 4;
  if (!/^\d{6}$/.test(code)) return null;
  if (code.endsWith('0000')) return 1;
  if (code.endsWith('00')) return 2;
  return 3;
}

/** The prefix every descendant's code starts with; used for "this region and everything below". */
export function regionPrefix(code: string): string {
  const level = regionLevelOf(code);
  if (level === 1) return code.slice(0, 2);
  if (level === 2) return code.slice(0, 4);
  return code;
}

export function regionContains(ancestor: string, code: string): boolean {
  return code.startsWith(regionPrefix(ancestor));
}
