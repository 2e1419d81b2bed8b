import { useCallback, useEffect, useRef, useState } from 'react';
import { hasMessage, translate, type Lang } from './i18n.js';

/** How long a request may take before the page gives up and says so, instead of spinning forever. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Codes the client raises itself when no coded answer came back from the server. */
export type ClientErrorCode = 'NETWORK_DOWN' | 'TIMEOUT' | 'BAD_RESPONSE';

export interface FieldIssue {
  field: string;
  /** The server's text for this field when it names one; otherwise the page shows a generic line. */
  code?: string;
  rule?: string;
}

/** An API failure in a shape every page can show in either language. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(opts: { code: string; status: number; messageZh: string; messageEn: string; details?: unknown }) {
    super(`${opts.code}: ${opts.messageEn}`);
    this.code = opts.code;
    this.status = opts.status;
    this.messageZh = opts.messageZh;
    this.messageEn = opts.messageEn;
    this.details = opts.details;
  }

  text(lang: Lang): string {
    return lang === 'zh' ? this.messageZh : this.messageEn;
  }

  /**
   * The fields this error concerns: a coded error names one (`details.field`), a schema validation failure
   * lists several (`details.fields[].field`).
   */
  get fields(): FieldIssue[] {
    const d = this.details as { field?: unknown; fields?: unknown } | undefined;
    if (!d || typeof d !== 'object') return [];
    if (typeof d.field === 'string') return [{ field: d.field, code: this.code }];
    if (Array.isArray(d.fields)) {
      return d.fields
        .filter((f): f is { field: string; rule?: string } => !!f && typeof f.field === 'string')
        .map((f) => ({ field: f.field, rule: f.rule }));
    }
    return [];
  }
}

function clientError(code: ClientErrorCode, status = 0): ApiError {
  const key = `error.${code}`;
  const messageZh = hasMessage(key) ? translate('zh', key) : code;
  const messageEn = hasMessage(key) ? translate('en', key) : code;
  return new ApiError({ code, status, messageZh, messageEn });
}

/** Any thrown value as an ApiError, so a page never shows a raw exception. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof DOMException && err.name === 'TimeoutError') return clientError('TIMEOUT');
  return clientError('NETWORK_DOWN');
}

export function errorMessage(err: unknown, lang: Lang): string {
  return asApiError(err).text(lang);
}

/** The message to show next to one field; a validation issue carries only a rule, so it gets a generic line. */
export function fieldMessage(err: ApiError, issue: FieldIssue, lang: Lang): string {
  if (issue.code) return err.text(lang);
  return translate(lang, issue.rule === 'required' ? 'error.fieldMissing' : 'error.fieldInvalid');
}

let csrfToken: string | null = null;

/** The session's CSRF token, sent back on every state-changing request (set on login and on /auth/me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Extra request headers, e.g. the Idempotency-Key of a submission. */
  headers?: Record<string, string>;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(method: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onAbort);
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  // A FormData body (file upload) sets its own multipart boundary.
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
      credentials: 'same-origin',
      signal: controller.signal,
    });
  } catch (err) {
    if (timedOut) throw clientError('TIMEOUT');
    if (opts.signal?.aborted) throw err;
    throw clientError('NETWORK_DOWN');
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (res.status === 204) return undefined as T;
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    // A proxy's HTML error page (502/504 while the server restarts) is an outage, not a coded error.
    throw clientError(res.status >= 500 || res.status === 0 ? 'NETWORK_DOWN' : 'BAD_RESPONSE', res.status);
  }
  if (!res.ok) {
    const e = json as { code?: unknown; message?: unknown; messageEn?: unknown; details?: unknown };
    if (typeof e?.code !== 'string') throw clientError('BAD_RESPONSE', res.status);
    throw new ApiError({
      code: e.code,
      status: res.status,
      messageZh: typeof e.message === 'string' ? e.message : e.code,
      messageEn: typeof e.messageEn === 'string' ? e.messageEn : e.code,
      details: e.details,
    });
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
  upload: <T>(path: string, form: FormData, opts?: RequestOptions) => request<T>('POST', path, form, opts),
};

/** A query string for a download link (an export the browser saves itself). */
export function urlWithQuery(path: string, query: RequestOptions['query']): string {
  return withQuery(path, query);
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for a view. Loading always ends, in data or in an error, because every request is bounded by
 * its timeout; a newer load or unmounting cancels the older one so a slow answer cannot overwrite a newer one.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (err) => !controller.signal.aborted && setState({ error: asApiError(err), loading: false }),
    );
    return () => controller.abort();
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
