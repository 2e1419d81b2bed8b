import { errorResponses } from '../../platform/contract.js';
import { AppError } from '../../platform/errors.js';
import { callerOf, type App } from '../../platform/http.js';
import {
  AppealBody,
  BundleParams,
  CardList,
  CaseParams,
  CaseRatingBody,
  CaseRatings,
  DecideBody,
  EscalationBody,
  FigureQuery,
  FigureSet,
  FollowUpBody,
  GeneralRatingBody,
  PublicFigureQuery,
  PublicFigures,
  PublicRatingView,
  PublicRegions,
  RatingOptions,
  RatingParams,
  RatingView,
  RectificationList,
  RectificationQuery,
  RectificationView,
  RectifyBody,
  RegionParams,
  SettingsBody,
  SettingsView,
  TokenParams,
  TokenRatingBody,
  TokenSubject,
  VerifyBody,
} from './contract.js';
import { figures, getRectification, listRectifications, publicRatings, publicRegions, rectificationCards } from './queries.js';
import { appeal, decideAppeal, decideEscalation, followUp, rectify, verify } from './rectification.js';
import { LEVEL_NAMES, LEVELS, isBad, optionsOf } from './rules.js';
import { bundleRatings, rateBundle } from './bundle.js';
import { caseRatings, rateByToken, rateCase, rateGeneral, tokenSubject } from './service.js';
import { putSettings, settingsFor } from './settings.js';

const tags = ['ratings'];
const STAFF = ['admin', 'supervisor', 'approver', 'window_clerk'] as const;

export default async function ratingRoutes(app: App) {
  const env = { now: () => app.clock.now() };
  const secret = app.config.secret;
  const publicLimit = { rateLimit: { max: app.config.loginRateLimit ?? 30, timeWindow: '1 minute' } };

  app.get('/api/v1/rating-options', {
    schema: { tags, summary: '评价等级及选项 The five levels and their options', response: { 200: RatingOptions } },
  }, async () => ({ levels: [...LEVELS].reverse().map((level) => ({ level, name: LEVEL_NAMES[level], bad: isBad(level), options: optionsOf(level) })) }));

  app.post('/api/v1/cases/:caseId/ratings', {
    schema: { tags, summary: '评价办件 Rate a case (online: the applicant; window: the 评价器; supervision: 监督查评)', params: CaseParams, body: CaseRatingBody, response: { 201: RatingView, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req, reply) => reply.status(201).send(await rateCase(app.db, env, callerOf(req), req.params.caseId, req.body)));

  app.get('/api/v1/cases/:caseId/ratings', {
    schema: { tags, summary: '办件的评价 A case’s ratings and which stages are open', params: CaseParams, response: { 200: CaseRatings, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => caseRatings(app.db, env, callerOf(req), req.params.caseId));

  app.post('/api/v1/bundle-cases/:bundleId/ratings', {
    schema: { tags, summary: '评价一件事 Rate a 一件事 as a whole (after 受理 and after 办结), bound to its lead department', params: BundleParams, body: CaseRatingBody, response: { 201: RatingView, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req, reply) => reply.status(201).send(await rateBundle(app.db, env, callerOf(req), req.params.bundleId, req.body)));

  app.get('/api/v1/bundle-cases/:bundleId/ratings', {
    schema: { tags, summary: '一件事的评价 A bundle case’s ratings and which stages are open', params: BundleParams, response: { 200: CaseRatings, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => bundleRatings(app.db, env, callerOf(req), req.params.bundleId));

  app.post('/api/v1/ratings/general', {
    schema: { tags, summary: '综合点评 Review an item or a department', body: GeneralRatingBody, response: { 201: RatingView, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req, reply) => reply.status(201).send(await rateGeneral(app.db, env, callerOf(req), req.body)));

  app.get('/api/v1/public/ratings/qr/:token', {
    schema: { tags, summary: '扫码评价:办件信息 What the QR code on a notice rates (public)', params: TokenParams, response: { 200: TokenSubject, ...errorResponses, 429: errorResponses[400] } },
    config: publicLimit,
  }, async (req) => tokenSubject(app.db, env, secret, req.params.token));

  app.post('/api/v1/public/ratings/qr/:token', {
    schema: { tags, summary: '扫码评价 Rate through the QR code on a notice (public)', params: TokenParams, body: TokenRatingBody, response: { 201: PublicRatingView, ...errorResponses, 429: errorResponses[400] } },
    config: publicLimit,
  }, async (req, reply) => reply.status(201).send(await rateByToken(app.db, env, secret, req.params.token, req.body)));

  app.get('/api/v1/rectifications', {
    schema: { tags, summary: '差评整改 The department’s 差评 inbox; supervisors: the region’s, its cards and appeals', querystring: RectificationQuery, response: { 200: RectificationList, ...errorResponses } },
    preHandler: app.auth([...STAFF]),
  }, async (req) => ({ items: await listRectifications(app.db, callerOf(req), { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }, env.now()) }));

  app.get('/api/v1/rectifications/cards', {
    schema: { tags, summary: '差评整改红黄牌 Red and yellow cards per department', response: { 200: CardList, ...errorResponses } },
    preHandler: app.auth(['supervisor', 'admin']),
  }, async (req) => ({ items: await rectificationCards(app.db, callerOf(req), env.now()) }));

  app.get('/api/v1/rectifications/:ratingId', {
    schema: { tags, summary: '一条差评整改 One rectification', params: RatingParams, response: { 200: RectificationView, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => getRectification(app.db, callerOf(req), req.params.ratingId, env.now()));

  const present = async (req: { params: { ratingId: string } } & Parameters<typeof callerOf>[0]) => getRectification(app.db, callerOf(req), req.params.ratingId, env.now());

  app.post('/api/v1/rectifications/:ratingId/verify', {
    schema: { tags, summary: '核实 Verify and classify (立行立改 / 限期整改 / 解释说明), answering the rater', params: RatingParams, body: VerifyBody, response: { 200: RectificationView, ...errorResponses } },
    preHandler: app.auth(['approver', 'window_clerk']),
  }, async (req) => {
    await verify(app.db, env, callerOf(req), req.params.ratingId, req.body);
    return present(req);
  });

  app.post('/api/v1/rectifications/:ratingId/rectify', {
    schema: { tags, summary: '整改 Record the rectification', params: RatingParams, body: RectifyBody, response: { 200: RectificationView, ...errorResponses } },
    preHandler: app.auth(['approver', 'window_clerk']),
  }, async (req) => {
    await rectify(app.db, env, callerOf(req), req.params.ratingId, req.body);
    return present(req);
  });

  app.post('/api/v1/rectifications/:ratingId/follow-up', {
    schema: { tags, summary: '回访 Whether the rater is satisfied (the rater online, or a supervisor by phone)', params: RatingParams, body: FollowUpBody, response: { 200: RectificationView, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => {
    await followUp(app.db, env, callerOf(req), req.params.ratingId, req.body);
    return present(req);
  });

  app.post('/api/v1/rectifications/:ratingId/appeal', {
    schema: { tags, summary: '申诉 Appeal a 恶意/误评 rating', params: RatingParams, body: AppealBody, response: { 200: RectificationView, ...errorResponses } },
    preHandler: app.auth(['approver', 'window_clerk']),
  }, async (req) => {
    await appeal(app.db, env, callerOf(req), req.params.ratingId, req.body);
    return present(req);
  });

  app.post('/api/v1/rectifications/:ratingId/appeal/decide', {
    schema: { tags, summary: '复核 Decide an appeal (supervisor); upheld excludes the rating from the figures', params: RatingParams, body: DecideBody, response: { 200: RectificationView, ...errorResponses } },
    preHandler: app.auth(['supervisor']),
  }, async (req) => {
    await decideAppeal(app.db, env, callerOf(req), req.params.ratingId, req.body);
    return present(req);
  });

  app.post('/api/v1/rectifications/:ratingId/escalation/decide', {
    schema: { tags, summary: '督办决定 Close an item the rater stayed unsatisfied with after it was reopened (supervisor)', params: RatingParams, body: EscalationBody, response: { 200: RectificationView, ...errorResponses } },
    preHandler: app.auth(['supervisor']),
  }, async (req) => {
    await decideEscalation(app.db, env, callerOf(req), req.params.ratingId, req.body);
    return present(req);
  });

  app.get('/api/v1/rating-figures', {
    schema: { tags, summary: '好差评统计 Figures by department, region, item or month (from the rollups)', querystring: FigureQuery, response: { 200: FigureSet, ...errorResponses } },
    preHandler: app.auth(['supervisor', 'admin']),
  }, async (req) => {
    const caller = callerOf(req);
    const regionCode = req.query.regionCode ?? caller.regionCode;
    if (!regionCode) throw new AppError('OUT_OF_SCOPE');
    return figures(app.db, caller, { regionCode, from: req.query.from, to: req.query.to, by: req.query.by ?? 'department' });
  });

  app.get('/api/v1/public/ratings', {
    schema: { tags, summary: '双公开 Public figures per department and the status of every 差评 (no personal data)', querystring: PublicFigureQuery, response: { 200: PublicFigures, ...errorResponses, 429: errorResponses[400] } },
    config: publicLimit,
  }, async (req) => publicRatings(app.db, req.query));

  app.get('/api/v1/public/ratings/regions', {
    schema: { tags, summary: '双公开:地区 The regions the public page offers, from the org tree (public)', response: { 200: PublicRegions, ...errorResponses, 429: errorResponses[400] } },
    config: publicLimit,
  }, async () => publicRegions(app.db));

  app.get('/api/v1/rating-settings/:regionCode', {
    schema: { tags, summary: '评价设置 Rating period and rectification limits of a region', params: RegionParams, response: { 200: SettingsView, ...errorResponses } },
    preHandler: app.auth([...STAFF]),
  }, async (req) => settingsFor(app.db, req.params.regionCode));

  app.put('/api/v1/rating-settings/:regionCode', {
    schema: { tags, summary: '修改评价设置 Set a region’s rating period and limits (admin)', params: RegionParams, body: SettingsBody, response: { 200: SettingsView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => putSettings(app.db, callerOf(req), req.params.regionCode, req.body, env.now()));
}
