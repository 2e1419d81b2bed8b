import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { cases } from './schema.js';

/** Ids of the cases an account is the applicant of: before 实名认证 the only cases whose results it may see. */
export async function caseIdsOfApplicant(db: Db, applicantId: string): Promise<string[]> {
  const rows = await db.select({ id: cases.id }).from(cases).where(eq(cases.applicantId, applicantId));
  return rows.map((r) => r.id);
}
