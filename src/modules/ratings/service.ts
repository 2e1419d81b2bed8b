/**
 * Giving a rating (好差评): through the window's 评价器 or the QR code on a notice (一次一评), online after 受理 and
 * 办结 (一事一评), by a supervisor (监督查评), or on an item or department by anyone logged in (综合点评).
 * One transaction stores the rating, opens the rectification of a 差评 and moves the rollups.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { caseForRating, getDepartment, getDepartmentByCode, getPublishedItemByCode, type CaseForRating } from './deps.js';
import { readToken } from './token.js';
import './errors.js';
import { authorizeCaseRating, canReadCaseRatings, rectificationAbilities } from './policy.js';
import { openRectification } from './rectification.js';
import { RollupBatch } from './rollups.js';
import { checkRatingInput, delta, isBad, isSupplementary, monthOf, stageProblem, type CaseChannel, type RatingProblem, type Stage } from './rules.js';
import { ratingCases, ratingRectifications, ratings } from './schema.js';
import { settingsFor } from './settings.js';
import { newChainHead } from '../../platform/event-log/index.js';
import { actorOf, ratingLog } from './events.js';

export type RatingRow = typeof ratings.$inferSelect;

export interface RatingEnv {
  now: () => Date;
}

export interface RatingInput {
  level: number;
  options?: string[];
  comment?: string;
}

export function checkInput(input: RatingInput): void {
  const problem: RatingProblem | null = checkRatingInput(input.level, input.options ?? [], input.comment);
  if (problem) {
    const { code, ...details } = problem;
    throw new AppError(code, { field: code === 'RATING_LEVEL_INVALID' ? 'level' : 'options', ...details });
  }
}

/** The case's rating record for 未评率: created by the first rating or by 办结, whichever comes first; locked for the change. */
async function lockRatingCase(tx: Db, c: Pick<CaseForRating, 'regionCode' | 'id' | 'departmentId' | 'itemCode'>) {
  await tx.insert(ratingCases).values({ regionCode: c.regionCode, caseId: c.id, departmentId: c.departmentId, itemCode: c.itemCode }).onConflictDoNothing();
  const [row] = await tx.select().from(ratingCases).where(and(eq(ratingCases.regionCode, c.regionCode), eq(ratingCases.caseId, c.id))).for('update');
  return row!;
}

export const flagsOf = (r: Pick<RatingRow, 'level' | 'active' | 'excluded' | 'replied' | 'followed' | 'satisfied'>) => ({ level: r.level, active: r.active, excluded: r.excluded, replied: r.replied, followed: r.followed, satisfied: r.satisfied });

interface CaseRatingArgs {
  /** Who gave it: the applicant, the clerk whose 评价器 the applicant used, a supervisor; null for the QR code. */
  caller: Caller | null;
  channel: CaseChannel;
  method: 'device' | 'qr' | 'web';
  stage: Stage;
  raterId: string | null;
  raterKind: 'applicant' | 'supervisor';
}

async function storeCaseRating(db: Db, env: RatingEnv, c: CaseForRating, a: CaseRatingArgs, input: RatingInput): Promise<RatingRow> {
  const now = env.now();
  const settings = await settingsFor(db, c.regionCode);
  const sp = stageProblem(c, a.stage, now, settings.supplementDays);
  if (sp) {
    const { code, ...details } = sp;
    throw new AppError(code, details);
  }
  const staff = c.handlers[a.stage];
  return db.transaction(async (tx) => {
    // Lock order everywhere: rating_cases, then the rating, then rollups (sorted).
    const rc = await lockRatingCase(tx, c);
    const [row] = await tx
      .insert(ratings)
      .values({
        regionCode: c.regionCode,
        subjectKind: 'case',
        caseId: c.id,
        caseNumber: c.number,
        itemCode: c.itemCode,
        itemVersion: c.itemVersion,
        itemName: c.itemName,
        departmentId: c.departmentId,
        staffIds: staff.map((s) => s.id),
        staffNames: staff.map((s) => s.name ?? ''),
        channel: a.channel,
        method: a.method,
        stage: a.stage,
        level: input.level,
        options: input.options ?? [],
        comment: input.comment?.trim() || null,
        raterId: a.raterId,
        raterKind: a.raterKind,
        // A rating after the invitation was asked for; supervisors' 查评 is never the applicant's own initiative.
        active: rc.invitedAt === null && a.raterKind === 'applicant',
        supplementary: isSupplementary(c, a.stage),
        ratedAt: now,
        month: monthOf(now),
        ...newChainHead(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('RATING_DUPLICATE', { stage: a.stage, channel: a.channel });
    await appendRate(tx, row, a.caller, now);
    const batch = new RollupBatch();
    batch.add({ regionCode: row.regionCode, departmentId: row.departmentId, itemCode: row.itemCode, month: row.month }, delta(null, flagsOf(row)));
    if (!rc.rated && a.raterKind === 'applicant') {
      await tx.update(ratingCases).set({ rated: true }).where(and(eq(ratingCases.regionCode, rc.regionCode), eq(ratingCases.caseId, rc.caseId)));
      if (rc.concludedMonth) batch.add({ regionCode: rc.regionCode, departmentId: rc.departmentId, itemCode: rc.itemCode, month: rc.concludedMonth }, { casesRated: 1 });
    }
    if (isBad(row.level)) await openRectification(tx, row, settings, now);
    await batch.flush(tx);
    return row;
  });
}

/** The first event of a rating's chain: what was rated, how, by whom, bound to what (三对应). */
export async function appendRate(tx: Db, row: RatingRow, caller: Caller | null, at: Date): Promise<void> {
  await ratingLog.append(tx, { regionCode: row.regionCode, id: row.id, version: row.version, lastHash: row.lastHash }, {
    at,
    ...actorOf(caller, row.channel === 'supervision' ? 'supervisor' : undefined),
    action: 'rate',
    fromState: null,
    toState: isBad(row.level) ? 'verifying' : 'rated',
    payload: {
      subject: row.subjectKind,
      caseId: row.caseId,
      ...(row.bundleId ? { bundleId: row.bundleId } : {}),
      caseNumber: row.caseNumber,
      itemCode: row.itemCode,
      itemVersion: row.itemVersion,
      departmentId: row.departmentId,
      staffIds: row.staffIds,
      channel: row.channel,
      method: row.method,
      stage: row.stage,
      level: row.level,
      options: row.options,
      comment: row.comment,
      raterKind: row.raterKind,
      active: row.active,
      supplementary: row.supplementary,
    },
  });
}

async function loadCase(db: Db, caseId: string): Promise<CaseForRating> {
  const c = await caseForRating(db, caseId);
  if (!c) throw new AppError('RATING_CASE_NOT_FOUND');
  return c;
}

/** 一事一评 online by the applicant, 一次一评 on the clerk's 评价器, 监督查评 by a supervisor. */
export async function rateCase(db: Db, env: RatingEnv, caller: Caller, caseId: string, input: RatingInput & { channel: CaseChannel; stage: Stage }): Promise<RatingView> {
  checkInput(input);
  const c = await loadCase(db, caseId);
  authorizeCaseRating(caller, input.channel, c);
  const raterKind = input.channel === 'supervision' ? 'supervisor' : 'applicant';
  // The 评价器 is the applicant's voice on the clerk's screen: the rater is the applicant, not the clerk.
  const raterId = input.channel === 'supervision' ? caller.id : c.applicantId;
  const row = await storeCaseRating(db, env, c, { caller, channel: input.channel, method: input.channel === 'window' ? 'device' : 'web', stage: input.stage, raterId, raterKind }, input);
  return present(caller, row, opened(row));
}

export const opened = (row: RatingRow) => (isBad(row.level) ? { state: 'verifying', departmentId: row.departmentId } : null);

/** 一次一评 through the QR code printed on a notice: whoever holds the paper may rate that stage, once. */
export async function rateByToken(db: Db, env: RatingEnv, secret: string, token: string, input: RatingInput): Promise<PublicRatingView> {
  checkInput(input);
  const t = readToken(secret, token);
  if (!t) throw new AppError('RATING_TOKEN_INVALID');
  const c = await caseForRating(db, t.caseId);
  if (!c) throw new AppError('RATING_TOKEN_INVALID');
  const row = await storeCaseRating(db, env, c, { caller: null, channel: 'window', method: 'qr', stage: t.stage, raterId: c.applicantId, raterKind: 'applicant' }, input);
  return { stage: row.stage!, level: row.level, ratedAt: row.ratedAt.toISOString() };
}

export interface PublicRatingView {
  stage: Stage;
  level: number;
  ratedAt: string;
}

/** What the QR page shows before rating: the case number and item, nothing personal. */
export async function tokenSubject(db: Db, env: RatingEnv, secret: string, token: string) {
  const t = readToken(secret, token);
  if (!t) throw new AppError('RATING_TOKEN_INVALID');
  const c = await caseForRating(db, t.caseId);
  if (!c) throw new AppError('RATING_TOKEN_INVALID');
  const [done] = await db
    .select({ level: ratings.level, ratedAt: ratings.ratedAt })
    .from(ratings)
    .where(and(eq(ratings.regionCode, c.regionCode), eq(ratings.caseId, c.id), eq(ratings.stage, t.stage), eq(ratings.channel, 'window')));
  const settings = await settingsFor(db, c.regionCode);
  const problem = stageProblem(c, t.stage, env.now(), settings.supplementDays);
  return { caseNumber: c.number, itemName: c.itemName, stage: t.stage, rated: done ? { level: done.level, ratedAt: done.ratedAt.toISOString() } : null, open: !done && !problem };
}

/** 综合点评 of an item or a department (a hall, a window) by anyone logged in; once a month per subject. */
export async function rateGeneral(db: Db, env: RatingEnv, caller: Caller, input: RatingInput & { itemCode?: string; departmentId?: string }): Promise<RatingView> {
  checkInput(input);
  const now = env.now();
  let subject: { kind: 'item' | 'department'; regionCode: string; departmentId: string; itemCode: string; itemName: string; itemVersion: number | null };
  if (input.itemCode) {
    const item = await getPublishedItemByCode(db, input.itemCode).catch(() => null);
    if (!item) throw new AppError('RATING_SUBJECT_NOT_FOUND', { field: 'itemCode' });
    const dept = await departmentOf(db, item.content.departmentCode);
    subject = { kind: 'item', regionCode: dept.regionCode, departmentId: dept.id, itemCode: item.content.code, itemName: item.content.name, itemVersion: item.version };
  } else if (input.departmentId) {
    const dept = await getDepartment(db, input.departmentId).catch(() => null);
    if (!dept) throw new AppError('RATING_SUBJECT_NOT_FOUND', { field: 'departmentId' });
    subject = { kind: 'department', regionCode: dept.regionCode, departmentId: dept.id, itemCode: '', itemName: dept.name, itemVersion: null };
  } else {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'itemCode', rule: 'required' }] });
  }
  const settings = await settingsFor(db, subject.regionCode);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ratings)
      .values({
        regionCode: subject.regionCode,
        subjectKind: subject.kind,
        itemCode: subject.itemCode,
        itemVersion: subject.itemVersion,
        itemName: subject.itemName,
        departmentId: subject.departmentId,
        channel: 'general',
        method: 'web',
        level: input.level,
        options: input.options ?? [],
        comment: input.comment?.trim() || null,
        raterId: caller.id,
        raterKind: caller.kind === 'staff' ? 'supervisor' : 'public',
        active: true,
        ratedAt: now,
        month: monthOf(now),
        ...newChainHead(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('RATING_GENERAL_DUPLICATE');
    await appendRate(tx, row, caller, now);
    const batch = new RollupBatch();
    batch.add({ regionCode: row.regionCode, departmentId: row.departmentId, itemCode: row.itemCode, month: row.month }, delta(null, flagsOf(row)));
    if (isBad(row.level)) await openRectification(tx, row, settings, now);
    await batch.flush(tx);
    return present(caller, row, opened(row));
  });
}

const departmentOf = (db: Db, code: string) => getDepartmentByCode(db, code);

export interface RatingView {
  id: string;
  caseId: string | null;
  bundleId: string | null;
  caseNumber: string | null;
  itemCode: string;
  itemName: string;
  channel: string;
  method: string;
  stage: string | null;
  level: number;
  options: string[];
  comment: string | null;
  active: boolean;
  supplementary: boolean;
  ratedAt: string;
  excluded: boolean;
  excludedReason: string | null;
  rectification: { state: string; abilities: string[] } | null;
}

export function present(caller: Caller, r: RatingRow, rect: { state: string; departmentId: string } | null): RatingView {
  return {
    id: r.id,
    caseId: r.caseId,
    bundleId: r.bundleId,
    caseNumber: r.caseNumber,
    itemCode: r.itemCode,
    itemName: r.itemName,
    channel: r.channel,
    method: r.method,
    stage: r.stage,
    level: r.level,
    options: r.options,
    comment: r.comment,
    active: r.active,
    supplementary: r.supplementary,
    ratedAt: r.ratedAt.toISOString(),
    excluded: r.excluded,
    excludedReason: r.excludedReason,
    rectification: rect ? { state: rect.state, abilities: rectificationAbilities(caller, { regionCode: r.regionCode, departmentId: rect.departmentId, raterId: r.raterId }) } : null,
  };
}

/** A case's ratings and which stage/channel the caller may still rate (the portal and the 评价器 read this). */
export async function caseRatings(db: Db, env: RatingEnv, caller: Caller, caseId: string) {
  const c = await loadCase(db, caseId);
  if (caller.kind !== 'staff' && c.applicantId !== caller.id) throw new AppError('RATING_NOT_YOURS');
  if (!canReadCaseRatings(caller, c)) throw new AppError('RATING_CASE_NOT_FOUND');
  const rows = await db
    .select({ r: ratings, state: ratingRectifications.state, departmentId: ratingRectifications.departmentId })
    .from(ratings)
    .leftJoin(ratingRectifications, and(eq(ratingRectifications.regionCode, ratings.regionCode), eq(ratingRectifications.ratingId, ratings.id)))
    .where(and(eq(ratings.regionCode, c.regionCode), eq(ratings.caseId, c.id)))
    .orderBy(ratings.ratedAt);
  const settings = await settingsFor(db, c.regionCode);
  const now = env.now();
  const open = (['accept', 'conclude'] as const).map((stage) => ({ stage, problem: stageProblem(c, stage, now, settings.supplementDays)?.code ?? null }));
  return {
    caseId: c.id,
    caseNumber: c.number,
    itemName: c.itemName,
    stages: open,
    closesAt: c.concludedAt ? new Date(c.concludedAt.getTime() + settings.supplementDays * 86_400_000).toISOString() : null,
    items: rows.map(({ r, state, departmentId }) => present(caller, r, state && departmentId ? { state, departmentId } : null)),
  };
}
