/** Material links in dispatched messages (signed, expiring) and the caller a department system acts as. */
import { timingSafeEqual } from 'node:crypto';
import { deriveKey, hmacSm3 } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import type { SystemRow } from './service.js';

let linkKey: Buffer | null = null;

/** The links' own key, derived from the install's secret (not the field cipher's keys). */
export function setLinkSecret(secret: string): void {
  linkKey = deriveKey(secret, 'routing-material-links');
}

function key(): Buffer {
  if (!linkKey) throw new Error('routing: setLinkSecret was not called');
  return linkKey;
}

export interface LinkFacts {
  systemId: string;
  caseId: string;
  materialId: string;
  expires: Date;
}

export function materialToken(f: LinkFacts): string {
  const body = Buffer.from(JSON.stringify({ s: f.systemId, c: f.caseId, m: f.materialId, e: f.expires.getTime() })).toString('base64url');
  return `${body}.${hmacSm3(key(), body).toString('base64url')}`;
}

export function materialLink(_cipher: unknown, publicUrl: string, f: LinkFacts): string {
  return `${publicUrl.replace(/\/$/, '')}/api/v1/routing/materials?token=${materialToken(f)}`;
}

/** The link's facts when its MAC holds and it has not expired; otherwise a 404 that says nothing more. */
export function readMaterialToken(token: string, now: Date): LinkFacts {
  const [body, mac] = token.split('.');
  if (!body || !mac) throw new AppError('ROUTING_LINK_INVALID');
  const expected = hmacSm3(key(), body);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('ROUTING_LINK_INVALID');
  const f = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { s: string; c: string; m: string; e: number };
  if (f.e <= now.getTime()) throw new AppError('ROUTING_LINK_INVALID', { reason: 'expired' });
  return { systemId: f.s, caseId: f.c, materialId: f.m, expires: new Date(f.e) };
}

/**
 * A department system acts as its department's approver: the case rules that bind the approver's page bind it,
 * and the case's events name it (its id and name) as the actor.
 */
export function systemCaller(s: Pick<SystemRow, 'id' | 'name' | 'regionCode' | 'departmentId'>): Caller {
  return { id: s.id, kind: 'staff', displayName: `${s.name}(部门业务系统)`, roles: ['approver'], regionCode: s.regionCode, departmentId: s.departmentId, sessionId: `routing:${s.id}` };
}
