import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/index.js';
import type { FieldCipher } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { checkIdNumber } from '../../platform/validators.js';
import type { IdentityProvider } from './identity.js';
import { users } from './schema.js';
import { getUser, presentUser, type RequestContext } from './service.js';
import { accountKey, assertNotLocked, spendAttempt } from './throttle.js';

export interface IdentityInput {
  proof: string;
  /** Enterprises: the 法定代表人's own ID number; the representative authorises the account with their proof. */
  legalRepresentativeIdNumber?: string;
}

/**
 * 实名认证: the provider confirms that the account's holder is the person of its ID number (or, for an enterprise,
 * that the registered legal representative authorises it). Until then the account sees only what it filed itself.
 * A failed attempt spends the account's login budget, so proofs cannot be guessed faster than passwords.
 */
export async function verifyIdentity(db: Db, cipher: FieldCipher, provider: IdentityProvider, caller: Caller, input: IdentityInput, ctx: RequestContext = {}) {
  const user = await getUser(db, caller.id);
  if (user.kind === 'staff') throw new AppError('FORBIDDEN');
  if (user.identityVerifiedAt) return presentUser(user);
  const now = ctx.now ?? new Date();
  const identifier = user.kind === 'person' ? cipher.decrypt(user.idNumberEnc!) : user.creditCode!;
  const key = accountKey(cipher, identifier);
  await assertNotLocked(db, key, now);
  let match: boolean;
  if (user.kind === 'person') {
    match = await provider.verifyPerson({ name: user.displayName, idNumber: identifier, proof: input.proof });
  } else {
    const repId = (input.legalRepresentativeIdNumber ?? '').toUpperCase();
    const problem = checkIdNumber(repId, now);
    if (problem) throw new AppError('ID_NUMBER_INVALID', { field: 'legalRepresentativeIdNumber', problem });
    match = await provider.verifyLegalRepresentative({ name: user.legalRepresentative ?? '', idNumber: repId, proof: input.proof, creditCode: identifier, enterpriseName: user.displayName });
  }
  if (!match) {
    await recordAudit(db, { actorId: user.id, actorName: user.displayName, action: 'identity.failed', ip: ctx.ip, details: { provider: provider.name } });
    const lockedUntil = await spendAttempt(db, key, now);
    if (lockedUntil) throw new AppError('ACCOUNT_LOCKED', { lockedUntil: lockedUntil.toISOString() });
    throw new AppError('IDENTITY_MISMATCH', { field: 'proof' });
  }
  return markIdentityVerified(db, user.id, provider.name, { ...ctx, actorName: user.displayName });
}

export async function markIdentityVerified(db: Db, userId: string, method: string, ctx: RequestContext & { actorName?: string } = {}) {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(users).set({ identityVerifiedAt: ctx.now ?? new Date(), identityMethod: method.slice(0, 16), updatedAt: new Date() }).where(eq(users.id, userId)).returning();
    await recordAudit(tx, { actorId: userId, actorName: ctx.actorName ?? row!.displayName, action: 'identity.verified', targetType: 'user', targetId: userId, ip: ctx.ip, details: { method } });
    return presentUser(row!);
  });
}

/** Whether an account has proved its identifier: the gate before licences and cases filed under it by others. */
export async function identityVerified(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ at: users.identityVerifiedAt }).from(users).where(eq(users.id, userId));
  return !!row?.at;
}
