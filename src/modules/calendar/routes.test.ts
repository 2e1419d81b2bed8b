import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers/app.js';
import type { DbHandle } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { auditLog } from '../audit/schema.js';

// Invented dates for tests only: the 2027 notice has not been published (national-rules.md §8.5).
const FIXTURE_2027 = `国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至12日（周五）放假调休，共8天。2月20日（周六）上班。`;
const PASSWORD = 'Tongban@2026';

let app: App;
let dbh: DbHandle;

/** The whole server on a fresh database with the seeded calendar. */
beforeAll(async () => {
  ({ app, dbh } = await testApp());
});

interface Res {
  statusCode: number;
  json(): any;
}

async function login(account: string) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { account, password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = `tb_session=${res.cookies.find((c) => c.name === 'tb_session')!.value}`;
  const csrf = res.json().csrfToken as string;
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload ? { payload } : {}) });
  return { get: (url: string) => send('GET', url), post: (url: string, body: object) => send('POST', url, body), put: (url: string, body: object) => send('PUT', url, body) };
}

function expectError(res: Res, status: number, code: string) {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  expect(res.json()).toMatchObject({ code, message: expect.stringMatching(/[\u4e00-\u9fff]/), messageEn: expect.stringMatching(/[A-Za-z]/) });
}

describe('calendar routes for anyone logged in', () => {
  it('answers 401 without a session', async () => {
    expectError(await app.inject({ method: 'GET', url: '/api/v1/calendar/days/2026-10-10' }), 401, 'UNAUTHENTICATED');
    expectError(await app.inject({ method: 'GET', url: '/api/v1/calendar/due?from=2026-09-21T10:00:00%2B08:00&days=20' }), 401, 'UNAUTHENTICATED');
  });

  it('tells whether a day is a working day', async () => {
    const clerk = await login('clerk');
    const res = await clerk.get('/api/v1/calendar/days/2026-10-10');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ date: '2026-10-10', workday: true, kind: 'adjusted_workday', name: '国庆节', provisional: false });
    expectError(await clerk.get('/api/v1/calendar/days/yesterday'), 400, 'VALIDATION_FAILED');
    expectError(await clerk.get('/api/v1/calendar/days/2026-13-01'), 400, 'CALENDAR_DATE_INVALID');
    expectError(await clerk.get('/api/v1/calendar/days/2026-02-30'), 400, 'CALENDAR_DATE_INVALID');
    expectError(await clerk.get('/api/v1/calendar/days/2026-10-10?regionCode=12'), 400, 'VALIDATION_FAILED');
  });

  it('computes a due time in working days', async () => {
    const clerk = await login('clerk');
    const res = await clerk.get('/api/v1/calendar/due?from=2026-09-21T10:00:00%2B08:00&days=20');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ due: '2026-10-26T17:30:00+08:00', provisional: false });
    expect((await clerk.get('/api/v1/calendar/due?from=2026-09-21T10:00:00%2B08:00&days=0.5')).json().due).toBe('2026-09-21T15:00:00+08:00');
    expectError(await clerk.get('/api/v1/calendar/due?from=not-a-time-at-all&days=2'), 400, 'CALENDAR_INSTANT_INVALID');
    expectError(await clerk.get('/api/v1/calendar/due?from=2026-09-21T10:00:00%2B08:00&days=-1'), 400, 'VALIDATION_FAILED');
    expect((await clerk.get('/api/v1/calendar/office-hours')).json()).toMatchObject({ inheritedFrom: 'default' });
  });
});

describe('supervisor', () => {
  it('lists the years computed provisionally', async () => {
    const supervisor = await login('supervisor');
    const res = await supervisor.get('/api/v1/supervise/calendar/missing-years?from=2019&to=2027');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ regionCode: '000000', from: 2019, to: 2027, entered: [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026], missing: [2027] });
    expectError(await (await login('clerk')).get('/api/v1/supervise/calendar/missing-years'), 403, 'FORBIDDEN');
  });
});

describe('admin', () => {
  it('previews a notice, refuses a stale or unreadable one, and stores it on confirmation', async () => {
    const admin = await login('admin');
    const preview = await admin.post('/api/v1/admin/calendar/notices/preview', { year: 2027, text: FIXTURE_2027 });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({ confirmable: true, titleYear: 2027, adjustedWorkdays: ['2027-02-20'], problems: [] });
    expect((await admin.get('/api/v1/calendar/days/2027-02-08')).json()).toMatchObject({ workday: true, provisional: true });

    const unreadable = `${FIXTURE_2027}\n三、清明节：4月5日（周二）放假，共1天。`;
    const badPreview = (await admin.post('/api/v1/admin/calendar/notices/preview', { year: 2027, text: unreadable })).json();
    expect(badPreview.problems).toEqual([expect.objectContaining({ line: 4, text: '三、清明节:4月5日(周二)放假,共1天。' })]);
    const refused = await admin.post('/api/v1/admin/calendar/notices/confirm', { year: 2027, text: unreadable, previewHash: badPreview.previewHash });
    expectError(refused, 400, 'CALENDAR_NOTICE_UNREADABLE');
    expect(refused.json().details.problems).toHaveLength(1);
    expectError(await admin.post('/api/v1/admin/calendar/notices/confirm', { year: 2027, text: FIXTURE_2027, previewHash: 'x' }), 409, 'CALENDAR_PREVIEW_STALE');
    expectError(await admin.post('/api/v1/admin/calendar/notices/confirm', { year: 2027, text: FIXTURE_2027 }), 400, 'VALIDATION_FAILED');

    const confirmed = await admin.post('/api/v1/admin/calendar/notices/confirm', { year: 2027, text: FIXTURE_2027, previewHash: body.previewHash });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({ regionCode: '000000', year: 2027, holidays: 11, adjustedWorkdays: 1, recomputedCases: 0 });
    expect((await admin.get('/api/v1/calendar/days/2027-02-08')).json()).toMatchObject({ workday: false, kind: 'holiday', provisional: false });
    const audit = await dbh.db.select().from(auditLog).where(eq(auditLog.action, 'calendar.notice.confirm'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorName).toBe('系统管理员');

    const year = await admin.get('/api/v1/admin/calendar/years/2027');
    expect(year.statusCode).toBe(200);
    expect(year.json()).toMatchObject({ entered: true, enteredBy: { source: 'notice', sourceRef: '国务院办公厅关于2027年部分节假日安排的通知' } });
    expect(year.json().days).toHaveLength(12);
  });

  it('sets office hours and single days within its own region only', async () => {
    const admin = await login('admin');
    const set = await admin.put('/api/v1/admin/calendar/office-hours/421200', { periods: [{ start: '08:30', end: '12:00' }, { start: '14:30', end: '17:30' }] });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ regionCode: '421200', inheritedFrom: '421200', recomputedCases: 0 });
    const clerk = await login('clerk');
    expect((await clerk.get('/api/v1/calendar/due?from=2026-09-21T10:00:00%2B08:00&days=0.5&regionCode=421202')).json().due).toBe('2026-09-21T15:45:00+08:00');
    expectError(await admin.put('/api/v1/admin/calendar/office-hours/421200', { periods: [{ start: '12:00', end: '09:00' }] }), 400, 'CALENDAR_OFFICE_HOURS_INVALID');
    expectError(await admin.put('/api/v1/admin/calendar/office-hours/421200', { periods: [] }), 400, 'VALIDATION_FAILED');
    expectError(await admin.put('/api/v1/admin/calendar/office-hours/110000', { periods: [{ start: '09:00', end: '17:00' }] }), 403, 'OUT_OF_SCOPE');

    const day = await admin.put('/api/v1/admin/calendar/days/421202/2026-10-12', { kind: 'holiday', name: '地方假日(测试)' });
    expect(day.statusCode).toBe(200);
    expect((await clerk.get('/api/v1/calendar/days/2026-10-12?regionCode=421202')).json()).toMatchObject({ workday: false, kind: 'holiday' });
    expect((await clerk.get('/api/v1/calendar/days/2026-10-12')).json()).toMatchObject({ workday: true });
    expectError(await admin.put('/api/v1/admin/calendar/days/110000/2026-10-12', { kind: 'holiday' }), 403, 'OUT_OF_SCOPE');
    expectError(await admin.put('/api/v1/admin/calendar/days/421202/2026-10-12', { kind: 'nap' }), 400, 'VALIDATION_FAILED');
  });

  it('keeps the admin routes from other roles', async () => {
    const supervisor = await login('supervisor');
    expectError(await supervisor.post('/api/v1/admin/calendar/notices/preview', { year: 2027, text: FIXTURE_2027 }), 403, 'FORBIDDEN');
    expectError(await supervisor.get('/api/v1/admin/calendar/years/2026'), 403, 'FORBIDDEN');
  });
});
