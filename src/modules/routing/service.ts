/** The registry of department systems (业务分发): who serves which steps, with which key. */
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { FieldCipher } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { getDepartment, getPublishedItemByCode, hasRole, inScope, recordAudit } from './deps.js';
import './errors.js';
import { overlaps } from './rules.js';
import { routingSystems, type Takeover } from './schema.js';

export interface RoutingEnv {
  cipher: FieldCipher;
  now?: () => Date;
  ip?: string | null;
}

export const nowOf = (env: RoutingEnv) => env.now?.() ?? new Date();

export type SystemRow = typeof routingSystems.$inferSelect;

export function systemView(s: SystemRow) {
  return {
    id: s.id,
    regionCode: s.regionCode,
    departmentId: s.departmentId,
    name: s.name,
    endpoint: s.endpoint,
    takeovers: s.takeovers,
    status: s.status,
    keyVersion: s.keyVersion,
    previousKeyValidUntil: s.prevKeyUntil?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function authorize(caller: Caller, record: { regionCode: string }): void {
  if (!hasRole(caller, 'admin') || !inScope(caller, { regionCode: record.regionCode })) throw new AppError('ROUTING_FORBIDDEN');
}

function checkEndpoint(endpoint: string): void {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    throw new AppError('ROUTING_ENDPOINT_INVALID', { field: 'endpoint' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AppError('ROUTING_ENDPOINT_INVALID', { field: 'endpoint' });
}

/** Every item exists and every step taken over (all of them when none are listed) is an approver step of the department. */
async function checkTakeovers(db: Db, departmentCode: string, takeovers: Takeover[]): Promise<Takeover[]> {
  const out: Takeover[] = [];
  for (const [i, t] of takeovers.entries()) {
    const item = await getPublishedItemByCode(db, t.itemCode).catch(() => null);
    if (!item) throw new AppError('ROUTING_TAKEOVER_INVALID', { field: `takeovers[${i}].itemCode`, itemCode: t.itemCode });
    const own = item.content.steps.flatMap((s, idx) => (s.departmentCode === departmentCode && s.role === 'approver' ? [idx] : []));
    if (!own.length) throw new AppError('ROUTING_TAKEOVER_INVALID', { field: `takeovers[${i}].itemCode`, itemCode: t.itemCode });
    if (t.steps) {
      const foreign = t.steps.filter((s) => !own.includes(s));
      if (foreign.length || !t.steps.length) throw new AppError('ROUTING_TAKEOVER_INVALID', { field: `takeovers[${i}].steps`, steps: foreign });
    }
    out.push(t.steps ? { itemCode: t.itemCode, steps: [...new Set(t.steps)].sort((a, b) => a - b) } : { itemCode: t.itemCode });
  }
  return out;
}

async function checkNoOverlap(db: Db, departmentId: string, takeovers: Takeover[], exceptId?: string): Promise<void> {
  const others = await db.select().from(routingSystems).where(and(eq(routingSystems.departmentId, departmentId), eq(routingSystems.status, 'active')));
  const clash = others.find((o) => o.id !== exceptId && overlaps(o.takeovers, takeovers));
  if (clash) throw new AppError('ROUTING_TAKEOVER_CONFLICT', { systemId: clash.id });
}

const newKey = () => randomBytes(32).toString('base64');

/** Registers a department system; its key is returned once and kept only encrypted. */
export async function createSystem(db: Db, env: RoutingEnv, caller: Caller, input: { departmentId: string; name: string; endpoint: string; takeovers: Takeover[] }) {
  const dept = await getDepartment(db, input.departmentId);
  authorize(caller, dept);
  checkEndpoint(input.endpoint);
  const takeovers = await checkTakeovers(db, dept.code, input.takeovers);
  await checkNoOverlap(db, dept.id, takeovers);
  const key = newKey();
  const at = nowOf(env);
  const [row] = await db
    .insert(routingSystems)
    .values({ regionCode: dept.regionCode, departmentId: dept.id, name: input.name, endpoint: input.endpoint, keyEnc: env.cipher.encrypt(key), takeovers, createdAt: at, updatedAt: at })
    .returning();
  await recordAudit(db, { actorId: caller.id, actorName: caller.displayName, action: 'routing.system.create', targetType: 'routing_system', targetId: row!.id, ip: env.ip ?? null });
  return { ...systemView(row!), key };
}

export async function listSystems(db: Db, caller: Caller) {
  const rows = await db.select().from(routingSystems).orderBy(asc(routingSystems.createdAt));
  return rows.filter((r) => inScope(caller, { regionCode: r.regionCode }) && hasRole(caller, 'admin')).map(systemView);
}

export async function loadSystem(db: Db, id: string): Promise<SystemRow> {
  const [row] = await db.select().from(routingSystems).where(eq(routingSystems.id, id));
  if (!row) throw new AppError('ROUTING_SYSTEM_NOT_FOUND');
  return row;
}

async function scopedSystem(db: Db, caller: Caller, id: string): Promise<SystemRow> {
  const row = await loadSystem(db, id);
  // A system outside the caller's region is not disclosed.
  if (!inScope(caller, { regionCode: row.regionCode })) throw new AppError('ROUTING_SYSTEM_NOT_FOUND');
  authorize(caller, row);
  return row;
}

/** Suspends (steps go back to tongban's approvers for new dispatches) or reactivates a system. */
export async function setStatus(db: Db, env: RoutingEnv, caller: Caller, id: string, status: 'active' | 'suspended') {
  const row = await scopedSystem(db, caller, id);
  if (row.status === status) throw new AppError('ROUTING_SYSTEM_STATE_CONFLICT', { status });
  if (status === 'active') await checkNoOverlap(db, row.departmentId, row.takeovers, row.id);
  const [updated] = await db.update(routingSystems).set({ status, updatedAt: nowOf(env) }).where(eq(routingSystems.id, id)).returning();
  await recordAudit(db, { actorId: caller.id, actorName: caller.displayName, action: `routing.system.${status === 'active' ? 'activate' : 'suspend'}`, targetType: 'routing_system', targetId: id, ip: env.ip ?? null });
  return systemView(updated!);
}

/**
 * A new key, returned once. The old one stays accepted (and is still the one tongban signs with) until the
 * grace period ends, so the department can install the new key before tongban switches to it.
 */
export async function rotateKey(db: Db, env: RoutingEnv, caller: Caller, id: string, input: { graceHours?: number }) {
  const grace = input.graceHours ?? 24;
  if (!Number.isFinite(grace) || grace < 0 || grace > 720) throw new AppError('ROUTING_GRACE_INVALID', { field: 'graceHours' });
  const row = await scopedSystem(db, caller, id);
  const key = newKey();
  const at = nowOf(env);
  const [updated] = await db
    .update(routingSystems)
    .set({ keyEnc: env.cipher.encrypt(key), keyVersion: row.keyVersion + 1, prevKeyEnc: grace > 0 ? row.keyEnc : null, prevKeyUntil: grace > 0 ? new Date(at.getTime() + grace * 3_600_000) : null, updatedAt: at })
    .where(eq(routingSystems.id, id))
    .returning();
  await recordAudit(db, { actorId: caller.id, actorName: caller.displayName, action: 'routing.system.rotate_key', targetType: 'routing_system', targetId: id, ip: env.ip ?? null, details: { keyVersion: updated!.keyVersion, graceHours: grace } });
  return { ...systemView(updated!), key };
}

/**
 * The keys valid now: the current one, and the previous one in its grace period. Requests from the system may be
 * signed with either; tongban signs its own messages with each, so neither side has to switch at the same instant.
 */
export function acceptedKeys(env: RoutingEnv, s: SystemRow): string[] {
  const keys = [env.cipher.decrypt(s.keyEnc)];
  if (s.prevKeyEnc && s.prevKeyUntil && s.prevKeyUntil.getTime() > nowOf(env).getTime()) keys.push(env.cipher.decrypt(s.prevKeyEnc));
  return keys;
}
