import type { ErrorBody } from '@plantkeep/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { corsAllowList, exposedHeaders } from './cors';
import type { AppEnv } from './env';
import { requestContext } from './request-context';

const allowed = 'https://app.plantkeep.example';
const evil = 'https://evil.example';

function app() {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(createLogger('silent')));
  // Trailing slash on purpose: configured origins are normalised.
  app.use('*', corsAllowList([`${allowed}/`]));
  app.get('/v1/shape', (c) => c.json({ data: [] }, 200, { 'electric-handle': 'h1' }));
  app.post('/v1/mutations', (c) => c.json({ data: { ok: true } }));
  return app;
}

function preflight(origin: string) {
  return app().request('/v1/mutations', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

describe('corsAllowList', () => {
  it('answers a preflight from an allowed origin', async () => {
    const res = await preflight(allowed);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('access-control-allow-methods')).toBe(
      'GET, POST, PATCH, PUT, DELETE, OPTIONS',
    );
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('refuses a preflight from another origin with 403 AUTHZ', async () => {
    const res = await preflight(evil);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('AUTHZ');
    expect(body.error.requestId).toBeTruthy();
  });

  it('lets an allowed origin read the response and the Electric headers', async () => {
    const res = await app().request('/v1/shape', { headers: { origin: allowed } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(', ');
    expect(exposed).toEqual([...exposedHeaders]);
    expect(exposed).toContain('electric-handle');
    expect(exposed).toContain('electric-up-to-date');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives a disallowed origin no CORS headers (the browser withholds the response)', async () => {
    const res = await app().request('/v1/shape', { headers: { origin: evil } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('matches origins exactly', async () => {
    for (const origin of [`${allowed}:8443`, 'http://app.plantkeep.example', `${allowed}.evil`]) {
      const res = await app().request('/v1/shape', { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('leaves same-origin requests (no Origin header) alone', async () => {
    const res = await app().request('/v1/shape');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects a malformed allow-list entry at startup', () => {
    expect(() => corsAllowList(['app.example'])).toThrow(/not a URL/);
    expect(() => corsAllowList(['https://app.example/path'])).toThrow(/scheme/);
  });
});
