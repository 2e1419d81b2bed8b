import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { ServiceItem } from './contract.js';

/**
 * One row per 政务服务事项. The columns after `suspendedReason` copy the current published version so that
 * search, filters and statistics read one indexed table; the versions table stays the record.
 */
export const catalogItems = pgTable(
  'catalog_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: varchar('code', { length: 64 }).notNull(),
    standardCode: varchar('standard_code', { length: 64 }).notNull(),
    /** Latest published version; null until the first publication. */
    publishedVersion: integer('published_version'),
    /** The version being edited, if any; always above the published one. */
    draftVersion: integer('draft_version'),
    suspended: boolean('suspended').notNull().default(false),
    suspendedReason: text('suspended_reason'),
    name: text('name').notNull(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    departmentCode: varchar('department_code', { length: 64 }).notNull(),
    level: varchar('level', { length: 16 }).notNull(),
    audiences: text('audiences').array().notNull().default(sql`'{}'::text[]`),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    onlineDepth: varchar('online_depth', { length: 16 }).notNull(),
    immediate: boolean('immediate').notNull(),
    visits: integer('visits'),
    legalLimit: numeric('legal_limit', { precision: 8, scale: 2, mode: 'number' }),
    promisedLimit: numeric('promised_limit', { precision: 8, scale: 2, mode: 'number' }),
    /** Characters and character pairs of the name and themes (rules.indexTokens); GIN-indexed. */
    searchTokens: text('search_tokens').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('catalog_items_code_idx').on(t.code),
    index('catalog_items_standard_idx').on(t.standardCode),
    index('catalog_items_region_idx').on(t.regionCode),
    index('catalog_items_department_idx').on(t.departmentCode),
    index('catalog_items_tokens_idx').using('gin', t.searchTokens),
  ],
);

/** Every version of every item. A published version is never changed again; a case keeps its number. */
export const catalogItemVersions = pgTable(
  'catalog_item_versions',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => catalogItems.id),
    version: integer('version').notNull(),
    state: varchar('state', { length: 16 }).notNull().$type<'draft' | 'published'>(),
    content: jsonb('content').notNull().$type<ServiceItem>(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by'),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.version] })],
);
