/** The message log: every message in and out, hashed and signed by tongban, checkable offline. */
import { asc, eq, gt, sql } from 'drizzle-orm';
import { sm2 } from 'sm-crypto-v2';
import { sm3, type FieldCipher } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { signEntry, verifyEntry, type LogEntryFacts } from './rules.js';
import { routingKeys, routingMessages } from './schema.js';

const LOG_KEY_ID = 'sm2-1';

let cachedKey: { id: string; publicKey: string; privateKey: string } | null = null;

/** tongban's log signing key; made on first use, its private half kept encrypted with the install's key. */
export async function logKey(db: Db, cipher: FieldCipher): Promise<{ id: string; publicKey: string; privateKey: string }> {
  if (cachedKey) {
    const [row] = await db.select({ publicKey: routingKeys.publicKey }).from(routingKeys).where(eq(routingKeys.id, cachedKey.id));
    if (row?.publicKey === cachedKey.publicKey) return cachedKey;
  }
  let [row] = await db.select().from(routingKeys).where(eq(routingKeys.id, LOG_KEY_ID));
  if (!row) {
    const kp = sm2.generateKeyPairHex();
    await db.insert(routingKeys).values({ id: LOG_KEY_ID, publicKey: kp.publicKey, privateKeyEnc: cipher.encrypt(kp.privateKey) }).onConflictDoNothing();
    [row] = await db.select().from(routingKeys).where(eq(routingKeys.id, LOG_KEY_ID));
  }
  cachedKey = { id: row!.id, publicKey: row!.publicKey, privateKey: cipher.decrypt(row!.privateKeyEnc) };
  return cachedKey;
}

export interface LogInput {
  direction: 'in' | 'out';
  systemId: string | null;
  peer: string;
  kind: string;
  messageId: string | null;
  caseId: string | null;
  body: string;
  peerSignature: string | null;
  status: number | null;
  note?: string | null;
  at?: Date;
}

/** Appends one entry, signed over its facts (its sequence number included, so entries cannot be reordered). */
export async function logMessage(db: Db, cipher: FieldCipher, m: LogInput): Promise<number> {
  const key = await logKey(db, cipher);
  const res = (await db.execute(sql`SELECT nextval(pg_get_serial_sequence('routing_messages', 'seq'))::int AS seq`)) as unknown as { rows: { seq: number }[] };
  const facts: LogEntryFacts = {
    seq: Number(res.rows[0]!.seq),
    at: m.at ?? new Date(),
    direction: m.direction,
    systemId: m.systemId,
    peer: m.peer,
    kind: m.kind,
    messageId: m.messageId,
    caseId: m.caseId,
    bodyHash: sm3(m.body),
    peerSignature: m.peerSignature,
    status: m.status,
    note: m.note ?? null,
    keyId: key.id,
  };
  await db.insert(routingMessages).values({ ...facts, body: m.body, signature: signEntry(facts, key.privateKey) });
  return facts.seq;
}

export interface LogReport {
  ok: boolean;
  entriesChecked: number;
  broken: { seq: number; reason: 'hash' | 'signature' | 'key' }[];
}

/** Re-checks every entry: the body's SM3, then tongban's signature with the public key alone (no secret needed). */
export async function verifyLog(db: Db, opts: { systemId?: string; batch?: number } = {}): Promise<LogReport> {
  const keys = new Map((await db.select({ id: routingKeys.id, publicKey: routingKeys.publicKey }).from(routingKeys)).map((k) => [k.id, k.publicKey]));
  const broken: LogReport['broken'] = [];
  let after = 0;
  let checked = 0;
  const batch = opts.batch ?? 500;
  for (;;) {
    const rows = await db
      .select()
      .from(routingMessages)
      .where(opts.systemId ? sql`${routingMessages.seq} > ${after} AND ${routingMessages.systemId} = ${opts.systemId}` : gt(routingMessages.seq, after))
      .orderBy(asc(routingMessages.seq))
      .limit(batch);
    if (!rows.length) break;
    for (const r of rows) {
      checked++;
      after = r.seq;
      const { body, signature, ...facts } = r;
      if (sm3(body) !== r.bodyHash) broken.push({ seq: r.seq, reason: 'hash' });
      else if (!keys.has(r.keyId)) broken.push({ seq: r.seq, reason: 'key' });
      else if (!verifyEntry(facts as LogEntryFacts, signature, keys.get(r.keyId)!)) broken.push({ seq: r.seq, reason: 'signature' });
    }
  }
  return { ok: broken.length === 0, entriesChecked: checked, broken };
}
