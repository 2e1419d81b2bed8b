import { bigserial, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** An item (by catalog code) a department system takes over: all of its steps of that department, or the ones listed. */
export interface Takeover {
  itemCode: string;
  steps?: number[];
}

/**
 * A department's own 审批系统 (业务分发): the steps it serves instead of tongban's approver page. Its HMAC-SM3 key
 * is held encrypted; after a rotation the previous key stays valid until `prevKeyUntil`, so the department can
 * switch over without a moment when neither side accepts the other.
 */
export const routingSystems = pgTable(
  'routing_systems',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    departmentId: uuid('department_id').notNull(),
    name: text('name').notNull(),
    endpoint: text('endpoint').notNull(),
    keyEnc: text('key_enc').notNull(),
    keyVersion: integer('key_version').notNull().default(1),
    prevKeyEnc: text('prev_key_enc'),
    prevKeyUntil: ts('prev_key_until'),
    takeovers: jsonb('takeovers').$type<Takeover[]>().notNull(),
    status: varchar('status', { length: 16 }).notNull().default('active').$type<'active' | 'suspended'>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('routing_systems_department_idx').on(t.departmentId)],
);

/**
 * The transactional outbox: one row per dispatch of a case's step to a department system, written in the
 * transaction of the case event that entered the step. Its id is the delivery id the department deduplicates by.
 */
export const routingOutbox = pgTable(
  'routing_outbox',
  {
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    id: uuid('id').notNull(),
    systemId: uuid('system_id').notNull(),
    caseId: uuid('case_id').notNull(),
    step: smallint('step').notNull(),
    /** The case event (seq) that entered the step. */
    caseSeq: integer('case_seq').notNull(),
    /** What the step change knew: case number, item code and the full form (the case read masks the form for staff). */
    payload: jsonb('payload').$type<{ number: string; itemCode: string; form: Record<string, unknown> }>().notNull(),
    /** The message as first composed; every retry sends these same bytes. */
    body: text('body'),
    state: varchar('state', { length: 16 }).notNull().default('pending').$type<'pending' | 'delivered' | 'dead'>(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
    deadAt: ts('dead_at'),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    index('routing_outbox_state_idx').on(t.state, t.createdAt),
    index('routing_outbox_case_idx').on(t.caseId, t.step),
  ],
);

/** Callbacks by message id: a repeat is answered with the first answer and applies nothing. */
export const routingCallbacks = pgTable(
  'routing_callbacks',
  {
    systemId: uuid('system_id').notNull(),
    messageId: varchar('message_id', { length: 128 }).notNull(),
    caseId: uuid('case_id').notNull(),
    action: varchar('action', { length: 16 }).notNull(),
    state: varchar('state', { length: 16 }).notNull().default('processing').$type<'processing' | 'done'>(),
    status: smallint('status'),
    answer: jsonb('answer').$type<Record<string, unknown>>(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.systemId, t.messageId] })],
);

/**
 * The message log (after X-Road's): every message in and out with the SM3 of its exact bytes, and tongban's SM2
 * signature over the entry, so the log can be checked offline without trusting the database.
 */
export const routingMessages = pgTable(
  'routing_messages',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    direction: varchar('direction', { length: 3 }).notNull().$type<'out' | 'in'>(),
    systemId: uuid('system_id'),
    peer: text('peer').notNull(),
    kind: varchar('kind', { length: 24 }).notNull(),
    messageId: varchar('message_id', { length: 128 }),
    caseId: uuid('case_id'),
    body: text('body').notNull(),
    bodyHash: varchar('body_hash', { length: 64 }).notNull(),
    /** Outgoing: the HMAC-SM3 header sent; incoming: the one received (checked, or why it was refused). */
    peerSignature: text('peer_signature'),
    status: smallint('status'),
    note: text('note'),
    keyId: varchar('key_id', { length: 16 }).notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [index('routing_messages_system_idx').on(t.systemId, t.seq), index('routing_messages_case_idx').on(t.caseId)],
);

/** tongban's SM2 key for the message log, private half encrypted with the install's field cipher. */
export const routingKeys = pgTable('routing_keys', {
  id: varchar('id', { length: 16 }).primaryKey(),
  publicKey: text('public_key').notNull(),
  privateKeyEnc: text('private_key_enc').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

