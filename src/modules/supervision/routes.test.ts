import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { caseTestApp, type CaseTestApp, type Client } from '../cases/testing.js';
import { closeRenderPool } from './report/pool.js';
import { SECTIONS } from './report/data.js';

let t: CaseTestApp;
let person: Client;
let clerk: Client;
let approver: Client;
let supervisor: Client;
let admin: Client;
let file: string;
/** The applicant's two online cases, concluded in the month: the live-sources test rates them. */
const rateable: string[] = [];

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function expectError(res: { statusCode: number; body: string; json(): any }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messageEn).toMatch(/[A-Za-z]/);
}

async function upload(c: Client): Promise<string> {
  const boundary = '----supBoundary';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/octet-stream\r\n\r\n`), PDF, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await c.request('POST', '/api/v1/cases/files', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function apply(channel: string, by: Client = person) {
  const f = by === person ? file : await upload(by);
  const applicant = by === person ? {} : { applicant: { kind: 'person', name: '张三', idNumber: '421202199001011232', mobile: '13900000001' } };
  const res = await by.post('/api/v1/cases', { itemId: t.itemIds['421202-TEST-A'], channel, form: { name: '张三的小店', kind: 'a' }, materials: [{ requirement: 0, fileId: f }, { requirement: 1, fileId: f }], ...applicant });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function conclude(id: string) {
  for (const [c, action, body] of [
    [clerk, 'accept', undefined],
    [approver, 'steps/pass', { step: 0 }],
    [approver, 'conclude', { step: 1, decision: 'approve', text: '准予' }],
  ] as const) {
    const res = await c.post(`/api/v1/cases/${id}/${action}`, body);
    expect(res.statusCode, res.body).toBe(200);
  }
}

/** The test server's clock, moved forward by the test-clock route. */
async function moveClock(at: Date) {
  const res = await admin.put('/api/v1/test/clock', { at: at.toISOString() });
  expect(res.statusCode, res.body).toBe(200);
}

const month = '2027-03';

beforeAll(async () => {
  t = await caseTestApp(await testDbHandle(), { testClock: true });
  [person, clerk, approver, supervisor, admin] = await Promise.all([t.login('421202199001011232'), t.login('clerk'), t.login('approver'), t.login('supervisor'), t.login('admin')]);
  file = await upload(person);
  // A fixed month in the test clock's future, so the late conclusion below stays in it whatever today is.
  await moveClock(new Date('2027-03-01T02:00:00Z'));
  // Two on time (one online, one filed at the window), one concluded after its 5-working-day limit, one open.
  const first = await apply('online');
  await conclude(first);
  rateable.push(first);
  await conclude(await apply('window', clerk));
  const late = await apply('online');
  const accepted = await clerk.post(`/api/v1/cases/${late}/accept`);
  expect(accepted.statusCode).toBe(200);
  rateable.push(late);
  await apply('mobile');
  await moveClock(new Date('2027-03-15T02:00:00Z'));
  for (const [action, body] of [['steps/pass', { step: 0 }], ['conclude', { step: 1, decision: 'approve', text: '准予' }]] as const) {
    expect((await approver.post(`/api/v1/cases/${late}/${action}`, body)).statusCode).toBe(200);
  }
}, 300_000);

afterAll(async () => {
  await closeRenderPool();
});

describe('statistics', () => {
  it('sums the rollups for the region, with drill-down, and counts the overdue case in working days', async () => {
    const year = month.slice(0, 4);
    const res = await supervisor.get(`/api/v1/supervision/statistics?period=${year}&groupBy=region`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.total).toMatchObject({ applications: 4, accepted: 3, concluded: 3, overdue: 1, onTimeRate: 2 / 3, onlineRate: 3 / 4, onceDoneRate: 1 });
    expect(s.total.overdueDays).toBeGreaterThan(0);
    expect(s.total.avgLimitDays).toBe(5);
    // The window filing is a visit: 2 of 3 concluded cases had none.
    expect(s.total.zeroVisitRate).toBeCloseTo(2 / 3);
    expect(s.groups).toEqual([expect.objectContaining({ key: '421202', name: '咸安区', drill: '421202' })]);
    const county = (await supervisor.get(`/api/v1/supervision/statistics?period=${year}&regionCode=421202&groupBy=item`)).json();
    expect(county.groups).toEqual([expect.objectContaining({ key: '421202-TEST-A', figures: expect.objectContaining({ applications: 4 }) })]);
    const channels = (await supervisor.get(`/api/v1/supervision/statistics?period=${year}&groupBy=channel`)).json();
    expect(Object.fromEntries(channels.groups.map((g: any) => [g.key, g.figures.applications]))).toEqual({ online: 2, window: 1, mobile: 1 });
  });

  it('refuses bad periods, other regions and applicants', async () => {
    expectError(await supervisor.get('/api/v1/supervision/statistics?period=2026-13'), 400, 'SUPERVISION_PERIOD_INVALID');
    expectError(await supervisor.get('/api/v1/supervision/statistics?period=2026&regionCode=420100'), 403, 'OUT_OF_SCOPE');
    expect((await person.get('/api/v1/supervision/statistics?period=2026')).statusCode).toBe(403);
  });
});

describe('ranking', () => {
  it('explains each score by its parts and leaves out parts without data', async () => {
    const r = (await supervisor.get(`/api/v1/supervision/ranking?month=${month}`)).json();
    // Ratings and 12345 are plugged in (server.ts) but have nothing this month yet.
    expect(r.weights.find((w: any) => w.part === 'goodRating')).toMatchObject({ weight: 25, applied: true, reason: null });
    const scjg = r.units.find((u: any) => u.parts.some((p: any) => p.part === 'onTime' && p.applied));
    expect(scjg.parts.find((p: any) => p.part === 'goodRating')).toMatchObject({ applied: false, reason: 'no_data' });
    expect(scjg.rank).toBe(1);
    // 按期办结率 2/3 at weight 30 and 网办率 3/4 at 15, rescaled to the applied 45.
    expect(scjg.score).toBeCloseTo((30 * (2 / 3) + 15 * 0.75) / 45 * 100, 1);
    expect(scjg.parts.reduce((s: number, p: any) => s + (p.points ?? 0), 0)).toBeCloseTo(scjg.score, 1);
  });

  it('lets an administrator change the weights, and no one else', async () => {
    expect((await supervisor.put('/api/v1/supervision/ranking/weights', { onTime: 50, goodRating: 0, rectification: 0, online: 50, hotlineSatisfaction: 0 })).statusCode).toBe(403);
    expectError(await admin.put('/api/v1/supervision/ranking/weights?regionCode=421200', { onTime: 0, goodRating: 0, rectification: 0, online: 0, hotlineSatisfaction: 0 }), 400, 'SUPERVISION_WEIGHTS_INVALID');
    const ok = await admin.put('/api/v1/supervision/ranking/weights?regionCode=421200', { onTime: 50, goodRating: 0, rectification: 0, online: 50, hotlineSatisfaction: 0 });
    expect(ok.statusCode, ok.body).toBe(200);
    const r = (await supervisor.get(`/api/v1/supervision/ranking?month=${month}`)).json();
    const scjg = r.units.find((u: any) => u.rank === 1);
    expect(scjg.score).toBeCloseTo(((2 / 3) * 50 + 0.75 * 50), 1);
  });
});

describe('monthly report', () => {
  it('renders docx, PDF and xlsx with the sections and figures, archives them and fills the department inbox', async () => {
    const res = await supervisor.post('/api/v1/supervision/reports', { month });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report.number).toMatch(/〔\d{4}〕\d+号/);
    const list = (await supervisor.get('/api/v1/supervision/reports')).json();
    expect(list.map((r: any) => r.period)).toEqual([month]);
    const docx = await supervisor.request('GET', `/api/v1/supervision/reports/${month}/docx`);
    expect(docx.statusCode).toBe(200);
    const text = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
    for (const title of Object.values(SECTIONS)) expect(text).toContain(title);
    expect(text).toContain(report.title);
    // 双随机 (inspection) is the one module not in the platform yet.
    expect(text).toContain(`${SECTIONS.inspection}\n\n本平台尚未接入该模块`);
    expect(text).toContain('收到评价 0 条');
    expect(text).toContain('12345热线工单 0 件');
    expect(text).toContain('66.67%');
    const pdf = await supervisor.request('GET', `/api/v1/supervision/reports/${month}/pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    writeFileSync(join(dir, 'r.pdf'), pdf.rawPayload);
    const pdfText = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const title of Object.values(SECTIONS)) expect(pdfText).toContain(title.replace(/\s+/g, ''));
    expect(pdfText).toContain('66.67%');
    const xlsx = await supervisor.request('GET', `/api/v1/supervision/reports/${month}/xlsx`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const inbox = (await approver.get('/api/v1/supervision/inbox')).json();
    expect(inbox).toEqual([expect.objectContaining({ period: month, readAt: null })]);
    const page = await approver.request('GET', `/api/v1/supervision/inbox/${inbox[0].reportId}/pdf`);
    expect(page.statusCode).toBe(200);
    writeFileSync(join(dir, 'd.pdf'), page.rawPayload);
    expect(execFileSync('pdftotext', [join(dir, 'd.pdf'), '-'], { encoding: 'utf8' })).toContain('本部门考核得分');
    expect((await approver.get('/api/v1/supervision/inbox')).json()[0].readAt).not.toBeNull();
    expectError(await supervisor.get('/api/v1/supervision/reports/2020-01/pdf'), 404, 'SUPERVISION_REPORT_NOT_FOUND');
    expectError(await supervisor.post('/api/v1/supervision/reports', { month: '2999-01' }), 400, 'SUPERVISION_MONTH_INVALID');
  }, 120_000);
});

describe('wall screen', () => {
  it('shows today’s figures, cards, and this month’s ratings and 12345', async () => {
    const w = (await supervisor.get('/api/v1/supervision/wall')).json();
    expect(w.month.applications).toBe(4);
    expect(w.cards).toEqual({ red: expect.any(Number), yellow: expect.any(Number) });
    expect(w.ratings).toMatchObject({ rated: expect.any(Number) });
    expect(w.hotline).toMatchObject({ orders: expect.any(Number) });
  });
});

describe('live sources: 好差评 and 12345', () => {
  const scjgOf = (r: any, id: string) => r.units.find((u: any) => u.key === id);
  const part = (u: any, p: string) => u.parts.find((x: any) => x.part === p);

  it('a rating and a 12345 work order change the ranking’s parts and the report’s sections', async () => {
    // Back to the default weights (the test above set others for the city).
    const w = await admin.put('/api/v1/supervision/ranking/weights?regionCode=421200', { onTime: 30, goodRating: 25, rectification: 15, online: 15, hotlineSatisfaction: 15 });
    expect(w.statusCode, w.body).toBe(200);
    const dept = (await supervisor.get(`/api/v1/supervision/ranking?month=${month}`)).json().units.find((u: any) => part(u, 'onTime').applied).key as string;
    const before = scjgOf((await supervisor.get(`/api/v1/supervision/ranking?month=${month}`)).json(), dept);
    expect(part(before, 'goodRating')).toMatchObject({ applied: false, reason: 'no_data' });
    expect(part(before, 'hotlineSatisfaction')).toMatchObject({ applied: false, reason: 'no_data' });

    // The applicant rates one concluded case 非常满意 and the other 非常不满意: 好评率 1/2, no 差评 rectified yet.
    const good = await person.post(`/api/v1/cases/${rateable[0]}/ratings`, { channel: 'online', stage: 'conclude', level: 5 });
    expect(good.statusCode, good.body).toBe(201);
    const bad = await person.post(`/api/v1/cases/${rateable[1]}/ratings`, { channel: 'online', stage: 'conclude', level: 1, options: ['slow'], comment: '办得太慢了' });
    expect(bad.statusCode, bad.body).toBe(201);

    // A 12345 complaint dispatched to the same department, replied, closed and rated 满意 at 回访.
    const operator = await t.login('operator');
    const o = await operator.post('/api/v1/hotline/orders', {
      category: 'complaint', subjectCode: 'CS01', regionCode: '421202', callerName: '王小明', callerPhone: '13912345678',
      location: '咸安区温泉路 12 号', title: '窗口办事排队太久', description: '市场监管窗口排队两个小时。',
    });
    expect(o.statusCode, o.body).toBe(201);
    const id = o.json().id;
    for (const [c, path, body] of [
      [operator, 'dispatch', { departmentId: dept }],
      [approver, 'reply', { answer: '已增加窗口并公开排队情况' }],
      [operator, 'close', {}],
      [operator, 'follow-up', { result: 'satisfied' }],
    ] as const) {
      const r = await c.post(`/api/v1/hotline/orders/${id}/${path}`, body);
      expect(r.statusCode, `${path}: ${r.body}`).toBe(200);
    }

    const after = scjgOf((await supervisor.get(`/api/v1/supervision/ranking?month=${month}`)).json(), dept);
    expect(part(after, 'goodRating')).toMatchObject({ applied: true, value: 0.5 });
    expect(part(after, 'rectification')).toMatchObject({ applied: true, value: 0 });
    expect(part(after, 'hotlineSatisfaction')).toMatchObject({ applied: true, value: 1 });
    // All five parts now count, over the full 100: 30×2/3 + 25×½ + 15×0 + 15×¾ + 15×1.
    expect(after.score).toBeCloseTo(30 * (2 / 3) + 25 * 0.5 + 15 * 0.75 + 15, 1);
    expect(after.score).not.toBeCloseTo(before.score, 1);
    // The regions ranking gets the same parts for the county.
    const county = (await supervisor.get(`/api/v1/supervision/ranking?month=${month}&of=region`)).json().units.find((u: any) => u.key === '421202');
    expect(part(county, 'goodRating')).toMatchObject({ applied: true, value: 0.5 });
    expect(part(county, 'hotlineSatisfaction')).toMatchObject({ applied: true, value: 1 });

    const res = await supervisor.post('/api/v1/supervision/reports', { month });
    expect(res.statusCode, res.body).toBe(201);
    const docx = await supervisor.request('GET', `/api/v1/supervision/reports/${month}/docx`);
    const text = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
    expect(text).toContain('收到评价 2 条,好评率 50.00%,差评整改率 0.00%。');
    expect(text).toContain('12345热线工单 1 件,办结 1 件,按时办结率 100.00%,群众满意率 100.00%。');

    const wall = (await supervisor.get('/api/v1/supervision/wall')).json();
    expect(wall.ratings).toMatchObject({ rated: 2, goodRate: 0.5 });
    expect(wall.hotline).toMatchObject({ orders: 1, closed: 1, satisfactionRate: 1 });
  }, 180_000);
});
