import { hash, verify } from '@node-rs/argon2';
import { and, asc, eq, isNull, like, or, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/index.js';
import { randomToken, sm3, type FieldCipher } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller, Role } from '../../platform/http.js';
import {
  checkCreditCode,
  checkIdNumber,
  isMobile,
  maskIdentifier,
  maskMobile,
  regionLevelOf,
  regionPrefix,
} from '../../platform/validators.js';
import './errors.js';
import {
  APPLICANT_IDLE_SECONDS,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MIN_SCORE,
  passwordProblem,
  scopeRequirementMet,
  SESSION_MAX_SECONDS,
  STAFF_IDLE_SECONDS,
} from './rules.js';
import { departments, regions, sessions, users } from './schema.js';
import { accountKey, assertNotLocked, clearAttempts, keysOfUser, spendAttempt } from './throttle.js';

export interface RequestContext {
  ip?: string | null;
  now?: Date;
}

type UserRow = typeof users.$inferSelect;

// Verifying against this when an account does not exist keeps the response time the same as a wrong password.
const DUMMY_HASH = hash('tongban-no-such-account');

function assertPassword(password: string, userInputs: (string | null | undefined)[] = []): void {
  const problem = passwordProblem(password, userInputs.filter((x): x is string => !!x));
  if (problem) throw new AppError('PASSWORD_TOO_WEAK', { field: 'password', problem, minLength: PASSWORD_MIN_LENGTH, minScore: PASSWORD_MIN_SCORE });
}

/** What a registration answers, the same whether the account was created or already existed (no enumeration). */
export const REGISTRATION_SUBMITTED = { status: 'submitted' as const };

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

export interface PersonRegistration {
  name: string;
  idNumber: string;
  mobile: string;
  password: string;
}

export async function registerPerson(db: Db, cipher: FieldCipher, input: PersonRegistration, ctx: RequestContext = {}) {
  const idNumber = input.idNumber.toUpperCase();
  const problem = checkIdNumber(idNumber, ctx.now);
  if (problem) throw new AppError('ID_NUMBER_INVALID', { field: 'idNumber', problem });
  if (!isMobile(input.mobile)) throw new AppError('MOBILE_INVALID', { field: 'mobile' });
  assertPassword(input.password, [input.name, idNumber, input.mobile]);
  await spendRegistration(db, cipher, idNumber, ctx);
  return insertApplicant(
    db,
    {
      kind: 'person',
      displayName: input.name,
      passwordHash: await hash(input.password),
      roles: ['applicant_person'],
      idNumberEnc: cipher.encrypt(idNumber),
      idNumberIndex: cipher.blindIndex(idNumber),
      idNumberMasked: maskIdentifier(idNumber),
      mobileEnc: cipher.encrypt(input.mobile),
      mobileMasked: maskMobile(input.mobile),
    },
    'idNumber',
    ctx,
  );
}

/** Each registration spends the identifier's budget, so registering cannot probe faster than logging in. */
async function spendRegistration(db: Db, cipher: FieldCipher, identifier: string, ctx: RequestContext) {
  const key = accountKey(cipher, identifier);
  const now = ctx.now ?? new Date();
  await assertNotLocked(db, key, now);
  await spendAttempt(db, key, now);
}

/**
 * One registration: the account and its audit entry commit together. A taken identifier creates nothing and is
 * answered like a new one (its holder is the only one told, through the audit log), so registration does not
 * reveal who has an account; the password was hashed either way, so the time taken does not tell either.
 */
async function insertApplicant(db: Db, values: typeof users.$inferInsert, identifierField: string, ctx: RequestContext): Promise<UserView | null> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(users).values(values).returning();
      await recordAudit(tx, { actorId: row.id, actorName: row.displayName, action: 'user.register', targetType: 'user', targetId: row.id, ip: ctx.ip });
      return presentUser(row);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await recordAudit(db, { action: 'user.register.taken', ip: ctx.ip, details: { field: identifierField } });
    return null;
  }
}

export interface EnterpriseRegistration {
  name: string;
  creditCode: string;
  legalRepresentative: string;
  mobile: string;
  password: string;
}

export async function registerEnterprise(db: Db, cipher: FieldCipher, input: EnterpriseRegistration, ctx: RequestContext = {}) {
  const creditCode = input.creditCode.toUpperCase();
  const problem = checkCreditCode(creditCode);
  if (problem) throw new AppError('CREDIT_CODE_INVALID', { field: 'creditCode', problem });
  if (!isMobile(input.mobile)) throw new AppError('MOBILE_INVALID', { field: 'mobile' });
  assertPassword(input.password, [input.name, creditCode, input.legalRepresentative, input.mobile]);
  await spendRegistration(db, cipher, creditCode, ctx);
  return insertApplicant(
    db,
    {
      kind: 'enterprise',
      displayName: input.name,
      passwordHash: await hash(input.password),
      roles: ['applicant_enterprise'],
      creditCode,
      legalRepresentative: input.legalRepresentative,
      mobileEnc: cipher.encrypt(input.mobile),
      mobileMasked: maskMobile(input.mobile),
    },
    'creditCode',
    ctx,
  );
}

/** Applicants log in with their ID number or credit code, staff with their username. */
async function findByAccount(db: Db, cipher: FieldCipher, account: string): Promise<UserRow | undefined> {
  const normalized = account.trim().toUpperCase();
  const conditions: SQL[] = [eq(users.username, account.trim())];
  if (/^\d{17}[\dX]$/.test(normalized)) conditions.push(eq(users.idNumberIndex, cipher.blindIndex(normalized)));
  if (normalized.length === 18) conditions.push(eq(users.creditCode, normalized));
  const [row] = await db.select().from(users).where(or(...conditions)).limit(1);
  return row;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  caller: Caller;
  idleSeconds: number;
  identityVerified: boolean;
}

/**
 * Every failure answers LOGIN_FAILED (or ACCOUNT_LOCKED once the name's budget is spent) whether or not the
 * account exists or is disabled, after the same argon2 work, so a login attempt does not reveal who has an account.
 */
export async function login(db: Db, cipher: FieldCipher, input: { account: string; password: string }, ctx: RequestContext = {}): Promise<LoginResult> {
  const now = ctx.now ?? new Date();
  const key = accountKey(cipher, input.account);
  const user = await findByAccount(db, cipher, input.account);
  try {
    await assertNotLocked(db, key, now);
  } catch (err) {
    await recordAudit(db, { actorId: user?.id, actorName: user?.displayName, action: 'login.locked', ip: ctx.ip, details: user ? {} : { account: maskIdentifier(input.account) } });
    throw err;
  }
  const passwordOk = await verify(user ? user.passwordHash : await DUMMY_HASH, input.password);
  if (!user || !passwordOk) {
    const lockedUntil = await spendAttempt(db, key, now);
    await recordAudit(db, { actorId: user?.id, actorName: user?.displayName, action: 'login.failed', ip: ctx.ip, details: user ? { reason: 'password' } : { account: maskIdentifier(input.account), reason: 'unknown account' } });
    if (lockedUntil) {
      if (user) await db.update(users).set({ lockedUntil }).where(eq(users.id, user.id));
      await recordAudit(db, { actorId: user?.id, actorName: user?.displayName, action: 'account.locked', ip: ctx.ip, details: { lockedUntil: lockedUntil.toISOString() } });
      throw new AppError('ACCOUNT_LOCKED', { lockedUntil: lockedUntil.toISOString() });
    }
    throw new AppError('LOGIN_FAILED');
  }
  if (user.disabled) {
    // Only someone who knows the password learns that the account is disabled.
    await recordAudit(db, { actorId: user.id, actorName: user.displayName, action: 'login.failed', ip: ctx.ip, details: { reason: 'disabled' } });
    throw new AppError('ACCOUNT_DISABLED');
  }
  const token = randomToken();
  const csrfToken = randomToken(24);
  const idleSeconds = user.kind === 'staff' ? STAFF_IDLE_SECONDS : APPLICANT_IDLE_SECONDS;
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await clearAttempts(tx, [key]);
    await tx.insert(sessions).values({
      id: sm3(token),
      userId: user.id,
      csrfToken,
      idleSeconds,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_SECONDS * 1000),
      ip: ctx.ip ?? null,
    });
    await recordAudit(tx, { actorId: user.id, actorName: user.displayName, action: 'login', ip: ctx.ip });
  });
  return { token, csrfToken, caller: callerFrom(user, sm3(token)), idleSeconds, identityVerified: user.identityVerifiedAt !== null };
}

function callerFrom(user: UserRow, sessionId: string): Caller {
  return {
    id: user.id,
    kind: user.kind,
    displayName: user.displayName,
    roles: user.roles as Role[],
    regionCode: user.regionCode,
    departmentId: user.departmentId,
    sessionId,
  };
}

// Writing last_seen_at on every request would turn every read into a write; a minute of slack is harmless
// against a 30-minute idle limit.
const TOUCH_INTERVAL_MS = 60_000;

export interface ResolvedSession {
  caller: Caller;
  csrfToken: string;
}

/** The session behind a cookie token, or a coded 401 that says whether it never existed or has expired. */
export async function resolveSession(db: Db, token: string, now: Date = new Date()): Promise<ResolvedSession> {
  const id = sm3(token);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
    .limit(1);
  if (!row) throw new AppError('UNAUTHENTICATED');
  const { session, user } = row;
  const idleDeadline = session.lastSeenAt.getTime() + session.idleSeconds * 1000;
  if (user.disabled || session.expiresAt <= now || idleDeadline <= now.getTime()) {
    await db.update(sessions).set({ endedAt: now }).where(eq(sessions.id, id));
    throw new AppError('SESSION_EXPIRED');
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  return { caller: callerFrom(user, id), csrfToken: session.csrfToken };
}

export async function logout(db: Db, caller: Caller, ctx: RequestContext = {}): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(sessions).set({ endedAt: ctx.now ?? new Date() }).where(eq(sessions.id, caller.sessionId));
    await recordAudit(tx, { actorId: caller.id, actorName: caller.displayName, action: 'logout', ip: ctx.ip });
  });
}

export function presentUser(row: UserRow) {
  return {
    id: row.id,
    kind: row.kind,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles as Role[],
    regionCode: row.regionCode,
    departmentId: row.departmentId,
    idNumberMasked: row.idNumberMasked,
    creditCode: row.creditCode,
    legalRepresentative: row.legalRepresentative,
    mobileMasked: row.mobileMasked,
    identityVerified: row.identityVerifiedAt !== null,
    disabled: row.disabled,
    lockedUntil: row.lockedUntil ? row.lockedUntil.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export type UserView = ReturnType<typeof presentUser>;

export async function getUser(db: Db, id: string): Promise<UserRow> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!row) throw new AppError('USER_NOT_FOUND');
  return row;
}

/**
 * A person's own full ID number. Staff never read it here: they see it through the case they handle
 * (`/cases/:id/applicant-id`), scoped like that case and audited, so this answers only the account itself.
 */
export async function revealIdNumber(db: Db, cipher: FieldCipher, actor: Caller, userId: string): Promise<string | null> {
  if (actor.id !== userId) throw new AppError('USER_NOT_FOUND');
  const row = await getUser(db, userId);
  return row.idNumberEnc ? cipher.decrypt(row.idNumberEnc) : null;
}

export async function findApplicantByIdentifier(db: Db, cipher: FieldCipher, identifier: string) {
  const row = await findByAccount(db, cipher, identifier);
  return row && row.kind !== 'staff' ? presentUser(row) : null;
}

export interface StaffInput {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  regionCode: string;
  departmentId?: string | null;
}

async function assertScopeTargets(db: Db, regionCode: string | null | undefined, departmentId: string | null | undefined) {
  if (regionCode) await getRegion(db, regionCode);
  if (departmentId) await getDepartment(db, departmentId);
}

export async function createStaffUser(db: Db, actor: Caller | null, input: StaffInput, ctx: RequestContext = {}) {
  if (input.roles.some((r) => r === 'applicant_person' || r === 'applicant_enterprise')) throw new AppError('ROLE_NOT_STAFF', { field: 'roles' });
  if (!scopeRequirementMet(input.roles, input.regionCode, input.departmentId ?? null)) throw new AppError('ROLE_SCOPE_REQUIRED', { field: 'departmentId' });
  assertPassword(input.password, [input.username, input.displayName]);
  await assertScopeTargets(db, input.regionCode, input.departmentId);
  const passwordHash = await hash(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          kind: 'staff',
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          roles: input.roles,
          regionCode: input.regionCode,
          departmentId: input.departmentId ?? null,
        })
        .returning();
      await recordAudit(tx, {
        actorId: actor?.id,
        actorName: actor?.displayName ?? 'cli',
        action: 'admin.user.create',
        targetType: 'user',
        targetId: row.id,
        ip: ctx.ip,
        details: { username: input.username, roles: input.roles, regionCode: input.regionCode, departmentId: input.departmentId ?? null },
      });
      return presentUser(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('ACCOUNT_EXISTS', { field: 'username' });
    throw err;
  }
}

export interface StaffPatch {
  displayName?: string;
  roles?: Role[];
  regionCode?: string;
  departmentId?: string | null;
  disabled?: boolean;
  password?: string;
  unlock?: boolean;
}

export async function updateStaffUser(db: Db, cipher: FieldCipher, actor: Caller, id: string, patch: StaffPatch, ctx: RequestContext = {}) {
  const current = await getUser(db, id);
  if (current.kind !== 'staff' && (patch.roles || patch.regionCode || patch.departmentId !== undefined)) {
    throw new AppError('ROLE_NOT_STAFF', { field: 'roles' });
  }
  // An applicant's password is theirs to reset (by SMS code); an admin who could set it could log in as them.
  if (current.kind !== 'staff' && patch.password !== undefined) throw new AppError('APPLICANT_PASSWORD_NOT_ADMIN', { field: 'password' });
  const roles = patch.roles ?? (current.roles as Role[]);
  const regionCode = patch.regionCode ?? current.regionCode;
  const departmentId = patch.departmentId === undefined ? current.departmentId : patch.departmentId;
  if (patch.roles?.some((r) => r === 'applicant_person' || r === 'applicant_enterprise')) throw new AppError('ROLE_NOT_STAFF', { field: 'roles' });
  if (current.kind === 'staff' && !scopeRequirementMet(roles, regionCode, departmentId)) throw new AppError('ROLE_SCOPE_REQUIRED', { field: 'departmentId' });
  if (patch.password !== undefined) assertPassword(patch.password, [current.username, current.displayName]);
  await assertScopeTargets(db, patch.regionCode, patch.departmentId);
  const passwordHash = patch.password === undefined ? undefined : await hash(patch.password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        displayName: patch.displayName ?? current.displayName,
        roles,
        regionCode,
        departmentId,
        disabled: patch.disabled ?? current.disabled,
        ...(passwordHash ? { passwordHash } : {}),
        ...(patch.unlock ? { lockedUntil: null, failedLogins: 0 } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    if (patch.unlock) await clearAttempts(tx, keysOfUser(cipher, current));
    if (patch.disabled || passwordHash) {
      await tx.update(sessions).set({ endedAt: new Date() }).where(and(eq(sessions.userId, id), isNull(sessions.endedAt)));
    }
    const changed = Object.keys(patch).filter((k) => k !== 'password');
    await recordAudit(tx, {
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'admin.user.update',
      targetType: 'user',
      targetId: id,
      ip: ctx.ip,
      details: { changed: passwordHash ? [...changed, 'password'] : changed, roles, regionCode, departmentId },
    });
    return presentUser(row);
  });
}

/** Staff within a region; applicants, who belong to no region, only for a province-level admin. */
export async function listUsers(db: Db, q: { within: string; kind?: UserRow['kind']; limit: number; offset: number }) {
  const inRegion = like(users.regionCode, `${regionPrefix(q.within)}%`);
  const where: SQL[] = [regionLevelOf(q.within) === 1 ? or(inRegion, isNull(users.regionCode))! : inRegion];
  if (q.kind) where.push(eq(users.kind, q.kind));
  const rows = await db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.createdAt))
    .limit(q.limit)
    .offset(q.offset);
  return rows.map(presentUser);
}

// ---- regions and departments -------------------------------------------------------------------------

export async function getRegion(db: Db, code: string) {
  const [row] = await db.select().from(regions).where(eq(regions.code, code)).limit(1);
  if (!row) throw new AppError('REGION_NOT_FOUND', { field: 'regionCode', code });
  return row;
}

export async function listRegions(db: Db, q: { parentCode?: string; within?: string } = {}) {
  const where: SQL[] = [];
  if (q.parentCode) where.push(eq(regions.parentCode, q.parentCode));
  if (q.within) where.push(like(regions.code, `${regionPrefix(q.within)}%`));
  return db.select().from(regions).where(where.length ? and(...where) : undefined).orderBy(asc(regions.code));
}

/** The region and its ancestors, root first (e.g. 湖北省 › 咸宁市 › 咸安区). */
export async function regionPath(db: Db, code: string) {
  const path = [];
  let current: string | null = code;
  while (current) {
    const region = await getRegion(db, current);
    path.unshift(region);
    current = region.parentCode;
  }
  return path;
}

export interface RegionInput {
  code: string;
  name: string;
  parentCode?: string | null;
}

export function expectedParentLevel(code: string): number | null {
  const level = regionLevelOf(code);
  return level && level > 1 ? level - 1 : null;
}

export async function createRegion(db: Db, actor: Caller | null, input: RegionInput, ctx: RequestContext = {}) {
  const level = regionLevelOf(input.code);
  if (!level) throw new AppError('REGION_CODE_INVALID', { field: 'code' });
  if (level > 1) {
    if (!input.parentCode) throw new AppError('REGION_PARENT_MISMATCH', { field: 'parentCode' });
    const parent = await getRegion(db, input.parentCode);
    if (parent.level !== level - 1 || !input.code.startsWith(regionPrefix(parent.code))) {
      throw new AppError('REGION_PARENT_MISMATCH', { field: 'parentCode' });
    }
  } else if (input.parentCode) {
    throw new AppError('REGION_PARENT_MISMATCH', { field: 'parentCode' });
  }
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(regions).values({ code: input.code, name: input.name, level, parentCode: input.parentCode ?? null }).returning();
      await recordAudit(tx, { actorId: actor?.id, actorName: actor?.displayName ?? 'seed', action: 'admin.region.create', targetType: 'region', targetId: row.code, ip: ctx.ip, details: { name: row.name } });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('REGION_EXISTS', { field: 'code' });
    throw err;
  }
}

export async function getDepartment(db: Db, id: string) {
  const [row] = await db.select().from(departments).where(eq(departments.id, id)).limit(1);
  if (!row) throw new AppError('DEPARTMENT_NOT_FOUND', { field: 'departmentId' });
  return row;
}

export async function getDepartmentByCode(db: Db, code: string) {
  const [row] = await db.select().from(departments).where(eq(departments.code, code)).limit(1);
  if (!row) throw new AppError('DEPARTMENT_NOT_FOUND', { field: 'departmentCode', code });
  return row;
}

export async function listDepartments(db: Db, q: { regionCode?: string; within?: string } = {}) {
  const where: SQL[] = [];
  if (q.regionCode) where.push(eq(departments.regionCode, q.regionCode));
  if (q.within) where.push(like(departments.regionCode, `${regionPrefix(q.within)}%`));
  return db.select().from(departments).where(where.length ? and(...where) : undefined).orderBy(asc(departments.regionCode), asc(departments.code));
}

export interface DepartmentInput {
  code: string;
  name: string;
  nameEn?: string | null;
  regionCode: string;
}

export async function createDepartment(db: Db, actor: Caller | null, input: DepartmentInput, ctx: RequestContext = {}) {
  await getRegion(db, input.regionCode);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(departments).values({ code: input.code, name: input.name, nameEn: input.nameEn ?? null, regionCode: input.regionCode }).returning();
      await recordAudit(tx, { actorId: actor?.id, actorName: actor?.displayName ?? 'seed', action: 'admin.department.create', targetType: 'department', targetId: row.id, ip: ctx.ip, details: { code: row.code, name: row.name } });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('DEPARTMENT_EXISTS', { field: 'code' });
    throw err;
  }
}

export async function updateDepartment(db: Db, actor: Caller, id: string, patch: { name?: string; nameEn?: string | null }, ctx: RequestContext = {}) {
  await getDepartment(db, id);
  return db.transaction(async (tx) => {
    const [row] = await tx.update(departments).set(patch).where(eq(departments.id, id)).returning();
    await recordAudit(tx, { actorId: actor.id, actorName: actor.displayName, action: 'admin.department.update', targetType: 'department', targetId: id, ip: ctx.ip, details: patch });
    return row;
  });
}
