/**
 * 每月考核通报: generated for a region and month (on demand, or by the monthly job), rendered in the worker
 * pool, archived (one row per region and month; regenerating replaces it with the next version) and sent
 * to each department of the region, with the department's own page.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import type { Caller } from '../../../platform/http.js';
import { regionPrefix } from '../../../platform/validators.js';
import { checkMonth } from '../ranking.js';
import { refreshRollups } from '../rollup.js';
import { supervisionReportDeliveries, supervisionReports } from '../schema.js';
import { scopeRegion } from '../stats.js';
import { gatherReport, type ReportData } from './data.js';
import { renderDepartmentPage, renderInWorker } from './pool.js';

export const FORMATS = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type Format = keyof typeof FORMATS;

export interface ReportView {
  id: string;
  regionCode: string;
  period: string;
  version: number;
  number: string;
  title: string;
  generatedAt: string;
  figures: ReportData;
}

const present = (r: typeof supervisionReports.$inferSelect): ReportView => ({
  id: r.id,
  regionCode: r.regionCode,
  period: r.period,
  version: r.version,
  number: r.number,
  title: r.title,
  generatedAt: r.generatedAt.toISOString(),
  figures: r.figures as ReportData,
});

export async function generateReport(db: Db, caller: Caller, q: { regionCode?: string; month: string }, now: Date, by: string | null = caller.id): Promise<ReportView> {
  const region = scopeRegion(caller, q.regionCode);
  checkMonth(q.month, now);
  await refreshRollups(db);
  const data = await gatherReport(db, caller, region, q.month, now);
  const out = await renderInWorker(data);
  const row = await db.transaction(async (tx) => {
    const [saved] = await tx
      .insert(supervisionReports)
      .values({ regionCode: region, period: q.month, number: data.number, title: data.title, figures: data, docx: Buffer.from(out.docx), pdf: Buffer.from(out.pdf), xlsx: Buffer.from(out.xlsx), generatedBy: by, generatedAt: now })
      .onConflictDoUpdate({
        target: [supervisionReports.regionCode, supervisionReports.period],
        set: { id: sql`gen_random_uuid()`, version: sql`${supervisionReports.version} + 1`, number: data.number, title: data.title, figures: data, docx: Buffer.from(out.docx), pdf: Buffer.from(out.pdf), xlsx: Buffer.from(out.xlsx), generatedBy: by, generatedAt: now },
      })
      .returning();
    // A regenerated report replaces what the departments had of the earlier version.
    await tx.delete(supervisionReportDeliveries).where(and(eq(supervisionReportDeliveries.regionCode, region), eq(supervisionReportDeliveries.period, q.month)));
    if (data.departments.length) {
      await tx.insert(supervisionReportDeliveries).values(data.departments.map((d) => ({ reportId: saved!.id, departmentId: d.id, regionCode: region, period: q.month, title: data.title, deliveredAt: now })));
    }
    return saved!;
  });
  return present(row);
}

export async function listReports(db: Db, caller: Caller, regionCode?: string) {
  const region = scopeRegion(caller, regionCode);
  const rows = await db
    .select({ id: supervisionReports.id, regionCode: supervisionReports.regionCode, period: supervisionReports.period, version: supervisionReports.version, number: supervisionReports.number, title: supervisionReports.title, generatedAt: supervisionReports.generatedAt })
    .from(supervisionReports)
    .where(eq(supervisionReports.regionCode, region))
    .orderBy(desc(supervisionReports.period));
  return rows.map((r) => ({ ...r, generatedAt: r.generatedAt.toISOString() }));
}

export async function getReport(db: Db, caller: Caller, q: { regionCode?: string; month: string }): Promise<ReportView> {
  const region = scopeRegion(caller, q.regionCode);
  const [row] = await db.select().from(supervisionReports).where(and(eq(supervisionReports.regionCode, region), eq(supervisionReports.period, q.month)));
  if (!row) throw new AppError('SUPERVISION_REPORT_NOT_FOUND', { month: q.month });
  return present(row);
}

export async function reportFile(db: Db, caller: Caller, q: { regionCode?: string; month: string; format: Format }): Promise<{ body: Buffer; name: string }> {
  const region = scopeRegion(caller, q.regionCode);
  const [row] = await db.select().from(supervisionReports).where(and(eq(supervisionReports.regionCode, region), eq(supervisionReports.period, q.month)));
  if (!row) throw new AppError('SUPERVISION_REPORT_NOT_FOUND', { month: q.month });
  return { body: row[q.format], name: `${row.title}.${q.format}` };
}

/** The department's inbox: the reports sent to it, newest first. */
export async function inbox(db: Db, caller: Caller) {
  if (!caller.departmentId) throw new AppError('FORBIDDEN');
  const rows = await db
    .select({ reportId: supervisionReportDeliveries.reportId, regionCode: supervisionReportDeliveries.regionCode, period: supervisionReportDeliveries.period, title: supervisionReportDeliveries.title, deliveredAt: supervisionReportDeliveries.deliveredAt, readAt: supervisionReportDeliveries.readAt })
    .from(supervisionReportDeliveries)
    .where(eq(supervisionReportDeliveries.departmentId, caller.departmentId))
    .orderBy(desc(supervisionReportDeliveries.deliveredAt));
  return rows.map((r) => ({ ...r, deliveredAt: r.deliveredAt.toISOString(), readAt: r.readAt?.toISOString() ?? null }));
}

/**
 * The department's own page of a report; the first read marks it read. The page is rendered (in the worker
 * pool) when first opened and kept: rendering every department's page up front made a city's report wait
 * on dozens of PDFs that most departments open later, if at all.
 */
export async function inboxPage(db: Db, caller: Caller, reportId: string, now: Date): Promise<{ body: Buffer; name: string }> {
  if (!caller.departmentId) throw new AppError('FORBIDDEN');
  const mine = and(eq(supervisionReportDeliveries.reportId, reportId), eq(supervisionReportDeliveries.departmentId, caller.departmentId));
  const [row] = await db.select().from(supervisionReportDeliveries).where(mine);
  if (!row) throw new AppError('SUPERVISION_DELIVERY_NOT_FOUND', { reportId });
  let pdf = row.pdf;
  if (!pdf) {
    const [report] = await db.select({ figures: supervisionReports.figures }).from(supervisionReports).where(eq(supervisionReports.id, reportId));
    if (!report) throw new AppError('SUPERVISION_DELIVERY_NOT_FOUND', { reportId });
    pdf = await renderDepartmentPage(report.figures as ReportData, caller.departmentId);
  }
  await db
    .update(supervisionReportDeliveries)
    .set({ pdf, readAt: sql`coalesce(${supervisionReportDeliveries.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(mine);
  return { body: pdf, name: `${row.title}.pdf` };
}

/** Regions that get a report from the monthly job: provinces and cities (codes ending in 00). */
export function reportRegions(codes: readonly string[]): string[] {
  return codes.filter((c) => c.length === 6 && c.endsWith('00') && regionPrefix(c).length <= 4);
}
