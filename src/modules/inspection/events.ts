import { defineEventLog } from '../../platform/event-log/index.js';
import type { Caller } from '../../platform/http.js';
import { inspectionDrawEvents, inspectionDraws } from './schema.js';

/** 抽查过程记录: commit, reveal, each result, publication; one chain per draw (`tongban verify --kind inspection_draw`). */
export const drawLog = defineEventLog({ kind: 'inspection_draw', owner: inspectionDraws, events: inspectionDrawEvents, ownerKey: 'drawId' });

export function actorOf(caller: Caller): { actorId: string; actorName: string; role: string } {
  return { actorId: caller.id, actorName: caller.displayName, role: caller.roles[0] ?? caller.kind };
}
