import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import { sm3 } from '../crypto.js';
import type { Db } from '../db.js';
import { canonicalJson } from './canonical.js';
import { eventLogs } from './log.js';
import { compareLeaves, merkleRoot, type HeadLeaf } from './merkle.js';

export const CHECKPOINT_FORMAT = 'tongban-checkpoint/1';

/** What the signature covers; the heads themselves are covered through the root. */
export interface CheckpointStatement {
  format: typeof CHECKPOINT_FORMAT;
  seq: number;
  createdAt: string;
  /** SM3 of the previous checkpoint's signed statement and signature, so the files form a chain too. */
  previous: string | null;
  chains: number;
  kinds: Record<string, number>;
  root: string;
}

export interface Checkpoint extends CheckpointStatement {
  algorithm: 'SM2-SM3';
  publicKey: string;
  signature: string;
  heads: HeadLeaf[];
}

export interface CheckpointKey {
  privateKey: string;
  publicKey: string;
}

export function checkpointDir(dataDir: string): string {
  return join(dataDir, 'checkpoints');
}

/**
 * The SM2 key that signs checkpoints: TONGBAN_CHECKPOINT_KEY (private key, 64 hex digits; the same on every
 * node) or one generated into `<data>/checkpoint-key` on first use. It lives outside the database, so write
 * access to the database alone cannot forge a checkpoint.
 */
export function checkpointKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): CheckpointKey {
  let privateKey = env.TONGBAN_CHECKPOINT_KEY?.trim().toLowerCase();
  if (privateKey && !/^[0-9a-f]{64}$/.test(privateKey)) throw new Error('TONGBAN_CHECKPOINT_KEY must be an SM2 private key of 64 hex digits');
  if (!privateKey) {
    const file = join(dataDir, 'checkpoint-key');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, sm2.generateKeyPairHex().privateKey + '\n', { mode: 0o600, flag: 'wx' });
    }
    privateKey = readFileSync(file, 'utf8').trim();
  }
  return { privateKey, publicKey: sm2.getPublicKeyFromPrivateKey(privateKey) };
}

/** Reads the head of every chain of every registered kind, in checkpoint order. */
export async function collectHeads(db: Db, batch = 5000): Promise<HeadLeaf[]> {
  const leaves: HeadLeaf[] = [];
  for (const log of eventLogs()) {
    let after = '';
    for (;;) {
      const page = await log.heads(db, after, batch);
      for (const h of page) leaves.push([log.kind, h.regionCode, h.id, h.version, h.lastHash]);
      if (page.length < batch) break;
      after = page.at(-1)!.id;
    }
  }
  // The database orders ids as text under its collation; the checkpoint fixes plain code-unit order.
  return leaves.sort(compareLeaves);
}

export function statementOf(c: CheckpointStatement): CheckpointStatement {
  const { format, seq, createdAt, previous, chains, kinds, root } = c;
  return { format, seq, createdAt, previous, chains, kinds, root };
}

/** SM2 with SM3 over Z ‖ message (default user ID 1234567812345678), DER-encoded as OpenSSL writes it. */
function sign(statement: CheckpointStatement, key: CheckpointKey): string {
  return sm2.doSignature(canonicalJson(statement), key.privateKey, { hash: true, der: true });
}

export function signatureValid(c: Checkpoint, publicKey: string): boolean {
  try {
    return sm2.doVerifySignature(canonicalJson(statementOf(c)), c.signature, publicKey, { hash: true, der: true });
  } catch {
    return false;
  }
}

const FILE = /^checkpoint-(\d{8})-[0-9TZ]+\.json$/;

/** The checkpoint files of the data folder, oldest first. */
export function listCheckpoints(dataDir: string): string[] {
  const dir = checkpointDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => FILE.test(f)).sort();
}

export function readCheckpoint(path: string): Checkpoint {
  const c = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
  if (c.format !== CHECKPOINT_FORMAT || !Array.isArray(c.heads)) throw new Error(`${path} is not a tongban checkpoint`);
  return c;
}

export function latestCheckpoint(dataDir: string): { file: string; checkpoint: Checkpoint } | null {
  const name = listCheckpoints(dataDir).at(-1);
  if (!name) return null;
  const file = join(checkpointDir(dataDir), name);
  return { file, checkpoint: readCheckpoint(file) };
}

export interface WrittenCheckpoint {
  file: string;
  checkpoint: Checkpoint;
  /** False when no head moved since the latest checkpoint, which then stands. */
  written: boolean;
}

/**
 * Signs the current heads of every chain into `<data>/checkpoints/checkpoint-<seq>-<time>.json`, written to a
 * temporary name, flushed and renamed, so a crash leaves the old latest checkpoint or the new one, never half.
 */
export async function writeCheckpoint(db: Db, dataDir: string, opts: { now?: Date; key?: CheckpointKey } = {}): Promise<WrittenCheckpoint> {
  const key = opts.key ?? checkpointKey(dataDir);
  const heads = await collectHeads(db);
  const root = merkleRoot(heads);
  const latest = latestCheckpoint(dataDir);
  if (latest && latest.checkpoint.root === root && latest.checkpoint.publicKey === key.publicKey) return { ...latest, written: false };
  const kinds: Record<string, number> = Object.fromEntries(eventLogs().map((l) => [l.kind, 0]));
  for (const h of heads) kinds[h[0]] = (kinds[h[0]] ?? 0) + 1;
  const createdAt = (opts.now ?? new Date()).toISOString();
  const statement: CheckpointStatement = {
    format: CHECKPOINT_FORMAT,
    seq: (latest?.checkpoint.seq ?? 0) + 1,
    createdAt,
    previous: latest ? sm3(canonicalJson(statementOf(latest.checkpoint)) + latest.checkpoint.signature) : null,
    chains: heads.length,
    kinds,
    root,
  };
  const checkpoint: Checkpoint = { ...statement, algorithm: 'SM2-SM3', publicKey: key.publicKey, signature: sign(statement, key), heads };
  const dir = checkpointDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `checkpoint-${String(statement.seq).padStart(8, '0')}-${createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.json`);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, JSON.stringify(checkpoint));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return { file, checkpoint, written: true };
}

/** Sends the checkpoint to an external witness (TONGBAN_CHECKPOINT_URL); throws unless it answers 2xx. */
export async function postCheckpoint(url: string, checkpoint: Checkpoint, timeoutMs = 30_000): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(checkpoint), signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`checkpoint endpoint answered ${res.status}`);
}
