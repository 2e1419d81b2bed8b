import { Type, type Static, type TSchema } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../../platform/contract.js';
import { AppError } from '../../platform/errors.js';
import { callerOf, type App } from '../../platform/http.js';
import { hasForbiddenText } from '../../platform/edge.js';
import { regionContains } from '../../platform/validators.js';
import { MAX_FILE_BYTES } from './files.js';
import {
  ActionResult,
  ApplicantIdView,
  ApplyBody,
  CardsQuery,
  CardView,
  CaseDetail,
  CaseEventView,
  CaseIdParams,
  CaseSubParams,
  CaseSummary,
  ChainReportView,
  ConcludeBody,
  CorrectionBody,
  DeficiencyBody,
  DeliverBody,
  FileView,
  IdempotencyHeaders,
  InboxQuery,
  ListQuery,
  NotificationView,
  PassBody,
  PledgeBody,
  RejectBody,
  ResubmitBody,
  ReturnBody,
  ReviewBody,
  SpecialEndBody,
  SpecialStartBody,
  SupplyBody,
  VerifyBody,
  VerifyQuery,
  WithdrawBody,
} from './contract.js';
import * as cases from './service.js';

const tags = ['cases'];
const withErrors = <T extends Record<number, unknown>>(ok: T) => ({ ...ok, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] });

export default async function caseRoutes(app: App) {
  const env = (req: FastifyRequest): cases.CaseEnv => ({ cipher: app.cipher, dataDir: app.config.dataDir, ip: req.ip, now: () => app.clock.now() });
  const detail = (req: FastifyRequest, id: string) => cases.getCase(app.db, env(req), callerOf(req), id);

  /** A state-changing action: run it, answer with the case as it now is and what the action produced. */
  function action<S extends TSchema | undefined>(
    path: string,
    summary: string,
    body: S,
    run: (req: FastifyRequest<{ Params: { id: string }; Body: S extends TSchema ? Static<S> : undefined }>) => Promise<object | undefined | void>,
  ) {
    // The plain instance: the helper's body schema is generic, which the TypeBox provider cannot infer through.
    (app as unknown as FastifyInstance).post<{ Params: { id: string }; Body: S extends TSchema ? Static<S> : undefined }>(
      `/api/v1/cases/:id/${path}`,
      { schema: { tags, summary, params: CaseIdParams, ...(body ? { body } : {}), response: withErrors({ 200: ActionResult }) }, preHandler: app.auth() },
      async (req) => {
        const r = (await run(req)) ?? {};
        return { ...r, case: await detail(req, req.params.id) };
      },
    );
  }

  app.post('/api/v1/cases/files', {
    schema: { tags, summary: '上传申请材料文件 Upload a material file (multipart, field "file")', consumes: ['multipart/form-data'], response: withErrors({ 201: FileView }) },
    preHandler: app.auth(['applicant_person', 'applicant_enterprise', 'window_clerk']),
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    let file;
    let content: Buffer;
    try {
      file = await req.file();
      if (!file) throw new AppError('CASE_FILE_MISSING');
      content = await file.toBuffer();
    } catch (err) {
      if (err instanceof AppError) throw err;
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('CASE_FILE_TOO_LARGE', { maxBytes: MAX_FILE_BYTES });
      // Busboy's own errors (no boundary, a part cut short, bad headers) are the client's malformed upload.
      throw new AppError('MULTIPART_INVALID', { reason: (err as Error).message });
    }
    if (file.file.truncated || content.length > MAX_FILE_BYTES) throw new AppError('CASE_FILE_TOO_LARGE', { maxBytes: MAX_FILE_BYTES });
    const name = hasForbiddenText(file.filename) ? 'file' : file.filename;
    return reply.status(201).send(await cases.uploadFile(app.db, env(req), callerOf(req), name, content));
  });

  app.post('/api/v1/cases', {
    schema: { tags, summary: '申请 Apply (online, mobile, kiosk; or a window clerk for the applicant)', headers: IdempotencyHeaders, body: ApplyBody, response: withErrors({ 200: CaseDetail, 201: CaseDetail }) },
    preHandler: app.auth(),
  }, async (req, reply) => {
    const r = await cases.apply(app.db, env(req), callerOf(req), req.body, req.headers['idempotency-key']);
    return reply.status(r.replayed ? 200 : 201).send(await detail(req, r.caseId));
  });

  app.get('/api/v1/cases', {
    schema: { tags, summary: '办件列表(按数据权限)Cases in my scope', querystring: ListQuery, response: withErrors({ 200: Type.Array(CaseSummary) }) },
    preHandler: app.auth(),
  }, async (req) => cases.listCases(app.db, env(req), callerOf(req), { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.get('/api/v1/cases/cards', {
    schema: { tags, summary: '红黄牌办件 Red and yellow cases of a region and below', querystring: CardsQuery, response: withErrors({ 200: Type.Array(CardView) }) },
    preHandler: app.auth(['supervisor', 'admin']),
  }, async (req) => cases.listCards(app.db, env(req), callerOf(req), { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.get('/api/v1/cases/:id', {
    schema: { tags, summary: '办件详情 A case, with its clock and what I may do', params: CaseIdParams, response: withErrors({ 200: CaseDetail }) },
    preHandler: app.auth(),
  }, async (req) => detail(req, req.params.id));

  app.get('/api/v1/cases/:id/events', {
    schema: { tags, summary: '办件过程记录 The hash-chained event log of a case', params: CaseIdParams, response: withErrors({ 200: Type.Array(CaseEventView) }) },
    preHandler: app.auth(),
  }, async (req) => cases.caseEventsOf(app.db, callerOf(req), req.params.id));

  app.get('/api/v1/cases/:id/applicant-id', {
    schema: { tags, summary: '申请人证件号码(审计)The applicant’s full ID number or credit code; audited', params: CaseIdParams, response: withErrors({ 200: ApplicantIdView }) },
    preHandler: app.auth(),
  }, async (req) => cases.revealApplicantId(app.db, env(req), callerOf(req), req.params.id));

  app.get('/api/v1/cases/:id/documents/:sub', {
    schema: { tags, summary: '打印文书 A printable notice or decision (HTML)', params: CaseSubParams, produces: ['text/html'], response: withErrors({ 200: Type.String() }) },
    preHandler: app.auth(),
  }, async (req, reply) => {
    const d = await cases.getDocument(app.db, callerOf(req), req.params.id, req.params.sub);
    return reply.type('text/html; charset=utf-8').send(d.html);
  });

  app.get('/api/v1/cases/:id/materials/:sub/file', {
    schema: { tags, summary: '材料文件(留痕) A material’s file, shown inline (audited for staff)', params: CaseSubParams, produces: ['application/pdf', 'image/png', 'image/jpeg'], response: withErrors({ 200: Type.Unknown() }) },
    preHandler: app.auth(),
  }, async (req, reply) => {
    const f = await cases.materialFile(app.db, env(req), callerOf(req), req.params.id, req.params.sub);
    return reply
      .type(f.mime)
      .header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store')
      .send(f.content);
  });

  app.post('/api/v1/cases/:id/materials/:sub/review', {
    schema: { tags, summary: '预审材料 Pre-review one material', params: CaseSubParams, body: ReviewBody, response: withErrors({ 200: ActionResult }) },
    preHandler: app.auth(),
  }, async (req) => {
    await cases.reviewMaterial(app.db, env(req), callerOf(req), req.params.id, req.params.sub, req.body);
    return { case: await detail(req, req.params.id) };
  });

  action('accept', '受理 Accept (starts the clock; 受理通知书)', undefined, async (req) => cases.accept(app.db, env(req), callerOf(req), req.params.id));
  action('accept-with-deficiency', '容缺受理 Accept with a commitment to supply missing materials', DeficiencyBody, async (req) => {
    return cases.acceptWithDeficiency(app.db, env(req), callerOf(req), req.params.id, { ...req.body, deadline: new Date(req.body.deadline) });
  });
  action('correction', '一次性告知补正 Request correction of every missing or faulty material', CorrectionBody, async (req) => cases.requestCorrection(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('resubmit', '补正后重新提交 Resubmit corrected materials', ResubmitBody, async (req) => cases.resubmit(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('reject', '不予受理 Reject, with reason and basis', RejectBody, async (req) => cases.reject(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('withdraw', '撤回 Withdraw before acceptance', WithdrawBody, async (req) => cases.withdraw(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('pledge', '告知承诺办结 Conclude on the applicant’s pledge', PledgeBody, async (req) => cases.pledge(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('verification', '承诺核查 Verify a pledge (false → revoke)', VerifyBody, async (req) => cases.verifyPledge(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('deficiencies', '补交容缺材料 Supply a material accepted under deficiency', SupplyBody, async (req) => cases.supplyDeficiency(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('steps/pass', '环节通过 Pass the current step', PassBody, async (req) => cases.passStep(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('steps/return', '退回 Return to an earlier step', ReturnBody, async (req) => cases.returnStep(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('special-procedures', '启动特别程序 Start a special procedure (pauses the clock)', SpecialStartBody, async (req) => cases.startSpecialProcedure(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('conclude', '办结 Conclude: approve or deny, with the decision text', ConcludeBody, async (req) => cases.conclude(app.db, env(req), callerOf(req), req.params.id, req.body));
  action('deliver', '出件/送达 Deliver the result', DeliverBody, async (req) => cases.deliver(app.db, env(req), callerOf(req), req.params.id, req.body));

  app.post('/api/v1/cases/:id/special-procedures/:sub/end', {
    schema: { tags, summary: '结束特别程序 End a special procedure (the clock resumes)', params: CaseSubParams, body: SpecialEndBody, response: withErrors({ 200: ActionResult }) },
    preHandler: app.auth(),
  }, async (req) => {
    await cases.endSpecialProcedure(app.db, env(req), callerOf(req), req.params.id, req.params.sub, req.body);
    return { case: await detail(req, req.params.id) };
  });

  app.get('/api/v1/inbox', {
    schema: { tags, summary: '站内消息 My messages', querystring: InboxQuery, response: withErrors({ 200: Type.Array(NotificationView) }) },
    preHandler: app.auth(),
  }, async (req) => cases.inbox(app.db, callerOf(req), { unread: req.query.unread, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.post('/api/v1/inbox/:id/read', {
    schema: { tags, summary: '标记已读 Mark a message read', params: CaseIdParams, response: withErrors({ 204: Type.Null() }) },
    preHandler: app.auth(),
  }, async (req, reply) => {
    await cases.markRead(app.db, env(req), callerOf(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/admin/cases/verify', {
    schema: { tags, summary: '校验办件过程记录 Verify the event chains (names the first broken event)', querystring: VerifyQuery, response: withErrors({ 200: ChainReportView }) },
    preHandler: app.auth(['admin']),
  }, async (req) => {
    // A case outside the admin's region is "not found", as on every other case route, not "verified".
    const caller = callerOf(req);
    if (req.query.caseId) await cases.getCase(app.db, env(req), caller, req.query.caseId);
    const report = await cases.verifyEvents(app.db, { caseId: req.query.caseId });
    return { ...report, broken: report.broken.filter((b) => regionContains(caller.regionCode ?? '', b.regionCode)) };
  });
}
