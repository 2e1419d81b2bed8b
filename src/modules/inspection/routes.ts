import { errorResponses } from '../../platform/contract.js';
import { AppError } from '../../platform/errors.js';
import { callerOf, type App } from '../../platform/http.js';
import {
  CommitView,
  ConflictBody,
  ConflictView,
  DrawView,
  IdParams,
  ImportQuery,
  ImportView,
  InspectorBody,
  InspectorList,
  InspectorView,
  ItemBody,
  ItemList,
  ItemView,
  MyTasks,
  PlanList,
  PlanBody,
  PlanView,
  PublicQuery,
  PublicResults,
  RegionQuery,
  ResultBody,
  SubjectList,
  SubjectQuery,
  TaskParams,
} from './contract.js';
import * as svc from './service.js';

const tags = ['inspection'];
const MANAGERS = ['admin', 'supervisor', 'approver'] as const;
const STAFF = ['admin', 'supervisor', 'approver', 'window_clerk'] as const;
const big = { 413: errorResponses[400], 422: errorResponses[400] };

export default async function inspectionRoutes(app: App) {
  const now = () => app.clock.now();
  const publicLimit = { rateLimit: { max: app.config.loginRateLimit ?? 30, timeWindow: '1 minute' } };

  app.post('/api/v1/inspection/items', {
    schema: { tags, summary: '新增抽查事项 Add an item to the 抽查事项清单', body: ItemBody, response: { 201: ItemView, ...errorResponses } },
    preHandler: app.auth([...MANAGERS]),
  }, async (req, reply) => reply.status(201).send(await svc.createItem(app.db, callerOf(req), req.body, now())));

  app.get('/api/v1/inspection/items', {
    schema: { tags, summary: '抽查事项清单 The region’s inspection items', querystring: RegionQuery, response: { 200: ItemList, ...errorResponses } },
    preHandler: app.auth([...STAFF]),
  }, async (req) => ({ items: await svc.listItems(app.db, callerOf(req), req.query.regionCode) }));

  app.post('/api/v1/inspection/inspectors', {
    schema: { tags, summary: '新增执法检查人员 Add an inspector to the 执法检查人员名录库', body: InspectorBody, response: { 201: InspectorView, ...errorResponses } },
    preHandler: app.auth([...MANAGERS]),
  }, async (req, reply) => reply.status(201).send(await svc.createInspector(app.db, callerOf(req), req.body, now())));

  app.get('/api/v1/inspection/inspectors', {
    schema: { tags, summary: '执法检查人员名录库 The region’s inspectors', querystring: RegionQuery, response: { 200: InspectorList, ...errorResponses } },
    preHandler: app.auth([...STAFF]),
  }, async (req) => ({ items: await svc.listInspectors(app.db, callerOf(req), req.query.regionCode) }));

  app.post('/api/v1/inspection/inspectors/:id/conflicts', {
    schema: { tags, summary: '申报回避 Declare a conflict: the inspector is never drawn for this subject', params: IdParams, body: ConflictBody, response: { 201: ConflictView, ...errorResponses } },
    preHandler: app.auth([...STAFF]),
  }, async (req, reply) => reply.status(201).send(await svc.declareConflict(app.db, callerOf(req), req.params.id, req.body, now())));

  app.get('/api/v1/inspection/subjects', {
    schema: { tags, summary: '检查对象名录库 The region’s subjects, with counts per class', querystring: SubjectQuery, response: { 200: SubjectList, ...errorResponses } },
    preHandler: app.auth([...STAFF]),
  }, async (req) => svc.listSubjects(app.db, callerOf(req), { regionCode: req.query.regionCode, objectClass: req.query.objectClass, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.post('/api/v1/inspection/subjects/import', {
    schema: { tags, summary: '导入检查对象 Import subjects from CSV or xlsx (all or nothing, row errors)', consumes: ['multipart/form-data'], querystring: ImportQuery, response: { 200: ImportView, ...errorResponses, ...big } },
    preHandler: app.auth(['admin', 'supervisor', 'approver']),
  }, async (req) => {
    const file = await req.file();
    if (!file) throw new AppError('INSPECTION_IMPORT_UNREADABLE', { reason: 'no file' });
    const data = await file.toBuffer();
    const name = file.filename.toLowerCase();
    const kind = name.endsWith('.xlsx') ? 'xlsx' : name.endsWith('.csv') ? 'csv' : data.subarray(0, 2).toString('latin1') === 'PK' ? 'xlsx' : 'csv';
    return svc.importSubjects(app.db, callerOf(req), req.query.regionCode, data, kind, now());
  });

  app.post('/api/v1/inspection/plans', {
    schema: { tags, summary: '新建抽查计划 Create a plan (one department, or a joint plan)', body: PlanBody, response: { 201: PlanView, ...errorResponses } },
    preHandler: app.auth([...MANAGERS]),
  }, async (req, reply) => reply.status(201).send(await svc.createPlan(app.db, callerOf(req), req.body, now())));

  app.get('/api/v1/inspection/plans', {
    schema: { tags, summary: '抽查计划列表 The region’s plans the caller manages, with their draws', querystring: RegionQuery, response: { 200: PlanList, ...errorResponses } },
    preHandler: app.auth([...MANAGERS]),
  }, async (req) => ({ items: await svc.listPlans(app.db, callerOf(req), req.query.regionCode) }));

  app.get('/api/v1/inspection/my-tasks', {
    schema: { tags, summary: '我的检查任务 The objects the caller was drawn to inspect', response: { 200: MyTasks, ...errorResponses } },
    preHandler: app.auth([...STAFF]),
  }, async (req) => ({ items: await svc.myTasks(app.db, callerOf(req), now()) }));

  app.get('/api/v1/inspection/plans/:id', {
    schema: { tags, summary: '抽查计划 A plan and its draws', params: IdParams, response: { 200: PlanView, ...errorResponses } },
    preHandler: app.auth([...MANAGERS]),
  }, async (req) => svc.getPlan(app.db, callerOf(req), req.params.id));

  app.post('/api/v1/inspection/plans/:id/draws', {
    schema: { tags, summary: '承诺抽取 Commit a draw: freeze the pool, publish the SM3 hashes of pool and seed', params: IdParams, response: { 201: CommitView, ...errorResponses } },
    preHandler: app.auth([...MANAGERS]),
  }, async (req, reply) => reply.status(201).send(await svc.commitDraw(app.db, callerOf(req), req.params.id, now())));

  app.post('/api/v1/inspection/draws/:id/reveal', {
    schema: { tags, summary: '揭示抽取 Reveal the seed and draw the objects and inspectors', params: IdParams, response: { 200: DrawView, ...errorResponses } },
    preHandler: app.auth([...MANAGERS]),
  }, async (req) => svc.revealDraw(app.db, callerOf(req), req.params.id, now()));

  app.get('/api/v1/inspection/draws/:id', {
    schema: { tags, summary: '抽取结果与检查任务 A draw and its tasks (an inspector sees their own)', params: IdParams, response: { 200: DrawView, ...errorResponses } },
    preHandler: app.auth([...STAFF]),
  }, async (req) => svc.getDraw(app.db, callerOf(req), req.params.id, now()));

  app.put('/api/v1/inspection/draws/:id/tasks/:creditCode/result', {
    schema: { tags, summary: '录入检查结果 Record the result of one object', params: TaskParams, body: ResultBody, response: { 200: DrawView, ...errorResponses } },
    preHandler: app.auth([...STAFF]),
  }, async (req) => svc.recordResult(app.db, callerOf(req), req.params.id, req.params.creditCode.toUpperCase(), { ...req.body, inspectedAt: req.body.inspectedAt ? new Date(req.body.inspectedAt) : undefined }, now()));

  app.post('/api/v1/inspection/draws/:id/publish', {
    schema: { tags, summary: '公开检查结果 Publish the recorded results of a draw', params: IdParams, response: { 200: DrawView, ...errorResponses } },
    preHandler: app.auth([...MANAGERS]),
  }, async (req) => svc.publishResults(app.db, callerOf(req), req.params.id, now()));

  app.get('/api/v1/public/inspection/results', {
    schema: { tags, summary: '抽查结果公示 Published results (public, no personal data)', querystring: PublicQuery, response: { 200: PublicResults, ...errorResponses, 429: errorResponses[400] } },
    config: publicLimit,
  }, async (req) => svc.publicResults(app.db, { regionCode: req.query.regionCode, creditCode: req.query.creditCode?.toUpperCase(), limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));
}
