import { eq, sql } from 'drizzle-orm';
import type { FieldCipher } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { ACCOUNT_BUDGET, LOCK_MINUTES } from './rules.js';
import { authThrottle, users } from './schema.js';

/** The budget key of an account name as typed: one key whether or not such an account exists. */
export function accountKey(cipher: FieldCipher, account: string): string {
  return cipher.blindIndex(`account:${account.trim().toUpperCase()}`);
}

/** A coded 423 while the account name's budget is spent; the same answer for a name nobody holds. */
export async function assertNotLocked(db: Db, key: string, now: Date): Promise<void> {
  const [row] = await db.select({ lockedUntil: authThrottle.lockedUntil }).from(authThrottle).where(eq(authThrottle.key, key));
  if (row?.lockedUntil && row.lockedUntil > now) throw new AppError('ACCOUNT_LOCKED', { lockedUntil: row.lockedUntil.toISOString() });
}

/**
 * Spends one attempt of the name's budget (a failed login, a registration, a reset request). Counted in one
 * upsert so that parallel guesses cannot read the same count; the window restarts once it is LOCK_MINUTES old.
 * Returns the lock's end when this attempt spent the budget.
 */
export async function spendAttempt(db: Db, key: string, now: Date): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - LOCK_MINUTES * 60_000);
  const lockEnd = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const startSql = sql`${windowStart.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(authThrottle)
    .values({ key, attempts: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        attempts: sql`case when ${authThrottle.windowStartedAt} < ${startSql} then 1 else ${authThrottle.attempts} + 1 end`,
        windowStartedAt: sql`case when ${authThrottle.windowStartedAt} < ${startSql} then ${nowSql} else ${authThrottle.windowStartedAt} end`,
      },
    })
    .returning();
  if (row!.attempts < ACCOUNT_BUDGET) return null;
  await db.update(authThrottle).set({ lockedUntil: lockEnd, attempts: 0, windowStartedAt: now }).where(eq(authThrottle.key, key));
  return lockEnd;
}

export async function clearAttempts(db: Db, keys: string[]): Promise<void> {
  for (const key of keys) await db.delete(authThrottle).where(eq(authThrottle.key, key));
}

/** Every name an account can be typed as (username, ID number, credit code): unlocking one clears them all. */
export function keysOfUser(cipher: FieldCipher, user: typeof users.$inferSelect): string[] {
  const names = [user.username, user.creditCode, user.idNumberEnc ? cipher.decrypt(user.idNumberEnc) : null];
  return names.filter((n): n is string => !!n).map((n) => accountKey(cipher, n));
}

/**
 * One budget per client address shared by every route that takes it (login, both registrations, 实名认证):
 * @fastify/rate-limit keeps a separate count per route even with a groupId, which let an address try 30 logins
 * and 30 registrations of each kind a minute. Kept in memory per API node, like the plugin's own store.
 */
export function addressBudget(max: number, windowMs = 60_000) {
  const spent = new Map<string, { count: number; since: number }>();
  return async function spendAddressBudget(req: { ip: string }): Promise<void> {
    const now = Date.now();
    if (spent.size > 50_000) for (const [ip, s] of spent) if (now - s.since >= windowMs) spent.delete(ip);
    const current = spent.get(req.ip);
    const entry = current && now - current.since < windowMs ? current : { count: 0, since: now };
    entry.count++;
    spent.set(req.ip, entry);
    if (entry.count > max) throw new AppError('RATE_LIMITED', { retryAfterSeconds: Math.ceil((entry.since + windowMs - now) / 1000) });
  };
}
