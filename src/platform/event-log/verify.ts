import type { Db } from '../db.js';
import { signatureValid, type Checkpoint } from './checkpoint.js';
import { eventLogs, type ChainProblem, type KindReport } from './log.js';
import { merkleRoot } from './merkle.js';

/**
 * How a chain differs from the latest checkpoint although it may be whole in itself:
 * - `rewritten`: the event the checkpoint signed (seq = its version) now has another hash — an event at or
 *   before it was changed and every later hash recomputed;
 * - `rewound`: the chain is shorter than the checkpoint signed — its last events were deleted and the head
 *   moved back;
 * - `missing`: the checkpoint signed a chain whose owner row is gone.
 */
export interface Tampering {
  kind: string;
  id: string;
  regionCode: string;
  label: string | null;
  attack: 'rewritten' | 'rewound' | 'missing';
  checkpointVersion: number;
  checkpointHash: string;
  /** The chain's length now (null when the owner row is gone). */
  currentVersion: number | null;
  /** The hash the chain now has at the checkpointed seq (rewritten only). */
  currentHash?: string;
  /** The finding in Chinese and English, for the operator. */
  message: string;
}

function describe(t: Omit<Tampering, 'message'>): string {
  const who = `${t.kind} ${t.label ?? t.id}`;
  if (t.attack === 'rewound') return `${who}: 检查点记录 ${t.checkpointVersion} 条事件,现仅 ${t.currentVersion} 条——末尾事件被删除且链头回退 / the checkpoint signed ${t.checkpointVersion} events, the chain now has ${t.currentVersion}: its last events were deleted and the head rewound`;
  if (t.attack === 'missing') return `${who}: 检查点记录的链已不存在 / the checkpoint signed this chain (${t.checkpointVersion} events) and its owner row is gone`;
  return `${who}: 第 ${t.checkpointVersion} 条事件的哈希与检查点不符——此前事件被改写并重算哈希 / event ${t.checkpointVersion} no longer has the hash the checkpoint signed: an event at or before it was rewritten and the later hashes recomputed`;
}

export interface CheckpointCheck {
  seq: number;
  createdAt: string;
  chains: number;
  /** The SM2 signature verifies under the configured public key. */
  signatureValid: boolean;
  /** The heads in the file hash to the signed root. */
  rootMatches: boolean;
  /** Signed with another key than the configured one (an old key, or a forged file). */
  foreignKey: boolean;
}

export interface VerifyReport {
  ok: boolean;
  kinds: KindReport[];
  broken: ChainProblem[];
  checkpoint: (CheckpointCheck & { file: string }) | null;
  tampered: Tampering[];
}

const named = (t: Omit<Tampering, 'message'>): Tampering => ({ ...t, message: describe(t) });
const keyOf = (kind: string, id: string) => `${kind}\u0000${id}`;

/**
 * Verifies every chain of every registered kind (or one kind, or one owner's chain) and, given the latest
 * checkpoint, compares each chain with the head it signed: in one walk, memory flat in the number of events
 * (the checkpoint's heads are held in memory, about 200 bytes a chain).
 */
export async function verifyChains(
  db: Db,
  opts: { kind?: string; ownerId?: string; batch?: number; checkpoint?: { file: string; checkpoint: Checkpoint; publicKey: string } } = {},
): Promise<VerifyReport> {
  const logs = eventLogs().filter((l) => !opts.kind || l.kind === opts.kind);
  const cp = opts.checkpoint;
  const signed = new Map<string, Checkpoint['heads'][number]>();
  let check: VerifyReport['checkpoint'] = null;
  if (cp) {
    const c = cp.checkpoint;
    check = {
      file: cp.file,
      seq: c.seq,
      createdAt: c.createdAt,
      chains: c.chains,
      signatureValid: signatureValid(c, cp.publicKey),
      rootMatches: merkleRoot(c.heads) === c.root && c.heads.length === c.chains,
      foreignKey: c.publicKey !== cp.publicKey,
    };
    for (const h of c.heads) if (logs.some((l) => l.kind === h[0]) && (!opts.ownerId || h[2] === opts.ownerId)) signed.set(keyOf(h[0], h[2]), h);
  }
  const kinds: KindReport[] = [];
  const tampered: Tampering[] = [];
  for (const log of logs) {
    const report: KindReport = { kind: log.kind, chainsChecked: 0, eventsChecked: 0, broken: [] };
    await log.walk(
      db,
      (h, events) => {
        report.chainsChecked++;
        report.eventsChecked += events.length;
        const problem = log.checkHead(h, events);
        if (problem) report.broken.push({ kind: log.kind, id: h.id, regionCode: h.regionCode, label: h.label, break: problem.break, ...(problem.headMismatch ? { headMismatch: true } : {}) });
        const leaf = signed.get(keyOf(log.kind, h.id));
        if (!leaf) return;
        signed.delete(keyOf(log.kind, h.id));
        const [, , , version, hash] = leaf;
        const base = { kind: log.kind, id: h.id, regionCode: h.regionCode, label: h.label, checkpointVersion: version, checkpointHash: hash };
        const length = Math.min(h.version, events.length);
        if (length < version) tampered.push(named({ ...base, attack: 'rewound', currentVersion: h.version }));
        else if (version > 0 && events[version - 1]!.hash !== hash) tampered.push(named({ ...base, attack: 'rewritten', currentVersion: h.version, currentHash: events[version - 1]!.hash }));
      },
      { ownerId: opts.ownerId, batch: opts.batch },
    );
    kinds.push(report);
  }
  for (const [kind, regionCode, id, version, hash] of signed.values()) {
    tampered.push(named({ kind, id, regionCode, label: null, attack: 'missing', checkpointVersion: version, checkpointHash: hash, currentVersion: null }));
  }
  const broken = kinds.flatMap((k) => k.broken);
  const checkpointOk = !check || (check.signatureValid && check.rootMatches && !check.foreignKey);
  return { ok: broken.length === 0 && tampered.length === 0 && checkpointOk, kinds, broken, checkpoint: check, tampered };
}
