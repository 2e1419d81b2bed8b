import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/contract.js';
import { AppError } from '../../platform/errors.js';
import { callerOf, STAFF_ROLES, type App } from '../../platform/http.js';
import { listen } from './bus.js';
import {
  CaseParams, DeskView, DisplayView, FiguresQuery, FiguresView, FinishBody, HallBody, HallParams, HallPatch, HallQuery, HallView, IdParams,
  TakeBody, TicketView, TransferBody, TypeBody, WaitingView, WindowBody, WindowPatch,
} from './contract.js';
import * as hall from './service.js';

const tags = ['hall'];
const P = '/api/v1/hall';
const PUBLIC = '/api/v1/public/hall';
const MANAGERS = ['admin', 'supervisor'] as const;
/** Open display streams per process; beyond this a screen is told to retry rather than exhaust the server. */
const MAX_STREAMS = 2000;
const HEARTBEAT_MS = 20_000;


export default async function hallRoutes(app: App) {
  const now = () => app.clock.now();
  // A kiosk takes every walk-in's number from one address, so its limit is a busy hall's, not a login form's.
  const takeLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };
  const readLimit = { rateLimit: { max: 600, timeWindow: '1 minute' } };

  // ---- administration ----
  app.get(`${P}/halls`, {
    schema: { tags, summary: '政务服务大厅列表 Halls (of a region)', querystring: HallQuery, response: { 200: Type.Array(HallView), ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => hall.listHalls(app.db, { regionCode: req.query.regionCode }));
  app.post(`${P}/halls`, {
    schema: { tags, summary: '新建大厅 Create a hall', body: HallBody, response: { 201: HallView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req, reply) => reply.status(201).send(await hall.createHall(app.db, callerOf(req), req.body)));
  app.patch(`${P}/halls/:id`, {
    schema: { tags, summary: '修改大厅(含超时提醒分钟数) Change a hall, its yellow/red waiting limits too', params: IdParams, body: HallPatch, response: { 200: HallView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => hall.updateHall(app.db, callerOf(req), req.params.id, req.body));
  app.post(`${P}/halls/:id/types`, {
    schema: { tags, summary: '新增业务类型(对应事项) Add a business type mapped to catalog items', params: IdParams, body: TypeBody, response: { 201: HallView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req, reply) => reply.status(201).send(await hall.createType(app.db, callerOf(req), req.params.id, req.body)));
  app.post(`${P}/halls/:id/windows`, {
    schema: { tags, summary: '新增窗口 Add a window, its staff and the types it serves', params: IdParams, body: WindowBody, response: { 201: HallView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req, reply) => reply.status(201).send(await hall.createWindow(app.db, callerOf(req), req.params.id, req.body)));
  app.patch(`${P}/windows/:id`, {
    schema: { tags, summary: '修改窗口 Change a window', params: IdParams, body: WindowPatch, response: { 200: HallView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => hall.updateWindow(app.db, callerOf(req), req.params.id, req.body));

  // ---- taking a number (no login) ----
  app.get(`${PUBLIC}/halls/:hallId`, {
    schema: { tags, summary: '取号机:大厅与业务类型 The hall and its business types, for the kiosk and the phone page (public)', params: HallParams, response: { 200: HallView, ...errorResponses, 429: errorResponses[400] } },
    config: readLimit,
  }, async (req) => hall.getHall(app.db, req.params.hallId));
  app.post(`${PUBLIC}/halls/:hallId/tickets`, {
    schema: { tags, summary: '取号 Take a number at the kiosk or on the phone (public)', params: HallParams, body: TakeBody, response: { 201: TicketView, ...errorResponses, 429: errorResponses[400] } },
    config: takeLimit,
  }, async (req, reply) => reply.status(201).send(await hall.takeTicket(app.db, now(), req.params.hallId, req.body)));
  app.get(`${PUBLIC}/tickets/:id`, {
    schema: { tags, summary: '号票状态 A ticket’s status, for the phone that took it (public; the id is the secret)', params: IdParams, response: { 200: TicketView, ...errorResponses, 429: errorResponses[400] } },
    config: readLimit,
  }, async (req) => hall.getTicket(app.db, req.params.id));

  // ---- the display ----
  app.get(`${PUBLIC}/halls/:hallId/display`, {
    schema: { tags, summary: '大屏:当前叫号与等候人数 The big screen’s state (public)', params: HallParams, response: { 200: DisplayView, ...errorResponses, 429: errorResponses[400] } },
    config: readLimit,
  }, async (req) => hall.display(app.db, req.params.hallId, now()));

  const streams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of [...streams]) end();
  });
  app.get(`${PUBLIC}/halls/:hallId/events`, {
    schema: {
      tags, summary: '大屏叫号推送(server-sent events) Calls as server-sent events (public)',
      description: 'text/event-stream: `event: call` with a CallView as data on each call and recall; a comment line every 20 s keeps proxies from closing the stream.',
      params: HallParams, response: { 200: Type.String(), ...errorResponses, 429: errorResponses[400] },
    },
    config: readLimit,
  }, async (req, reply) => {
    await hall.hallExists(app.db, req.params.hallId);
    if (streams.size >= MAX_STREAMS) throw new AppError('HALL_STREAMS_FULL');
    reply.hijack();
    const res: ServerResponse = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    const off = listen(req.params.hallId, (call) => {
      res.write(`event: call\ndata: ${JSON.stringify(call)}\n\n`);
    });
    const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // The heartbeat alone must never keep a stopping process alive.
    beat.unref();
    const end = () => {
      if (!streams.delete(end)) return;
      off();
      clearInterval(beat);
      if (!res.writableEnded) res.end();
    };
    streams.add(end);
    req.raw.on('close', end);
    res.on('error', end);
  });

  // ---- the window ----
  app.get(`${P}/my-windows`, {
    schema: { tags, summary: '我值守的窗口 The windows the caller staffs, each with its ticket in hand', response: { 200: Type.Array(DeskView), ...errorResponses } },
    preHandler: app.auth(['window_clerk']),
  }, async (req) => hall.myWindows(app.db, callerOf(req)));
  app.get(`${P}/windows/:id/desk`, {
    schema: { tags, summary: '窗口叫号台 One window’s desk', params: IdParams, response: { 200: DeskView, ...errorResponses } },
    preHandler: app.auth(['window_clerk']),
  }, async (req) => hall.desk(app.db, callerOf(req), req.params.id));
  app.post(`${P}/windows/:id/call-next`, {
    schema: { tags, summary: '叫号(本窗口可办类型中等候最久者) Call the next number', params: IdParams, response: { 200: TicketView, ...errorResponses } },
    preHandler: app.auth(['window_clerk']),
  }, async (req) => hall.callNext(app.db, now(), callerOf(req), req.params.id));

  const action = (path: string, summary: string, run: hall.TicketActionName, body?: typeof TransferBody | typeof FinishBody) =>
    app.post(`${P}/tickets/:id/${path}`, {
      schema: { tags, summary, params: IdParams, ...(body ? { body } : {}), response: { 200: TicketView, ...errorResponses } },
      preHandler: app.auth(['window_clerk']),
    }, async (req) => hall.act(app.db, now(), callerOf(req), (req.params as { id: string }).id, run, (req.body ?? {}) as { windowId?: string; caseId?: string }));
  action('recall', '重呼 Recall the number', 'recall');
  action('start', '开始办理 The applicant came: start serving', 'start');
  action('skip', '过号 Skip the number', 'skip');
  action('no-show', '未到 Mark as no-show', 'noShow');
  action('transfer', '转窗口 Transfer to another window of the hall', 'transfer', TransferBody);
  action('finish', '办结(可关联窗口受理的办件) Finish, with the case filed for it', 'finish', FinishBody);

  app.get(`${P}/cases/:caseId/ticket`, {
    schema: { tags, summary: '办件的取号记录 The ticket a case was filed from', params: CaseParams, response: { 200: TicketView, ...errorResponses } },
    preHandler: app.auth(STAFF_ROLES),
  }, async (req) => hall.ticketOfCase(app.db, callerOf(req), req.params.caseId));

  // ---- supervision ----
  app.get(`${P}/figures`, {
    schema: { tags, summary: '等候与办理时长:按业务类型、窗口、时段 Waiting and service time by type, window and hour', querystring: FiguresQuery, response: { 200: FiguresView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => hall.figures(app.db, callerOf(req), req.query));
  app.get(`${P}/halls/:id/waiting`, {
    schema: { tags, summary: '等候中的号(超时黄牌、红牌) Waiting tickets with yellow/red cards', params: IdParams, response: { 200: WaitingView, ...errorResponses } },
    preHandler: app.auth(MANAGERS),
  }, async (req) => hall.waitingTickets(app.db, callerOf(req), req.params.id, now()));
}
