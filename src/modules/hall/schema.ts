import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { chainHeadColumns, eventColumns } from '../../platform/event-log/index.js';

/*
 * 排队叫号. A hall (政务服务大厅) belongs to a region of the org tree; its business types map to catalog items;
 * its windows are staffed by org users. Tickets keep region_code first in their primary key like cases, so
 * with Citus a hall's tickets and their events live on one node.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true });
const region = () => varchar('region_code', { length: 12 }).notNull();

export const hallHalls = pgTable('hall_halls', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: region(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  address: text('address'),
  /** Minutes a waiting ticket may wait before it turns yellow, then red, in supervision. */
  yellowMinutes: smallint('yellow_minutes').notNull().default(20),
  redMinutes: smallint('red_minutes').notNull().default(40),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('hall_halls_region').on(t.regionCode)]);

export const hallBusinessTypes = pgTable('hall_business_types', {
  id: uuid('id').primaryKey().defaultRandom(),
  hallId: uuid('hall_id').notNull().references(() => hallHalls.id),
  /** The letter before the number on the ticket: A → A001. Unique within the hall. */
  prefix: varchar('prefix', { length: 2 }).notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  /** Catalog item codes this type takes in (checked against the catalog when saved). */
  itemCodes: text('item_codes').array().notNull().default(sql`'{}'::text[]`),
  sort: smallint('sort').notNull().default(0),
}, (t) => [uniqueIndex('hall_business_types_prefix').on(t.hallId, t.prefix)]);

export const hallWindows = pgTable('hall_windows', {
  id: uuid('id').primaryKey().defaultRandom(),
  hallId: uuid('hall_id').notNull().references(() => hallHalls.id),
  /** What the display and the voice say: 3 → “请到3号窗口”. */
  number: smallint('number').notNull(),
  name: text('name').notNull(),
  staffUserId: uuid('staff_user_id'),
  /** The business types it calls; more than one makes it a 综合窗口 (无差别受理). */
  typeIds: uuid('type_ids').array().notNull().default(sql`'{}'::uuid[]`),
}, (t) => [uniqueIndex('hall_windows_number').on(t.hallId, t.number)]);

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'skipped' | 'no_show';

export const hallTickets = pgTable('hall_tickets', {
  regionCode: region(),
  id: uuid('id').notNull(),
  hallId: uuid('hall_id').notNull(),
  typeId: uuid('type_id').notNull(),
  /** The hall's day in China time (YYYY-MM-DD): numbers restart each day per type. */
  day: varchar('day', { length: 10 }).notNull(),
  seq: integer('seq').notNull(),
  number: varchar('number', { length: 8 }).notNull(),
  channel: varchar('channel', { length: 8 }).notNull().$type<'kiosk' | 'phone'>(),
  status: varchar('status', { length: 12 }).notNull().$type<TicketStatus>(),
  /** The window that called it last, or the window it was transferred to while waiting. */
  windowId: uuid('window_id'),
  transferredTo: uuid('transferred_to'),
  recalls: smallint('recalls').notNull().default(0),
  takenAt: ts('taken_at').notNull(),
  calledAt: ts('called_at'),
  servingAt: ts('serving_at'),
  finishedAt: ts('finished_at'),
  /** The window filing the ticket led to. */
  caseId: uuid('case_id'),
  ...chainHeadColumns(),
}, (t) => [
  primaryKey({ columns: [t.regionCode, t.id] }),
  uniqueIndex('hall_tickets_number').on(t.hallId, t.typeId, t.day, t.seq),
  index('hall_tickets_queue').on(t.hallId, t.status, t.takenAt),
  index('hall_tickets_case').on(t.caseId),
]);

export const hallTicketEvents = pgTable('hall_ticket_events', {
  regionCode: region(),
  ticketId: uuid('ticket_id').notNull(),
  ...eventColumns(),
}, (t) => [primaryKey({ columns: [t.regionCode, t.ticketId, t.seq] })]);
