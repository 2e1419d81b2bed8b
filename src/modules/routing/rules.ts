/** Pure parts of 业务分发: what is signed, how a log entry is canonicalised, who owns a step, the retry delays. */
import { sm2 } from 'sm-crypto-v2';
import { hmacSm3, sm3 } from '../../platform/crypto.js';
import { canonicalJson } from '../../platform/event-log/index.js';
import type { Takeover } from './schema.js';

/** How long a signed request stays valid: older ones are refused as replays. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
/** Deliveries are tried this many times (backoff doubling from the base delay) before going to the dead letters. */
export const DEFAULT_MAX_ATTEMPTS = 8;
/** How long a material link in a dispatched message stays valid. */
export const LINK_TTL_MS = 7 * 86_400_000;

/** What both sides sign with HMAC-SM3: the timestamp, a newline, SM3 of the exact body bytes (hex). */
export function signingString(timestamp: string, body: string): string {
  return `${timestamp}\n${sm3(body)}`;
}

export function hmacSignature(keyB64: string, timestamp: string, body: string): string {
  return hmacSm3(Buffer.from(keyB64, 'base64'), signingString(timestamp, body)).toString('hex');
}

/** Does the system take over step `step` (of its own department) of item `itemCode`? */
export function takesOver(takeovers: readonly Takeover[], itemCode: string, step: number): boolean {
  return takeovers.some((t) => t.itemCode === itemCode && (!t.steps || t.steps.includes(step)));
}

/** Two takeover lists overlap when some item's steps could be claimed by both. */
export function overlaps(a: readonly Takeover[], b: readonly Takeover[]): boolean {
  return a.some((x) => b.some((y) => x.itemCode === y.itemCode && (!x.steps || !y.steps || x.steps.some((s) => y.steps!.includes(s)))));
}

export interface LogEntryFacts {
  seq: number;
  at: Date;
  direction: 'in' | 'out';
  systemId: string | null;
  peer: string;
  kind: string;
  messageId: string | null;
  caseId: string | null;
  bodyHash: string;
  peerSignature: string | null;
  status: number | null;
  note: string | null;
  keyId: string;
}

/** The canonical text tongban signs for one log entry (the body enters through its SM3). */
export function canonicalEntry(e: LogEntryFacts): string {
  return canonicalJson({ ...e, at: e.at.toISOString() });
}

export function signEntry(e: LogEntryFacts, privateKeyHex: string): string {
  return sm2.doSignature(canonicalEntry(e), privateKeyHex, { hash: true, der: true });
}

export function verifyEntry(e: LogEntryFacts, signatureHex: string, publicKeyHex: string): boolean {
  try {
    return sm2.doVerifySignature(canonicalEntry(e), signatureHex, publicKeyHex, { hash: true, der: true });
  } catch {
    return false;
  }
}

/** Seconds before retry n (1-based) with exponential backoff, as pg-boss computes it for `retryBackoff`. */
export function backoffSeconds(base: number, n: number): number {
  return base * 2 ** (n - 1);
}
