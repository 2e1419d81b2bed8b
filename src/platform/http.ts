import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv, type Options as AjvOptions } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { DbHandle } from './db.js';
import { AppError } from './errors.js';
import type { FieldCipher } from './crypto.js';

export type Role = 'applicant_person' | 'applicant_enterprise' | 'window_clerk' | 'approver' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['applicant_person', 'applicant_enterprise', 'window_clerk', 'approver', 'supervisor', 'admin'];
export const STAFF_ROLES: readonly Role[] = ['window_clerk', 'approver', 'supervisor', 'admin'];

/** The authenticated caller, as every route and policy sees it. */
export interface Caller {
  id: string;
  kind: 'person' | 'enterprise' | 'staff';
  displayName: string;
  roles: Role[];
  regionCode: string | null;
  departmentId: string | null;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    dbh: DbHandle;
    db: DbHandle['db'];
    cipher: FieldCipher;
    /** "Now" for working-day clocks (see platform/clock.ts). */
    clock: Clock;
    /** preHandler: requires a session (and one of the roles, when given) and a CSRF token on unsafe methods. */
    auth: (roles?: readonly Role[]) => preHandlerHookHandler;
  }
  interface FastifyRequest {
    user?: Caller;
  }
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** The caller of a route that ran `app.auth`; a route without it has no caller and this throws. */
export function callerOf(req: FastifyRequest): Caller {
  if (!req.user) throw new AppError('UNAUTHENTICATED');
  return req.user;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(options: AjvOptions): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, ...options });
  addFormats(ajv);
  return ajv;
}

/**
 * Bodies are validated strictly (no type coercion, unknown fields rejected rather than silently dropped);
 * query strings and path params arrive as text, so they are coerced.
 */
export function installValidation(app: FastifyInstance): void {
  const strict = makeAjv({ coerceTypes: false, removeAdditional: false });
  const lenient = makeAjv({ coerceTypes: 'array', removeAdditional: false });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(hardenSchema(schema)) : lenient.compile(hardenSchema(schema)),
  );
}

const INT32 = 2 ** 31 - 1;

/**
 * Two rules every route's input obeys without each schema repeating them: required text (minLength ≥ 1, no
 * pattern of its own) must contain a non-space character, so "   " is no 不予受理 reason; and an integer without
 * bounds stays within PostgreSQL's integer, so 2^31 in a path or offset is a 400 rather than a database error.
 */
export function hardenSchema<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(hardenSchema) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) out[k] = hardenSchema(v);
  const types = ([] as unknown[]).concat(out.type ?? []);
  if (types.includes('string') && typeof out.minLength === 'number' && out.minLength >= 1 && out.pattern === undefined && out.format === undefined && out.enum === undefined && out.const === undefined) {
    out.pattern = '\\S';
  }
  if (types.includes('integer')) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INT32;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -INT32 - 1;
  }
  return out as T;
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldOf(issue: ValidationIssue): string {
  const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const extra = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  return [path, extra].filter(Boolean).join('.') || '(root)';
}

export function toAppError(err: FastifyError & { validation?: ValidationIssue[]; validationContext?: string }): AppError {
  if (err instanceof AppError) return err;
  if (err.validation) {
    return new AppError('VALIDATION_FAILED', {
      in: err.validationContext,
      fields: err.validation.map((issue) => ({ field: fieldOf(issue), rule: issue.keyword, message: issue.message })),
    });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('BAD_JSON');
  }
  if (isDatabaseUnavailable(err)) return new AppError('DATABASE_UNAVAILABLE');
  if (err.statusCode === 429) return new AppError('RATE_LIMITED');
  if (err.statusCode === 404) return new AppError('NOT_FOUND');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', { reason: err.message });
  }
  return new AppError('INTERNAL');
}

// SQLSTATE classes 08 (connection exception) and 57P0x (the server shutting down or starting), and the socket
// errors node-postgres raises when the server went away mid-query: the database is back in seconds, so the client
// is told to retry rather than handed a 500.
const UNAVAILABLE_SQLSTATE = /^(08\d{3}|57P0[1-4]|53300)$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE = /Connection terminated|connection timeout|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection due to administrator command/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  // Drizzle wraps the driver's error; follow the causes a few levels down.
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/** Seconds a client should wait before retrying, per code: what a 503 means is "not now", and when to come back. */
const RETRY_AFTER: Record<string, number> = { DATABASE_UNAVAILABLE: 5, WORK_BUSY: 10 };

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(err);
    if (appError.code === 'DATABASE_UNAVAILABLE') req.log.warn({ err: { message: err.message, code: err.code } }, 'database unavailable');
    else if (appError.status >= 500) req.log.error({ err }, 'request failed');
    const retryAfter = RETRY_AFTER[appError.code];
    if (retryAfter) void reply.header('retry-after', String(retryAfter));
    void reply.status(appError.status).send(appError.toJSON());
  });
  app.setNotFoundHandler((_req, reply) => {
    void reply.status(404).send(new AppError('NOT_FOUND').toJSON());
  });
}
