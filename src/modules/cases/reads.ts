/**
 * Reads of a case for other modules that bind records to it (好差评: the case, the item version, the department
 * and the staff who acted at each stage). Answers facts only; the caller applies its own rules.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { caseEvents, cases } from './schema.js';

export interface CaseHandler {
  id: string;
  name: string | null;
}

export interface CaseForRating {
  regionCode: string;
  id: string;
  number: string;
  state: string;
  channel: string;
  itemCode: string;
  itemName: string;
  itemVersion: number;
  departmentId: string;
  applicantId: string | null;
  acceptedAt: Date | null;
  concludedAt: Date | null;
  /** 受理: who decided on acceptance; 办结: who passed the steps and concluded. */
  handlers: { accept: CaseHandler[]; conclude: CaseHandler[] };
}

const ACCEPT_ACTIONS = ['accept', 'accept_with_deficiency', 'reject'];
const CONCLUDE_ACTIONS = ['pass_step', 'conclude', 'pledge'];

export async function caseForRating(db: Db, caseId: string, regionCode?: string): Promise<CaseForRating | null> {
  const where = regionCode ? and(eq(cases.regionCode, regionCode), eq(cases.id, caseId)) : eq(cases.id, caseId);
  const [row] = await db.select().from(cases).where(where).limit(1);
  if (!row) return null;
  const events = await db
    .select({ action: caseEvents.action, actorId: caseEvents.actorId, actorName: caseEvents.actorName })
    .from(caseEvents)
    .where(and(eq(caseEvents.regionCode, row.regionCode), eq(caseEvents.caseId, row.id), inArray(caseEvents.action, [...ACCEPT_ACTIONS, ...CONCLUDE_ACTIONS])))
    .orderBy(asc(caseEvents.seq));
  const pick = (actions: string[]) => {
    const seen = new Map<string, CaseHandler>();
    for (const e of events) if (e.actorId && actions.includes(e.action) && !seen.has(e.actorId)) seen.set(e.actorId, { id: e.actorId, name: e.actorName });
    return [...seen.values()];
  };
  return {
    regionCode: row.regionCode,
    id: row.id,
    number: row.number,
    state: row.state,
    channel: row.channel,
    itemCode: row.item.code,
    itemName: row.item.name,
    itemVersion: row.itemVersion,
    departmentId: row.departmentId,
    applicantId: row.applicantId,
    acceptedAt: row.acceptedAt,
    concludedAt: row.concludedAt,
    handlers: { accept: pick(ACCEPT_ACTIONS), conclude: pick(CONCLUDE_ACTIONS) },
  };
}
