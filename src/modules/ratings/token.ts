/**
 * The QR code on a 受理通知书 or 决定书 carries a token naming the case and the stage, signed with a key derived
 * from TONGBAN_SECRET: whoever holds the paper may rate that stage once, without an account.
 */
import { timingSafeEqual } from 'node:crypto';
import { deriveKey, hmacSm3 } from '../../platform/crypto.js';
import type { Stage } from './rules.js';

const STAGE_BYTE: Record<Stage, number> = { accept: 1, conclude: 2 };
const MAC_BYTES = 10;

const keyOf = (secret: string) => deriveKey(secret, 'rating-qr');

export function makeToken(secret: string, caseId: string, stage: Stage): string {
  const body = Buffer.concat([Buffer.from(caseId.replace(/-/g, ''), 'hex'), Buffer.from([STAGE_BYTE[stage]])]);
  const mac = hmacSm3(keyOf(secret), body).subarray(0, MAC_BYTES);
  return Buffer.concat([body, mac]).toString('base64url');
}

export function readToken(secret: string, token: string): { caseId: string; stage: Stage } | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 17 + MAC_BYTES) return null;
  const body = raw.subarray(0, 17);
  const mac = hmacSm3(keyOf(secret), body).subarray(0, MAC_BYTES);
  if (!timingSafeEqual(mac, raw.subarray(17))) return null;
  const stage = raw[16] === 1 ? 'accept' : raw[16] === 2 ? 'conclude' : null;
  if (!stage) return null;
  const h = body.subarray(0, 16).toString('hex');
  return { caseId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`, stage };
}
