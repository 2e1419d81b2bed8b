import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { errorResponses } from '../../platform/contract.js';
import { callerOf, type App } from '../../platform/http.js';
import {
  BundleAdminView,
  BundleApplyBody,
  BundleCardsQuery,
  BundleCardView,
  BundleCaseListQuery,
  BundleCaseParams,
  BundleCaseSummaryView,
  BundleCaseView,
  BundleChainReportView,
  BundleCodeParams,
  BundleDeliverBody,
  BundleWithdrawBody,
  BundleEventView,
  BundleListQuery,
  BundleMembershipView,
  CaseIdParams,
  BundleSummaryView,
  BundleVerifyQuery,
  PlanBody,
  PlanView,
  PublishedBundleView,
} from './contract.js';
import type { CaseEnv } from './deps.js';
import * as wf from './service.js';

const tags = ['bundles'];

/**
 * 一件事 bundles: the portal's published bundles and their questionnaire, applying, the bundle case (accept once,
 * deliver every result at one window), definitions for administrators, and the event-chain check.
 */
export default async function bundleRoutes(app: App) {
  const env = (req: FastifyRequest): CaseEnv => ({ cipher: app.cipher, dataDir: app.config.dataDir, ip: req.ip, now: () => app.clock.now() });
  wf.installBundleHooks({ cipher: app.cipher, dataDir: app.config.dataDir, now: () => app.clock.now() });
  const detail = (req: FastifyRequest, id: string) => wf.getBundleCase(app.db, env(req), callerOf(req), id);

  app.get('/api/v1/bundles', {
    schema: { tags, summary: '一件事列表 Published bundles (optionally those offered in a region)', querystring: BundleListQuery, response: { 200: Type.Array(BundleSummaryView), ...errorResponses } },
  }, async (req) => wf.listPublishedBundles(app.db, req.query));

  app.get('/api/v1/bundles/:code', {
    schema: { tags, summary: '一件事详情 A published bundle with its questionnaire and stages', params: BundleCodeParams, response: { 200: PublishedBundleView, ...errorResponses } },
  }, async (req) => wf.getPublishedBundle(app.db, req.params.code));

  app.post('/api/v1/bundles/:code/plan', {
    schema: { tags, summary: '情景问答 The items the answers choose, with the joint form and joint materials', params: BundleCodeParams, body: PlanBody, response: { 200: PlanView, ...errorResponses } },
  }, async (req) => wf.planBundle(app.db, req.params.code, req.body.answers));

  app.post('/api/v1/bundles/:code/apply', {
    schema: { tags, summary: '一表申请 Apply for a bundle: one bundle case and the cases of its first stage', params: BundleCodeParams, body: BundleApplyBody, response: { 201: BundleCaseView, ...errorResponses } },
    preHandler: app.auth(['applicant_person', 'applicant_enterprise', 'window_clerk']),
  }, async (req, reply) => {
    const id = await wf.applyBundle(app.db, env(req), callerOf(req), req.params.code, req.body);
    return reply.status(201).send(await detail(req, id));
  });

  app.get('/api/v1/bundle-cases', {
    schema: { tags, summary: '联办件列表 Bundle cases in my scope', querystring: BundleCaseListQuery, response: { 200: Type.Array(BundleCaseSummaryView), ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => wf.listBundleCases(app.db, callerOf(req), { status: req.query.status, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.get('/api/v1/supervise/bundle-cards', {
    schema: {
      tags, summary: '联办件红黄牌 Running bundle cases of a region and below whose own clock is yellow or red',
      querystring: BundleCardsQuery, response: { 200: Type.Array(BundleCardView), ...errorResponses },
    },
    preHandler: app.auth(['supervisor', 'admin']),
  }, async (req) => wf.listBundleCards(app.db, callerOf(req), { regionCode: req.query.regionCode, now: app.clock.now() }));

  app.get('/api/v1/bundle-cases/by-case/:caseId', {
    schema: {
      tags, summary: '所属一件事 The bundle case a case was filed under; null for a case of its own or a bundle outside the caller’s scope',
      params: CaseIdParams, response: { 200: Type.Union([BundleMembershipView, Type.Null()]), ...errorResponses },
    },
    preHandler: app.auth(),
  }, async (req) => wf.bundleOfCase(app.db, callerOf(req), req.params.caseId));

  app.get('/api/v1/bundle-cases/:id', {
    schema: { tags, summary: '联办件详情 A bundle case: clock, stages, children with their cases', params: BundleCaseParams, response: { 200: BundleCaseView, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => detail(req, req.params.id));

  app.get('/api/v1/bundle-cases/:id/events', {
    schema: { tags, summary: '联办过程记录 The hash-chained event log of a bundle case', params: BundleCaseParams, response: { 200: Type.Array(BundleEventView), ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => wf.bundleEventsOf(app.db, callerOf(req), req.params.id));

  app.post('/api/v1/bundle-cases/:id/accept', {
    schema: { tags, summary: '一窗受理 Accept the bundle once: every child of the first stage is accepted', params: BundleCaseParams, response: { 200: BundleCaseView, ...errorResponses } },
    preHandler: app.auth(['window_clerk']),
  }, async (req) => {
    await wf.acceptBundle(app.db, env(req), callerOf(req), req.params.id);
    return detail(req, req.params.id);
  });

  app.post('/api/v1/bundle-cases/:id/withdraw', {
    schema: { tags, summary: '撤回 The applicant withdraws the whole bundle before acceptance', params: BundleCaseParams, body: BundleWithdrawBody, response: { 200: BundleCaseView, ...errorResponses } },
    preHandler: app.auth(['applicant_person', 'applicant_enterprise']),
  }, async (req) => {
    await wf.withdrawBundle(app.db, env(req), callerOf(req), req.params.id, req.body);
    return detail(req, req.params.id);
  });

  app.post('/api/v1/bundle-cases/:id/deliver', {
    schema: { tags, summary: '统一出件 Hand out every result of the bundle at one window', params: BundleCaseParams, body: BundleDeliverBody, response: { 200: BundleCaseView, ...errorResponses } },
    preHandler: app.auth(['window_clerk']),
  }, async (req) => {
    await wf.deliverBundle(app.db, env(req), callerOf(req), req.params.id, req.body);
    return detail(req, req.params.id);
  });

  app.get('/api/v1/admin/bundles', {
    schema: { tags, summary: '一件事定义 Bundle definitions of my region and below', response: { 200: Type.Array(BundleAdminView), ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => wf.listBundlesForAdmin(app.db, callerOf(req)));

  app.get('/api/v1/admin/bundles/:code', {
    schema: { tags, summary: '一件事定义详情 A definition with its draft and published versions', params: BundleCodeParams, response: { 200: BundleAdminView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => wf.getBundleForAdmin(app.db, callerOf(req), req.params.code));

  app.post('/api/v1/admin/bundles', {
    schema: { tags, summary: '新建一件事(草稿)Create a bundle as a draft', body: Type.Unknown(), response: { 201: BundleAdminView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req, reply) => reply.status(201).send(await wf.createBundle(app.db, callerOf(req), req.body)));

  app.put('/api/v1/admin/bundles/:code/draft', {
    schema: { tags, summary: '保存草稿 Save the draft of a bundle', params: BundleCodeParams, body: Type.Unknown(), response: { 200: BundleAdminView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => wf.saveDraft(app.db, callerOf(req), req.params.code, req.body));

  app.post('/api/v1/admin/bundles/:code/publish', {
    schema: { tags, summary: '发布 Publish the draft (validated against the catalog again)', params: BundleCodeParams, response: { 200: BundleAdminView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => wf.publishBundle(app.db, callerOf(req), req.params.code));

  app.get('/api/v1/admin/bundles/verify', {
    schema: { tags, summary: '校验联办过程记录 Verify the bundle cases’ event chains', querystring: BundleVerifyQuery, response: { 200: BundleChainReportView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => wf.verifyBundleEvents(app.db, { bundleId: req.query.bundleId }));
}
