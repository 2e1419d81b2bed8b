import fc from 'fast-check';
import validator from 'validator';
import { describe, expect, it } from 'vitest';
import {
  checkCreditCode,
  checkIdNumber,
  creditCheckCharacter,
  idCheckCharacter,
  maskIdentifier,
  regionContains,
  regionLevelOf,
} from './validators.js';

describe('GB 11643 resident ID numbers', () => {
  it('accepts real-format numbers, including one ending in X and a leap-day birth date', () => {
    expect(checkIdNumber('11010519491231002X')).toBeNull();
    expect(checkIdNumber('430102199202290018')).toBeNull();
    expect(checkIdNumber('421202199001011232')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(checkIdNumber('110105194912310021')).toBe('checkDigit');
    expect(checkIdNumber('430102199302290015')).toBe('birthDate');
    expect(checkIdNumber('421202209901011232', new Date('2026-01-01'))).toBe('birthDate');
    expect(checkIdNumber('11010519491231002x')).toBe('format');
    expect(checkIdNumber('1101051949123100')).toBe('format');
    expect(checkIdNumber('001202199001011232')).toBe('region');
  });

  it('agrees with the validator package on random numbers', () => {
    const date = fc.date({ min: new Date('1920-01-01'), max: new Date('2020-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.constantFrom('110105', '310104', '420106', '421202', '440305', '650102'), date, fc.integer({ min: 0, max: 999 }), fc.boolean(), (region, birth, seq, corrupt) => {
        const body = `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
        const right = idCheckCharacter(body);
        const check = corrupt ? '10X98765432'[( '10X98765432'.indexOf(right) + 1) % 11] : right;
        const id = body + check;
        expect(checkIdNumber(id) === null).toBe(!corrupt);
        expect(validator.isIdentityCard(id, 'zh-CN')).toBe(checkIdNumber(id) === null);
      }),
      { numRuns: 300 },
    );
  });
});

describe('GB 32100 unified social credit codes', () => {
  it('accepts published codes', () => {
    for (const code of ['91440300708461136T', '9144030071526726XG', '91330100716105852F', '91110000710925462X', '91110108551385082Q']) {
      expect(checkCreditCode(code)).toBeNull();
    }
  });

  it('rejects altered codes and bad characters', () => {
    expect(checkCreditCode('91440300708461136U')).toBe('checkCharacter');
    expect(checkCreditCode('91440300708461163T')).toBe('checkCharacter');
    expect(checkCreditCode('9144030070846113IT')).toBe('format');
    expect(checkCreditCode('91440300708461136')).toBe('format');
  });

  it('detects every single-character substitution', () => {
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const base = '91440300708461136T';
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 16 }), fc.integer({ min: 1, max: 30 }), (pos, shift) => {
        const replaced = chars[(chars.indexOf(base[pos]) + shift) % 31];
        const altered = base.slice(0, pos) + replaced + base.slice(pos + 1);
        expect(checkCreditCode(altered)).not.toBeNull();
      }),
    );
    expect(creditCheckCharacter(base.slice(0, 17))).toBe('T');
  });
});

describe('masking and regions', () => {
  it('masks all but four characters at each end', () => {
    expect(maskIdentifier('42120219900101123X')).toBe('4212**********123X');
  });

  it('reads GB/T 2260 levels and containment', () => {
    expect(regionLevelOf('420000')).toBe(1);
    expect(regionLevelOf('421200')).toBe(2);
    expect(regionLevelOf('421202')).toBe(3);
    expect(regionLevelOf('421202001')).toBe(4);
    expect(regionLevelOf('421202001001')).toBe(5);
    expect(regionLevelOf('4212')).toBeNull();
    expect(regionContains('420000', '421202001')).toBe(true);
    expect(regionContains('421200', '421202')).toBe(true);
    expect(regionContains('421200', '420703')).toBe(false);
    expect(regionContains('421202', '421202001001')).toBe(true);
  });
});
