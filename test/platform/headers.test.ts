/**
 * Issue 21 point 6: the security headers of every page and API answer. The Content-Security-Policy allows no inline
 * or evaluated script and no framing by other sites; HSTS is sent on requests that came over TLS through a trusted
 * proxy (X-Forwarded-Proto: https).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  process.env.TONGBAN_TRUST_PROXY = '1';
  try {
    t = await testApp();
  } finally {
    delete process.env.TONGBAN_TRUST_PROXY;
  }
});

function csp(header: string | string[] | number | undefined): Map<string, string[]> {
  expect(typeof header).toBe('string');
  const out = new Map<string, string[]>();
  for (const part of String(header).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

describe('security headers', () => {
  for (const url of ['/healthz', '/api/v1/catalog/items', '/api/docs/static/index.html']) {
    it(`${url}: a CSP without inline or evaluated script, no framing, no sniffing`, async () => {
      const res = await t.app.inject({ method: 'GET', url, headers: { 'x-forwarded-proto': 'https' } });
      const policy = csp(res.headers['content-security-policy']);
      const scripts = policy.get('script-src') ?? policy.get('default-src')!;
      expect(scripts).toContain("'self'");
      expect(scripts).not.toContain("'unsafe-inline'");
      expect(scripts).not.toContain("'unsafe-eval'");
      expect(policy.get('script-src-attr')).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'self'"]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'self'"]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const hsts = String(res.headers['strict-transport-security']);
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(180 * 24 * 3600);
      expect(hsts).toContain('includeSubDomains');
    });
  }

  it('reads the client as https behind the trusted proxy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});
