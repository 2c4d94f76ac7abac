import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import type { AppEnv } from './env';
import { notFound } from './errors';
import { requestContext } from './request-context';
import { securityHeaders, type SecurityHeadersOptions } from './security-headers';

function app(options?: SecurityHeadersOptions) {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(createLogger('silent')));
  app.use('*', securityHeaders(options));
  app.get('/', (c) => c.text('ok'));
  // A response with immutable headers, like one returned straight from fetch().
  app.get('/proxied', () => fetch('data:text/plain,proxied'));
  app.notFound(notFound);
  return app;
}

describe('securityHeaders', () => {
  it('sends the PWA content security policy and hardening headers', async () => {
    const res = await app().request('http://localhost/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("manifest-src 'self'");
    expect(csp).not.toMatch(/\s'unsafe-eval'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('permissions-policy')).toBe(
      'camera=(self), geolocation=(), microphone=()',
    );
  });

  it('also covers error responses', async () => {
    const res = await app().request('http://localhost/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('sends HSTS only over https by default', async () => {
    const plain = await app().request('http://localhost/');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const tls = await app().request('https://plantkeep.example/');
    expect(tls.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  });

  it('trusts X-Forwarded-Proto only when told to', async () => {
    const headers = { 'x-forwarded-proto': 'https' };
    const untrusted = await app().request('http://localhost/', { headers });
    expect(untrusted.headers.get('strict-transport-security')).toBeNull();
    const trusted = await app({ trustProxy: true }).request('http://localhost/', { headers });
    expect(trusted.headers.get('strict-transport-security')).not.toBeNull();
  });

  it('honours always / never', async () => {
    const always = await app({ hsts: 'always' }).request('http://localhost/');
    expect(always.headers.get('strict-transport-security')).not.toBeNull();
    const never = await app({ hsts: 'never' }).request('https://localhost/');
    expect(never.headers.get('strict-transport-security')).toBeNull();
  });

  it('works on responses whose headers are immutable', async () => {
    const res = await app().request('http://localhost/proxied');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
