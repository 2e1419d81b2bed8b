import { Type } from 'typebox';
import { Body, RegionCode, errorResponses } from '../../platform/contract.js';
import { callerOf, type App } from '../../platform/http.js';
import { CREDIT_LISTS } from './rules.js';
import { creditRecordOf, importRecords, listRecords } from './service.js';

const tags = ['credit'];
const List = Type.Union(CREDIT_LISTS.map((l) => Type.Literal(l)), { description: 'false_pledge 虚假承诺 · serious_dishonest 严重违法失信 · abnormal 经营异常' });
const RecordQuery = Type.Object({ identifier: Type.String({ minLength: 15, maxLength: 18 }) });
const RecordView = Type.Object({
  identifierMasked: Type.String(),
  blocked: Type.Boolean(),
  records: Type.Array(Type.Object({ id: Type.String(), regionCode: Type.String(), subjectName: Type.String(), list: Type.String(), source: Type.String(), sourceRef: Type.String(), reason: Type.String(), listedAt: Type.String(), expiresAt: Type.Union([Type.String(), Type.Null()]), active: Type.Boolean() })),
});
const RegionListQuery = Type.Object({ regionCode: RegionCode, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) });
export const RegionRecords = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), identifierMasked: Type.String(), subjectName: Type.String(), list: Type.String(), source: Type.String(), sourceRef: Type.String(), reason: Type.String(), listedAt: Type.String(), expiresAt: Type.Union([Type.String(), Type.Null()]), active: Type.Boolean() })),
});
const ImportBody = Body({
  regionCode: RegionCode,
  rows: Type.Array(
    Type.Object({ identifier: Type.String({ maxLength: 18 }), name: Type.String({ minLength: 1, maxLength: 200 }), list: List, reason: Type.String({ minLength: 1, maxLength: 1000 }), sourceRef: Type.Optional(Type.String({ maxLength: 200 })), expiresAt: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
    { minItems: 1, maxItems: 50_000 },
  ),
});

export default async function creditRoutes(app: App) {
  const now = () => app.clock.now();
  app.get('/api/v1/credit/records', {
    schema: { tags, summary: '信用记录 A subject’s credit record (staff)', querystring: RecordQuery, response: { 200: RecordView, ...errorResponses } },
    preHandler: app.auth(['admin', 'supervisor', 'approver', 'window_clerk']),
  }, async (req) => creditRecordOf(app.db, callerOf(req), req.query.identifier, now()));

  app.get('/api/v1/credit/lists', {
    schema: { tags, summary: '本地区信用记录 A region’s credit records, newest first (masked identifiers)', querystring: RegionListQuery, response: { 200: RegionRecords, ...errorResponses } },
    preHandler: app.auth(['admin', 'supervisor']),
  }, async (req) => ({ items: await listRecords(app.db, callerOf(req), req.query.regionCode, req.query.limit ?? 200, now()) }));

  app.post('/api/v1/credit/records/import', {
    schema: { tags, summary: '导入失信/经营异常名单 Import a list (all or nothing, row errors)', body: ImportBody, response: { 200: Type.Object({ imported: Type.Integer() }), ...errorResponses, 422: errorResponses[400] } },
    preHandler: app.auth(['admin', 'supervisor']),
  }, async (req) => importRecords(app.db, callerOf(req), req.body.regionCode, req.body.rows, now()));
}
