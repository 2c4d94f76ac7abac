import type { ErrorBody } from '@plantkeep/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import type { AppEnv } from './env';
import { RateLimiter, rateLimit } from './rate-limit';
import { requestContext } from './request-context';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('RateLimiter', () => {
  it('allows `limit` hits per window, then refuses until the window ends', () => {
    const time = clock();
    const limiter = new RateLimiter({ limit: 3, windowMs: 60_000, now: time.now });
    expect(limiter.hit('a')).toMatchObject({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
    expect(limiter.hit('a')).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.hit('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit('a')).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 60 });

    time.advance(45_500);
    expect(limiter.hit('a')).toMatchObject({ allowed: false, retryAfterSeconds: 15 });
    time.advance(14_500);
    expect(limiter.hit('a')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('keeps keys independent and reset() clears one', () => {
    const time = clock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: time.now });
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('b').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(false);
    limiter.reset('a');
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('b').allowed).toBe(false);
  });

  it('never reports a Retry-After below one second', () => {
    const time = clock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: time.now });
    limiter.hit('a');
    time.advance(999);
    expect(limiter.hit('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it('prunes expired windows so memory stays bounded', () => {
    const time = clock();
    const limiter = new RateLimiter({ limit: 5, windowMs: 1000, now: time.now });
    for (let i = 0; i < 500; i++) limiter.hit(`ip-${i}`);
    expect(limiter.size).toBe(500);
    time.advance(1000);
    limiter.hit('late');
    expect(limiter.size).toBe(1);
  });

  it('evicts the oldest key when the cap is reached', () => {
    const time = clock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 3, now: time.now });
    for (const key of ['a', 'b', 'c']) {
      limiter.hit(key);
      time.advance(1);
    }
    limiter.hit('d');
    expect(limiter.size).toBe(3);
    // 'a' was forgotten, so it starts afresh; 'b' is still limited.
    expect(limiter.hit('b').allowed).toBe(false);
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.size).toBe(3);
  });

  it('rejects nonsense options', () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1000 })).toThrow();
    expect(() => new RateLimiter({ limit: 1, windowMs: 0 })).toThrow();
  });
});

describe('rateLimit middleware', () => {
  function app(limiter: RateLimiter) {
    const app = new Hono<AppEnv>();
    app.use('*', requestContext(createLogger('silent')));
    app.use('/login', rateLimit({ limiter, key: (c) => c.req.header('x-client') ?? undefined }));
    app.post('/login', (c) => c.json({ data: { ok: true } }));
    return app;
  }

  it('reports the allowance, then answers 429 RATE_LIMIT with Retry-After', async () => {
    const time = clock();
    const limiter = new RateLimiter({ limit: 2, windowMs: 30_000, now: time.now });
    const server = app(limiter);
    const send = () =>
      server.request('/login', { method: 'POST', headers: { 'x-client': '10.0.0.1' } });

    const first = await send();
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect(first.headers.get('retry-after')).toBeNull();
    expect((await send()).status).toBe(200);

    time.advance(10_000);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(refused.headers.get('ratelimit-limit')).toBe('2');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe('RATE_LIMIT');
    expect(body.error.requestId).toBeTruthy();

    time.advance(20_000);
    expect((await send()).status).toBe(200);
  });

  it('accepts an async key function', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: clock().now });
    const server = new Hono<AppEnv>();
    server.use('*', requestContext(createLogger('silent')));
    server.use('*', rateLimit({ limiter, key: (c) => Promise.resolve(c.req.header('x-client')) }));
    server.get('/', (c) => c.text('ok'));
    const send = () => server.request('/', { headers: { 'x-client': 'a' } });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(429);
  });

  it('skips requests the key function cannot attribute', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: clock().now });
    const server = app(limiter);
    for (let i = 0; i < 3; i++) {
      const res = await server.request('/login', { method: 'POST' });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});
