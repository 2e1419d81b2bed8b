import { sm3 } from '../crypto.js';
import { canonicalJson } from './canonical.js';

/** One chain head as a checkpoint records it: [kind, regionCode, ownerId, version, lastHash]. */
export type HeadLeaf = [kind: string, regionCode: string, id: string, version: number, lastHash: string];

/** Checkpoint order: by kind, then by owner id (as text, the order the chains are walked in). */
export function compareLeaves(a: HeadLeaf, b: HeadLeaf): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;
}

// Leaves and inner nodes are hashed with different prefixes (as RFC 6962 does) so that an inner node can never
// be passed off as a leaf.
export function leafHash(leaf: HeadLeaf): string {
  return sm3('\x00' + canonicalJson(leaf));
}

/**
 * SM3 Merkle root over the leaves in the order given: pairs are hashed level by level and an odd last node is
 * carried up unchanged. The root of no leaves is SM3 of the empty string.
 */
export function merkleRoot(leaves: readonly HeadLeaf[]): string {
  if (leaves.length === 0) return sm3('');
  let level = leaves.map(leafHash);
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? sm3('\x01' + level[i] + level[i + 1]) : level[i]!);
    level = next;
  }
  return level[0]!;
}
