/**
 * Guards at the HTTP edge that every route shares, so that malformed input becomes a coded 4xx in both languages
 * instead of reaching PostgreSQL (which refuses NUL bytes and invalid UTF-8 with an error that would be a 500).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, defineErrors } from './errors.js';

export const edgeErrors = defineErrors({
  BAD_URL: { status: 400, zh: '请求地址格式不正确', en: 'The request URL is malformed' },
  TEXT_INVALID_CHARACTER: { status: 400, zh: '提交的文字含有不允许的字符(空字符或无效的 Unicode)', en: 'The text contains a character that is not allowed (NUL or invalid Unicode)' },
  MULTIPART_INVALID: { status: 400, zh: '上传内容格式不正确', en: 'The multipart upload is malformed' },
});

// A NUL, or a UTF-16 surrogate not paired with its partner, cannot be stored as PostgreSQL text.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasForbiddenText(s: string): boolean {
  return FORBIDDEN.test(s);
}

/** The path of the first string (value or key) in a parsed input that PostgreSQL could not store, or null. */
export function forbiddenTextAt(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return hasForbiddenText(value) ? path || '(root)' : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${k}` : k;
    if (hasForbiddenText(k)) return at;
    const found = forbiddenTextAt(v, at, depth + 1);
    if (found) return found;
  }
  return null;
}

function checkParts(req: FastifyRequest): void {
  for (const [part, value] of [['params', req.params], ['query', req.query], ['body', req.body]] as const) {
    const field = forbiddenTextAt(value);
    if (field) throw new AppError('TEXT_INVALID_CHARACTER', { in: part, field });
  }
}

/** Runs before schema validation on every route, so a handler never sees text the database cannot hold. */
export function installEdgeGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => checkParts(req));
}

/** Fastify's own answers to a URL it cannot decode (`/api/v1/cases/%ZZ`), coded like every other error. */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const code = err.code === 'FST_ERR_BAD_URL' ? 'BAD_URL' : 'VALIDATION_FAILED';
  void reply.status(400).send(new AppError(code).toJSON());
}
