/**
 * How ratings hook into cases: 办结 records the case for 未评率, notices carry the rating QR code, and the case
 * sweep invites each unrated concluded case once (inbox, and SMS when the applicant gave a mobile number).
 */
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Db } from '../../platform/db.js';
import { afterCaseCommit, caseForRating, notifyApplicantInTx, onCaseClosed, onCaseSweep, setDocumentTrailer, type CaseClosed } from './deps.js';
import { RollupBatch } from './rollups.js';
import { monthOf, type Stage } from './rules.js';
import { ratingCases } from './schema.js';
import { makeToken } from './token.js';

/** Days after 办结 before an unrated case is invited (the 3 days of 智能邀评 practice). */
export const INVITE_AFTER_DAYS = 3;

async function recordConclusion(tx: Db, c: CaseClosed): Promise<void> {
  if (c.outcome !== 'approved' && c.outcome !== 'denied') return;
  const k = await caseForRating(tx, c.caseId, c.regionCode);
  if (!k) return;
  const month = monthOf(c.at);
  await tx.insert(ratingCases).values({ regionCode: k.regionCode, caseId: k.id, departmentId: k.departmentId, itemCode: k.itemCode }).onConflictDoNothing();
  const [rc] = await tx.select().from(ratingCases).where(and(eq(ratingCases.regionCode, k.regionCode), eq(ratingCases.caseId, k.id))).for('update');
  if (!rc || rc.concludedMonth) return;
  await tx.update(ratingCases).set({ concludedAt: c.at, concludedMonth: month }).where(and(eq(ratingCases.regionCode, k.regionCode), eq(ratingCases.caseId, k.id)));
  const batch = new RollupBatch();
  batch.add({ regionCode: rc.regionCode, departmentId: rc.departmentId, itemCode: rc.itemCode, month }, { casesConcluded: 1, casesRated: rc.rated ? 1 : 0 });
  await batch.flush(tx);
}

export function ratingUrl(base: string, token: string): string {
  return `${base.replace(/\/$/, '')}/rate/${token}`;
}

const STAGE_OF: Record<string, Stage> = { acceptance_notice: 'accept', decision: 'conclude' };

/** The QR block printed on the 受理通知书 (rates 受理) and the 决定书 (rates 办结). */
export async function qrTrailer(secret: string, publicUrl: string, d: { caseId: string; kind: string }): Promise<string> {
  const stage = STAGE_OF[d.kind];
  if (!stage) return '';
  const url = ratingUrl(publicUrl, makeToken(secret, d.caseId, stage));
  const svg = await QRCode.toString(url, { type: 'svg', margin: 1, width: 120, errorCorrectionLevel: 'M' });
  return (
    `<section class="rating-qr" style="display:flex;gap:12px;align-items:center;margin-top:16px;border-top:1px dashed #999;padding-top:8px">` +
    `<div style="width:30mm;height:30mm" role="img" aria-label="好差评二维码 Rating QR code">${svg}</div>` +
    `<p style="margin:0">政务服务“好差评”:请扫码评价本次${stage === 'accept' ? '受理' : '办结'}服务(非常满意、满意、基本满意、不满意、非常不满意)。<br>` +
    `Rate this service: scan the code or open ${url.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p></section>`
  );
}

/** Invites each concluded case not rated within INVITE_AFTER_DAYS, once; a later rating counts as invited, not 主动. */
export async function sweepInvitations(db: Db, now: Date, limit = 500): Promise<number> {
  const before = new Date(now.getTime() - INVITE_AFTER_DAYS * 86_400_000);
  const due = await db
    .select({ regionCode: ratingCases.regionCode, caseId: ratingCases.caseId })
    .from(ratingCases)
    .where(and(eq(ratingCases.rated, false), isNull(ratingCases.invitedAt), lte(ratingCases.concludedAt, before)))
    .orderBy(asc(ratingCases.concludedAt))
    .limit(limit);
  let invited = 0;
  for (const d of due) {
    const sms: Parameters<typeof afterCaseCommit>[0] = [];
    const done = await db.transaction(async (tx) => {
      const [rc] = await tx
        .select()
        .from(ratingCases)
        .where(and(eq(ratingCases.regionCode, d.regionCode), eq(ratingCases.caseId, d.caseId), eq(ratingCases.rated, false), isNull(ratingCases.invitedAt)))
        .for('update', { skipLocked: true });
      if (!rc) return false;
      sms.push(
        await notifyApplicantInTx(tx, d.regionCode, d.caseId, now, {
          kind: 'rating_invitation',
          title: '邀请您评价政务服务 Please rate our service',
          body: '您的办件已办结,欢迎对本次服务作出“好差评”(办件页面或扫描结果文书上的二维码)。未评价不计为好评。Your case is concluded; please rate the service on the case page or by the QR code on the decision. No rating is never counted as good.',
        }),
      );
      await tx.update(ratingCases).set({ invitedAt: now }).where(and(eq(ratingCases.regionCode, d.regionCode), eq(ratingCases.caseId, d.caseId)));
      return true;
    });
    await afterCaseCommit(sms);
    if (done) invited++;
  }
  return invited;
}

let installed = false;

/** Installs the hooks once per process (the tests build several servers). */
export function installRatingHooks(secret: string, publicUrl: string): void {
  setDocumentTrailer((d) => qrTrailer(secret, publicUrl, d));
  if (installed) return;
  installed = true;
  onCaseClosed(async (tx, c) => recordConclusion(tx, c));
  onCaseSweep(async (db, now) => {
    await sweepInvitations(db, now);
  });
}

