import { errorResponses } from '../../platform/contract.js';
import { callerOf, type App } from '../../platform/http.js';
import {
  DateParams,
  DayInfoView,
  DayParams,
  DueQuery,
  DueView,
  MissingYearsQuery,
  MissingYearsView,
  NoticeConfirmBody,
  NoticeConfirmView,
  NoticePreviewBody,
  NoticePreviewView,
  OfficeHoursView,
  RegionOnlyQuery,
  RegionParams,
  SetDayBody,
  SetDayView,
  SetOfficeHoursBody,
  SetOfficeHoursView,
  YearParams,
  YearViewSchema,
} from './contract.js';
import { authorizeCalendarEdit } from './policy.js';
import { NATIONAL_REGION } from './seed.js';
import * as calendar from './service.js';

const tags = ['calendar'];

export default async function calendarRoutes(app: App) {
  app.get('/api/v1/calendar/days/:date', {
    schema: { tags, summary: '某日是否工作日 Day info', params: DateParams, querystring: RegionOnlyQuery, response: { 200: DayInfoView, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => calendar.getDayInfo(app.db, req.params.date, req.query.regionCode ?? NATIONAL_REGION));

  app.get('/api/v1/calendar/due', {
    schema: { tags, summary: '按工作日计算到期时间 Due time of a limit in working days', querystring: DueQuery, response: { 200: DueView, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => calendar.computeDue(app.db, { from: req.query.from, days: req.query.days, regionCode: req.query.regionCode }));

  app.get('/api/v1/calendar/office-hours', {
    schema: { tags, summary: '办公时间 Office hours', querystring: RegionOnlyQuery, response: { 200: OfficeHoursView, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => calendar.getOfficeHours(app.db, req.query.regionCode ?? NATIONAL_REGION));

  app.get('/api/v1/supervise/calendar/missing-years', {
    schema: { tags, summary: '未录入节假日安排的年份 Years not entered (computed provisionally)', querystring: MissingYearsQuery, response: { 200: MissingYearsView, ...errorResponses } },
    preHandler: app.auth(['supervisor', 'admin']),
  }, async (req) => calendar.listMissingYears(app.db, req.query.regionCode ?? NATIONAL_REGION, { from: req.query.from, to: req.query.to }));

  app.get('/api/v1/admin/calendar/years/:year', {
    schema: { tags, summary: '年度工作日历 Year view', params: YearParams, querystring: RegionOnlyQuery, response: { 200: YearViewSchema, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => calendar.yearView(app.db, req.query.regionCode ?? NATIONAL_REGION, req.params.year));

  app.post('/api/v1/admin/calendar/notices/preview', {
    schema: { tags, summary: '预览节假日通知 Preview a holiday notice (stores nothing)', body: NoticePreviewBody, response: { 200: NoticePreviewView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => {
    authorizeCalendarEdit(callerOf(req), req.body.regionCode ?? NATIONAL_REGION);
    return calendar.previewNotice(app.db, req.body);
  });

  app.post('/api/v1/admin/calendar/notices/confirm', {
    schema: { tags, summary: '确认导入节假日通知 Store a previewed holiday notice', body: NoticeConfirmBody, response: { 200: NoticeConfirmView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => {
    const caller = callerOf(req);
    authorizeCalendarEdit(caller, req.body.regionCode ?? NATIONAL_REGION);
    return calendar.confirmNotice(app.db, caller, req.body, { ip: req.ip });
  });

  app.put('/api/v1/admin/calendar/office-hours/:regionCode', {
    schema: { tags, summary: '设置办公时间 Set office hours', params: RegionParams, body: SetOfficeHoursBody, response: { 200: SetOfficeHoursView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => {
    const caller = callerOf(req);
    authorizeCalendarEdit(caller, req.params.regionCode);
    return calendar.setOfficeHours(app.db, caller, req.params.regionCode, req.body.periods, { ip: req.ip });
  });

  app.put('/api/v1/admin/calendar/days/:regionCode/:date', {
    schema: { tags, summary: '调整某日 Set one day for a region', params: DayParams, body: SetDayBody, response: { 200: SetDayView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => {
    const caller = callerOf(req);
    authorizeCalendarEdit(caller, req.params.regionCode);
    return calendar.setDay(app.db, caller, { ...req.params, kind: req.body.kind, name: req.body.name, note: req.body.note }, { ip: req.ip });
  });
}
