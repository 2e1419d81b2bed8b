/** 知识库: entries the desk answers from, linked to catalog items and found the way the catalog search finds items. */
import { and, asc, eq, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { getGuide, getPublishedItemByCode, indexTokens, queryTokens } from './deps.js';
import { regionChain, regionPrefix } from './rules.js';
import { hotlineKbEntries } from './schema.js';

const view = (r: typeof hotlineKbEntries.$inferSelect) => ({ id: r.id, regionCode: r.regionCode, question: r.question, answer: r.answer, subjectCode: r.subjectCode, itemId: r.itemId, itemCode: r.itemCode });

/**
 * Entries of the region and its parents whose question and answer hold every character pair of the query
 * (GIN index on the pairs, as catalog search), questions that contain the query first.
 */
export async function searchKb(db: Db, q: { q?: string; regionCode?: string; limit: number; offset: number }) {
  const where: SQL[] = [];
  if (q.regionCode) where.push(sql`${hotlineKbEntries.regionCode} IN (${sql.join(regionChain(q.regionCode).map((c) => sql`${c}`), sql`, `)})`);
  const text = q.q?.trim() ?? '';
  const tokens = queryTokens(text);
  if (tokens.length) where.push(sql`${hotlineKbEntries.searchTokens} @> ${sql.raw('ARRAY[')}${sql.join(tokens.map((t) => sql`${t}`), sql`, `)}${sql.raw(']::text[]')}`);
  const rank = text ? sql<number>`CASE WHEN strpos(${hotlineKbEntries.question}, ${text}) > 0 THEN 0 ELSE 1 END` : sql<number>`1`;
  const rows = await db.select().from(hotlineKbEntries).where(where.length ? and(...where) : undefined).orderBy(rank, sql`length(${hotlineKbEntries.question})`, asc(hotlineKbEntries.id)).limit(q.limit).offset(q.offset);
  return rows.map(view);
}

/** One entry with the 办事指南 of its catalog item, when it has one. */
export async function getKbEntry(db: Db, id: string) {
  const [row] = await db.select().from(hotlineKbEntries).where(eq(hotlineKbEntries.id, id)).limit(1);
  if (!row) throw new AppError('HOTLINE_KB_NOT_FOUND');
  const guide = row.itemId ? await getGuide(db, row.itemId).catch(() => null) : null;
  return { ...view(row), guide };
}

export async function createKbEntry(db: Db, caller: Caller, input: { regionCode: string; question: string; answer: string; subjectCode?: string; itemCode?: string }) {
  if (!caller.regionCode || !input.regionCode.startsWith(regionPrefix(caller.regionCode))) throw new AppError('OUT_OF_SCOPE');
  let itemId: string | null = null;
  if (input.itemCode) itemId = (await getPublishedItemByCode(db, input.itemCode).catch(() => { throw new AppError('HOTLINE_ITEM_NOT_FOUND', { field: 'itemCode' }); })).itemId;
  const [row] = await db.insert(hotlineKbEntries).values({
    regionCode: input.regionCode, question: input.question, answer: input.answer, subjectCode: input.subjectCode ?? null, itemId, itemCode: input.itemCode ?? null,
    searchTokens: indexTokens([input.question, input.answer]),
  }).returning();
  return view(row!);
}

/** One entry per published catalog item of a region (question: how to apply; answer: its guide in brief), added where missing. */
export async function seedKbFromCatalog(db: Db, items: readonly { id: string; code: string; name: string; regionCode: string; promisedLimit: number | null; legalLimit: number | null }[]) {
  const existing = new Set((await db.select({ itemId: hotlineKbEntries.itemId }).from(hotlineKbEntries).where(like(hotlineKbEntries.regionCode, '%'))).map((r) => r.itemId));
  const rows = items.filter((i) => !existing.has(i.id)).map((i) => {
    const limit = i.promisedLimit ?? i.legalLimit;
    const question = `如何办理${i.name}?`;
    const answer = `${i.name}可在政务服务网或政务服务中心窗口申请。${limit === null ? '' : limit === 0 ? '即办件,材料齐全当场办结。' : `承诺时限 ${limit} 个工作日。`}所需材料、办理地点和流程见该事项的办事指南。`;
    return { regionCode: i.regionCode, question, answer, subjectCode: 'ZW01', itemId: i.id, itemCode: i.code, searchTokens: indexTokens([question, i.name]) };
  });
  if (rows.length) await db.insert(hotlineKbEntries).values(rows).onConflictDoNothing();
  return rows.length;
}
