import { Type } from 'typebox';
import { errorResponses } from '../../platform/contract.js';
import { callerOf, STAFF_ROLES, type App } from '../../platform/http.js';
import {
  FileParams, GenerateBody, InboxList, MonthParams, RankingQuery, RankingView, RegionQuery, ReportIdParams, ReportList, ReportView, StatsQuery, StatsView, WallView, WeightsBody, WeightsView,
} from './contract.js';
import './errors.js';
import { ranking, setWeights, weightsFor } from './ranking.js';
import { FORMATS, generateReport, getReport, inbox, inboxPage, listReports, reportFile } from './report/service.js';
import { refreshRollups } from './rollup.js';
import { scopeRegion, statistics } from './stats.js';
import { wall } from './wall.js';

const tags = ['supervision'];
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the file' });
const SUPERVISORS = ['supervisor', 'admin'] as const;

export default async function supervisionRoutes(app: App) {
  const now = () => app.clock.now();
  // Reads catch the rollups up first (incremental, bounded); a refresh running elsewhere is not waited for.
  const catchUp = () => refreshRollups(app.db, { skipIfBusy: true, maxPages: 50 });
  // Figures only: served from the read replica when there is one (DATABASE_READ_URL), a few seconds of lag being
  // acceptable for a supervisor's statistics; the catch-up above writes, so it stays on the primary.
  const figures = app.dbh.read;

  app.get('/api/v1/supervision/statistics', {
    schema: { tags, summary: '办件统计 Case statistics by region, department, item, channel or period', querystring: StatsQuery, response: { 200: StatsView, ...errorResponses } },
    preHandler: app.auth(SUPERVISORS),
  }, async (req) => {
    await catchUp();
    return statistics(figures, callerOf(req), req.query);
  });

  app.get('/api/v1/supervision/ranking', {
    schema: { tags, summary: '考核排名 Ranking of departments or regions for a month, with last month', querystring: RankingQuery, response: { 200: RankingView, ...errorResponses } },
    preHandler: app.auth(SUPERVISORS),
  }, async (req) => {
    await catchUp();
    return ranking(figures, callerOf(req), { regionCode: req.query.regionCode, month: req.query.month, of: req.query.of ?? 'department' }, now());
  });

  app.get('/api/v1/supervision/ranking/weights', {
    schema: { tags, summary: '排名权重 The ranking weights in force', querystring: RegionQuery, response: { 200: WeightsView, ...errorResponses } },
    preHandler: app.auth(SUPERVISORS),
  }, async (req) => weightsFor(app.db, scopeRegion(callerOf(req), req.query.regionCode)));

  app.put('/api/v1/supervision/ranking/weights', {
    schema: { tags, summary: '设置排名权重 Set the ranking weights (administrators)', querystring: RegionQuery, body: WeightsBody, response: { 200: WeightsView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => setWeights(app.db, callerOf(req), req.query.regionCode, req.body));

  app.post('/api/v1/supervision/reports', {
    schema: { tags, summary: '生成每月考核通报 Generate (or regenerate) a month’s report', body: GenerateBody, response: { 201: ReportView, ...errorResponses } },
    preHandler: app.auth(SUPERVISORS),
  }, async (req, reply) => reply.status(201).send(await generateReport(app.db, callerOf(req), req.body, now())));

  app.get('/api/v1/supervision/reports', {
    schema: { tags, summary: '通报归档 Archived reports of a region', querystring: RegionQuery, response: { 200: ReportList, ...errorResponses } },
    preHandler: app.auth(SUPERVISORS),
  }, async (req) => listReports(app.db, callerOf(req), req.query.regionCode));

  app.get('/api/v1/supervision/reports/:month', {
    schema: { tags, summary: '一期通报及其数据 A month’s report with its figures', params: MonthParams, querystring: RegionQuery, response: { 200: ReportView, ...errorResponses } },
    preHandler: app.auth(SUPERVISORS),
  }, async (req) => getReport(app.db, callerOf(req), { regionCode: req.query.regionCode, month: req.params.month }));

  app.get('/api/v1/supervision/reports/:month/:format', {
    schema: { tags, summary: '下载通报 Download a report as docx, PDF or xlsx', params: FileParams, querystring: RegionQuery, response: { 200: Binary, ...errorResponses } },
    preHandler: app.auth(SUPERVISORS),
  }, async (req, reply) => {
    const f = await reportFile(app.db, callerOf(req), { regionCode: req.query.regionCode, month: req.params.month, format: req.params.format });
    return reply.type(FORMATS[req.params.format]).header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`).send(f.body);
  });

  app.get('/api/v1/supervision/inbox', {
    schema: { tags, summary: '部门收到的考核通报 Reports sent to the caller’s department', response: { 200: InboxList, ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => inbox(app.db, callerOf(req)));

  app.get('/api/v1/supervision/inbox/:id/pdf', {
    schema: { tags, summary: '本部门页 The department’s own page of a report (marks it read)', params: ReportIdParams, response: { 200: Binary, ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req, reply) => {
    const f = await inboxPage(app.db, callerOf(req), req.params.id, now());
    return reply.type('application/pdf').header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`).send(f.body);
  });

  app.get('/api/v1/supervision/wall', {
    schema: { tags, summary: '大屏 Today’s figures for the wall screen', querystring: RegionQuery, response: { 200: WallView, ...errorResponses } },
    preHandler: app.auth(SUPERVISORS),
  }, async (req) => wall(figures, callerOf(req), req.query, now(), app.db));
}
