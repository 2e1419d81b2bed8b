import { index, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import type { CreditList } from './rules.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * 信用记录: one listing of a subject (enterprise by credit code, person by ID number) on a list. The identifier is kept
 * only as an SM3 key and a masked form, so the table holds no ID number in clear.
 */
export const creditRecords = pgTable(
  'credit_records',
  {
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    id: uuid('id').notNull().defaultRandom(),
    subjectKey: varchar('subject_key', { length: 64 }).notNull(),
    subjectName: text('subject_name').notNull(),
    identifierMasked: varchar('identifier_masked', { length: 18 }).notNull(),
    list: varchar('list', { length: 24 }).notNull().$type<CreditList>(),
    source: varchar('source', { length: 16 }).notNull().$type<'case' | 'import'>(),
    sourceRef: text('source_ref').notNull(),
    reason: text('reason').notNull(),
    listedAt: ts('listed_at').notNull(),
    expiresAt: ts('expires_at'),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), index('credit_records_subject_idx').on(t.subjectKey)],
);
