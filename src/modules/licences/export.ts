import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { canonicalLicence, verifyLicenceSignature } from './rules.js';
import { licenceKeys, licences } from './schema.js';
import { factsOf, getMine, type LicenceEnv } from './service.js';

// SubjectPublicKeyInfo up to the point: SEQUENCE { SEQUENCE { id-ecPublicKey, SM2 curve 1.2.156.10197.1.301 },
// BIT STRING (no unused bits) }; the 65 bytes of the uncompressed point follow. OpenSSL 3 reads it as an SM2 key.
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

/** An SM2 public key (hex of the uncompressed point 04‖X‖Y, as sm-crypto-v2 writes it) as a PEM file. */
export function sm2PublicKeyPem(publicKeyHex: string): string {
  const point = Buffer.from(publicKeyHex, 'hex');
  if (point.length !== 65 || point[0] !== 4) throw new Error('not an uncompressed SM2 point');
  const b64 = Buffer.concat([SM2_SPKI_PREFIX, point]).toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/** A POSIX ustar archive of regular files: what `tar -xf` opens on any system, with nothing to install. */
export function ustar(files: readonly { name: string; data: Buffer }[], mtime: Date): Buffer {
  const blocks: Buffer[] = [];
  const field = (h: Buffer, at: number, len: number, text: string) => h.write(text, at, len, 'ascii');
  const octal = (n: number, len: number) => `${n.toString(8).padStart(len - 1, '0')}\0`;
  for (const f of files) {
    if (Buffer.byteLength(f.name) > 99) throw new Error(`tar name too long: ${f.name}`);
    const h = Buffer.alloc(512);
    h.write(f.name, 0, 100, 'utf8');
    field(h, 100, 8, octal(0o644, 8));
    field(h, 108, 8, octal(0, 8));
    field(h, 116, 8, octal(0, 8));
    field(h, 124, 12, octal(f.data.length, 12));
    field(h, 136, 12, octal(Math.floor(mtime.getTime() / 1000), 12));
    field(h, 148, 8, '        ');
    field(h, 156, 1, '0');
    field(h, 257, 8, 'ustar\u000000');
    let sum = 0;
    for (const b of h) sum += b;
    field(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(h, f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const README = (dir: string) => `电子证照验签 / Verifying this e-licence

content.json  证照内容(规范化 JSON,签名所覆盖的原始字节)/ the licence content, the exact bytes signed
sig.der       发证机关的 SM2 签名(DER 编码)/ the issuer's SM2 signature, DER-encoded
key.pem       发证签名公钥 / the issuer's public key (also at /api/v1/public/licences/keys)

用 OpenSSL 3 离线验签 / Verify offline with OpenSSL 3:

  cd ${dir}
  openssl dgst -sm3 -verify key.pem -sigopt distid:1234567812345678 -signature sig.der content.json

输出 "Verified OK" 即内容未被改动、确由该密钥签发;content.json 改动任何一个字节都会得到 "Verification failure"。
"Verified OK" means the content is unchanged and was signed with this key; any change to content.json gives
"Verification failure". 证照当前是否有效(未撤销、未过期)请以核验页面为准 / whether it is still valid (not revoked,
not expired) is answered by the verification page, since a revocation does not change the signed content.
`;

/**
 * 下载证照: the holder's licence as a tar of its canonical JSON (the bytes the signature covers), the detached DER
 * SM2 signature and the issuer's public key in PEM, verifiable with stock OpenSSL 3. A licence whose stored signature
 * no longer verifies is not handed out as if it did.
 */
export async function exportMine(db: Db, env: LicenceEnv, caller: Caller, id: string): Promise<{ filename: string; data: Buffer }> {
  const mine = await getMine(db, env, caller, id);
  const [row] = await db.select().from(licences).where(eq(licences.id, mine.id));
  const [key] = await db.select().from(licenceKeys).where(eq(licenceKeys.id, row!.keyId));
  const canonical = canonicalLicence(factsOf(row!, env.cipher.decrypt(row!.holderIdEnc)));
  if (!key || !verifyLicenceSignature(canonical, row!.signature, key.publicKey)) throw new AppError('LICENCE_SIGNATURE_INVALID');
  const dir = `licence-${row!.number}`;
  const data = ustar(
    [
      { name: `${dir}/content.json`, data: Buffer.from(canonical, 'utf8') },
      { name: `${dir}/sig.der`, data: Buffer.from(row!.signature, 'hex') },
      { name: `${dir}/key.pem`, data: Buffer.from(sm2PublicKeyPem(key.publicKey), 'ascii') },
      { name: `${dir}/README.txt`, data: Buffer.from(README(dir), 'utf8') },
    ],
    row!.createdAt,
  );
  return { filename: `${dir}.tar`, data };
}
