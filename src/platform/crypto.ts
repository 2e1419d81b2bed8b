import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** SM3 (GB/T 32905) digest, hex. */
export function sm3(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function hmacSm3(key: Buffer, data: string | Buffer): Buffer {
  return createHmac('sm3', key).update(data).digest();
}

/**
 * Keys derived from TONGBAN_SECRET, one per purpose, so that a leaked blind index key does not also
 * decrypt the stored personal data.
 */
export function deriveKey(secret: string, purpose: string, length = 32): Buffer {
  return hmacSm3(Buffer.from(secret, 'utf8'), `tongban:${purpose}`).subarray(0, length);
}

/**
 * Field encryption for sensitive personal data at rest (ID numbers, phone numbers). OpenSSL offers SM4 without
 * an AEAD mode, so this is SM4-CBC with an HMAC-SM3 tag over IV and ciphertext (encrypt-then-MAC).
 * Format: base64(iv ‖ ciphertext ‖ tag).
 */
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(secret: string) {
    this.encKey = deriveKey(secret, 'field-encryption', 16);
    this.macKey = deriveKey(secret, 'field-mac');
    this.indexKey = deriveKey(secret, 'blind-index');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-cbc', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = hmacSm3(this.macKey, Buffer.concat([iv, body]));
    return Buffer.concat([iv, body, tag]).toString('base64');
  }

  decrypt(token: string): string {
    const raw = Buffer.from(token, 'base64');
    if (raw.length < 16 + 16 + 32) throw new Error('ciphertext too short');
    const iv = raw.subarray(0, 16);
    const body = raw.subarray(16, raw.length - 32);
    const tag = raw.subarray(raw.length - 32);
    if (!timingSafeEqual(tag, hmacSm3(this.macKey, Buffer.concat([iv, body])))) throw new Error('ciphertext tampered');
    const decipher = createDecipheriv('sm4-cbc', this.encKey, iv);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }

  /** A keyed hash to find a record by an encrypted value without decrypting every row. */
  blindIndex(plain: string): string {
    return hmacSm3(this.indexKey, plain).toString('hex');
  }
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
