import { Type } from 'typebox';
import { errorResponses } from '../../platform/contract.js';
import { AppError } from '../../platform/errors.js';
import { callerOf, type App } from '../../platform/http.js';
import {
  AdminItemView,
  AdminListQuery,
  DraftView,
  ExportQuery,
  GuideQuery,
  GuideView,
  ImportBody,
  ImportQuery,
  ImportView,
  ItemIdParams,
  ItemListView,
  ItemVersionParams,
  PublishedVersionView,
  PublishView,
  SearchQuery,
  ServiceItemSchema,
  StatsQuery,
  StatsView,
  SuspendBody,
} from './contract.js';
import { authorizeCatalogAdmin, scopedWithin } from './policy.js';
import * as catalog from './service.js';

const tags = ['catalog'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export default async function catalogRoutes(app: App) {
  const admin = app.auth(['admin']);

  async function authorizeItem(req: Parameters<typeof callerOf>[0], id: string) {
    const item = await catalog.getItemForAdmin(app.db, id);
    const content = item.draft ?? item.published;
    authorizeCatalogAdmin(callerOf(req), content!.regionCode);
    return item;
  }

  app.get('/api/v1/catalog/items', {
    schema: { tags, summary: '事项搜索 Search published items', querystring: SearchQuery, response: { 200: ItemListView, ...errorResponses } },
  }, async (req) => ({ items: await catalog.searchItems(app.db, { ...req.query, limit: req.query.limit ?? 20, offset: req.query.offset ?? 0 }) }));

  app.get('/api/v1/catalog/items/:id/guide', {
    schema: { tags, summary: '办事指南 Service guide of an item', params: ItemIdParams, querystring: GuideQuery, response: { 200: GuideView, ...errorResponses } },
  }, async (req) => catalog.getGuide(app.db, req.params.id, req.query.version));

  app.get('/api/v1/catalog/items/:id/versions/:version', {
    schema: { tags, summary: '事项发布版本 A published version', params: ItemVersionParams, response: { 200: PublishedVersionView, ...errorResponses } },
  }, async (req) => {
    const v = await catalog.getPublishedVersion(app.db, req.params.id, req.params.version);
    return { ...v, publishedAt: v.publishedAt.toISOString() };
  });

  app.get('/api/v1/catalog/stats', {
    schema: { tags, summary: '事项统计 Catalog statistics', querystring: StatsQuery, response: { 200: StatsView, ...errorResponses } },
    preHandler: app.auth(['admin', 'supervisor']),
  }, async (req) => catalog.catalogStatistics(app.db, { ...req.query, within: scopedWithin(callerOf(req), req.query.within) }));

  app.get('/api/v1/admin/catalog/items', {
    schema: { tags, summary: '事项管理列表 Items with drafts', querystring: AdminListQuery, response: { 200: ItemListView, ...errorResponses } },
    preHandler: admin,
  }, async (req) => ({
    items: await catalog.listItems(app.db, { ...req.query, within: scopedWithin(callerOf(req), req.query.within), limit: req.query.limit ?? 20, offset: req.query.offset ?? 0 }),
  }));

  app.get('/api/v1/admin/catalog/items/:id', {
    schema: { tags, summary: '事项详情（含草稿与版本）Item with draft and versions', params: ItemIdParams, response: { 200: AdminItemView, ...errorResponses } },
    preHandler: admin,
  }, async (req) => {
    const item = await authorizeItem(req, req.params.id);
    return {
      ...item,
      versions: item.versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString(), publishedAt: v.publishedAt?.toISOString() ?? null })),
    };
  });

  app.post('/api/v1/admin/catalog/items', {
    schema: { tags, summary: '新建事项草稿 Create an item (draft)', body: ServiceItemSchema, response: { 201: DraftView, ...errorResponses } },
    preHandler: admin,
  }, async (req, reply) => {
    const caller = callerOf(req);
    authorizeCatalogAdmin(caller, req.body.regionCode);
    const created = await catalog.createItem(app.db, caller, req.body, { ip: req.ip });
    return reply.status(201).send({ id: created.id, draftVersion: created.draftVersion });
  });

  app.put('/api/v1/admin/catalog/items/:id/draft', {
    schema: { tags, summary: '修改事项草稿 Edit the draft', params: ItemIdParams, body: ServiceItemSchema, response: { 200: DraftView, ...errorResponses } },
    preHandler: admin,
  }, async (req) => {
    await authorizeItem(req, req.params.id);
    authorizeCatalogAdmin(callerOf(req), req.body.regionCode);
    return catalog.updateDraft(app.db, callerOf(req), req.params.id, req.body, { ip: req.ip });
  });

  app.post('/api/v1/admin/catalog/items/:id/publish', {
    schema: { tags, summary: '发布事项 Publish the draft', params: ItemIdParams, response: { 200: PublishView, ...errorResponses } },
    preHandler: admin,
  }, async (req) => {
    await authorizeItem(req, req.params.id);
    return catalog.publishItem(app.db, callerOf(req), req.params.id, { ip: req.ip });
  });

  app.post('/api/v1/admin/catalog/items/:id/suspend', {
    schema: { tags, summary: '暂停办理 Suspend an item', params: ItemIdParams, body: SuspendBody, response: { 204: Type.Null(), ...errorResponses } },
    preHandler: admin,
  }, async (req, reply) => {
    await authorizeItem(req, req.params.id);
    await catalog.suspendItem(app.db, callerOf(req), req.params.id, req.body.reason, { ip: req.ip });
    return reply.status(204).send(null);
  });

  app.post('/api/v1/admin/catalog/items/:id/resume', {
    schema: { tags, summary: '恢复办理 Resume an item', params: ItemIdParams, response: { 204: Type.Null(), ...errorResponses } },
    preHandler: admin,
  }, async (req, reply) => {
    await authorizeItem(req, req.params.id);
    await catalog.resumeItem(app.db, callerOf(req), req.params.id, { ip: req.ip });
    return reply.status(204).send(null);
  });

  app.get('/api/v1/admin/catalog/export.json', {
    schema: { tags, summary: '导出事项 JSON Export published items', querystring: ExportQuery, response: { 200: Type.Object({ items: Type.Array(ServiceItemSchema) }), ...errorResponses } },
    preHandler: admin,
  }, async (req) => ({ items: await catalog.exportItems(app.db, { ...req.query, within: scopedWithin(callerOf(req), req.query.within) }) }));

  app.get('/api/v1/admin/catalog/export.xlsx', {
    schema: { tags, summary: '导出事项 Excel Export published items as xlsx', querystring: ExportQuery },
    preHandler: admin,
  }, async (req, reply) => {
    const book = await catalog.exportWorkbook(app.db, { ...req.query, within: scopedWithin(callerOf(req), req.query.within) });
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', 'attachment; filename="catalog.xlsx"').send(book);
  });

  app.post('/api/v1/admin/catalog/import', {
    schema: { tags, summary: '导入事项 JSON Import items (all or nothing)', querystring: ImportQuery, body: ImportBody, response: { 200: ImportView, ...errorResponses } },
    preHandler: admin,
  }, async (req) => {
    const caller = callerOf(req);
    const options = { publish: req.query.publish ?? false, within: scopedWithin(caller, undefined) };
    return catalog.importItems(app.db, caller, req.body.items.map((item, i) => ({ item, row: i + 1 })), options, { ip: req.ip });
  });

  app.post('/api/v1/admin/catalog/import.xlsx', {
    schema: { tags, summary: '导入事项 Excel Import an xlsx workbook (all or nothing)', consumes: ['multipart/form-data'], querystring: ImportQuery, response: { 200: ImportView, ...errorResponses } },
    preHandler: admin,
  }, async (req) => {
    const file = await req.file();
    if (!file) throw new AppError('CATALOG_XLSX_UNREADABLE', { reason: 'no file' });
    const data = await file.toBuffer();
    const caller = callerOf(req);
    const within = scopedWithin(caller, undefined);
    return catalog.importWorkbook(app.db, caller, data, { publish: req.query.publish ?? false, within }, { ip: req.ip });
  });
}
