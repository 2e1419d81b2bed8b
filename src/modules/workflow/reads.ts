/** Reads other modules need of a bundle case (一件事), so they never touch workflow's tables. */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { bundleCases, bundleChildren, type BundleCaseStatus } from './schema.js';

export interface BundleForRating {
  regionCode: string;
  id: string;
  number: string;
  bundleCode: string;
  bundleVersion: number;
  name: string;
  nameEn: string | null;
  /** 一家牵头: the department that answers for the bundle as a whole. */
  leadDepartmentCode: string;
  applicantId: string | null;
  status: BundleCaseStatus;
  acceptedAt: Date | null;
  acceptedBy: { id: string; name: string | null } | null;
  concludedAt: Date | null;
  /** The children's cases, for the staff who acted at each stage. */
  children: { caseRegionCode: string; caseId: string }[];
}

/** A bundle case as the ratings module binds a rating of the 一件事 as a whole; null when there is none. */
export async function bundleForRating(db: Db, bundleId: string): Promise<BundleForRating | null> {
  const [row] = await db
    .select({
      regionCode: bundleCases.regionCode,
      id: bundleCases.id,
      number: bundleCases.number,
      bundleCode: bundleCases.bundleCode,
      bundleVersion: bundleCases.bundleVersion,
      definition: bundleCases.definition,
      applicantId: bundleCases.applicantId,
      status: bundleCases.status,
      acceptedAt: bundleCases.acceptedAt,
      acceptedBy: bundleCases.acceptedBy,
      acceptedByName: bundleCases.acceptedByName,
      concludedAt: bundleCases.concludedAt,
    })
    .from(bundleCases)
    .where(eq(bundleCases.id, bundleId))
    .limit(1);
  if (!row) return null;
  const children = await db
    .select({ caseRegionCode: bundleChildren.caseRegionCode, caseId: bundleChildren.caseId })
    .from(bundleChildren)
    .where(and(eq(bundleChildren.regionCode, row.regionCode), eq(bundleChildren.bundleId, row.id)))
    .orderBy(asc(bundleChildren.stage), asc(bundleChildren.createdAt));
  return {
    regionCode: row.regionCode,
    id: row.id,
    number: row.number,
    bundleCode: row.bundleCode,
    bundleVersion: row.bundleVersion,
    name: row.definition.name,
    nameEn: row.definition.nameEn ?? null,
    leadDepartmentCode: row.definition.leadDepartmentCode,
    applicantId: row.applicantId,
    status: row.status,
    acceptedAt: row.acceptedAt,
    acceptedBy: row.acceptedBy ? { id: row.acceptedBy, name: row.acceptedByName } : null,
    concludedAt: row.concludedAt,
    children,
  };
}
