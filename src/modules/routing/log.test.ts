import { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { FieldCipher, sm3 } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db.js';
import { register } from './cli.js';
import { logKey, logMessage, verifyLog } from './log.js';
import { verifyEntry } from './rules.js';

let dbh: DbHandle;
const cipher = new FieldCipher('test-secret-not-for-production');
const SYSTEM = '00000000-0000-4000-8000-0000000000aa';

async function runCli(): Promise<{ printed: unknown[]; exitCode: number }> {
  const printed: unknown[] = [];
  const program = new Command().exitOverride();
  register(program, { config: () => { throw new Error('unused'); }, withDb: (fn) => fn(dbh.db, dbh), printJson: (v) => printed.push(v) });
  process.exitCode = 0;
  await program.parseAsync(['node', 'tongban', 'routing', 'verify']);
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { printed, exitCode };
}

/** Changes a stored entry the way an intruder with database access would: bypassing the append-only triggers. */
async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
  await dbh.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await tx.execute(statement);
  });
}

beforeAll(async () => {
  dbh = await testDbHandle();
}, 60_000);

describe('the message log', () => {
  let outSeq: number;
  let inSeq: number;

  it('stores each message with its SM3 and tongban’s SM2 signature, checkable with the public key alone', async () => {
    const body = JSON.stringify({ deliveryId: 'd-1', caseId: 'c', step: 1 });
    outSeq = await logMessage(dbh.db, cipher, { direction: 'out', systemId: SYSTEM, peer: 'http://dept/cases', kind: 'dispatch', messageId: 'd-1', caseId: null, body, peerSignature: 'ab', status: 200 });
    inSeq = await logMessage(dbh.db, cipher, { direction: 'in', systemId: SYSTEM, peer: '税务系统', kind: 'callback', messageId: 'm-1', caseId: null, body: '{"messageId":"m-1"}', peerSignature: 'cd', status: 200 });
    const r = (await dbh.db.execute(sql`SELECT * FROM routing_messages ORDER BY seq`)) as unknown as { rows: Record<string, unknown>[] };
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({ direction: 'out', body_hash: sm3(body), key_id: 'sm2-1' });
    const key = await logKey(dbh.db, cipher);
    const row = r.rows[0]!;
    const facts = { seq: Number(row.seq), at: new Date(row.at as string), direction: 'out' as const, systemId: SYSTEM, peer: 'http://dept/cases', kind: 'dispatch', messageId: 'd-1', caseId: null, bodyHash: sm3(body), peerSignature: 'ab', status: 200, note: null, keyId: 'sm2-1' };
    expect(verifyEntry(facts, row.signature as string, key.publicKey)).toBe(true);
    expect(verifyEntry({ ...facts, status: 500 }, row.signature as string, key.publicKey)).toBe(false);
    expect(await verifyLog(dbh.db)).toEqual({ ok: true, entriesChecked: 2, broken: [] });
    expect((await runCli())).toEqual({ printed: [{ ok: true, entriesChecked: 2, broken: [] }], exitCode: 0 });
  });

  it('refuses UPDATE and DELETE in the database itself', async () => {
    await expect(dbh.db.execute(sql`UPDATE routing_messages SET status = 500 WHERE seq = ${outSeq}`)).rejects.toThrow();
    await expect(dbh.db.execute(sql`DELETE FROM routing_messages WHERE seq = ${outSeq}`)).rejects.toThrow();
  });

  it('finds a changed body and a changed fact offline, and the CLI exits 1', async () => {
    await tamper(sql`UPDATE routing_messages SET body = '{"messageId":"m-1","forged":true}' WHERE seq = ${inSeq}`);
    await tamper(sql`UPDATE routing_messages SET status = 202 WHERE seq = ${outSeq}`);
    const report = await verifyLog(dbh.db);
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([{ seq: outSeq, reason: 'signature' }, { seq: inSeq, reason: 'hash' }]);
    const cli = await runCli();
    expect(cli.exitCode).toBe(1);
    expect(cli.printed[0]).toMatchObject({ ok: false, broken: report.broken });
  });
});
