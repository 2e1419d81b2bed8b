import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/** 行政区划, keyed by GB/T 2260 codes (6 digits to county, 9 for 乡, 12 for 村). */
export const regions = pgTable(
  'regions',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: smallint('level').notNull(),
    parentCode: varchar('parent_code', { length: 12 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode)],
);

export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable code `<regionCode>-<short>` used by data files (catalog steps, bundles) to name a department. */
    code: varchar('code', { length: 64 }).notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('departments_code_idx').on(t.code), index('departments_region_idx').on(t.regionCode)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: varchar('kind', { length: 16 }).notNull().$type<'person' | 'enterprise' | 'staff'>(),
    /** Staff log in with a username; applicants with their ID number or credit code. */
    username: varchar('username', { length: 64 }),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    regionCode: varchar('region_code', { length: 12 }),
    departmentId: uuid('department_id'),
    /** SM4-encrypted; looked up through the keyed blind index, shown masked. */
    idNumberEnc: text('id_number_enc'),
    idNumberIndex: varchar('id_number_index', { length: 64 }),
    idNumberMasked: varchar('id_number_masked', { length: 18 }),
    creditCode: varchar('credit_code', { length: 18 }),
    legalRepresentative: text('legal_representative'),
    mobileEnc: text('mobile_enc'),
    mobileMasked: varchar('mobile_masked', { length: 11 }),
    /** 实名认证: when and how the holder proved the ID number (or, for an enterprise, the legal representative authorised it). */
    identityVerifiedAt: timestamp('identity_verified_at', { withTimezone: true }),
    identityMethod: varchar('identity_method', { length: 16 }),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_idx').on(t.username),
    uniqueIndex('users_id_number_idx').on(t.idNumberIndex),
    uniqueIndex('users_credit_code_idx').on(t.creditCode),
    index('users_region_idx').on(t.regionCode),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SM3 of the cookie token: a stolen database does not yield usable cookies. */
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: uuid('user_id').notNull(),
    csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
    idleSeconds: integer('idle_seconds').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    ip: varchar('ip', { length: 64 }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * The per-account budget shared by login, registration and password reset, keyed by the keyed blind index of the
 * account name as typed, so an account that does not exist spends and locks exactly like one that does.
 */
export const authThrottle = pgTable('auth_throttle', {
  key: varchar('key', { length: 64 }).primaryKey(),
  attempts: integer('attempts').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});
