import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, eq, inArray, isNotNull, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { recordAudit } from '../audit/index.js';
import { listDepartments } from '../org/index.js';
import type { Audience, Level, ServiceItem } from './contract.js';
import './errors.js';
import {
  catalogStats,
  duplicateCodes,
  indexTokens,
  queryTokens,
  toGuide,
  validateItem,
  type CatalogStats,
  type ItemContext,
  type ItemProblem,
} from './rules.js';
import { catalogItems, catalogItemVersions } from './schema.js';
import { CATALOG_DATA_DIR, readSeedCatalog } from './seed-files.js';
import { checkWorkInput } from '../../platform/workers/pool.js';
import { ITEM_SHEET, readWorkbookInPool, writeWorkbookInPool, type WorkbookRow } from './xlsx.js';

export interface RequestContext {
  ip?: string;
}

type Actor = Pick<Caller, 'id' | 'displayName'> | null;
type ItemRow = typeof catalogItems.$inferSelect;

let licenceTypeNames: Map<string, string> | undefined;

/**
 * Licence types come from data/catalog/licence-types.json until the licences module owns them; the
 * catalog only needs their codes and names.
 */
export function licenceTypes(): ReadonlyMap<string, string> {
  licenceTypeNames ??= new Map(
    (JSON.parse(readFileSync(join(CATALOG_DATA_DIR, 'licence-types.json'), 'utf8')).licenceTypes as { code: string; name: string }[]).map(
      (l) => [l.code, l.name],
    ),
  );
  return licenceTypeNames;
}

async function departmentNames(db: Db): Promise<Map<string, string>> {
  return new Map((await listDepartments(db)).map((d) => [d.code, d.name]));
}

async function itemContext(db: Db): Promise<ItemContext> {
  return { departments: new Set((await departmentNames(db)).keys()), licenceTypes: new Set(licenceTypes().keys()) };
}

function invalid(problems: ItemProblem[]): never {
  throw new AppError('CATALOG_ITEM_INVALID', { problems });
}

/** The columns of catalog_items that mirror an item's content for search, filters and statistics. */
function mirror(item: ServiceItem) {
  return {
    standardCode: item.standardCode,
    name: item.name,
    regionCode: item.regionCode,
    departmentCode: item.departmentCode,
    level: item.level,
    audiences: item.audiences,
    themes: item.themes,
    onlineDepth: item.onlineDepth,
    immediate: item.immediate,
    visits: item.visits,
    legalLimit: item.legalLimit,
    promisedLimit: item.promisedLimit,
    searchTokens: indexTokens([item.name, ...item.themes]),
  };
}

async function lockItem(tx: Db, id: string): Promise<ItemRow> {
  const [row] = await tx.select().from(catalogItems).where(eq(catalogItems.id, id)).for('update');
  if (!row) throw new AppError('CATALOG_ITEM_NOT_FOUND', { id });
  return row;
}

async function codeTaken(db: Db, code: string): Promise<boolean> {
  const [row] = await db.select({ id: catalogItems.id }).from(catalogItems).where(eq(catalogItems.code, code)).limit(1);
  return row !== undefined;
}

function audit(tx: Db, actor: Actor, action: string, itemId: string, ctx: RequestContext, details: Record<string, unknown>) {
  return recordAudit(tx, {
    actorId: actor?.id ?? null,
    actorName: actor?.displayName ?? 'seed',
    action,
    targetType: 'catalog_item',
    targetId: itemId,
    ip: ctx.ip,
    details,
  });
}

async function insertItem(tx: Db, actor: Actor, item: ServiceItem, publish: boolean, ctx: RequestContext) {
  const [row] = await tx
    .insert(catalogItems)
    .values({ code: item.code, ...mirror(item), publishedVersion: publish ? 1 : null, draftVersion: publish ? null : 1 })
    .returning();
  await tx.insert(catalogItemVersions).values({
    itemId: row!.id,
    version: 1,
    state: publish ? 'published' : 'draft',
    content: item,
    createdBy: actor?.id ?? null,
    publishedAt: publish ? new Date() : null,
    publishedBy: publish ? (actor?.id ?? null) : null,
  });
  await audit(tx, actor, publish ? 'catalog.item.publish' : 'catalog.item.create', row!.id, ctx, { code: item.code, version: 1 });
  return row!;
}

/** 新建事项: validates and stores version 1 as a draft. */
export async function createItem(db: Db, actor: Actor, input: unknown, ctx: RequestContext = {}) {
  const item = input as ServiceItem;
  const problems = validateItem(input, await itemContext(db));
  if (problems.length) invalid(problems);
  if (await codeTaken(db, item.code)) throw new AppError('CATALOG_CODE_TAKEN', { field: 'code', code: item.code });
  const row = await db.transaction((tx) => insertItem(tx, actor, item, false, ctx));
  return { id: row.id, code: row.code, draftVersion: 1 };
}

async function writeDraft(tx: Db, actor: Actor, current: ItemRow, item: ServiceItem, ctx: RequestContext) {
  let version = current.draftVersion;
  if (version === null) {
    version = (current.publishedVersion ?? 0) + 1;
    await tx.insert(catalogItemVersions).values({ itemId: current.id, version, state: 'draft', content: item, createdBy: actor?.id ?? null });
  } else {
    await tx
      .update(catalogItemVersions)
      .set({ content: item, updatedAt: new Date() })
      .where(and(eq(catalogItemVersions.itemId, current.id), eq(catalogItemVersions.version, version)));
  }
  const mirrored = current.publishedVersion === null ? mirror(item) : {};
  await tx.update(catalogItems).set({ draftVersion: version, updatedAt: new Date(), ...mirrored }).where(eq(catalogItems.id, current.id));
  await audit(tx, actor, 'catalog.item.update', current.id, ctx, { code: item.code, version });
  return version;
}

/** 修改事项: the change goes to the item's draft (a new version after the published one). */
export async function updateDraft(db: Db, actor: Actor, itemId: string, input: unknown, ctx: RequestContext = {}) {
  const problems = validateItem(input, await itemContext(db));
  if (problems.length) invalid(problems);
  const item = input as ServiceItem;
  const version = await db.transaction(async (tx) => {
    const current = await lockItem(tx, itemId);
    if (current.code !== item.code) throw new AppError('CATALOG_CODE_IMMUTABLE', { field: 'code' });
    return writeDraft(tx, actor, current, item, ctx);
  });
  return { id: itemId, draftVersion: version };
}

async function publishLocked(tx: Db, actor: Actor, current: ItemRow, ctx: RequestContext) {
  if (current.draftVersion === null) throw new AppError('CATALOG_NO_DRAFT', { id: current.id });
  const version = current.draftVersion;
  const [draft] = await tx
    .update(catalogItemVersions)
    .set({ state: 'published', publishedAt: new Date(), publishedBy: actor?.id ?? null })
    .where(and(eq(catalogItemVersions.itemId, current.id), eq(catalogItemVersions.version, version)))
    .returning();
  await tx
    .update(catalogItems)
    .set({ publishedVersion: version, draftVersion: null, updatedAt: new Date(), ...mirror(draft!.content) })
    .where(eq(catalogItems.id, current.id));
  await audit(tx, actor, 'catalog.item.publish', current.id, ctx, { code: current.code, version });
  return version;
}

/** 发布: the draft becomes the current version; from now on it never changes. */
export async function publishItem(db: Db, actor: Actor, itemId: string, ctx: RequestContext = {}) {
  const context = await itemContext(db);
  const version = await db.transaction(async (tx) => {
    const current = await lockItem(tx, itemId);
    if (current.draftVersion !== null) {
      const [draft] = await tx
        .select({ content: catalogItemVersions.content })
        .from(catalogItemVersions)
        .where(and(eq(catalogItemVersions.itemId, itemId), eq(catalogItemVersions.version, current.draftVersion)));
      const problems = validateItem(draft!.content, context);
      if (problems.length) invalid(problems);
    }
    return publishLocked(tx, actor, current, ctx);
  });
  return { id: itemId, publishedVersion: version };
}

/** 暂停办理: the item stays readable but takes no new applications. */
export async function suspendItem(db: Db, actor: Actor, itemId: string, reason: string, ctx: RequestContext = {}) {
  await db.transaction(async (tx) => {
    const current = await lockItem(tx, itemId);
    if (current.publishedVersion === null) throw new AppError('CATALOG_NOT_PUBLISHED', { id: itemId });
    await tx.update(catalogItems).set({ suspended: true, suspendedReason: reason, updatedAt: new Date() }).where(eq(catalogItems.id, itemId));
    await audit(tx, actor, 'catalog.item.suspend', itemId, ctx, { code: current.code, reason });
  });
}

export async function resumeItem(db: Db, actor: Actor, itemId: string, ctx: RequestContext = {}) {
  await db.transaction(async (tx) => {
    const current = await lockItem(tx, itemId);
    if (!current.suspended) throw new AppError('CATALOG_NOT_SUSPENDED', { id: itemId });
    await tx.update(catalogItems).set({ suspended: false, suspendedReason: null, updatedAt: new Date() }).where(eq(catalogItems.id, itemId));
    await audit(tx, actor, 'catalog.item.resume', itemId, ctx, { code: current.code });
  });
}

export interface PublishedItemVersion {
  itemId: string;
  version: number;
  /** True when the item is suspended now (the version itself stays valid for cases already filed). */
  suspended: boolean;
  suspendedReason: string | null;
  publishedAt: Date;
  content: ServiceItem;
}

async function itemRow(db: Db, itemId: string): Promise<ItemRow> {
  const [row] = await db.select().from(catalogItems).where(eq(catalogItems.id, itemId)).limit(1);
  if (!row) throw new AppError('CATALOG_ITEM_NOT_FOUND', { id: itemId });
  return row;
}

/** A published version by item and number (the current one when no number is given). */
export async function getPublishedVersion(db: Db, itemId: string, version?: number): Promise<PublishedItemVersion> {
  const row = await itemRow(db, itemId);
  const wanted = version ?? row.publishedVersion;
  if (wanted === null) throw new AppError('CATALOG_NOT_PUBLISHED', { id: itemId });
  const [v] = await db
    .select()
    .from(catalogItemVersions)
    .where(and(eq(catalogItemVersions.itemId, itemId), eq(catalogItemVersions.version, wanted), eq(catalogItemVersions.state, 'published')));
  if (!v) throw new AppError('CATALOG_VERSION_NOT_FOUND', { id: itemId, version: wanted });
  return { itemId, version: v.version, suspended: row.suspended, suspendedReason: row.suspendedReason, publishedAt: v.publishedAt!, content: v.content };
}

/** The current published version of the item with this code (bundles name their items by code). */
export async function getPublishedItemByCode(db: Db, code: string): Promise<PublishedItemVersion> {
  const [row] = await db.select({ id: catalogItems.id }).from(catalogItems).where(eq(catalogItems.code, code)).limit(1);
  if (!row) throw new AppError('CATALOG_ITEM_NOT_FOUND', { code });
  return getPublishedVersion(db, row.id);
}

/** The version a new application is filed under; refuses suspended and unpublished items. */
export async function versionForNewApplication(db: Db, itemId: string): Promise<PublishedItemVersion> {
  const current = await getPublishedVersion(db, itemId);
  if (current.suspended) throw new AppError('CATALOG_ITEM_SUSPENDED', { id: itemId, reason: current.suspendedReason });
  return current;
}

/** Item with its draft and the list of its versions, for administrators. */
export async function getItemForAdmin(db: Db, itemId: string) {
  const row = await itemRow(db, itemId);
  const versions = await db
    .select()
    .from(catalogItemVersions)
    .where(eq(catalogItemVersions.itemId, itemId))
    .orderBy(asc(catalogItemVersions.version));
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    publishedVersion: row.publishedVersion,
    draftVersion: row.draftVersion,
    suspended: row.suspended,
    suspendedReason: row.suspendedReason,
    versions: versions.map((v) => ({ version: v.version, state: v.state, createdAt: v.createdAt, publishedAt: v.publishedAt })),
    draft: versions.find((v) => v.version === row.draftVersion)?.content ?? null,
    published: versions.find((v) => v.version === row.publishedVersion)?.content ?? null,
  };
}

export interface ItemFilter {
  /** Region and everything below it (GB/T 2260 prefix). */
  within?: string;
  regionCode?: string;
  departmentCode?: string;
  level?: Level;
  audience?: Audience;
  theme?: string;
  fullOnline?: boolean;
  code?: string[];
}

function regionPrefix(code: string): string {
  return code.replace(/(00)+$/, '');
}

function filterWhere(f: ItemFilter): SQL[] {
  const where: SQL[] = [];
  if (f.within) where.push(like(catalogItems.regionCode, `${regionPrefix(f.within)}%`));
  if (f.regionCode) where.push(eq(catalogItems.regionCode, f.regionCode));
  if (f.departmentCode) where.push(eq(catalogItems.departmentCode, f.departmentCode));
  if (f.level) where.push(eq(catalogItems.level, f.level));
  if (f.audience) where.push(sql`${catalogItems.audiences} @> ARRAY[${f.audience}]::text[]`);
  if (f.theme) where.push(sql`${catalogItems.themes} @> ARRAY[${f.theme}]::text[]`);
  if (f.fullOnline) where.push(eq(catalogItems.onlineDepth, 'full'));
  if (f.code?.length) where.push(inArray(catalogItems.code, f.code));
  return where;
}

const summaryColumns = {
  id: catalogItems.id,
  code: catalogItems.code,
  standardCode: catalogItems.standardCode,
  name: catalogItems.name,
  regionCode: catalogItems.regionCode,
  departmentCode: catalogItems.departmentCode,
  level: catalogItems.level,
  audiences: catalogItems.audiences,
  themes: catalogItems.themes,
  onlineDepth: catalogItems.onlineDepth,
  immediate: catalogItems.immediate,
  visits: catalogItems.visits,
  legalLimit: catalogItems.legalLimit,
  promisedLimit: catalogItems.promisedLimit,
  publishedVersion: catalogItems.publishedVersion,
  draftVersion: catalogItems.draftVersion,
  suspended: catalogItems.suspended,
};

/** Items for administrators, drafts included. */
export async function listItems(db: Db, q: ItemFilter & { published?: boolean; limit: number; offset: number }) {
  const where = filterWhere(q);
  if (q.published) where.push(isNotNull(catalogItems.publishedVersion));
  return db
    .select(summaryColumns)
    .from(catalogItems)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(catalogItems.regionCode), asc(catalogItems.code))
    .limit(q.limit)
    .offset(q.offset);
}

/**
 * 事项搜索 for applicants: published items whose name or themes hold every character pair of the query
 * (GIN index on the pairs), exact name matches first, then names starting with the query, then names
 * containing it.
 */
export async function searchItems(db: Db, q: ItemFilter & { q?: string; limit: number; offset: number }) {
  const where = filterWhere(q);
  where.push(isNotNull(catalogItems.publishedVersion));
  const text = q.q?.trim() ?? '';
  const tokens = queryTokens(text);
  if (tokens.length) where.push(sql`${catalogItems.searchTokens} @> ${sql.raw('ARRAY[')}${sql.join(tokens.map((t) => sql`${t}`), sql`, `)}${sql.raw(']::text[]')}`);
  const rank = text
    ? sql<number>`CASE WHEN ${catalogItems.name} = ${text} THEN 0 WHEN starts_with(${catalogItems.name}, ${text}) THEN 1 WHEN strpos(${catalogItems.name}, ${text}) > 0 THEN 2 ELSE 3 END`
    : sql<number>`3`;
  const rows = await db
    .select({ ...summaryColumns, rank })
    .from(catalogItems)
    .where(and(...where))
    .orderBy(rank, sql`length(${catalogItems.name})`, asc(catalogItems.code))
    .limit(q.limit)
    .offset(q.offset);
  return rows;
}

/** 办事指南 of the current published version (or of a given version). */
export async function getGuide(db: Db, itemId: string, version?: number) {
  const published = await getPublishedVersion(db, itemId, version);
  const names = await departmentNames(db);
  const lt = licenceTypes();
  return {
    itemId,
    version: published.version,
    suspended: published.suspended,
    suspendedReason: published.suspendedReason,
    ...toGuide(published.content, { department: (c) => names.get(c), licenceType: (c) => lt.get(c) }),
  };
}

export type StatsGroup = 'region' | 'department' | 'level';

/** 事项统计 over published items, for the whole filter or grouped by region, department or level. */
export async function catalogStatistics(db: Db, q: ItemFilter & { groupBy?: StatsGroup }) {
  const where = [...filterWhere(q), isNotNull(catalogItems.publishedVersion)];
  const rows = await db
    .select({
      regionCode: catalogItems.regionCode,
      departmentCode: catalogItems.departmentCode,
      level: catalogItems.level,
      immediate: catalogItems.immediate,
      onlineDepth: catalogItems.onlineDepth,
      visits: catalogItems.visits,
      legalLimit: catalogItems.legalLimit,
      promisedLimit: catalogItems.promisedLimit,
    })
    .from(catalogItems)
    .where(and(...where));
  const typed = rows.map((r) => ({ ...r, onlineDepth: r.onlineDepth as ServiceItem['onlineDepth'] }));
  const total = catalogStats(typed);
  if (!q.groupBy) return { total, groups: [] as { key: string; stats: CatalogStats }[] };
  const key = { region: 'regionCode', department: 'departmentCode', level: 'level' } as const;
  const byKey = new Map<string, typeof typed>();
  for (const r of typed) {
    const k = r[key[q.groupBy]];
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const groups = [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, list]) => ({ key: k, stats: catalogStats(list) }));
  return { total, groups };
}

/** The current published content of items, for export. */
export async function exportItems(db: Db, f: ItemFilter = {}): Promise<ServiceItem[]> {
  const where = [...filterWhere(f), isNotNull(catalogItems.publishedVersion)];
  const rows = await db
    .select({ content: catalogItemVersions.content })
    .from(catalogItems)
    .innerJoin(
      catalogItemVersions,
      and(eq(catalogItemVersions.itemId, catalogItems.id), eq(catalogItemVersions.version, catalogItems.publishedVersion)),
    )
    .where(and(...where))
    .orderBy(asc(catalogItems.code));
  return rows.map((r) => r.content);
}

export interface ImportRowProblem {
  row: number;
  sheet?: string;
  code: string | null;
  problems: ItemProblem[];
}

/** One row to import: an item, where it came from, and problems found while reading it. */
export interface ImportRow {
  item: unknown;
  row?: number;
  sheet?: string;
  /** Problems found while reading (an unreadable cell); an `item` of null means the row holds no item. */
  problems?: ItemProblem[];
}

const codeOf = (item: unknown): string | null =>
  typeof (item as { code?: unknown } | null)?.code === 'string' ? (item as { code: string }).code : null;

/**
 * 导入: every row is checked first; any problem rejects the whole import with row-level errors, otherwise
 * all rows are written in one transaction. A known code becomes a new draft of that item, a new code a new
 * item; with `publish`, each imported version is published too.
 */
export async function importItems(
  db: Db,
  actor: Actor,
  rows: readonly ImportRow[],
  options: { publish: boolean; /** Only items of this region and below may be imported. */ within?: string },
  ctx: RequestContext = {},
) {
  const context = await itemContext(db);
  const report: ImportRowProblem[] = [];
  const items: ServiceItem[] = [];
  const dupes = new Set(duplicateCodes(rows.map((r) => ({ code: codeOf(r.item) ?? '' })).filter((r) => r.code !== '')));
  rows.forEach((r, i) => {
    const problems = [...(r.problems ?? [])];
    if (r.item !== null) {
      if (problems.length === 0) problems.push(...validateItem(r.item, context));
      const region = (r.item as { regionCode?: unknown } | null)?.regionCode;
      if (options.within && typeof region === 'string' && !region.startsWith(regionPrefix(options.within))) {
        problems.push({ field: 'regionCode', code: 'CATALOG_OUT_OF_SCOPE', zh: `无权导入行政区划 ${region} 的事项`, en: `Items of region ${region} are outside your scope` });
      }
      const code = codeOf(r.item);
      if (code !== null && dupes.has(code)) {
        problems.push({ field: 'code', code: 'CATALOG_DUPLICATE', zh: `事项编码 ${code} 在导入文件中重复`, en: `Item code ${code} appears twice in the import` });
      }
    }
    if (problems.length) report.push({ row: r.row ?? i + 1, sheet: r.sheet, code: codeOf(r.item), problems });
    else if (r.item !== null) items.push(r.item as ServiceItem);
  });
  if (report.length) throw new AppError('CATALOG_IMPORT_INVALID', { rows: report });
  const result = await db.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    for (const item of items) {
      const [existing] = await tx.select().from(catalogItems).where(eq(catalogItems.code, item.code)).for('update');
      if (existing) {
        await writeDraft(tx, actor, existing, item, ctx);
        if (options.publish) await publishLocked(tx, actor, await lockItem(tx, existing.id), ctx);
        updated++;
      } else {
        await insertItem(tx, actor, item, options.publish, ctx);
        created++;
      }
    }
    return { created, updated };
  });
  return result;
}

export async function exportWorkbook(db: Db, f: ItemFilter = {}): Promise<Buffer> {
  return writeWorkbookInPool(await exportItems(db, f));
}

/** 导入 Excel: the same all-or-nothing import, with errors by sheet and row. */
export async function importWorkbook(db: Db, actor: Actor, data: Buffer, options: { publish: boolean; within?: string }, ctx: RequestContext = {}) {
  checkWorkInput(data.byteLength);
  let rows: WorkbookRow[];
  try {
    rows = await readWorkbookInPool(data);
  } catch (err) {
    // The pool's own limits (time, memory, a busy queue) keep their codes; anything else is an unreadable file.
    if (err instanceof AppError) throw err;
    throw new AppError('CATALOG_XLSX_UNREADABLE', { reason: err instanceof Error ? err.message : String(err) });
  }
  return importItems(
    db,
    actor,
    rows.map((r) => ({ item: r.sheet === ITEM_SHEET ? r.item : null, row: r.row, sheet: r.sheet, problems: r.problems })),
    options,
    ctx,
  );
}

export interface SeedCatalogReport {
  created: number;
  existing: number;
  skipped: { code: string; problems: ItemProblem[] }[];
}

/**
 * Loads data/catalog into an empty or partly seeded catalog: items whose code is missing are created and
 * published as version 1. An item that does not validate (for instance, its department is not in the org
 * seed yet) is skipped and reported, so one missing department never stops the server from starting.
 */
export async function seedCatalog(db: Db, dir?: string): Promise<SeedCatalogReport> {
  const seed = readSeedCatalog(dir);
  const context = await itemContext(db);
  const present = new Set((await db.select({ code: catalogItems.code }).from(catalogItems)).map((r) => r.code));
  const report: SeedCatalogReport = { created: 0, existing: 0, skipped: [] };
  const toCreate: ServiceItem[] = [];
  for (const { file: _file, ...item } of seed.items) {
    if (present.has(item.code)) {
      report.existing++;
      continue;
    }
    const problems = validateItem(item, context);
    if (problems.length) report.skipped.push({ code: item.code, problems });
    else toCreate.push(item);
  }
  await db.transaction(async (tx) => {
    for (const item of toCreate) await insertItem(tx, null, item, true, {});
  });
  report.created = toCreate.length;
  return report;
}
