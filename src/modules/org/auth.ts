import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { Role } from '../../platform/http.js';
import { resolveSession } from './service.js';

export const SESSION_COOKIE = 'tb_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Decorates `app.auth(roles)`: a preHandler that loads the session from the cookie, enforces idle expiry,
 * requires the session's CSRF token in a header on state-changing requests, and checks the role.
 */
export const authPlugin = fp(async function authPlugin(app: FastifyInstance) {
  app.decorateRequest('user', undefined);
  app.decorate('auth', (roles?: readonly Role[]) => async (req: FastifyRequest, reply: FastifyReply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('UNAUTHENTICATED');
    let session;
    try {
      session = await resolveSession(app.db, token);
    } catch (err) {
      if (err instanceof AppError && err.code === 'SESSION_EXPIRED') void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw err;
    }
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new AppError('CSRF_TOKEN_INVALID');
    }
    if (roles && !roles.some((r) => session.caller.roles.includes(r))) throw new AppError('FORBIDDEN', { requiredRoles: roles });
    req.user = session.caller;
  });
});
