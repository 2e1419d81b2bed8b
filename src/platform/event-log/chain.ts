import { sm3 } from '../crypto.js';
import { canonicalJson } from './canonical.js';

/** The previous hash of every chain's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What one event's hash covers (everything but the hashes themselves and the actor's display name). */
export interface EventBody {
  /** The owner row's id (the case, the bundle case, the rating …). */
  ownerId: string;
  seq: number;
  at: Date;
  actorId: string | null;
  role: string;
  action: string;
  fromState: string | null;
  toState: string;
  payload: unknown;
}

export interface StoredEvent extends EventBody {
  prevHash: string;
  hash: string;
}

export type ChainBreak =
  | { seq: number; reason: 'sequence'; expected: number }
  | { seq: number; reason: 'prev_hash'; expected: string }
  | { seq: number; reason: 'hash'; expected: string };

/**
 * SM3 over the previous hash and the event's canonical JSON. `ownerField` is the key the owner id is hashed
 * under: the case and bundle chains were written with `caseId` before the log was shared, later kinds use the
 * default `ownerId`.
 */
export function eventHash(prevHash: string, event: EventBody, ownerField = 'ownerId'): string {
  const { ownerId, seq, at, actorId, role, action, fromState, toState, payload } = event;
  return sm3(prevHash + canonicalJson({ [ownerField]: ownerId, seq, at: at.toISOString(), actorId, role, action, fromState, toState, payload }));
}

/** The first event (in sequence order) that breaks the chain, or null when the chain is whole. */
export function verifyChain(events: readonly StoredEvent[], ownerField = 'ownerId'): ChainBreak | null {
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.seq !== i + 1) return { seq: e.seq, reason: 'sequence', expected: i + 1 };
    if (e.prevHash !== prev) return { seq: e.seq, reason: 'prev_hash', expected: prev };
    const h = eventHash(prev, e, ownerField);
    if (h !== e.hash) return { seq: e.seq, reason: 'hash', expected: h };
    prev = e.hash;
  }
  return null;
}

/**
 * The first break in a record's chain, including a head row (case, bundle case …) that does not point at its
 * last event: the row's version must equal the number of events and its last hash the last event's hash.
 */
export function checkChainHead(
  head: { version: number; lastHash: string },
  events: readonly StoredEvent[],
  ownerField = 'ownerId',
): { break: ChainBreak; headMismatch: boolean } | null {
  const brk = verifyChain(events, ownerField);
  if (brk) return { break: brk, headMismatch: false };
  if (events.length !== head.version || (events.at(-1)?.hash ?? GENESIS_HASH) !== head.lastHash) {
    return { break: { seq: events.length + 1, reason: 'sequence', expected: head.version }, headMismatch: true };
  }
  return null;
}
