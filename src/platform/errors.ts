/**
 * One catalog of coded errors. Each module declares its codes with `defineErrors`; the HTTP layer turns an
 * AppError into `{ code, message, messageEn, details }` with the declared status, so a code never lacks its text.
 */
export interface ErrorText {
  status: number;
  zh: string;
  en: string;
}

const catalog = new Map<string, ErrorText>();

export function defineErrors<const T extends Record<string, ErrorText>>(entries: T): { [K in keyof T]: K } {
  const codes = {} as { [K in keyof T]: K };
  for (const [code, text] of Object.entries(entries)) {
    const existing = catalog.get(code);
    if (existing && (existing.zh !== text.zh || existing.en !== text.en)) {
      throw new Error(`error code ${code} declared twice with different text`);
    }
    catalog.set(code, text);
    (codes as Record<string, string>)[code] = code;
  }
  return codes;
}

export function errorText(code: string): ErrorText | undefined {
  return catalog.get(code);
}

export function errorCatalog(): ReadonlyMap<string, ErrorText> {
  return catalog;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details?: unknown;

  constructor(code: string, details?: unknown) {
    const text = catalog.get(code);
    if (!text) throw new Error(`undeclared error code ${code}`);
    super(`${code}: ${text.en}`);
    this.code = code;
    this.status = text.status;
    this.messageZh = text.zh;
    this.messageEn = text.en;
    this.details = details;
  }

  toJSON() {
    return {
      code: this.code,
      message: this.messageZh,
      messageEn: this.messageEn,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export const platformErrors = defineErrors({
  VALIDATION_FAILED: { status: 400, zh: '提交的数据不符合要求', en: 'The request data is not valid' },
  BAD_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { status: 404, zh: '未找到请求的资源', en: 'The requested resource was not found' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in first' },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期,请重新登录', en: 'Your session has expired; please log in again' },
  CSRF_TOKEN_INVALID: { status: 403, zh: '安全校验失败,请刷新页面后重试', en: 'CSRF token missing or invalid; reload and try again' },
  FORBIDDEN: { status: 403, zh: '无权执行该操作', en: 'You are not allowed to do this' },
  OUT_OF_SCOPE: { status: 403, zh: '该记录不在您的数据权限范围内', en: 'This record is outside your data scope' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁,请稍后再试', en: 'Too many requests; try again later' },
  CONFLICT: { status: 409, zh: '操作冲突,请刷新后重试', en: 'Conflicting change; reload and try again' },
  INTERNAL: { status: 500, zh: '服务器内部错误,请稍后再试', en: 'Internal server error; try again later' },
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂不可用', en: 'The database is unavailable' },
});
