/**
 * 差评整改: a 差评 opens a work item for the department that handled the case. 核实 within the region's limit
 * (1 working day), classified 立行立改 / 限期整改 / 解释说明, rectified within its limit (15 working days by
 * default, from the calendar module), then 回访 of the rater. A department may appeal a 恶意/误评 rating;
 * a supervisor decides, and an upheld appeal excludes the rating from the figures with the reason kept.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { afterCaseCommit, due, loadWorkCalendar, notifyApplicantInTx, type WorkCalendar } from './deps.js';
import './errors.js';
import { authorizeRectification } from './policy.js';
import { RollupBatch } from './rollups.js';
import { actionAllowed, delta, rectifyLimit, reopenLimit, stateAfterFollowUp, stateAfterVerify, type Classification, type RatingFlags, type RatingSettings, type RectificationAction } from './rules.js';
import { ratingRectifications, ratings } from './schema.js';
import { settingsFor } from './settings.js';
import { actorOf, ratingLog } from './events.js';

type RatingRow = typeof ratings.$inferSelect;
export type RectificationRow = typeof ratingRectifications.$inferSelect;

/** The deadline and when it turns yellow: remaining ≤ 20 % of the limit or ≤ half a working day. */
export function deadline(cal: WorkCalendar, start: Date, limitDays: number): { dueAt: Date; yellowAt: Date } {
  const d = due(cal, start, limitDays).due;
  const lead = Math.max(0.2 * limitDays, 0.5) * cal.dayMs;
  const y = cal.instantAt(Math.max(0, cal.workingMs(d.getTime()) - lead));
  return { dueAt: d, yellowAt: new Date(Math.max(y, start.getTime())) };
}

export async function openRectification(tx: Db, r: RatingRow, s: RatingSettings, now: Date): Promise<void> {
  const cal = await loadWorkCalendar(tx, r.regionCode);
  const { dueAt, yellowAt } = deadline(cal, now, s.verifyDays);
  await tx.insert(ratingRectifications).values({ regionCode: r.regionCode, ratingId: r.id, departmentId: r.departmentId, caseId: r.caseId, state: 'verifying', openedAt: now, verifyDueAt: dueAt, dueAt, yellowAt });
}

export interface StepEnv {
  now: () => Date;
}

interface StepContext {
  tx: Db;
  rating: RatingRow;
  rect: RectificationRow;
  now: Date;
}

interface StepOutcome {
  patch: Partial<typeof ratingRectifications.$inferInsert>;
  flags?: Partial<RatingFlags> & { excludedReason?: string };
  notice?: { title: string; body: string };
}

const flagsOf = (r: RatingRow): RatingFlags => ({ level: r.level, active: r.active, excluded: r.excluded, replied: r.replied, followed: r.followed, satisfied: r.satisfied });

async function findRegion(db: Db, ratingId: string): Promise<string> {
  const [r] = await db.select({ regionCode: ratings.regionCode }).from(ratings).where(eq(ratings.id, ratingId)).limit(1);
  if (!r) throw new AppError('RECTIFICATION_NOT_FOUND');
  return r.regionCode;
}

/** One step: lock the rating (the owner of the chain) and its rectification, check, change, move the rollups. */
async function step(db: Db, env: StepEnv, caller: Caller, ratingId: string, action: RectificationAction, body: (c: StepContext) => Promise<StepOutcome>): Promise<RectificationRow> {
  const regionCode = await findRegion(db, ratingId);
  const sms: Parameters<typeof afterCaseCommit>[0] = [];
  const out = await db.transaction(async (tx) => {
    const [rating] = await tx.select().from(ratings).where(and(eq(ratings.regionCode, regionCode), eq(ratings.id, ratingId))).for('update');
    const [rect] = await tx.select().from(ratingRectifications).where(and(eq(ratingRectifications.regionCode, regionCode), eq(ratingRectifications.ratingId, ratingId))).for('update');
    if (!rating || !rect) throw new AppError('RECTIFICATION_NOT_FOUND');
    authorizeRectification(caller, { regionCode, departmentId: rect.departmentId, raterId: rating.raterId }, action);
    if (!actionAllowed(rect.state, action)) throw new AppError('RECTIFICATION_STATE_CONFLICT', { state: rect.state, action });
    if (action === 'appeal' && rect.appealState !== 'none') throw new AppError('APPEAL_ALREADY_MADE');
    if (action === 'decide_appeal' && rect.appealState !== 'pending') throw new AppError('RECTIFICATION_STATE_CONFLICT', { state: rect.state, appealState: rect.appealState, action });
    if (action === 'follow_up' && rect.appealState === 'pending') throw new AppError('APPEAL_PENDING');
    const now = env.now();
    const o = await body({ tx, rating, rect, now });
    // A deadline passed before the step is kept as a fact of the item (the red card's history).
    const missed = rect.dueAt && now.getTime() > rect.dueAt.getTime() && !rect.missedAt && 'dueAt' in o.patch ? { missedAt: rect.dueAt } : {};
    const [next] = await tx
      .update(ratingRectifications)
      .set({ ...o.patch, ...missed })
      .where(and(eq(ratingRectifications.regionCode, regionCode), eq(ratingRectifications.ratingId, ratingId)))
      .returning();
    if (o.flags) {
      const after = { ...flagsOf(rating), ...o.flags };
      await tx
        .update(ratings)
        .set({ replied: after.replied, followed: after.followed, satisfied: after.satisfied, excluded: after.excluded, ...(o.flags.excludedReason ? { excludedReason: o.flags.excludedReason } : {}) })
        .where(and(eq(ratings.regionCode, regionCode), eq(ratings.id, ratingId)));
      const batch = new RollupBatch();
      batch.add({ regionCode, departmentId: rating.departmentId, itemCode: rating.itemCode, month: rating.month }, delta(flagsOf(rating), after));
      await batch.flush(tx);
    }
    // Every step is an event of the rating's chain, appended under the rating row's lock taken above.
    await ratingLog.append(tx, { regionCode, id: rating.id, version: rating.version, lastHash: rating.lastHash }, {
      at: now,
      ...actorOf(caller, action === 'decide_appeal' || action === 'decide_escalation' || (action === 'follow_up' && rating.raterId !== caller.id) ? 'supervisor' : undefined),
      action,
      fromState: rect.state,
      toState: next!.state,
      payload: { ...o.patch, ...(o.flags ? { flags: o.flags } : {}), ...missed },
    });
    if (o.notice && rating.caseId) sms.push(await notifyApplicantInTx(tx, regionCode, rating.caseId, now, { kind: 'rating_follow_up', ...o.notice }));
    return next!;
  });
  await afterCaseCommit(sms);
  return out;
}

const required = (s: string | undefined, field: string) => {
  const t = (s ?? '').trim();
  if (!t) throw new AppError('RECTIFICATION_NOTE_REQUIRED', { field });
  return t;
};

const FOLLOW_UP_NOTICE = (r: RatingRow) => ({
  title: '差评整改回访 Follow-up on your rating',
  body: `您对「${r.itemName}」的评价已由部门核实处理,请在办件页面告知是否满意。Your rating of this service has been handled; tell us on the case page whether you are satisfied.`,
});

/** 核实: classify and answer the rater (差评回复); the deadline moves to rectification unless it is an explanation. */
export async function verify(db: Db, env: StepEnv, caller: Caller, ratingId: string, input: { classification: Classification; reply: string }): Promise<RectificationRow> {
  const reply = required(input.reply, 'reply');
  return step(db, env, caller, ratingId, 'verify', async ({ tx, rating, now }) => {
    const settings = await settingsFor(tx, rating.regionCode);
    const limit = rectifyLimit(input.classification, settings);
    const next = stateAfterVerify(input.classification);
    const dl = limit === null ? null : deadline(await loadWorkCalendar(tx, rating.regionCode), now, limit);
    return {
      patch: { state: next, classification: input.classification, reply, verifiedAt: now, verifiedBy: caller.id, rectifyLimitDays: limit, rectifyDueAt: dl?.dueAt ?? null, dueAt: dl?.dueAt ?? null, yellowAt: dl?.yellowAt ?? null },
      flags: { replied: true },
      ...(next === 'follow_up' ? { notice: FOLLOW_UP_NOTICE(rating) } : {}),
    };
  });
}

/** 整改: what was changed; the rater is asked for 回访. */
export async function rectify(db: Db, env: StepEnv, caller: Caller, ratingId: string, input: { note: string }): Promise<RectificationRow> {
  const note = required(input.note, 'note');
  return step(db, env, caller, ratingId, 'rectify', async ({ rating, now }) => ({
    patch: { state: 'follow_up', rectifyNote: note, rectifiedAt: now, rectifiedBy: caller.id, dueAt: null, yellowAt: null },
    notice: FOLLOW_UP_NOTICE(rating),
  }));
}

/**
 * 回访: the rater (online) or a supervisor (by phone) records whether the rater is satisfied with the fix. Satisfied
 * closes the item. Unsatisfied, with the rater's reason, sends it back to the department to rectify again with a new
 * deadline from the calendar, once; a second unsatisfied 回访 sends it to a supervisor, who closes it with a decision.
 * The figures count the item as followed up from the first 回访 and as satisfied only if the last one is.
 */
export async function followUp(db: Db, env: StepEnv, caller: Caller, ratingId: string, input: { satisfied: boolean; note?: string }): Promise<RectificationRow> {
  const note = input.satisfied ? input.note?.trim() || null : required(input.note, 'note');
  return step(db, env, caller, ratingId, 'follow_up', async ({ tx, rating, rect, now }) => {
    const next = stateAfterFollowUp(input.satisfied, rect.reopenCount);
    const answered = { followUpAt: now, followUpBy: caller.id, followUpByKind: rating.raterId === caller.id ? ('rater' as const) : ('supervisor' as const), followUpSatisfied: input.satisfied, followUpNote: note };
    const flags = { followed: true, satisfied: input.satisfied };
    if (next === 'rectifying') {
      const settings = await settingsFor(tx, rating.regionCode);
      const limit = reopenLimit(rect.classification, settings);
      const dl = deadline(await loadWorkCalendar(tx, rating.regionCode), now, limit);
      return {
        patch: { state: next, ...answered, reopenCount: rect.reopenCount + 1, reopenedAt: now, reopenReason: note, rectifyLimitDays: limit, rectifyDueAt: dl.dueAt, dueAt: dl.dueAt, yellowAt: dl.yellowAt },
        flags,
      };
    }
    if (next === 'escalated') return { patch: { state: next, ...answered, escalatedAt: now, dueAt: null, yellowAt: null }, flags };
    return { patch: { state: next, ...answered }, flags };
  });
}

/** 督办决定: a supervisor closes an item the rater stayed unsatisfied with after it was reopened. */
export async function decideEscalation(db: Db, env: StepEnv, caller: Caller, ratingId: string, input: { decision: string }): Promise<RectificationRow> {
  const decision = required(input.decision, 'decision');
  return step(db, env, caller, ratingId, 'decide_escalation', async ({ now }) => ({
    patch: { state: 'closed', supervisorDecision: decision, supervisorDecidedAt: now, supervisorDecidedBy: caller.id },
  }));
}

/** 申诉: the department holds the rating 恶意 or 误评. The deadline keeps running: an appeal is no way to stop the clock. */
export async function appeal(db: Db, env: StepEnv, caller: Caller, ratingId: string, input: { kind: 'malicious' | 'mistaken'; reason: string }): Promise<RectificationRow> {
  const reason = required(input.reason, 'reason');
  return step(db, env, caller, ratingId, 'appeal', async ({ now }) => ({
    patch: { appealState: 'pending', appealKind: input.kind, appealReason: reason, appealedAt: now, appealedBy: caller.id },
  }));
}

/** 复核: upheld excludes the rating from every figure (reason kept on the rating); rejected sends the item on. */
export async function decideAppeal(db: Db, env: StepEnv, caller: Caller, ratingId: string, input: { upheld: boolean; reason: string }): Promise<RectificationRow> {
  const reason = required(input.reason, 'reason');
  return step(db, env, caller, ratingId, 'decide_appeal', async ({ now }) => {
    const decided = { appealDecidedAt: now, appealDecidedBy: caller.id, appealDecisionReason: reason };
    if (!input.upheld) return { patch: { appealState: 'rejected', ...decided } };
    return { patch: { appealState: 'upheld', state: 'excluded', dueAt: null, yellowAt: null, ...decided }, flags: { excluded: true, excludedReason: reason } };
  });
}
