/**
 * Rating a 一件事 as a whole (一事一评 of the bundle): after the bundle is accepted and after it is concluded, bound
 * to the bundle case, the bundle's code and version, its lead department (一家牵头) and region, and the staff who
 * acted (the clerk who accepted it once; the staff who concluded its children). It is counted under subject
 * 'bundle', its rollup row keyed by the bundle code in place of an item code (docs/ratings.md). A 差评 opens a
 * rectification for the lead department like a case's.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { newChainHead } from '../../platform/event-log/index.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { bundleForRating, caseForRating, getDepartmentByCode, type BundleForRating } from './deps.js';
import './errors.js';
import { authorizeCaseRating, canReadCaseRatings } from './policy.js';
import { openRectification } from './rectification.js';
import { RollupBatch } from './rollups.js';
import { delta, isBad, monthOf, stageProblem, type CaseChannel, type CaseMoment, type Stage } from './rules.js';
import { ratingRectifications, ratings } from './schema.js';
import { appendRate, checkInput, flagsOf, opened, present, type RatingEnv, type RatingInput, type RatingView } from './service.js';
import { settingsFor } from './settings.js';

/** The bundle's status in the words of the stage rules: accepted once running, concluded once concluded or delivered. */
const STATE_OF: Record<BundleForRating['status'], string> = { submitted: 'submitted', running: 'in_steps', concluded: 'concluded_approved', delivered: 'delivered', withdrawn: 'withdrawn' };

export const bundleMoment = (b: BundleForRating): CaseMoment => ({ state: STATE_OF[b.status], acceptedAt: b.acceptedAt, concludedAt: b.concludedAt });

interface BoundBundle {
  b: BundleForRating;
  departmentId: string;
}

async function loadBundle(db: Db, bundleId: string): Promise<BoundBundle> {
  const b = await bundleForRating(db, bundleId);
  if (!b) throw new AppError('RATING_BUNDLE_NOT_FOUND');
  const lead = await getDepartmentByCode(db, b.leadDepartmentCode);
  return { b, departmentId: lead.id };
}

/** Who acted at a stage of the bundle: the clerk who accepted it (一窗受理), or those who concluded its children. */
async function staffAt(db: Db, b: BundleForRating, stage: Stage): Promise<{ id: string; name: string | null }[]> {
  if (stage === 'accept') return b.acceptedBy ? [b.acceptedBy] : [];
  const seen = new Map<string, { id: string; name: string | null }>();
  for (const child of b.children) {
    const c = await caseForRating(db, child.caseId, child.caseRegionCode);
    for (const h of c?.handlers.conclude ?? []) if (!seen.has(h.id)) seen.set(h.id, h);
  }
  return [...seen.values()];
}

/** 一事一评 of a 一件事: its applicant online, a clerk's 评价器 at the hall, or a supervisor's 查评. */
export async function rateBundle(db: Db, env: RatingEnv, caller: Caller, bundleId: string, input: RatingInput & { channel: CaseChannel; stage: Stage }): Promise<RatingView> {
  checkInput(input);
  const { b, departmentId } = await loadBundle(db, bundleId);
  authorizeCaseRating(caller, input.channel, b);
  const now = env.now();
  const settings = await settingsFor(db, b.regionCode);
  const sp = stageProblem(bundleMoment(b), input.stage, now, settings.supplementDays);
  if (sp) {
    const { code, ...details } = sp;
    throw new AppError(code, details);
  }
  const staff = await staffAt(db, b, input.stage);
  const supervision = input.channel === 'supervision';
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ratings)
      .values({
        regionCode: b.regionCode,
        subjectKind: 'bundle',
        bundleId: b.id,
        caseNumber: b.number,
        itemCode: b.bundleCode,
        itemVersion: b.bundleVersion,
        itemName: b.name,
        departmentId,
        staffIds: staff.map((s) => s.id),
        staffNames: staff.map((s) => s.name ?? ''),
        channel: input.channel,
        method: input.channel === 'window' ? 'device' : 'web',
        stage: input.stage,
        level: input.level,
        options: input.options ?? [],
        comment: input.comment?.trim() || null,
        raterId: supervision ? caller.id : b.applicantId,
        raterKind: supervision ? 'supervisor' : 'applicant',
        // No invitation is sent for a bundle (its children's cases are invited), so the applicant's is always 主动.
        active: !supervision,
        supplementary: input.stage === 'accept' && (b.status === 'concluded' || b.status === 'delivered'),
        ratedAt: now,
        month: monthOf(now),
        ...newChainHead(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('RATING_DUPLICATE', { stage: input.stage, channel: input.channel });
    await appendRate(tx, row, caller, now);
    const batch = new RollupBatch();
    batch.add({ regionCode: row.regionCode, departmentId: row.departmentId, itemCode: row.itemCode, month: row.month }, delta(null, flagsOf(row)));
    if (isBad(row.level)) await openRectification(tx, row, settings, now);
    await batch.flush(tx);
    return row;
  });
  return present(caller, row, opened(row));
}

/** A bundle's ratings and which stages its applicant may still rate (the portal's bundle page reads this). */
export async function bundleRatings(db: Db, env: RatingEnv, caller: Caller, bundleId: string) {
  const { b, departmentId } = await loadBundle(db, bundleId);
  if (caller.kind !== 'staff' && b.applicantId !== caller.id) throw new AppError('RATING_NOT_YOURS');
  if (!canReadCaseRatings(caller, { ...b, departmentId })) throw new AppError('RATING_BUNDLE_NOT_FOUND');
  const rows = await db
    .select({ r: ratings, state: ratingRectifications.state, departmentId: ratingRectifications.departmentId })
    .from(ratings)
    .leftJoin(ratingRectifications, and(eq(ratingRectifications.regionCode, ratings.regionCode), eq(ratingRectifications.ratingId, ratings.id)))
    .where(and(eq(ratings.regionCode, b.regionCode), eq(ratings.bundleId, b.id)))
    .orderBy(ratings.ratedAt);
  const settings = await settingsFor(db, b.regionCode);
  const now = env.now();
  const m = bundleMoment(b);
  return {
    caseId: b.id,
    caseNumber: b.number,
    itemName: b.name,
    stages: (['accept', 'conclude'] as const).map((stage) => ({ stage, problem: stageProblem(m, stage, now, settings.supplementDays)?.code ?? null })),
    closesAt: b.concludedAt ? new Date(b.concludedAt.getTime() + settings.supplementDays * 86_400_000).toISOString() : null,
    items: rows.map(({ r, state, departmentId: d }) => present(caller, r, state && d ? { state, departmentId: d } : null)),
  };
}
