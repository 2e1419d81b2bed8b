import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { SEED_DIR } from '../../seed.js';
import { listAudit } from '../audit/index.js';
import { listDepartments, seedOrgStructure } from '../org/index.js';
import type { ServiceItem } from './contract.js';
import { catalogStats, percent } from './rules.js';
import { readSeedCatalog } from './seed-files.js';
import * as catalog from './service.js';
import { readWorkbook, writeWorkbook } from './xlsx.js';

let db: Db;
const admin = { id: '00000000-0000-4000-8000-000000000001', displayName: '测试管理员' };
const seed = readSeedCatalog();
let seedReport: catalog.SeedCatalogReport;

beforeAll(async () => {
  db = await testDb();
  await seedOrgStructure(db, SEED_DIR);
  seedReport = await catalog.seedCatalog(db);
});

async function rejects(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

function sample(code: string, overrides: Partial<ServiceItem> = {}): ServiceItem {
  const base = seed.items.find((i) => i.code === '421202-QYKB-SLDJ')!;
  const { file: _file, ...item } = base;
  return { ...item, code, standardCode: 'TEST-ITEM', name: `测试事项${code}`, themes: ['测试'], ...overrides };
}

describe('seedCatalog', () => {
  it('publishes every seed item whose departments exist and reports the others', async () => {
    const known = new Set((await listDepartments(db)).map((d) => d.code));
    const blocked = seed.items.filter((i) => !known.has(i.departmentCode) || i.steps.some((s) => !known.has(s.departmentCode)));
    expect(seedReport.skipped.map((s) => s.code).sort()).toEqual(blocked.map((i) => i.code).sort());
    expect(seedReport.skipped.every((s) => s.problems.every((p) => p.code === 'CATALOG_DEPARTMENT_UNKNOWN'))).toBe(true);
    expect(seedReport.created).toBe(seed.items.length - blocked.length);
    const again = await catalog.seedCatalog(db);
    expect(again).toMatchObject({ created: 0, existing: seedReport.created });
  });
});

describe('versions', () => {
  it('keeps a published version unchanged while the next one is drafted and published', async () => {
    const created = await catalog.createItem(db, admin, sample('421202-TEST-V1'));
    await rejects(catalog.getPublishedVersion(db, created.id), 'CATALOG_NOT_PUBLISHED');
    expect(await catalog.publishItem(db, admin, created.id)).toEqual({ id: created.id, publishedVersion: 1 });
    await rejects(catalog.publishItem(db, admin, created.id), 'CATALOG_NO_DRAFT');

    const next = await catalog.updateDraft(db, admin, created.id, sample('421202-TEST-V1', { promisedLimit: 0.3 }));
    expect(next.draftVersion).toBe(2);
    expect((await catalog.getPublishedVersion(db, created.id)).content.promisedLimit).toBe(0.5);
    await catalog.updateDraft(db, admin, created.id, sample('421202-TEST-V1', { promisedLimit: 0.4 }));
    expect((await catalog.publishItem(db, admin, created.id)).publishedVersion).toBe(2);

    expect((await catalog.getPublishedVersion(db, created.id, 1)).content.promisedLimit).toBe(0.5);
    expect((await catalog.getPublishedVersion(db, created.id)).content.promisedLimit).toBe(0.4);
    await rejects(catalog.getPublishedVersion(db, created.id, 3), 'CATALOG_VERSION_NOT_FOUND');

    const actions = (await listAudit(db, { targetId: created.id, limit: 20, offset: 0 })).map((a) => a.action).reverse();
    expect(actions).toEqual(['catalog.item.create', 'catalog.item.publish', 'catalog.item.update', 'catalog.item.update', 'catalog.item.publish']);
  });

  it('refuses in the database to change a published version', async () => {
    const created = await catalog.createItem(db, admin, sample('421202-TEST-IMM'));
    await catalog.publishItem(db, admin, created.id);
    await expect(db.execute(sql`UPDATE catalog_item_versions SET content = '{}'::jsonb WHERE item_id = ${created.id}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM catalog_item_versions WHERE item_id = ${created.id}`)).rejects.toThrow();
  });

  it('rejects an invalid item naming its fields, a taken code and a changed code', async () => {
    const err = await rejects(catalog.createItem(db, admin, sample('421202-TEST-BAD', { legalLimit: 0.2 })), 'CATALOG_ITEM_INVALID');
    expect((err.details as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual(['promisedLimit']);
    await rejects(catalog.createItem(db, admin, sample('421202-QYKB-SLDJ')), 'CATALOG_CODE_TAKEN');
    const created = await catalog.createItem(db, admin, sample('421202-TEST-CODE'));
    await rejects(catalog.updateDraft(db, admin, created.id, sample('421202-TEST-OTHER')), 'CATALOG_CODE_IMMUTABLE');
  });

  it('stops new applications on a suspended item but keeps its versions readable', async () => {
    const created = await catalog.createItem(db, admin, sample('421202-TEST-SUS'));
    await rejects(catalog.suspendItem(db, admin, created.id, '系统升级'), 'CATALOG_NOT_PUBLISHED');
    await catalog.publishItem(db, admin, created.id);
    expect((await catalog.versionForNewApplication(db, created.id)).version).toBe(1);
    await catalog.suspendItem(db, admin, created.id, '系统升级');
    const err = await rejects(catalog.versionForNewApplication(db, created.id), 'CATALOG_ITEM_SUSPENDED');
    expect(err.messageZh).toContain('暂停办理');
    expect((await catalog.getPublishedVersion(db, created.id, 1)).suspended).toBe(true);
    await catalog.resumeItem(db, admin, created.id);
    await rejects(catalog.resumeItem(db, admin, created.id), 'CATALOG_NOT_SUSPENDED');
    expect((await catalog.versionForNewApplication(db, created.id)).version).toBe(1);
  });
});

describe('search and guide', () => {
  it('ranks the exact name first and finds items by theme', async () => {
    const hits = await catalog.searchItems(db, { q: '企业设立登记', limit: 10, offset: 0 });
    expect(hits[0]!.name).toBe('企业设立登记');
    expect(hits.every((h) => h.name.includes('设立登记') || h.name.includes('企业设立'))).toBe(true);
    const byTheme = await catalog.searchItems(db, { q: '开药店', limit: 50, offset: 0 });
    expect(byTheme.map((h) => h.name)).toEqual(expect.arrayContaining(['药品经营许可（零售）', '食品经营许可', '企业设立登记']));
    expect(await catalog.searchItems(db, { q: '不存在的事项名', limit: 10, offset: 0 })).toEqual([]);
  });

  it('filters by audience, department, region and 全程网办, and leaves drafts out', async () => {
    const persons = await catalog.searchItems(db, { q: '登记', audience: 'person', limit: 100, offset: 0 });
    expect(persons.length).toBeGreaterThan(0);
    expect(persons.every((h) => h.audiences.includes('person'))).toBe(true);
    const dept = await catalog.searchItems(db, { departmentCode: '421202-bdc', limit: 100, offset: 0 });
    expect(new Set(dept.map((h) => h.departmentCode))).toEqual(new Set(['421202-bdc']));
    const within = await catalog.searchItems(db, { within: '421200', fullOnline: true, limit: 200, offset: 0 });
    expect(within.every((h) => h.regionCode.startsWith('4212') && h.onlineDepth === 'full')).toBe(true);
    await catalog.createItem(db, admin, sample('421202-TEST-DRAFT', { name: '草稿中的事项' }));
    expect(await catalog.searchItems(db, { q: '草稿中的事项', limit: 10, offset: 0 })).toEqual([]);
  });

  it('gives the 办事指南 with department and licence names', async () => {
    const [hit] = await catalog.searchItems(db, { q: '企业简易注销登记', limit: 1, offset: 0 });
    const guide = await catalog.getGuide(db, hit!.id);
    expect(guide.department.name).toBe('咸宁市咸安区市场监督管理局');
    expect(guide.promisedLimit.text.zh).toBe('即办，当场办结');
    expect(guide.specialProcedures).toEqual([{ name: '简易注销公示', days: 20, calendarDays: true }]);
  });
});

describe('statistics', () => {
  it('matches the pure figures, in total and per region', async () => {
    const published = await catalog.exportItems(db, { within: '421200' });
    const stats = await catalog.catalogStatistics(db, { within: '421200', groupBy: 'region' });
    const pure = catalogStats(published);
    // The mean compression sums floats in the rows' order, which the two reads need not share.
    expect({ ...stats.total, averageCompression: 0 }).toEqual({ ...pure, averageCompression: 0 });
    expect(stats.total.averageCompression).toBeCloseTo(pure.averageCompression!, 12);
    expect(stats.groups.map((g) => g.key)).toEqual(['421200', '421202']);
    expect(stats.groups.reduce((n, g) => n + g.stats.itemCount, 0)).toBe(stats.total.itemCount);
    expect(percent(stats.total.immediateShare)).not.toBeNull();
  });
});

describe('import and export', () => {
  it('imports nothing when one row is wrong and reports the row', async () => {
    const before = (await catalog.listItems(db, { limit: 500, offset: 0 })).length;
    const err = await rejects(
      catalog.importItems(db, admin, [
        { item: sample('421202-TEST-IMP1') },
        { item: sample('421202-TEST-IMP2', { immediate: true }) },
        { item: sample('421202-TEST-IMP1') },
      ], { publish: true }),
      'CATALOG_IMPORT_INVALID',
    );
    const rows = (err.details as { rows: { row: number; problems: { field: string }[] }[] }).rows;
    expect(rows.map((r) => [r.row, r.problems.map((p) => p.field)])).toEqual([
      [1, ['code']],
      [2, ['immediate']],
      [3, ['code']],
    ]);
    expect((await catalog.listItems(db, { limit: 500, offset: 0 })).length).toBe(before);
  });

  it('round-trips the published catalog through JSON and xlsx', async () => {
    const exported = await catalog.exportItems(db, { within: '421202' });
    expect(exported.length).toBeGreaterThan(10);
    const book = await writeWorkbook(exported);
    const read = await readWorkbook(book);
    expect(read.every((r) => r.problems.length === 0)).toBe(true);
    expect(read.map((r) => r.item)).toEqual(JSON.parse(JSON.stringify(exported)));

    const changed = exported.map((it) => (it.code === '421202-BDC-YBDJ' ? { ...it, promisedLimit: 0.5 } : it));
    const result = await catalog.importWorkbook(db, admin, await writeWorkbook(changed), { publish: true });
    expect(result).toEqual({ created: 0, updated: exported.length });
    const [hit] = await catalog.searchItems(db, { q: '不动产一般登记（转移登记）', regionCode: '421202', limit: 1, offset: 0 });
    const now = await catalog.getPublishedVersion(db, hit!.id);
    expect([now.version, now.content.promisedLimit]).toEqual([2, 0.5]);
  });

  it('reports a bad cell and an orphan material by sheet and row', async () => {
    const [one] = await catalog.exportItems(db, { departmentCode: '421202-bdc' });
    const book = await writeWorkbook([{ ...one!, code: '421202-TEST-XLSX' }]);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(book as unknown as ArrayBuffer);
    wb.getWorksheet('事项')!.getRow(2).getCell(13).value = '也许';
    wb.getWorksheet('申请材料')!.addRow(['421202-NO-SUCH', '材料', '原件', 1, '是', '否']);
    const err = await rejects(catalog.importWorkbook(db, admin, Buffer.from(await wb.xlsx.writeBuffer()), { publish: false }), 'CATALOG_IMPORT_INVALID');
    const rows = (err.details as { rows: { sheet: string; row: number; problems: { field: string }[] }[] }).rows;
    expect(rows.map((r) => [r.sheet, r.row, r.problems[0]!.field])).toEqual([
      ['事项', 2, 'immediate'],
      ['申请材料', one!.materials.length + 2, 'itemCode'],
    ]);
    await rejects(catalog.importWorkbook(db, admin, Buffer.from('not a workbook'), { publish: false }), 'CATALOG_XLSX_UNREADABLE');
  });
});
