import { Type } from 'typebox';
import { errorResponses } from '../../platform/contract.js';
import { AppError } from '../../platform/errors.js';
import { callerOf, ROLES, STAFF_ROLES, type App } from '../../platform/http.js';
import type { FastifyRequest } from 'fastify';
import {
  type OrderSummary as OrderSummaryType,
  AnswerBody, AttachmentParams, CallsBody, CallsQuery, CallsResult, CallView, CardsQuery, CardView, DecideBody, DispatchBody, DuplicateView, ExtensionBody,
  FiguresQuery, FiguresView, FollowUpBody, IdParams, ImportBody, ImportResult, IntakeBody, KbBody, KbDetail, KbQuery, KbView, MergeBody, NoteBody, OpinionBody,
  OrderDetail, OrdersQuery, OrderSummary, ReasonBody, ReplyBody, SettingsBody, SettingsParams, SettingsView, SubjectView, SuperviseBody, SystemBody, SystemView,
} from './contract.js';
import * as hotline from './service.js';

const tags = ['hotline'];
const MANAGERS = ['admin', 'supervisor'] as const;
const P = '/api/v1/hotline';

export default async function hotlineRoutes(app: App) {
  const env = (req: FastifyRequest) => ({ cipher: app.cipher, now: () => app.clock.now(), ip: req.ip });

  // Telephony pushes are signed over the raw body, so this scope keeps the body text beside the parsed JSON.
  await app.register(async (signed: App) => {
    signed.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
      (req as FastifyRequest & { rawBody?: string }).rawBody = body as string;
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError('BAD_JSON'), undefined);
      }
    });
    signed.post(`${P}/telephony/calls`, {
      schema: {
        tags, summary: '话务系统推送来电记录 Telephony system pushes call records',
        description: 'Signed with the system’s key: headers x-hotline-system (id), x-hotline-timestamp (ISO time, ±5 min) and x-hotline-signature = hex(HMAC-SM3(key, timestamp + "\\n" + hex(SM3(raw body)))). A repeated externalId is ignored.',
        body: CallsBody, response: { 200: CallsResult, ...errorResponses },
      },
      preValidation: async (req) => {
        (req as FastifyRequest & { system?: unknown }).system = await hotline.verifyTelephony(app.db, env(req), req.headers, (req as FastifyRequest & { rawBody?: string }).rawBody ?? '');
      },
    }, async (req) => hotline.receiveCalls(app.db, env(req), (req as unknown as { system: { id: string; regionCode: string } }).system, req.body));
  });

  app.post(`${P}/telephony-systems`, {
    schema: { tags, summary: '登记话务系统(返回一次性密钥) Register a telephony system; its key is shown once', body: SystemBody, response: { 201: SystemView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req, reply) => reply.status(201).send(await hotline.registerTelephonySystem(app.db, env(req), callerOf(req), req.body)));

  app.get(`${P}/calls`, {
    schema: { tags, summary: '来电记录(号码脱敏) Calls, numbers masked', querystring: CallsQuery, response: { 200: Type.Array(CallView), ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => hotline.listCalls(app.db, callerOf(req), { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.post(`${P}/orders`, {
    schema: {
      tags, summary: '受理诉求 Take in a work order',
      description: 'Operators of a 12345 centre (phone, letter, or any channel; with callId to attach the call); citizens from the portal (web, app, message). Only 举报 may be anonymous.',
      body: IntakeBody, response: { 201: OrderSummary, 413: errorResponses[400], ...errorResponses },
    },
    bodyLimit: 16 * 1024 * 1024,
    preHandler: app.auth(ROLES),
  }, async (req, reply) => reply.status(201).send(await hotline.receiveOrder(app.db, env(req), callerOf(req), req.body)));

  app.post(`${P}/orders/import`, {
    schema: { tags, summary: '历史工单导入 Import past work orders (≤ 5000 per request)', body: ImportBody, response: { 200: ImportResult, ...errorResponses } },
    bodyLimit: 16 * 1024 * 1024,
    preHandler: app.auth(MANAGERS),
  }, async (req) => hotline.importOrders(app.db, callerOf(req), req.body));

  app.get(`${P}/orders`, {
    schema: { tags, summary: '工单列表:话务台、部门待办、我的诉求、辖区全部 Work orders by view', querystring: OrdersQuery, response: { 200: Type.Array(OrderSummary), ...errorResponses } },
    preHandler: app.auth(ROLES),
  }, async (req) => hotline.listOrders(app.db, env(req), callerOf(req), { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.get(`${P}/orders/:id`, {
    schema: { tags, summary: '工单详情(含诉求人信息,查看留痕) One work order in full; staff reads of the caller are audited', params: IdParams, response: { 200: OrderDetail, ...errorResponses } },
    preHandler: app.auth(ROLES),
  }, async (req) => hotline.getOrder(app.db, env(req), callerOf(req), req.params.id));

  app.get(`${P}/orders/:id/attachments/:attachmentId`, {
    schema: { tags, summary: '附件 An attachment', params: AttachmentParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses } },
    preHandler: app.auth(ROLES),
  }, async (req, reply) => {
    const file = await hotline.attachment(app.db, env(req), callerOf(req), req.params.id, req.params.attachmentId);
    return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${encodeURIComponent(file.filename)}"`).send(file.content);
  });

  app.get(`${P}/orders/:id/duplicates`, {
    schema: { tags, summary: '疑似重复诉求 Possible repeats of the order', params: IdParams, response: { 200: Type.Array(DuplicateView), ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => hotline.duplicates(app.db, env(req), callerOf(req), req.params.id));

  const action = <B>(path: string, summary: string, body: B, run: (req: FastifyRequest & { params: { id: string }; body: never }) => Promise<OrderSummaryType>) =>
    app.post(`${P}/orders/:id/${path}`, {
      schema: { tags, summary, params: IdParams, body: body as never, response: { 200: OrderSummary, ...errorResponses } },
      preHandler: app.auth(ROLES),
    }, async (req) => run(req as never));

  action('answer', '即时答复并办结 Answer at the desk and close', AnswerBody, (req) => hotline.answer(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('dispatch', '转办(直派或指定部门,可协办) Dispatch to a department (by rule or chosen), with 协办', DispatchBody, (req) => hotline.dispatch(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('return', '退回(非本部门职责) Return as misrouted, with the reason', ReasonBody, (req) => hotline.returnOrder(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('reply', '部门答复 The department’s answer', ReplyBody, (req) => hotline.reply(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('assist-reply', '协办意见 An assisting department’s opinion', OpinionBody, (req) => hotline.assistReply(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('extension', '申请延期 Request an extension', ExtensionBody, (req) => hotline.requestExtension(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('extension/decide', '审批延期 Approve or refuse the extension', DecideBody, (req) => hotline.decideExtension(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('supervise', '督办 Supervise a late order', SuperviseBody, (req) => hotline.supervise(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('merge', '并单 Merge a repeat into an earlier order', MergeBody, (req) => hotline.merge(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('close', '办结 Close after the department’s answer', NoteBody, (req) => hotline.close(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('follow-up', '回访(不满意可重办一次) Follow-up; 不满意 may reopen once', FollowUpBody, (req) => hotline.followUp(app.db, env(req), callerOf(req), req.params.id, req.body));

  app.get(`${P}/cards`, {
    schema: { tags, summary: '红黄牌工单 Red and yellow orders', querystring: CardsQuery, response: { 200: Type.Array(CardView), ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => hotline.listCards(app.db, env(req), callerOf(req), { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.get(`${P}/figures`, {
    schema: { tags, summary: '热线统计:接通率、办结率、按时办结率、满意率、分布、热点 Figures', querystring: FiguresQuery, response: { 200: FiguresView, ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => hotline.figures(app.db, callerOf(req), req.query));

  app.get(`${P}/subjects`, {
    schema: { tags, summary: '诉求分类 Subject taxonomy', response: { 200: Type.Array(SubjectView), ...errorResponses } },
    preHandler: app.auth(ROLES),
  }, async () => hotline.listSubjects(app.db));

  app.get(`${P}/kb`, {
    schema: { tags, summary: '知识库检索 Search the knowledge base', querystring: KbQuery, response: { 200: Type.Array(KbView), ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => hotline.searchKb(app.db, { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.get(`${P}/kb/:id`, {
    schema: { tags, summary: '知识库条目(含办事指南) An entry with its item’s 办事指南', params: IdParams, response: { 200: KbDetail, ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => hotline.getKbEntry(app.db, req.params.id));

  app.post(`${P}/kb`, {
    schema: { tags, summary: '新增知识库条目 Add an entry', body: KbBody, response: { 201: KbView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req, reply) => reply.status(201).send(await hotline.createKbEntry(app.db, callerOf(req), req.body)));

  app.get(`${P}/settings/:regionCode`, {
    schema: { tags, summary: '热线设置(时限、回访期限、并单窗口、满意率口径、直派) Settings of a region', params: SettingsParams, response: { 200: SettingsView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => hotline.getSettings(app.db, callerOf(req), req.params.regionCode));

  app.put(`${P}/settings/:regionCode`, {
    schema: { tags, summary: '修改热线设置 Change a region’s settings', params: SettingsParams, body: SettingsBody, response: { 200: SettingsView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => hotline.updateSettings(app.db, callerOf(req), req.params.regionCode, req.body));
}
