import { integer, jsonb, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { GENESIS_HASH } from './chain.js';

/**
 * The columns every event table has, after the two the owning module supplies first: `region_code` and the
 * owner's id (both in the primary key, with `seq`, so that under Citus an owner's events live beside it).
 */
export function eventColumns() {
  return {
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    role: varchar('role', { length: 32 }).notNull(),
    action: varchar('action', { length: 40 }).notNull(),
    fromState: varchar('from_state', { length: 24 }),
    toState: varchar('to_state', { length: 24 }).notNull(),
    payload: jsonb('payload').notNull(),
    prevHash: varchar('prev_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
  };
}

/** The chain head on the owner row: the number of its last event and that event's hash. */
export function chainHeadColumns() {
  return {
    /** Number of the last event; the next one is version + 1. */
    version: integer('version').notNull().default(0),
    lastHash: varchar('last_hash', { length: 64 }).notNull(),
  };
}

/** The head of a chain with no events yet: spread into the owner row's insert. */
export function newChainHead(): { version: number; lastHash: string } {
  return { version: 0, lastHash: GENESIS_HASH };
}
