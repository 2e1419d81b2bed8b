import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { Type } from 'typebox';
import type { Config } from './platform/config.js';
import { Clock } from './platform/clock.js';
import { FieldCipher } from './platform/crypto.js';
import { AppError } from './platform/errors.js';
import type { DbHandle } from './platform/db.js';
import { installErrorHandling, installValidation, type App } from './platform/http.js';
import { frameworkErrors, installEdgeGuards } from './platform/edge.js';
import { authPlugin, orgRoutes } from './modules/org/index.js';
import { catalogRoutes } from './modules/catalog/index.js';
import { calendarRoutes } from './modules/calendar/index.js';
import { ledgerRoutes } from './modules/ledger/index.js';
import { caseRoutes, installCaseHooks } from './modules/cases/index.js';
import { bundleRoutes } from './modules/workflow/index.js';
import { installLicenceHooks, licenceRoutes } from './modules/licences/index.js';
import { installRatingHooks, ratingRoutes } from './modules/ratings/index.js';
import { closeWork } from './platform/workers/pool.js';
import eventLogRoutes from './platform/event-log/routes.js';
import { supervisionRoutes } from './modules/supervision/index.js';
import { hotlineRoutes } from './modules/hotline/index.js';
import { hotlineSupervisionFeed } from './modules/hotline/index.js';
import { ratingsSupervisionFeed } from './modules/ratings/index.js';
import { setSupervisionSources } from './modules/supervision/index.js';
import { inspectionRoutes } from './modules/inspection/index.js';
import { creditRoutes } from './modules/credit/index.js';
import { hallRoutes } from './modules/hall/index.js';
import { installRoutingHooks, routingRoutes } from './modules/routing/index.js';

export interface BuildOptions {
  config: Config;
  dbh: DbHandle;
  logger?: FastifyServerOptions['logger'];
}

const VERSION = '0.1.0';
const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../web/dist');

/**
 * Serves the built web app: one route per built file (their .br/.gz siblings sent when accepted), and
 * index.html for any other GET path so the browser's router handles /window, /admin/users …
 * A missing hashed asset stays a 404 rather than HTML, so a stale tab can say its page failed to load.
 */
async function serveWebApp(app: App): Promise<boolean> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/')) throw new AppError('NOT_FOUND');
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
  return true;
}

export async function buildServer({ config, dbh, logger }: BuildOptions): Promise<App> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.TONGBAN_TRUST_PROXY === '1',
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('dbh', dbh);
  app.decorate('db', dbh.db);
  if (config.databaseReadUrl && dbh.kind === 'pglite') app.log.warn('DATABASE_READ_URL ignored: the embedded PGlite has no replicas, every read uses it');
  else if (dbh.readReplica) app.log.info('supervision statistics, ranking and wall read from DATABASE_READ_URL (may lag the primary)');
  app.decorate('cipher', new FieldCipher(config.secret));
  app.decorate('clock', new Clock(config.testClock));

  installValidation(app);
  installErrorHandling(app);
  installEdgeGuards(app);
  // CPU-heavy jobs run in worker threads; their pool ends with the server.
  app.addHook('onClose', closeWork);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
      },
    },
  });
  await app.register(cookie, { secret: config.secret });
  await app.register(rateLimit, { global: false });
  // Per-file and per-request limits; modules check per-case totals themselves. One byte over the 20 MiB cap is
  // read, so a file cut at the limit is always larger than allowed and refused, whatever the stream's timing.
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024 + 1, files: 20, fields: 50 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'tongban 通办 API', version: VERSION, description: '一网通办 / 一窗通办 / 一事联办 政务服务平台接口' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tb_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  await app.register(authPlugin);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', {
    schema: { tags: ['platform'], summary: 'Process liveness', response: { 200: Type.Object({ status: Type.Literal('ok'), version: Type.String() }) } },
  }, async () => ({ status: 'ok' as const, version: VERSION }));

  app.get('/readyz', {
    schema: {
      tags: ['platform'],
      summary: 'Database reachable',
      response: {
        200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }),
        503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }),
      },
    },
  }, async (_req, reply) => {
    try {
      await dbh.query('SELECT 1');
      return { status: 'ready' as const, database: dbh.kind };
    } catch {
      return reply.status(503).send({ status: 'unavailable' as const, database: dbh.kind });
    }
  });

  if (config.testClock) {
    app.log.warn('TONGBAN_TEST_CLOCK=1: administrators can move the working-day clock; never set this in production');
    app.put('/api/v1/test/clock', {
      preHandler: app.auth(['admin']),
      schema: {
        tags: ['platform'],
        summary: 'Move the working-day clock forward (test servers only)',
        body: Type.Object({ at: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ now: Type.String(), offsetMs: Type.Number() }) },
      },
    }, async (req) => {
      app.clock.moveTo(new Date((req.body as { at: string }).at));
      return { now: app.clock.now().toISOString(), offsetMs: app.clock.offset };
    });
  }

  await app.register(orgRoutes);
  await app.register(calendarRoutes);
  await app.register(catalogRoutes);
  await app.register(ledgerRoutes);
  // Calendar changes move the clocks of running cases; the hook lives in cases, the trigger in calendar.
  installCaseHooks();
  await app.register(caseRoutes);
  // Also installs the hooks by which a child case's conclusion advances its bundle.
  await app.register(bundleRoutes);
  // A concluded case issues its result licence; a material given by licence number is checked (hooks in cases).
  installLicenceHooks(app.cipher);
  await app.register(licenceRoutes);
  // 好差评: 办结 records the case for 未评率, notices carry the rating QR code, the sweep invites unrated cases.
  installRatingHooks(config.secret, process.env.TONGBAN_PUBLIC_URL ?? `http://localhost:${config.port || 3000}`);
  await app.register(ratingRoutes);
  await app.register(eventLogRoutes);
  // 好差评 and 12345 feed the ranking, the monthly report and the wall, each from its own rollups.
  setSupervisionSources({ ratings: ratingsSupervisionFeed, hotline: hotlineSupervisionFeed });
  await app.register(supervisionRoutes);
  await app.register(hotlineRoutes);
  await app.register(inspectionRoutes);
  await app.register(creditRoutes);
  await app.register(hallRoutes);
  // 业务分发: a step served by a department system is dispatched from the outbox the case event writes (hook in cases).
  installRoutingHooks(config.secret);
  await app.register(routingRoutes);

  if (!(await serveWebApp(app))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send(
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>通办 tongban</title></head>` +
          `<body><main><h1>通办 tongban</h1><p>政务服务平台正在运行;网页尚未构建(npm run build:web)。The platform is running; the web app is not built yet (npm run build:web).</p>` +
          `<p><a href="/api/docs">接口文档 API documentation</a></p></main></body></html>`,
      ),
    );
  }

  return app;
}
