import { defineEventLog } from '../../platform/event-log/index.js';
import type { Caller } from '../../platform/http.js';
import { ratingEvents, ratings } from './schema.js';

/** 好差评过程记录: one chain per rating, its head on the rating row; `tongban verify --kind rating` checks them. */
export const ratingLog = defineEventLog({ kind: 'rating', owner: ratings, events: ratingEvents, ownerKey: 'ratingId', label: ratings.caseNumber });

/** Who an event names: the caller in the capacity the step needs, or the public (the QR code on a notice). */
export function actorOf(caller: Caller | null, capacity?: 'supervisor'): { actorId: string | null; actorName: string | null; role: string } {
  if (!caller) return { actorId: null, actorName: null, role: 'public' };
  const role = caller.kind === 'staff' ? (capacity && caller.roles.includes(capacity) ? capacity : (caller.roles[0] ?? 'staff')) : `applicant_${caller.kind}`;
  return { actorId: caller.id, actorName: caller.displayName, role };
}
