import { Type } from 'typebox';
import { errorResponses } from '../../platform/contract.js';
import { AppError } from '../../platform/errors.js';
import { callerOf, STAFF_ROLES, type App } from '../../platform/http.js';
import {
  AnswerBody, CloseBody, ConfirmBody, ConfirmView, CreateUnitBody, DispatchQuery, DispatchView, DraftEditBody, DraftView, EvaluationBody,
  EvaluationView, ExportQuery, IdParams, ImportBody, MergeUnitBody, MyLedgerView, MyQuery, OrdersQuery, ResolveUnitBody, OrderView, ReportBody, ReportView, SuperviseBody, SuperviseView,
  TaskDetailView, TasksQuery, TaskView, UnitsQuery, UnitView, UpdateTaskBody, UpdateUnitBody, VersionBody,
} from './contract.js';
import { dispatchTable, DOCX_TYPE, evaluationTable, ordersTable, renderInPool, taskTable, XLSX_TYPE } from './export.js';
import * as ledger from './service.js';

const tags = ['ledger'];
const MANAGERS = ['admin', 'supervisor'] as const;

export default async function ledgerRoutes(app: App) {
  app.post('/api/v1/ledger/imports', {
    schema: {
      tags, summary: '导入政策文件(预览) Import a policy document as a draft',
      description: 'Parses the file into tasks for review. Nothing enters the ledger until the draft is confirmed.',
      body: ImportBody, response: { 201: DraftView, 413: errorResponses[400], ...errorResponses },
    },
    bodyLimit: 8 * 1024 * 1024,
    preHandler: app.auth(MANAGERS),
  }, async (req, reply) => {
    const { filename, contentBase64, text, regionCode } = req.body;
    if ((contentBase64 === undefined) === (text === undefined)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'contentBase64', message: 'send exactly one of contentBase64 and text' }] });
    }
    const content = contentBase64 !== undefined ? Buffer.from(contentBase64, 'base64') : Buffer.from(text!, 'utf8');
    return reply.status(201).send(await ledger.previewImport(app.db, callerOf(req), { filename, content, regionCode }));
  });

  app.get('/api/v1/ledger/imports/:id', {
    schema: { tags, summary: '导入草稿(与原文对照) An import draft beside its source', params: IdParams, response: { 200: DraftView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.getDraft(app.db, callerOf(req), req.params.id));

  app.put('/api/v1/ledger/imports/:id', {
    schema: { tags, summary: '修改导入草稿 Edit the draft’s tasks', params: IdParams, body: DraftEditBody, response: { 200: DraftView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.updateDraft(app.db, callerOf(req), req.params.id, req.body));

  app.post('/api/v1/ledger/imports/:id/confirm', {
    schema: { tags, summary: '确认导入 Confirm: the tasks enter the ledger', params: IdParams, body: ConfirmBody, response: { 200: ConfirmView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.confirmDraft(app.db, callerOf(req), req.params.id, req.body));

  app.post('/api/v1/ledger/imports/:id/discard', {
    schema: { tags, summary: '放弃导入 Discard the draft', params: IdParams, body: VersionBody, response: { 200: Type.Object({ id: Type.String(), status: Type.Literal('discarded') }), ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.discardDraft(app.db, callerOf(req), req.params.id, req.body));

  app.post('/api/v1/ledger/imports/:id/units', {
    schema: {
      tags, summary: '处理未登记单位 Settle an unregistered unit of the draft',
      description: 'Either `unitId` (the name becomes an alias of that unit for the document’s region) or `create` (a new verified unit, optionally linked to an org department).',
      params: IdParams, body: ResolveUnitBody, response: { 200: DraftView, ...errorResponses },
    },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.resolveDraftUnit(app.db, callerOf(req), req.params.id, req.body));

  app.get('/api/v1/ledger/my', {
    schema: {
      tags, summary: '我的任务 Tasks, due reports and 督办单 of the caller’s units',
      description: 'The units linked to the caller’s department: the tasks they lead or share, the reports they owe now and their supervision orders.',
      querystring: MyQuery, response: { 200: MyLedgerView, ...errorResponses },
    },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => ledger.myLedger(app.db, callerOf(req), req.query));

  app.get('/api/v1/ledger/tasks', {
    schema: { tags, summary: '任务台账 Tasks (supervisors: their region; other staff: their department’s units)', querystring: TasksQuery, response: { 200: Type.Array(TaskView), ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => ledger.listTasks(app.db, callerOf(req), req.query));

  app.get('/api/v1/ledger/tasks/:id', {
    schema: { tags, summary: '任务详情及报送记录 A task with its reports', params: IdParams, response: { 200: TaskDetailView, ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => ledger.getTask(app.db, callerOf(req), req.params.id));

  app.patch('/api/v1/ledger/tasks/:id', {
    schema: { tags, summary: '设置报送频次或办结 Set the cadence or record completion', params: IdParams, body: UpdateTaskBody, response: { 200: TaskDetailView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.updateTask(app.db, callerOf(req), req.params.id, req.body));

  app.post('/api/v1/ledger/tasks/:id/reports', {
    schema: { tags, summary: '报送进展 File a progress report for a unit', params: IdParams, body: ReportBody, response: { 201: ReportView, ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req, reply) => reply.status(201).send(await ledger.fileReport(app.db, callerOf(req), req.params.id, req.body)));

  app.get('/api/v1/ledger/dispatch', {
    schema: { tags, summary: '月调度 Monthly dispatch: missing reports, due and overdue tasks', querystring: DispatchQuery, response: { 200: DispatchView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.monthlyDispatch(app.db, callerOf(req), req.query));

  app.post('/api/v1/ledger/supervision', {
    schema: { tags, summary: '季督办 Raise the quarter’s 督办单', body: SuperviseBody, response: { 200: SuperviseView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.quarterlySupervision(app.db, callerOf(req), req.body));

  app.get('/api/v1/ledger/orders', {
    schema: { tags, summary: '督办单 Supervision orders', querystring: OrdersQuery, response: { 200: Type.Array(OrderView), ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.listOrders(app.db, callerOf(req), req.query));

  app.post('/api/v1/ledger/orders/:id/answer', {
    schema: { tags, summary: '答复督办单 Answer an order (the lead unit)', params: IdParams, body: AnswerBody, response: { 200: OrderView, ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => ledger.answerOrder(app.db, callerOf(req), req.params.id, req.body));

  app.post('/api/v1/ledger/orders/:id/close', {
    schema: { tags, summary: '办结或退回督办单 Accept the answer or send it back', params: IdParams, body: CloseBody, response: { 200: OrderView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.closeOrder(app.db, callerOf(req), req.params.id, req.body));

  app.post('/api/v1/ledger/evaluations', {
    schema: { tags, summary: '年评价 Score and rank units and regions for a year', body: EvaluationBody, response: { 200: EvaluationView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.annualEvaluation(app.db, callerOf(req), req.body));

  app.get('/api/v1/ledger/units', {
    schema: { tags, summary: '单位名录 Unit registry', querystring: UnitsQuery, response: { 200: Type.Array(UnitView), ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.listUnits(app.db, req.query));

  app.post('/api/v1/ledger/units', {
    schema: { tags, summary: '登记单位 Register a unit with its aliases', body: CreateUnitBody, response: { 201: UnitView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req, reply) => reply.status(201).send(await ledger.createUnit(app.db, callerOf(req), req.body)));

  app.patch('/api/v1/ledger/units/:id', {
    schema: { tags, summary: '修改单位(别名、关联部门) Update a unit: aliases, department link', params: IdParams, body: UpdateUnitBody, response: { 200: UnitView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.updateUnit(app.db, callerOf(req), req.params.id, req.body));

  app.post('/api/v1/ledger/units/:id/merge', {
    schema: {
      tags, summary: '合并单位 Merge a unit into another',
      description: 'The unit’s names become aliases of `into`, and its tasks, reports and 督办单 move there; the unit is removed.',
      params: IdParams, body: MergeUnitBody, response: { 200: UnitView, ...errorResponses },
    },
    preHandler: app.auth(MANAGERS),
  }, async (req) => ledger.mergeUnit(app.db, callerOf(req), req.params.id, req.body));

  app.get('/api/v1/ledger/export', {
    schema: {
      tags, summary: '导出台账、调度通报、督办汇总、评价排名 Export as xlsx or docx', querystring: ExportQuery,
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the xlsx or docx file' }), ...errorResponses },
    },
    preHandler: app.auth(MANAGERS),
  }, async (req, reply) => {
    const caller = callerOf(req);
    const q = req.query;
    const need = (field: 'month' | 'quarter' | 'year') => {
      if (q[field] === undefined) throw new AppError('VALIDATION_FAILED', { fields: [{ field, message: `required for kind=${q.kind}` }] });
      return q[field]!;
    };
    let table;
    let name: string;
    if (q.kind === 'tasks') {
      const tasks = await ledger.listTasks(app.db, caller, { documentId: q.documentId });
      table = taskTable(tasks[0]?.documentTitle && q.documentId ? `${tasks[0].documentTitle}任务台账` : '改革任务台账', tasks);
      name = 'ledger-tasks';
    } else if (q.kind === 'dispatch') {
      table = dispatchTable(await ledger.monthlyDispatch(app.db, caller, { month: String(need('month')) }));
      name = `ledger-dispatch-${q.month}`;
    } else if (q.kind === 'orders') {
      const quarter = String(need('quarter'));
      table = ordersTable(quarter, await ledger.listOrders(app.db, caller, { quarter }));
      name = `ledger-orders-${quarter}`;
    } else {
      table = evaluationTable(await ledger.annualEvaluation(app.db, caller, { year: Number(need('year')), persist: false }));
      name = `ledger-evaluation-${q.year}`;
    }
    const body = await renderInPool(table, q.format);
    return reply
      .header('content-type', q.format === 'xlsx' ? XLSX_TYPE : DOCX_TYPE)
      .header('content-disposition', `attachment; filename="${name}.${q.format}"`)
      .send(body);
  });
}
