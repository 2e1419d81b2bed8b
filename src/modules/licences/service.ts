import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, desc, eq, gte, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { sm3, type FieldCipher } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { checkCreditCode, checkIdNumber, maskIdentifier, regionPrefix } from '../../platform/validators.js';
import type { LicenceViewT, VerificationViewT } from './contract.js';
import { caseIdsOfApplicant, getDepartmentByCode, getUser, licenceTypes, licenceUses, onCaseConcluded, recordAudit, setLicenceChecker, type CaseConcluded, type LicenceClaim } from './deps.js';
import './errors.js';
import { licenceAbilities, type LicenceAction } from './policy.js';
import {
  canonicalLicence,
  chinaDay,
  contentFromForm,
  licenceNumber,
  maskHolderName,
  newKeyPair,
  newVerificationCode,
  normaliseVerificationCode,
  signLicence,
  statusOn,
  verifyLicenceSignature,
  type LicenceStatus,
  type SignedFacts,
} from './rules.js';
import { licenceKeys, licenceSerials, licences, type LicenceRow } from './schema.js';

/** What the service needs besides the database. */
export interface LicenceEnv {
  cipher: FieldCipher;
  now?: () => Date;
  ip?: string | null;
}

const today = (env: LicenceEnv) => chinaDay(env.now?.() ?? new Date());

// ---- the issuing key ------------------------------------------------------------------------------------

const ISSUING_KEY_ID = 'sm2-1';

/**
 * The SM2 key pair licences are signed with: made on first use and kept, its private key encrypted with the
 * field cipher. Two processes starting together insert one row; the loser reads the winner's.
 */
export async function issuingKey(db: Db, cipher: FieldCipher): Promise<{ id: string; publicKey: string; privateKey: string }> {
  let [row] = await db.select().from(licenceKeys).orderBy(desc(licenceKeys.createdAt)).limit(1);
  if (!row) {
    const kp = newKeyPair();
    await db.insert(licenceKeys).values({ id: ISSUING_KEY_ID, algorithm: 'SM2-SM3', publicKey: kp.publicKey, privateKeyEnc: cipher.encrypt(kp.privateKey) }).onConflictDoNothing();
    [row] = await db.select().from(licenceKeys).where(eq(licenceKeys.id, ISSUING_KEY_ID));
  }
  return { id: row!.id, publicKey: row!.publicKey, privateKey: cipher.decrypt(row!.privateKeyEnc) };
}

export async function publicKeys(db: Db): Promise<{ id: string; algorithm: string; publicKey: string; createdAt: string }[]> {
  const rows = await db.select().from(licenceKeys).orderBy(asc(licenceKeys.createdAt));
  return rows.map((r) => ({ id: r.id, algorithm: r.algorithm, publicKey: r.publicKey, createdAt: r.createdAt.toISOString() }));
}

// ---- issuing --------------------------------------------------------------------------------------------

export interface IssueInput {
  typeCode: string;
  holder: { kind: 'person' | 'enterprise'; name: string; identifier: string };
  issuerDepartmentCode: string;
  /** YYYY-MM-DD; today in China when absent. */
  issuedOn?: string;
  validUntil?: string | null;
  content?: Record<string, string>;
  source?: { regionCode: string; caseId: string; caseNumber: string };
}

export function factsOf(row: Omit<LicenceRow, 'holderIdEnc' | 'signature'>, holderId: string): SignedFacts {
  return {
    id: row.id,
    typeCode: row.typeCode,
    typeName: row.typeName,
    number: row.number,
    verificationCode: row.verificationCode,
    holderKind: row.holderKind,
    holderName: row.holderName,
    holderId,
    issuerDepartmentCode: row.issuerDepartmentCode,
    issuerName: row.issuerName,
    regionCode: row.regionCode,
    issuedOn: row.issuedOn,
    validUntil: row.validUntil,
    content: row.content,
    sourceCaseNumber: row.sourceCaseNumber,
  };
}

function checkHolder(kind: 'person' | 'enterprise', identifier: string, at: Date): void {
  const problem = kind === 'person' ? checkIdNumber(identifier, at) : checkCreditCode(identifier);
  if (problem) throw new AppError('LICENCE_HOLDER_INVALID', { field: 'holder.identifier', problem });
}

/** 发证: numbers, signs and stores one licence, inside the caller's transaction. */
export async function issueInTx(tx: Db, env: LicenceEnv, input: IssueInput): Promise<LicenceRow> {
  const typeName = licenceTypes().get(input.typeCode);
  if (!typeName) throw new AppError('LICENCE_TYPE_UNKNOWN', { field: 'typeCode', typeCode: input.typeCode });
  const identifier = input.holder.identifier.toUpperCase();
  checkHolder(input.holder.kind, identifier, env.now?.() ?? new Date());
  const dept = await getDepartmentByCode(tx, input.issuerDepartmentCode);
  const issuedOn = input.issuedOn ?? today(env);
  const year = Number(issuedOn.slice(0, 4));
  const [serial] = await tx
    .insert(licenceSerials)
    .values({ regionCode: dept.regionCode, year, last: 1 })
    .onConflictDoUpdate({ target: [licenceSerials.regionCode, licenceSerials.year], set: { last: sql`${licenceSerials.last} + 1` } })
    .returning({ last: licenceSerials.last });
  const key = await issuingKey(tx, env.cipher);
  const base = {
    id: randomUUID(),
    typeCode: input.typeCode,
    typeName,
    number: licenceNumber(dept.regionCode, year, serial!.last),
    verificationCode: newVerificationCode(),
    holderKind: input.holder.kind,
    holderName: input.holder.name,
    holderIdMasked: maskIdentifier(identifier),
    holderIndex: env.cipher.blindIndex(identifier),
    issuerDepartmentId: dept.id,
    issuerDepartmentCode: dept.code,
    issuerName: dept.name,
    regionCode: dept.regionCode,
    issuedOn,
    validUntil: input.validUntil ?? null,
    content: input.content ?? {},
    sourceRegionCode: input.source?.regionCode ?? null,
    sourceCaseId: input.source?.caseId ?? null,
    sourceCaseNumber: input.source?.caseNumber ?? null,
    status: 'valid' as const,
    revokedAt: null,
    revokedBy: null,
    revocationReason: null,
    keyId: key.id,
    createdAt: env.now?.() ?? new Date(),
  };
  const signature = signLicence(canonicalLicence(factsOf(base, identifier)), key.privateKey);
  const [row] = await tx.insert(licences).values({ ...base, holderIdEnc: env.cipher.encrypt(identifier), signature }).returning();
  return row!;
}

/** A case concluded with approval whose item's result is a licence: the licence goes to its applicant. */
async function issueForCase(tx: Db, cipher: FieldCipher, c: CaseConcluded): Promise<void> {
  const typeCode = c.result.kind === 'licence' ? c.result.licenceType : undefined;
  if (!typeCode || !licenceTypes().has(typeCode)) return;
  await issueInTx(tx, { cipher, now: () => c.at }, {
    typeCode,
    holder: { kind: c.applicant.kind, name: c.applicant.name, identifier: c.applicant.identifier },
    issuerDepartmentCode: c.departmentCode,
    content: { 许可事项: c.itemName, ...contentFromForm(c.formFields, c.form) },
    source: { regionCode: c.regionCode, caseId: c.caseId, caseNumber: c.number },
  });
}

// ---- reuse in an application ----------------------------------------------------------------------------

const REASONS = {
  not_found: { zh: '申请人名下没有该编号的电子证照', en: 'the applicant holds no e-licence with this number' },
  type: { zh: '证照类型与该材料要求的不符', en: 'the licence is not of the type this material asks for' },
  revoked: { zh: '证照已撤销', en: 'the licence has been revoked' },
  expired: { zh: '证照已过期', en: 'the licence has expired' },
} as const;

function notUsable(claim: LicenceClaim, reason: keyof typeof REASONS): AppError {
  const r = REASONS[reason];
  return new AppError('LICENCE_NOT_USABLE', {
    field: claim.field,
    material: claim.material,
    licenceNumber: claim.number,
    reason,
    problem: `材料“${claim.material}”:${r.zh}`,
    problemEn: `Material “${claim.material}”: ${r.en}`,
  });
}

/**
 * The check behind a material given by licence number: the licence exists, is the applicant's, is of the type
 * the material asks for, and is neither revoked nor expired. Answers the reference the case records (the
 * licence number). A bundle's later stage names the earlier stage's case instead (`<bundle>/<case number>`):
 * that becomes the licence the case was issued, or stays as given when its result is not a licence.
 */
export async function checkLicenceClaim(db: Db, env: LicenceEnv, claim: LicenceClaim): Promise<string> {
  const holderIndex = env.cipher.blindIndex(claim.identifier.toUpperCase());
  const mine = and(eq(licences.holderIndex, holderIndex), eq(licences.holderKind, claim.holderKind));
  if (claim.internal && claim.number.includes('/')) {
    const caseNumber = claim.number.slice(claim.number.lastIndexOf('/') + 1);
    const [issued] = await db.select().from(licences).where(and(mine, eq(licences.sourceCaseNumber, caseNumber))).limit(1);
    return issued && (!claim.licenceType || issued.typeCode === claim.licenceType) ? issued.number : claim.number;
  }
  const rows = await db.select().from(licences).where(and(mine, eq(licences.number, claim.number.trim())));
  if (!rows.length) throw notUsable(claim, 'not_found');
  const row = rows.find((r) => r.typeCode === claim.licenceType);
  if (!row) throw notUsable(claim, 'type');
  const status = statusOn(row, today(env));
  if (status !== 'valid') throw notUsable(claim, status);
  return row.number;
}

// One hook of each kind per process, however many servers a test file builds: the latest server's cipher is used.
let hookCipher: FieldCipher | null = null;
const concludedHook = (tx: Db, c: CaseConcluded) => issueForCase(tx, hookCipher!, c);
const claimChecker = (db: Db, claim: LicenceClaim) => checkLicenceClaim(db, { cipher: hookCipher! }, claim);

/** Registers the licences module's hooks in cases: issue on approval, check licences given as materials. */
export function installLicenceHooks(cipher: FieldCipher): void {
  hookCipher = cipher;
  onCaseConcluded(concludedHook);
  setLicenceChecker(claimChecker);
}

// ---- views ----------------------------------------------------------------------------------------------

export type LicenceView = LicenceViewT;

function present(row: LicenceRow, day: string, abilities: LicenceAction[] = []): LicenceView {
  return {
    id: row.id,
    typeCode: row.typeCode,
    typeName: row.typeName,
    number: row.number,
    verificationCode: row.verificationCode,
    holderKind: row.holderKind,
    holderName: row.holderName,
    holderIdMasked: row.holderIdMasked,
    issuerName: row.issuerName,
    issuerDepartmentCode: row.issuerDepartmentCode,
    regionCode: row.regionCode,
    issuedOn: row.issuedOn,
    validUntil: row.validUntil,
    content: row.content,
    sourceCaseNumber: row.sourceCaseNumber,
    status: statusOn(row, day),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: row.revocationReason,
    abilities,
  };
}

/**
 * Which licences are the caller's: those issued to their ID number or credit code once they have proved it is
 * theirs (实名认证); before that only the results of cases they filed themselves, so knowing someone's ID number
 * and registering with it shows nothing of theirs.
 */
async function mineWhere(db: Db, env: LicenceEnv, caller: Caller): Promise<SQL> {
  const user = await getUser(db, caller.id);
  const identifier = caller.kind === 'person' ? (user.idNumberEnc ? env.cipher.decrypt(user.idNumberEnc) : null) : caller.kind === 'enterprise' ? user.creditCode : null;
  if (!identifier) throw new AppError('FORBIDDEN');
  const holder = and(eq(licences.holderIndex, env.cipher.blindIndex(identifier)), eq(licences.holderKind, caller.kind as 'person' | 'enterprise'))!;
  if (user.identityVerifiedAt) return holder;
  const own = await caseIdsOfApplicant(db, caller.id);
  return own.length ? and(holder, inArray(licences.sourceCaseId, own))! : sql`false`;
}

function usableWhere(day: string): SQL {
  return and(eq(licences.status, 'valid'), or(isNull(licences.validUntil), gte(licences.validUntil, day)))!;
}

/** 我的证照 (专属空间): the caller's licences, newest first; `usable` keeps the valid ones (for reuse in an application). */
export async function listMine(db: Db, env: LicenceEnv, caller: Caller, q: { typeCode?: string; usable?: boolean }): Promise<LicenceView[]> {
  const day = today(env);
  const where: SQL[] = [await mineWhere(db, env, caller)];
  if (q.typeCode) where.push(eq(licences.typeCode, q.typeCode));
  if (q.usable) where.push(usableWhere(day));
  const rows = await db.select().from(licences).where(and(...where)).orderBy(desc(licences.issuedOn), desc(licences.createdAt));
  return rows.map((r) => present(r, day));
}

export async function getMine(db: Db, env: LicenceEnv, caller: Caller, id: string): Promise<LicenceView> {
  const [row] = await db.select().from(licences).where(and(eq(licences.id, id), await mineWhere(db, env, caller)));
  if (!row) throw new AppError('LICENCE_NOT_FOUND');
  return present(row, today(env));
}

/** 用证记录 of one of my licences: every application it proved a material of, newest first. */
export async function usesOfMine(db: Db, env: LicenceEnv, caller: Caller, id: string) {
  const mine = await getMine(db, env, caller, id);
  return licenceUses(db, mine.number);
}

/** Which licences a member of staff may see: their region (admin, supervisor), their department (approver, clerk). */
function staffScope(caller: Caller): SQL | null {
  const parts: SQL[] = [];
  if ((caller.roles.includes('admin') || caller.roles.includes('supervisor')) && caller.regionCode) {
    // 000000 is the national level (the CLI's operator): every region.
    parts.push(like(licences.regionCode, `${caller.regionCode === '000000' ? '' : regionPrefix(caller.regionCode)}%`));
  }
  if ((caller.roles.includes('approver') || caller.roles.includes('window_clerk')) && caller.departmentId) {
    parts.push(eq(licences.issuerDepartmentId, caller.departmentId));
  }
  return parts.length ? or(...parts)! : null;
}

export interface StaffListQuery {
  number?: string;
  typeCode?: string;
  holder?: string;
  status?: LicenceStatus;
  limit: number;
  offset: number;
}

/** Licences issued in the caller's scope, for staff; a search by holder takes the full ID number or credit code. */
export async function listLicences(db: Db, env: LicenceEnv, caller: Caller, q: StaffListQuery): Promise<{ items: LicenceView[]; total: number }> {
  const scope = staffScope(caller);
  if (!scope) return { items: [], total: 0 };
  const day = today(env);
  const where: SQL[] = [scope];
  if (q.number) where.push(eq(licences.number, q.number.trim()));
  if (q.typeCode) where.push(eq(licences.typeCode, q.typeCode));
  if (q.holder) where.push(eq(licences.holderIndex, env.cipher.blindIndex(q.holder.trim().toUpperCase())));
  if (q.status === 'revoked') where.push(eq(licences.status, 'revoked'));
  if (q.status === 'valid') where.push(usableWhere(day));
  if (q.status === 'expired') where.push(and(eq(licences.status, 'valid'), sql`${licences.validUntil} < ${day}`)!);
  const cond = and(...where);
  const [rows, [count]] = await Promise.all([
    db.select().from(licences).where(cond).orderBy(desc(licences.createdAt)).limit(q.limit).offset(q.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(licences).where(cond),
  ]);
  return { items: rows.map((r) => present(r, day, licenceAbilities(caller, r))), total: count?.n ?? 0 };
}

// ---- revocation -----------------------------------------------------------------------------------------

/** 撤销: by an approver of the issuing department or an administrator of its region, with the reason, audited. */
export async function revokeLicence(db: Db, env: LicenceEnv, caller: Caller, id: string, reason: string): Promise<LicenceView> {
  const why = reason.trim();
  if (!why) throw new AppError('LICENCE_REASON_REQUIRED', { field: 'reason' });
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(licences).where(eq(licences.id, id)).for('update');
    if (!row) throw new AppError('LICENCE_NOT_FOUND');
    const abilities = licenceAbilities(caller, row);
    if (!abilities.includes('read')) throw new AppError('LICENCE_NOT_FOUND');
    if (!abilities.includes('revoke')) throw new AppError('LICENCE_REVOKE_FORBIDDEN');
    if (row.status === 'revoked') throw new AppError('LICENCE_ALREADY_REVOKED');
    const at = env.now?.() ?? new Date();
    const [updated] = await tx.update(licences).set({ status: 'revoked', revokedAt: at, revokedBy: caller.id, revocationReason: why }).where(eq(licences.id, id)).returning();
    await recordAudit(tx, {
      actorId: caller.id,
      actorName: caller.displayName,
      action: 'licence.revoke',
      targetType: 'licence',
      targetId: id,
      ip: env.ip ?? null,
      details: { typeCode: row.typeCode, number: row.number, reason: why },
    });
    return present(updated!, chinaDay(at), licenceAbilities(caller, updated!));
  });
}

// ---- public verification --------------------------------------------------------------------------------

export type VerificationView = VerificationViewT;

/** Whether the stored row still matches what was signed: any change to a signed column breaks it. */
async function signatureHolds(db: Db, cipher: FieldCipher, row: LicenceRow): Promise<{ valid: boolean; canonical: string | null }> {
  let holderId: string;
  try {
    holderId = cipher.decrypt(row.holderIdEnc);
  } catch {
    return { valid: false, canonical: null };
  }
  if (cipher.blindIndex(holderId) !== row.holderIndex) return { valid: false, canonical: null };
  const [key] = await db.select().from(licenceKeys).where(eq(licenceKeys.id, row.keyId));
  const canonical = canonicalLicence(factsOf(row, holderId));
  return { valid: !!key && verifyLicenceSignature(canonical, row.signature, key.publicKey), canonical };
}

/** 验证: what anyone holding the printed licence (or its QR code) may learn of it, with the signature checked. */
export async function verifyByCode(db: Db, env: LicenceEnv, code: string): Promise<VerificationView> {
  const normal = normaliseVerificationCode(code);
  if (!/^[0-9A-Z]{8,32}$/.test(normal)) throw new AppError('LICENCE_NOT_FOUND');
  const [row] = await db.select().from(licences).where(eq(licences.verificationCode, normal));
  if (!row) throw new AppError('LICENCE_NOT_FOUND');
  const sig = await signatureHolds(db, env.cipher, row);
  return {
    verificationCode: row.verificationCode,
    status: statusOn(row, today(env)),
    signatureValid: sig.valid,
    typeCode: row.typeCode,
    typeName: row.typeName,
    number: row.number,
    holderKind: row.holderKind,
    holderName: maskHolderName(row.holderKind, row.holderName),
    holderIdMasked: row.holderIdMasked,
    issuerName: row.issuerName,
    issuedOn: row.issuedOn,
    validUntil: row.validUntil,
    revokedOn: row.revokedAt ? chinaDay(row.revokedAt) : null,
    contentHash: sig.canonical ? sm3(sig.canonical) : '',
    keyId: row.keyId,
  };
}

/** Every licence's signature, for the CLI's audit of the whole table. */
export async function verifyAll(db: Db, cipher: FieldCipher): Promise<{ checked: number; broken: { id: string; number: string; typeCode: string }[] }> {
  const broken: { id: string; number: string; typeCode: string }[] = [];
  let checked = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db.select().from(licences).where(sql`${licences.id} > ${after}`).orderBy(asc(licences.id)).limit(500);
    if (!rows.length) break;
    for (const r of rows) {
      checked++;
      if (!(await signatureHolds(db, cipher, r)).valid) broken.push({ id: r.id, number: r.number, typeCode: r.typeCode });
    }
    after = rows[rows.length - 1]!.id;
  }
  return { checked, broken };
}

export function listLicenceTypes(): { code: string; name: string }[] {
  return [...licenceTypes()].map(([code, name]) => ({ code, name }));
}

// ---- demo data ------------------------------------------------------------------------------------------

interface DemoUsers {
  persons: { name: string; idNumber: string }[];
  enterprises: { name: string; creditCode: string; legalRepresentative?: string }[];
}

/**
 * Demo licences for the demo person and enterprise (so 我的证照 is not empty and 开药店 can reuse the 营业执照).
 * A holder who already has a licence of a type gets no second one, so seeding again changes nothing.
 */
export async function seedLicences(db: Db, cipher: FieldCipher, seedDir: string): Promise<{ created: number }> {
  const demo = JSON.parse(readFileSync(join(seedDir, 'org/demo-users.json'), 'utf8')) as DemoUsers;
  const wanted: IssueInput[] = [];
  for (const p of demo.persons.slice(0, 1)) {
    const holder = { kind: 'person' as const, name: p.name, identifier: p.idNumber };
    wanted.push({ typeCode: 'resident_id_card', holder, issuerDepartmentCode: '421202-ga', issuedOn: '2016-05-20', validUntil: '2036-05-20', content: { 姓名: p.name, 住址: '湖北省咸宁市咸安区温泉路 1 号' } });
    wanted.push({ typeCode: 'household_register', holder, issuerDepartmentCode: '421202-ga', issuedOn: '2018-09-03', content: { 户主姓名: p.name, 户别: '家庭户', 住址: '湖北省咸宁市咸安区温泉路 1 号' } });
  }
  for (const e of demo.enterprises.slice(0, 1)) {
    const holder = { kind: 'enterprise' as const, name: e.name, identifier: e.creditCode };
    wanted.push({
      typeCode: 'business_licence',
      holder,
      issuerDepartmentCode: '421202-scjg',
      issuedOn: '2024-03-15',
      content: { 名称: e.name, 统一社会信用代码: e.creditCode, 类型: '有限责任公司(自然人投资或控股)', 法定代表人: e.legalRepresentative ?? '', 注册资本: '伍佰万元整', 成立日期: '2024-03-15', 住所: '湖北省咸宁市咸安区长江产业园 8 号', 经营范围: '软件开发;信息技术咨询服务' },
    });
    wanted.push({ typeCode: 'real_estate_certificate', holder, issuerDepartmentCode: '421202-bdc', issuedOn: '2024-06-01', content: { 权利人: e.name, 坐落: '湖北省咸宁市咸安区长江产业园 8 号', 用途: '商业', 面积: '120.50 平方米' } });
  }
  let created = 0;
  await db.transaction(async (tx) => {
    const indexes = [...new Set(wanted.map((w) => cipher.blindIndex(w.holder.identifier)))];
    const have = await tx.select({ holderIndex: licences.holderIndex, typeCode: licences.typeCode }).from(licences).where(inArray(licences.holderIndex, indexes));
    const held = new Set(have.map((h) => `${h.holderIndex}/${h.typeCode}`));
    for (const w of wanted) {
      if (held.has(`${cipher.blindIndex(w.holder.identifier)}/${w.typeCode}`)) continue;
      await issueInTx(tx, { cipher }, w);
      created++;
    }
  });
  return { created };
}

