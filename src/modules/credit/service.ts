/**
 * 信用监管: credit records of subjects (a false 告知承诺 found by the cases module, imported 失信 and 经营异常 lists), and
 * the gate the cases module asks before a pledge or an acceptance with deficiency.
 */
import { and, desc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller, Role } from '../../platform/http.js';
import { checkCreditCode, checkIdNumber } from '../../platform/validators.js';
import { hasRole, inScope } from './deps.js';
import './errors.js';
import { BLOCKING_LISTS, CREDIT_LISTS, LIST_LABELS, maskedOf, subjectKeyOf, type CreditList } from './rules.js';
import { creditRecords } from './schema.js';

const oversees = (c: Caller, regionCode: string, role: Role) => hasRole(c, role) && inScope({ ...c, roles: [role] }, { regionCode });

async function activeOf(db: Db, identifier: string, at: Date, lists: readonly CreditList[]) {
  return db
    .select()
    .from(creditRecords)
    .where(and(eq(creditRecords.subjectKey, subjectKeyOf(identifier)), inArray(creditRecords.list, [...lists]), or(isNull(creditRecords.expiresAt), gt(creditRecords.expiresAt, at))))
    .orderBy(desc(creditRecords.listedAt));
}

/** Refuses 告知承诺 or 容缺受理 to a subject on a 失信 list, naming the lists (not their reasons) to applicant and window. */
export async function refuseListed(db: Db, identifier: string, use: 'pledge' | 'deficiency', at: Date): Promise<void> {
  const rows = await activeOf(db, identifier, at, BLOCKING_LISTS);
  if (rows.length === 0) return;
  const lists = [...new Set(rows.map((r) => r.list))];
  throw new AppError('CREDIT_LISTED', { use, lists: lists.map((l) => ({ list: l, zh: LIST_LABELS[l].zh, en: LIST_LABELS[l].en })) });
}

/** A pledge found false by 核查 (cases module, in its transaction): the applicant goes on the false-pledge list. */
export async function recordFalsePledge(db: Db, e: { regionCode: string; caseNumber: string; applicantName: string; identifier: string; note: string; at: Date; actorId: string }): Promise<void> {
  await db.insert(creditRecords).values({
    regionCode: e.regionCode,
    subjectKey: subjectKeyOf(e.identifier),
    subjectName: e.applicantName,
    identifierMasked: maskedOf(e.identifier),
    list: 'false_pledge',
    source: 'case',
    sourceRef: e.caseNumber,
    reason: e.note,
    listedAt: e.at,
    createdBy: e.actorId,
  });
}

export interface ImportRow {
  identifier: string;
  name: string;
  list: CreditList;
  reason: string;
  sourceRef?: string;
  expiresAt?: string;
}

/** Imports a 失信 or 经营异常 list for a region, all or nothing, with row errors (row numbers from 1). */
export async function importRecords(db: Db, caller: Caller, regionCode: string, rows: ImportRow[], now: Date) {
  if (!(oversees(caller, regionCode, 'admin') || oversees(caller, regionCode, 'supervisor'))) throw new AppError('CREDIT_FORBIDDEN');
  const problems: { row: number; field: string; zh: string; en: string }[] = [];
  rows.forEach((r, i) => {
    const id = r.identifier.trim().toUpperCase();
    if (checkCreditCode(id) !== null && checkIdNumber(id) !== null) problems.push({ row: i + 1, field: 'identifier', zh: '须为有效的统一社会信用代码或身份证号', en: 'Must be a valid credit code or ID number' });
    if (!(CREDIT_LISTS as readonly string[]).includes(r.list)) problems.push({ row: i + 1, field: 'list', zh: '名单类别不正确', en: 'Unknown list' });
    if (r.expiresAt !== undefined && !(new Date(r.expiresAt).getTime() > now.getTime())) problems.push({ row: i + 1, field: 'expiresAt', zh: '移出日期须晚于今天', en: 'The expiry must be in the future' });
  });
  if (problems.length) throw new AppError('CREDIT_IMPORT_INVALID', { problemCount: problems.length, problems: problems.slice(0, 200) });
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await tx.insert(creditRecords).values(
        rows.slice(i, i + 1000).map((r) => ({
          regionCode,
          subjectKey: subjectKeyOf(r.identifier),
          subjectName: r.name,
          identifierMasked: maskedOf(r.identifier),
          list: r.list,
          source: 'import' as const,
          sourceRef: r.sourceRef ?? '',
          reason: r.reason,
          listedAt: now,
          expiresAt: r.expiresAt ? new Date(r.expiresAt) : null,
          createdBy: caller.id,
        })),
      );
    }
  });
  return { imported: rows.length };
}

/** A subject's credit record for staff: every listing, active or expired. */
export async function creditRecordOf(db: Db, caller: Caller, identifier: string, now: Date) {
  if (caller.kind !== 'staff') throw new AppError('CREDIT_FORBIDDEN');
  const rows = await activeOf(db, identifier, new Date(0), CREDIT_LISTS);
  return {
    identifierMasked: maskedOf(identifier),
    blocked: rows.some((r) => BLOCKING_LISTS.includes(r.list) && (!r.expiresAt || r.expiresAt.getTime() > now.getTime())),
    records: rows.map((r) => ({
      id: r.id,
      regionCode: r.regionCode,
      subjectName: r.subjectName,
      list: r.list,
      source: r.source,
      sourceRef: r.sourceRef,
      reason: r.reason,
      listedAt: r.listedAt.toISOString(),
      expiresAt: r.expiresAt?.toISOString() ?? null,
      active: !r.expiresAt || r.expiresAt.getTime() > now.getTime(),
    })),
  };
}

/** A region's records, newest first, for the supervisor's list page: masked identifiers only. */
export async function listRecords(db: Db, caller: Caller, regionCode: string, limit: number, now: Date) {
  if (!(oversees(caller, regionCode, 'admin') || oversees(caller, regionCode, 'supervisor'))) throw new AppError('CREDIT_FORBIDDEN');
  const rows = await db.select().from(creditRecords).where(eq(creditRecords.regionCode, regionCode)).orderBy(desc(creditRecords.listedAt)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    identifierMasked: r.identifierMasked,
    subjectName: r.subjectName,
    list: r.list,
    source: r.source,
    sourceRef: r.sourceRef,
    reason: r.reason,
    listedAt: r.listedAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    active: !r.expiresAt || r.expiresAt.getTime() > now.getTime(),
  }));
}
