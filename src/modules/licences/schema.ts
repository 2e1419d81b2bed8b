import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The SM2 key pairs licences are signed with. The private key is stored encrypted with the field cipher; a
 * licence names the key that signed it, so a later key (rotation) leaves the older licences verifiable.
 */
export const licenceKeys = pgTable('licence_keys', {
  id: varchar('id', { length: 32 }).primaryKey(),
  algorithm: varchar('algorithm', { length: 16 }).notNull().$type<'SM2-SM3'>(),
  /** Uncompressed public key, hex (04 ‖ x ‖ y). */
  publicKey: text('public_key').notNull(),
  privateKeyEnc: text('private_key_enc').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * Per issuing region and year: the last serial of the printed licence number. The number starts with the region
 * and year, so numbers are unique across all types and one number never names two licences.
 */
export const licenceSerials = pgTable(
  'licence_serials',
  {
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year] })],
);

/** The content a licence's signature covers, besides its identifying columns (see rules.ts canonicalLicence). */
export type LicenceContent = Record<string, string>;

/**
 * 电子证照: one issued licence. What is signed never changes after issue; status changes (revocation) are
 * separate columns. "Expired" is not stored: it follows from valid_until and the day it is read.
 */
export const licences = pgTable(
  'licences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    typeCode: varchar('type_code', { length: 64 }).notNull(),
    typeName: text('type_name').notNull(),
    /** 证照编号: <region><year><serial>, unique (per type, and across types). */
    number: varchar('number', { length: 40 }).notNull(),
    /** What a QR code on the printed licence carries; the public verification page takes it. */
    verificationCode: varchar('verification_code', { length: 32 }).notNull(),
    holderKind: varchar('holder_kind', { length: 16 }).notNull().$type<'person' | 'enterprise'>(),
    holderName: text('holder_name').notNull(),
    /** ID number or credit code, SM4-encrypted; found by its blind index. */
    holderIdEnc: text('holder_id_enc').notNull(),
    holderIdMasked: varchar('holder_id_masked', { length: 18 }).notNull(),
    holderIndex: varchar('holder_index', { length: 64 }).notNull(),
    issuerDepartmentId: uuid('issuer_department_id').notNull(),
    issuerDepartmentCode: varchar('issuer_department_code', { length: 64 }).notNull(),
    issuerName: text('issuer_name').notNull(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    issuedOn: date('issued_on').notNull(),
    validUntil: date('valid_until'),
    content: jsonb('content').notNull().$type<LicenceContent>(),
    sourceRegionCode: varchar('source_region_code', { length: 12 }),
    sourceCaseId: uuid('source_case_id'),
    sourceCaseNumber: varchar('source_case_number', { length: 32 }),
    status: varchar('status', { length: 16 }).notNull().default('valid').$type<'valid' | 'revoked'>(),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by'),
    revocationReason: text('revocation_reason'),
    keyId: varchar('key_id', { length: 32 }).notNull(),
    /** SM2 signature (DER, hex) over SM3(Z ‖ canonical content). */
    signature: text('signature').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('licences_type_number_idx').on(t.typeCode, t.number),
    uniqueIndex('licences_verification_code_idx').on(t.verificationCode),
    // One licence per concluded case: a retried conclusion hook cannot issue twice.
    uniqueIndex('licences_source_case_idx').on(t.sourceCaseId).where(sql`source_case_id IS NOT NULL`),
    index('licences_holder_idx').on(t.holderIndex, t.typeCode),
    index('licences_issuer_idx').on(t.issuerDepartmentId),
    index('licences_region_idx').on(t.regionCode),
  ],
);

export type LicenceRow = typeof licences.$inferSelect;
