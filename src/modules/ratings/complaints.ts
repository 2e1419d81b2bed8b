/**
 * A 12345 投诉 about a case's handling or a department's service is a 差评 given through the hotline (国办发〔2019〕51号
 * counts 政务服务热线 among the rating channels). The hotline calls `openComplaintRating` inside its intake
 * transaction, so the order and its 差评 exist together or not at all. The rectification then runs exactly as for
 * any other 差评 (核实, 整改, 回访, 申诉); 回访 is by a supervisor, since the caller has no rating of their own to answer.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { newChainHead } from '../../platform/event-log/index.js';
import { caseForRating, getDepartment } from './deps.js';
import './errors.js';
import { actorOf, ratingLog } from './events.js';
import { openRectification } from './rectification.js';
import { RollupBatch } from './rollups.js';
import { delta, monthOf } from './rules.js';
import { ratingEvents, ratingRectifications, ratings } from './schema.js';
import { settingsFor } from './settings.js';

/** The channel a hotline 差评 is stored under; kept apart from 一次一评/一事一评 so neither unique rule is touched. */
export const HOTLINE_CHANNEL = 'hotline';
/**
 * The caller does not grade the service on a five-level scale; a complaint is recorded at 2 (不满意), the mildest
 * level that is a 差评, so it opens the rectification without claiming more than the caller said.
 */
export const COMPLAINT_LEVEL = 2;

export interface ComplaintInput {
  /** The work order, as the rating's first event and its comment name it. */
  order: { id: string; number: string; title: string };
  caseId?: string;
  departmentId?: string;
  at: Date;
}

export interface ComplaintRating {
  id: string;
  regionCode: string;
  departmentId: string;
  caseNumber: string | null;
}

/** Opens the 差评 and its rectification in the caller's transaction; throws before writing if the subject is unknown. */
export async function openComplaintRating(tx: Db, caller: Caller, input: ComplaintInput): Promise<ComplaintRating> {
  let subject: { kind: 'case' | 'department'; regionCode: string; departmentId: string; caseId: string | null; caseNumber: string | null; itemCode: string; itemName: string; itemVersion: number | null };
  if (input.caseId) {
    const c = await caseForRating(tx, input.caseId);
    if (!c) throw new AppError('RATING_CASE_NOT_FOUND');
    subject = { kind: 'case', regionCode: c.regionCode, departmentId: c.departmentId, caseId: c.id, caseNumber: c.number, itemCode: c.itemCode, itemName: c.itemName, itemVersion: c.itemVersion };
  } else if (input.departmentId) {
    const d = await getDepartment(tx, input.departmentId).catch(() => null);
    if (!d) throw new AppError('RATING_SUBJECT_NOT_FOUND', { field: 'departmentId' });
    subject = { kind: 'department', regionCode: d.regionCode, departmentId: d.id, caseId: null, caseNumber: null, itemCode: '', itemName: d.name, itemVersion: null };
  } else {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'departmentId', rule: 'required' }] });
  }
  const settings = await settingsFor(tx, subject.regionCode);
  const [row] = await tx
    .insert(ratings)
    .values({
      regionCode: subject.regionCode,
      subjectKind: subject.kind,
      caseId: subject.caseId,
      caseNumber: subject.caseNumber,
      itemCode: subject.itemCode,
      itemVersion: subject.itemVersion,
      itemName: subject.itemName,
      departmentId: subject.departmentId,
      channel: HOTLINE_CHANNEL as 'general',
      method: 'web',
      level: COMPLAINT_LEVEL,
      options: ['other'],
      comment: `12345工单 ${input.order.number}:${input.order.title}`,
      // Nobody owns this rating as a rater: the caller may be known only by phone, and 回访 goes through a supervisor.
      raterId: null,
      raterKind: 'public',
      active: true,
      ratedAt: input.at,
      month: monthOf(input.at),
      ...newChainHead(),
    })
    .returning();
  await ratingLog.append(tx, { regionCode: row!.regionCode, id: row!.id, version: row!.version, lastHash: row!.lastHash }, {
    at: input.at,
    ...actorOf(caller),
    action: 'rate',
    fromState: null,
    toState: 'verifying',
    payload: {
      subject: row!.subjectKind, caseId: row!.caseId, caseNumber: row!.caseNumber, itemCode: row!.itemCode, departmentId: row!.departmentId,
      channel: row!.channel, level: row!.level, options: row!.options, comment: row!.comment, raterKind: row!.raterKind,
      hotlineOrder: { id: input.order.id, number: input.order.number },
    },
  });
  const batch = new RollupBatch();
  batch.add({ regionCode: row!.regionCode, departmentId: row!.departmentId, itemCode: row!.itemCode, month: row!.month }, delta(null, { level: row!.level, active: row!.active, excluded: false, replied: false, followed: false, satisfied: null }));
  await openRectification(tx, row!, settings, input.at);
  await batch.flush(tx);
  return { id: row!.id, regionCode: row!.regionCode, departmentId: row!.departmentId, caseNumber: row!.caseNumber };
}

/** The rating a hotline order opened, as the order shows it: where its rectification stands. */
export async function complaintRatingState(db: Db, ref: { id: string; regionCode: string }) {
  const [r] = await db
    .select({ id: ratings.id, level: ratings.level, departmentId: ratings.departmentId, caseNumber: ratings.caseNumber, excluded: ratings.excluded, state: ratingRectifications.state })
    .from(ratings)
    .leftJoin(ratingRectifications, and(eq(ratingRectifications.regionCode, ratings.regionCode), eq(ratingRectifications.ratingId, ratings.id)))
    .where(and(eq(ratings.regionCode, ref.regionCode), eq(ratings.id, ref.id)))
    .limit(1);
  return r ?? null;
}

/** The other direction: the work order a hotline 差评 came from, read from the rating's first event. */
export async function complaintOrderOf(db: Db, ref: { id: string; regionCode: string }): Promise<{ id: string; number: string } | null> {
  const [first] = await db
    .select({ payload: ratingEvents.payload })
    .from(ratingEvents)
    .where(and(eq(ratingEvents.regionCode, ref.regionCode), eq(ratingEvents.ratingId, ref.id)))
    .orderBy(asc(ratingEvents.seq))
    .limit(1);
  const order = (first?.payload as { hotlineOrder?: { id: string; number: string } } | undefined)?.hotlineOrder;
  return order ?? null;
}
