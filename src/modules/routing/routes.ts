import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/contract.js';
import { AppError } from '../../platform/errors.js';
import { callerOf, type App } from '../../platform/http.js';
import { materialFile } from './deps.js';
import { receiveCallback, verifyCallback } from './callbacks.js';
import {
  CallbackAnswer,
  CallbackBody,
  DeliveryList,
  DeliveryQuery,
  DeliveryView,
  IdParams,
  MessageList,
  MessageQuery,
  RotateBody,
  StatusBody,
  SystemBody,
  SystemList,
  SystemView,
  SystemWithKey,
} from './contract.js';
import { listDeliveries, replay } from './dispatch.js';
import { loadSystem } from './service.js';
import { readMaterialToken, systemCaller } from './links.js';
import { listMessages } from './messages.js';
import * as svc from './service.js';

const tags = ['routing'];
const P = '/api/v1/routing';

export const CALLBACK_DESCRIPTION =
  'Signed with the department system’s key: headers x-routing-system (its id), x-routing-timestamp (ISO time, ±5 min) and ' +
  'x-routing-signature = hex(HMAC-SM3(key, timestamp + "\\n" + hex(SM3(raw body)))). During a key rotation’s grace period the old key is accepted too. ' +
  'A repeated messageId is answered with the first answer (same status and body, `duplicate: true` on success) and applies nothing. ' +
  '409 ROUTING_STEP_NOT_HELD: the step was not dispatched to this system or the case has left it; 409 CASE_STEP_CHANGED / CASE_STATE_CONFLICT: the case moved on.';

export default async function routingRoutes(app: App) {
  const env = (req: FastifyRequest) => ({ cipher: app.cipher, dataDir: app.config.dataDir, now: () => app.clock.now(), ip: req.ip });

  // Callbacks are signed over the raw body, so this scope keeps the body text beside the parsed JSON.
  await app.register(async (signed: App) => {
    signed.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
      (req as FastifyRequest & { rawBody?: string }).rawBody = body as string;
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError('BAD_JSON'), undefined);
      }
    });
    signed.post(`${P}/callbacks`, {
      schema: { tags, summary: '部门业务系统回调 A department system passes, returns, concludes or denies the step it holds', description: CALLBACK_DESCRIPTION, body: CallbackBody, response: { 200: CallbackAnswer, ...errorResponses } },
      // Before validation: a request that is not signed is refused (and logged) before its body is judged.
      preValidation: async (req) => {
        (req as FastifyRequest & { system?: unknown }).system = await verifyCallback(app.db, env(req), req.headers, (req as FastifyRequest & { rawBody?: string }).rawBody ?? '', req.ip);
      },
    }, async (req, reply) => {
      const system = (req as unknown as { system: Awaited<ReturnType<typeof verifyCallback>> }).system;
      const out = await receiveCallback(app.db, env(req), system, req.body, (req as FastifyRequest & { rawBody?: string }).rawBody ?? '', String(req.headers['x-routing-signature']));
      // The stored answer is replayed as it was first given, error or not.
      return reply.status(out.status as 200).send(out.body as never);
    });
  });

  app.get(`${P}/materials`, {
    schema: {
      tags, summary: '分发消息中的材料下载(签名链接,有效期内) A material of a dispatched case, by the signed link in the message',
      querystring: Type.Object({ token: Type.String({ minLength: 1, maxLength: 1000 }) }), produces: ['application/pdf', 'image/png', 'image/jpeg'], response: { 200: Type.Unknown(), ...errorResponses },
    },
  }, async (req, reply) => {
    const link = readMaterialToken(req.query.token, app.clock.now());
    const system = await loadSystem(app.db, link.systemId).catch(() => { throw new AppError('ROUTING_LINK_INVALID'); });
    if (system.status !== 'active') throw new AppError('ROUTING_LINK_INVALID');
    const f = await materialFile(app.db, env(req), systemCaller(system), link.caseId, link.materialId);
    return reply.type(f.mime).header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`).header('Cache-Control', 'private, no-store').send(f.content);
  });

  app.post(`${P}/systems`, {
    schema: { tags, summary: '登记部门业务系统(返回一次性密钥) Register a department system; its key is shown once', body: SystemBody, response: { 201: SystemWithKey, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req, reply) => reply.status(201).send(await svc.createSystem(app.db, env(req), callerOf(req), req.body)));

  app.get(`${P}/systems`, {
    schema: { tags, summary: '部门业务系统登记簿 Department systems in the administrator’s region', response: { 200: SystemList, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => ({ items: await svc.listSystems(app.db, callerOf(req)) }));

  app.post(`${P}/systems/:id/status`, {
    schema: { tags, summary: '停用或启用部门业务系统 Suspend or reactivate a department system', params: IdParams, body: StatusBody, response: { 200: SystemView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => svc.setStatus(app.db, env(req), callerOf(req), req.params.id, req.body.status));

  app.post(`${P}/systems/:id/rotate-key`, {
    schema: { tags, summary: '轮换密钥(旧密钥在宽限期内仍有效) Rotate the key; the old one stays valid for the grace period', params: IdParams, body: RotateBody, response: { 200: SystemWithKey, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => svc.rotateKey(app.db, env(req), callerOf(req), req.params.id, req.body));

  app.get(`${P}/deliveries`, {
    schema: { tags, summary: '分发消息(含死信) Deliveries, dead letters included', querystring: DeliveryQuery, response: { 200: DeliveryList, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => ({ items: await listDeliveries(app.db, callerOf(req), { state: req.query.state, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }) }));

  app.post(`${P}/deliveries/:id/replay`, {
    schema: { tags, summary: '重发死信 Replay a dead letter (same delivery id)', params: IdParams, response: { 200: DeliveryView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => replay(app.db, env(req), callerOf(req), req.params.id));

  app.get(`${P}/messages`, {
    schema: { tags, summary: '消息日志 The message log (hashes, tongban’s SM2 signatures)', querystring: MessageQuery, response: { 200: MessageList, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => listMessages(app.db, app.cipher, callerOf(req), { systemId: req.query.systemId, caseId: req.query.caseId, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));
}
