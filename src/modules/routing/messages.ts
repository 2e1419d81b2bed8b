import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { FieldCipher } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import type { Caller } from '../../platform/http.js';
import { inScope } from './deps.js';
import { logKey } from './log.js';
import { routingMessages, routingSystems } from './schema.js';

/** The log entries of the systems in the administrator's region (refusals from unknown peers are not listed here; `tongban routing verify` covers them). */
export async function listMessages(db: Db, cipher: FieldCipher, caller: Caller, q: { systemId?: string; caseId?: string; limit: number; offset: number }) {
  const systems = (await db.select({ id: routingSystems.id, regionCode: routingSystems.regionCode }).from(routingSystems)).filter((s) => inScope(caller, { regionCode: s.regionCode })).map((s) => s.id);
  const where: SQL[] = [inArray(routingMessages.systemId, systems.length ? systems : ['00000000-0000-0000-0000-000000000000'])];
  if (q.systemId) where.push(eq(routingMessages.systemId, q.systemId));
  if (q.caseId) where.push(eq(routingMessages.caseId, q.caseId));
  const rows = await db.select().from(routingMessages).where(and(...where)).orderBy(desc(routingMessages.seq)).limit(q.limit).offset(q.offset);
  const key = await logKey(db, cipher);
  return {
    publicKey: key.publicKey,
    items: rows.map((r) => ({ seq: r.seq, at: r.at.toISOString(), direction: r.direction, systemId: r.systemId, peer: r.peer, kind: r.kind, messageId: r.messageId, caseId: r.caseId, bodyHash: r.bodyHash, status: r.status, note: r.note, keyId: r.keyId, signature: r.signature })),
  };
}
