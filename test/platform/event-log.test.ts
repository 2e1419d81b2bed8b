import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pgTable, primaryKey, uuid, varchar } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { sm3 } from '../../src/platform/crypto.js';
import type { Db } from '../../src/platform/db.js';
import {
  canonicalJson,
  chainHeadColumns,
  defineEventLog,
  eventColumns,
  eventHash,
  eventLogs,
  GENESIS_HASH,
  newChainHead,
  verifyAllChains,
  verifyChain,
  type EventInput,
  type StoredEvent,
} from '../../src/platform/event-log/index.js';
import { testDb } from '../helpers/db.js';

describe('event chain', () => {
  const payload = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);

  function chain(payloads: unknown[]): StoredEvent[] {
    let prev = GENESIS_HASH;
    return payloads.map((p, i) => {
      const body = { ownerId: 'c1', seq: i + 1, at: new Date(1_700_000_000_000 + i * 1000), actorId: 'u1', role: 'window_clerk', action: 'accept', fromState: 'submitted', toState: 'in_steps', payload: p };
      const hash = eventHash(prev, body);
      const e = { ...body, prevHash: prev, hash };
      prev = hash;
      return e;
    });
  }

  it('canonical JSON ignores key order and survives a JSON round trip', () => {
    fc.assert(
      fc.property(payload, (v) => {
        expect(canonicalJson(JSON.parse(canonicalJson(v)))).toBe(canonicalJson(v));
      }),
    );
    expect(canonicalJson({ b: 1, a: [true, null, { d: 'x', c: 2 }] })).toBe('{"a":[true,null,{"c":2,"d":"x"}],"b":1}');
  });

  it('verifies a whole chain and names the first event changed', () => {
    fc.assert(
      fc.property(fc.array(payload, { minLength: 1, maxLength: 12 }), fc.nat(), (payloads, k) => {
        const events = chain(payloads);
        expect(verifyChain(events)).toBeNull();
        const i = k % events.length;
        const tampered = events.map((e, j) => (j === i ? { ...e, payload: { tampered: true, was: e.payload } } : e));
        expect(verifyChain(tampered)).toMatchObject({ seq: i + 1, reason: 'hash' });
        const dropped = events.filter((_, j) => j !== i);
        if (i < events.length - 1) expect(verifyChain(dropped)?.seq).toBe(i + 2);
      }),
    );
  });

  it('hashes the case and bundle chains exactly as they were written before the log was shared', () => {
    const at = new Date('2026-03-02T01:02:03.456Z');
    const body = { ownerId: 'b7c1', seq: 1, at, actorId: null, role: 'system', action: 'apply', fromState: null, toState: 'submitted', payload: { z: 1, a: [2] } };
    const before = sm3(GENESIS_HASH + `{"action":"apply","actorId":null,"at":"2026-03-02T01:02:03.456Z","caseId":"b7c1","fromState":null,"payload":{"a":[2],"z":1},"role":"system","seq":1,"toState":"submitted"}`);
    expect(eventHash(GENESIS_HASH, body, 'caseId')).toBe(before);
    expect(eventHash(GENESIS_HASH, body)).not.toBe(before);
  });
});

// A module of its own, as a new module would write it (docs/architecture.md).
const notes = pgTable('evlog_test_notes', { regionCode: varchar('region_code', { length: 12 }).notNull(), id: uuid('id').notNull(), ...chainHeadColumns() }, (t) => [
  primaryKey({ columns: [t.regionCode, t.id] }),
]);
const noteEvents = pgTable('evlog_test_note_events', { regionCode: varchar('region_code', { length: 12 }).notNull(), noteId: uuid('note_id').notNull(), ...eventColumns() }, (t) => [
  primaryKey({ columns: [t.regionCode, t.noteId, t.seq] }),
]);
const noteLog = defineEventLog({ kind: 'test_note', owner: notes, events: noteEvents, ownerKey: 'noteId' });

describe('defineEventLog on a database', () => {
  let db: Db;
  const ev = (action: string, payload: Record<string, unknown> = {}): EventInput => ({ at: new Date(), actorId: null, actorName: 'system', role: 'system', action, fromState: null, toState: 'open', payload });

  async function newNote(events: number): Promise<string> {
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await tx.insert(notes).values({ regionCode: '421202', id, ...newChainHead() });
      for (let i = 0; i < events; i++) {
        const head = await noteLog.lock(tx, { regionCode: '421202', id });
        await noteLog.append(tx, head!, ev(`step${i}`, { i, skip: undefined }));
      }
    });
    return id;
  }

  beforeAll(async () => {
    db = await testDb();
    await db.execute(sql`CREATE TABLE evlog_test_notes (region_code varchar(12) NOT NULL, id uuid NOT NULL, version integer NOT NULL DEFAULT 0, last_hash varchar(64) NOT NULL, PRIMARY KEY (region_code, id))`);
    await db.execute(sql`CREATE TABLE evlog_test_note_events (region_code varchar(12) NOT NULL, note_id uuid NOT NULL, seq integer NOT NULL, at timestamptz NOT NULL, actor_id uuid, actor_name text, role varchar(32) NOT NULL, action varchar(40) NOT NULL, from_state varchar(24), to_state varchar(24) NOT NULL, payload jsonb NOT NULL, prev_hash varchar(64) NOT NULL, hash varchar(64) NOT NULL, PRIMARY KEY (region_code, note_id, seq))`);
  });

  it('registers every kind once, so verification covers it without further wiring', () => {
    expect(eventLogs().map((l) => l.kind)).toContain('test_note');
    expect(() => defineEventLog({ kind: 'test_note', owner: notes, events: noteEvents, ownerKey: 'noteId' })).toThrow(/defined twice/);
  });

  it('appends under the owner row lock, moves the head, and verifies in batches', async () => {
    const ids = [await newNote(3), await newNote(0), await newNote(5)];
    const [head] = await db.select().from(notes).where(sql`id = ${ids[2]}`);
    expect(head).toMatchObject({ version: 5 });
    const report = await noteLog.verify(db, { batch: 2 });
    expect(report).toMatchObject({ kind: 'test_note', chainsChecked: 3, eventsChecked: 8, broken: [] });
    expect((await verifyAllChains(db)).kinds.find((k) => k.kind === 'test_note')).toEqual(report);
  });

  it('refuses an append from a stale head instead of forking the chain', async () => {
    const id = await newNote(1);
    const stale = { regionCode: '421202', id, version: 0, lastHash: GENESIS_HASH };
    await expect(db.transaction((tx) => noteLog.append(tx, stale, ev('late')))).rejects.toThrow();
    expect((await noteLog.verify(db, { ownerId: id })).broken).toEqual([]);
  });

  it('names a rewritten event and a head that no longer points at the last event', async () => {
    const id = await newNote(3);
    await db.execute(sql`UPDATE evlog_test_note_events SET payload = '{"i":9}'::jsonb WHERE note_id = ${id} AND seq = 2`);
    expect((await noteLog.verify(db, { ownerId: id })).broken).toEqual([
      { kind: 'test_note', id, regionCode: '421202', label: id, break: expect.objectContaining({ seq: 2, reason: 'hash' }) },
    ]);
    const other = await newNote(2);
    await db.execute(sql`DELETE FROM evlog_test_note_events WHERE note_id = ${other} AND seq = 2`);
    expect((await noteLog.verify(db, { ownerId: other })).broken).toEqual([expect.objectContaining({ id: other, headMismatch: true })]);
    expect((await verifyAllChains(db)).ok).toBe(false);
  });
});
