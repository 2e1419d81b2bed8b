import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { pgTable, primaryKey, uuid, varchar } from 'drizzle-orm/pg-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/platform/db.js';
import { checkpointKey, latestCheckpoint, readCheckpoint, writeCheckpoint } from '../../src/platform/event-log/checkpoint.js';
import { registerVerifyCli } from '../../src/platform/event-log/cli.js';
import { startCheckpoints } from '../../src/platform/event-log/jobs.js';
import { chainHeadColumns, defineEventLog, eventColumns, newChainHead, type StoredEvent } from '../../src/platform/event-log/index.js';
import { merkleRoot, type HeadLeaf } from '../../src/platform/event-log/merkle.js';
import type { VerifyReport } from '../../src/platform/event-log/verify.js';
import { testApp, type TestApp } from '../helpers/app.js';

describe('merkle root', () => {
  const leaf = (i: number): HeadLeaf => ['case', '421202', `id-${i}`, i, String(i).padStart(64, '0')];
  it('changes when any head changes, and depends on every leaf', () => {
    for (const n of [1, 2, 3, 5, 8, 13]) {
      const leaves = Array.from({ length: n }, (_, i) => leaf(i));
      const root = merkleRoot(leaves);
      expect(merkleRoot(leaves)).toBe(root);
      for (let i = 0; i < n; i++) {
        const changed = leaves.map((l, j) => (j === i ? ([...l.slice(0, 3), l[3] + 1, l[4]] as HeadLeaf) : l));
        expect(merkleRoot(changed), `${n}/${i}`).not.toBe(root);
      }
      if (n > 1) expect(merkleRoot(leaves.slice(0, -1))).not.toBe(root);
    }
  });
});

// A log with the append-only trigger of the real ones: the attacker below bypasses it as a database owner can.
const notes = pgTable('cp_test_notes', { regionCode: varchar('region_code', { length: 12 }).notNull(), id: uuid('id').notNull(), ...chainHeadColumns() }, (t) => [primaryKey({ columns: [t.regionCode, t.id] })]);
const noteEvents = pgTable('cp_test_note_events', { regionCode: varchar('region_code', { length: 12 }).notNull(), noteId: uuid('note_id').notNull(), ...eventColumns() }, (t) => [
  primaryKey({ columns: [t.regionCode, t.noteId, t.seq] }),
]);
const noteLog = defineEventLog({ kind: 'cp_test_note', owner: notes, events: noteEvents, ownerKey: 'noteId' });

describe('signed checkpoints', () => {
  let t: TestApp;
  let db: Db;

  async function newNote(events: number): Promise<string> {
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await tx.insert(notes).values({ regionCode: '421202', id, ...newChainHead() });
      for (let i = 0; i < events; i++) await addEvent(tx, id, i);
    });
    return id;
  }

  async function addEvent(tx: Db, id: string, i: number) {
    const head = await noteLog.lock(tx, { regionCode: '421202', id });
    await noteLog.append(tx, head!, { at: new Date(), actorId: null, actorName: 'system', role: 'system', action: `step${i}`, fromState: null, toState: 'open', payload: { i } });
  }

  /** What an attacker with write access to the database does: triggers off, rows changed, hashes recomputed. */
  async function asAttacker(fn: (tx: Db) => Promise<void>) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await fn(tx);
    });
  }

  async function eventsOf(tx: Db, id: string): Promise<StoredEvent[]> {
    const rows = await tx.select().from(noteEvents).where(sql`note_id = ${id}`).orderBy(noteEvents.seq);
    return rows.map((r) => ({ ...r, ownerId: r.noteId }));
  }

  async function verifyCli(): Promise<{ report: VerifyReport; exitCode: number }> {
    const printed: unknown[] = [];
    const program = new Command('tongban').exitOverride();
    registerVerifyCli(program, { config: () => t.config, withDb: (fn) => fn(db, t.dbh), printJson: (v) => printed.push(v) });
    process.exitCode = 0;
    await program.parseAsync(['node', 'tongban', 'verify']);
    const exitCode = Number(process.exitCode ?? 0);
    process.exitCode = 0;
    return { report: printed[0] as VerifyReport, exitCode };
  }

  beforeAll(async () => {
    t = await testApp();
    db = t.dbh.db;
    await db.execute(sql`CREATE TABLE cp_test_notes (region_code varchar(12) NOT NULL, id uuid NOT NULL, version integer NOT NULL DEFAULT 0, last_hash varchar(64) NOT NULL, PRIMARY KEY (region_code, id))`);
    await db.execute(sql`CREATE TABLE cp_test_note_events (region_code varchar(12) NOT NULL, note_id uuid NOT NULL, seq integer NOT NULL, at timestamptz NOT NULL, actor_id uuid, actor_name text, role varchar(32) NOT NULL, action varchar(40) NOT NULL, from_state varchar(24), to_state varchar(24) NOT NULL, payload jsonb NOT NULL, prev_hash varchar(64) NOT NULL, hash varchar(64) NOT NULL, PRIMARY KEY (region_code, note_id, seq))`);
    await db.execute(sql`CREATE TRIGGER cp_test_note_events_no_update BEFORE UPDATE OR DELETE ON cp_test_note_events FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
  }, 120_000);

  it('signs every head of every kind into a file outside the database, and writes again only when a head moved', async () => {
    await newNote(2);
    const first = await writeCheckpoint(db, t.config.dataDir);
    expect(first.written).toBe(true);
    expect(first.file.startsWith(`${t.config.dataDir}/checkpoints/`)).toBe(true);
    const onDisk = readCheckpoint(first.file);
    expect(onDisk.publicKey).toBe(checkpointKey(t.config.dataDir).publicKey);
    expect(Object.keys(onDisk.kinds)).toEqual(expect.arrayContaining(['case', 'bundle_case', 'cp_test_note']));
    expect(onDisk.root).toBe(merkleRoot(onDisk.heads));
    expect((await writeCheckpoint(db, t.config.dataDir)).written).toBe(false);
    const id = await newNote(1);
    const second = await writeCheckpoint(db, t.config.dataDir);
    expect(second).toMatchObject({ written: true, checkpoint: { seq: first.checkpoint.seq + 1 } });
    expect(second.checkpoint.previous).toMatch(/^[0-9a-f]{64}$/);
    // Events after the latest checkpoint are the normal course of things.
    await db.transaction((tx) => addEvent(tx, id, 1));
    const { report, exitCode } = await verifyCli();
    expect(report).toMatchObject({ ok: true, broken: [], tampered: [], checkpoint: { seq: second.checkpoint.seq, signatureValid: true, rootMatches: true, foreignKey: false } });
    expect(exitCode).toBe(0);
  });

  it('names an event rewritten with every later hash recomputed, which the chain alone cannot show', async () => {
    const id = await newNote(4);
    await writeCheckpoint(db, t.config.dataDir);
    await asAttacker(async (tx) => {
      const events = await eventsOf(tx, id);
      events[1] = { ...events[1]!, payload: { i: 1, forged: true } };
      let prev = events[0]!.hash;
      for (const e of events.slice(1)) {
        const hash = noteLog.hashOf(prev, { ...e, prevHash: prev });
        await tx.execute(sql`UPDATE cp_test_note_events SET payload = ${JSON.stringify(e.payload)}::jsonb, prev_hash = ${prev}, hash = ${hash} WHERE note_id = ${id} AND seq = ${e.seq}`);
        prev = hash;
      }
      await tx.execute(sql`UPDATE cp_test_notes SET last_hash = ${prev} WHERE id = ${id}`);
    });
    expect((await noteLog.verify(db, { ownerId: id })).broken).toEqual([]);
    const { report, exitCode } = await verifyCli();
    expect(exitCode).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([]);
    expect(report.tampered).toEqual([expect.objectContaining({ kind: 'cp_test_note', id, attack: 'rewritten', checkpointVersion: 4, currentVersion: 4 })]);
    expect(report.tampered[0]!.message).toMatch(/rewritten/);
  });

  it('names a chain whose last events were deleted and whose head was rewound', async () => {
    // A fresh checkpoint after the rewrite above, as an operator would take once it is dealt with.
    await db.execute(sql`DROP TRIGGER cp_test_note_events_no_update ON cp_test_note_events`);
    await db.execute(sql`DELETE FROM cp_test_note_events`);
    await db.execute(sql`DELETE FROM cp_test_notes`);
    await db.execute(sql`CREATE TRIGGER cp_test_note_events_no_update BEFORE UPDATE OR DELETE ON cp_test_note_events FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    const id = await newNote(5);
    const kept = await newNote(2);
    await writeCheckpoint(db, t.config.dataDir);
    await expect(db.execute(sql`DELETE FROM cp_test_note_events WHERE note_id = ${id} AND seq > 3`)).rejects.toThrow();
    await asAttacker(async (tx) => {
      const events = await eventsOf(tx, id);
      await tx.execute(sql`DELETE FROM cp_test_note_events WHERE note_id = ${id} AND seq > 3`);
      await tx.execute(sql`UPDATE cp_test_notes SET version = 3, last_hash = ${events[2]!.hash} WHERE id = ${id}`);
    });
    expect((await noteLog.verify(db)).broken).toEqual([]);
    const { report, exitCode } = await verifyCli();
    expect(exitCode).toBe(1);
    expect(report.tampered).toEqual([expect.objectContaining({ kind: 'cp_test_note', id, attack: 'rewound', checkpointVersion: 5, currentVersion: 3 })]);
    expect(report.tampered.map((x) => x.id)).not.toContain(kept);
    // Appending after the rewind until the chain is as long again does not hide it.
    await db.transaction(async (tx) => {
      await addEvent(tx, id, 3);
      await addEvent(tx, id, 4);
    });
    expect((await verifyCli()).report.tampered).toEqual([expect.objectContaining({ id, attack: 'rewritten', checkpointVersion: 5, currentVersion: 5 })]);
  });

  it('refuses a checkpoint file whose heads were edited or that another key signed', async () => {
    const latest = latestCheckpoint(t.config.dataDir)!;
    const doctored = { ...latest.checkpoint, heads: latest.checkpoint.heads.map((h) => (h[0] === 'cp_test_note' ? ([...h.slice(0, 3), 1, h[4]] as HeadLeaf) : h)) };
    writeFileSync(latest.file, JSON.stringify(doctored));
    try {
      const { report, exitCode } = await verifyCli();
      expect(exitCode).toBe(1);
      expect(report.checkpoint).toMatchObject({ signatureValid: true, rootMatches: false });
    } finally {
      writeFileSync(latest.file, JSON.stringify(latest.checkpoint));
    }
    const original = readFileSync(latest.file, 'utf8');
    writeFileSync(latest.file, JSON.stringify({ ...latest.checkpoint, publicKey: '04' + 'ab'.repeat(64) }));
    try {
      expect((await verifyCli()).report.checkpoint).toMatchObject({ foreignKey: true });
    } finally {
      writeFileSync(latest.file, original);
    }
  });

  it('lets an administrator list and download the checkpoints and the public key', async () => {
    const admin = await t.login('admin');
    const list = await admin.get('/api/v1/admin/checkpoints');
    expect(list.statusCode, list.body).toBe(200);
    const newest = list.json()[0];
    expect(newest.name).toBe(latestCheckpoint(t.config.dataDir)!.file.split('/').at(-1));
    const file = await admin.get(`/api/v1/admin/checkpoints/${newest.name}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain(newest.name);
    expect(JSON.parse(file.body).root).toBe(latestCheckpoint(t.config.dataDir)!.checkpoint.root);
    expect((await admin.get('/api/v1/admin/checkpoints/latest')).body).toBe(file.body);
    expect((await admin.get('/api/v1/admin/checkpoints/public-key')).json()).toEqual({ algorithm: 'SM2-SM3', publicKey: checkpointKey(t.config.dataDir).publicKey });
    const missing = await admin.get('/api/v1/admin/checkpoints/checkpoint-99999999-20260101T000000Z.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CHECKPOINT_NOT_FOUND');
    expect((await admin.get('/api/v1/admin/checkpoints/..%2Fsecret')).statusCode).toBe(400);
    const clerk = await t.login('clerk');
    expect((await clerk.get('/api/v1/admin/checkpoints')).statusCode).toBe(403);
    expect((await clerk.get('/api/v1/admin/checkpoints/public-key')).statusCode).toBe(403);
  });

  it('writes a checkpoint on the pg-boss schedule and posts it to the external witness', async () => {
    await newNote(1);
    let received: (body: string) => void = () => undefined;
    const posted = new Promise<string>((resolve) => (received = resolve));
    const witness = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.end('ok');
        received(body);
      });
    });
    await new Promise<void>((resolve) => witness.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(witness.address() as AddressInfo).port}/checkpoints`;
    const jobs = await startCheckpoints(t.dbh, { dataDir: t.config.dataDir, minutes: 10, url });
    try {
      const body = JSON.parse(await posted);
      const latest = latestCheckpoint(t.config.dataDir)!;
      expect(body).toEqual(latest.checkpoint);
      expect(body.heads.some((h: HeadLeaf) => h[0] === 'cp_test_note')).toBe(true);
    } finally {
      await jobs.stop();
      witness.close();
    }
  }, 120_000);
});
