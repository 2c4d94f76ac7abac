import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import type { AppEnv } from './env';
import { errorResponse, notFound, onError } from './errors';
import { Metrics, metricsRoute, recordRequestMetrics } from './metrics';
import { requestContext } from './request-context';

/** Sample lines of one metric family, without comments. */
function samples(text: string, prefix: string) {
  return text.split('\n').filter((line) => line.startsWith(prefix));
}

describe('Metrics.render', () => {
  it('writes HELP and TYPE for every family and zero for unlabelled ones', () => {
    const text = new Metrics().render();
    for (const [name, type] of [
      ['plantkeep_http_requests_total', 'counter'],
      ['plantkeep_http_request_duration_seconds', 'histogram'],
      ['plantkeep_mutations_applied_total', 'counter'],
      ['plantkeep_mutations_rejected_total', 'counter'],
      ['plantkeep_shape_live_requests', 'gauge'],
    ]) {
      expect(text).toMatch(new RegExp(`^# HELP ${name} .+$`, 'm'));
      expect(text).toContain(`# TYPE ${name} ${type}\n`);
    }
    expect(text).toContain('\nplantkeep_mutations_applied_total 0\n');
    expect(text).toContain('\nplantkeep_shape_live_requests 0\n');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('counts mutations and tracks the live shape gauge', () => {
    const metrics = new Metrics();
    metrics.mutationApplied();
    metrics.mutationApplied(4);
    metrics.mutationRejected('CONFLICT');
    metrics.mutationRejected('CONFLICT');
    metrics.mutationRejected('AUTHZ');
    metrics.shapeLiveInc();
    metrics.shapeLiveInc();
    metrics.shapeLiveDec();
    const text = metrics.render();
    expect(text).toContain('\nplantkeep_mutations_applied_total 5\n');
    expect(text).toContain('\nplantkeep_mutations_rejected_total{code="CONFLICT"} 2\n');
    expect(text).toContain('\nplantkeep_mutations_rejected_total{code="AUTHZ"} 1\n');
    expect(text).toContain('\nplantkeep_shape_live_requests 1\n');
  });

  it('escapes label values', () => {
    const metrics = new Metrics();
    metrics.mutationRejected('a"b\\c\nd');
    expect(metrics.render()).toContain(
      'plantkeep_mutations_rejected_total{code="a\\"b\\\\c\\nd"} 1',
    );
  });

  it('renders cumulative buckets, +Inf, _sum and _count', () => {
    const metrics = new Metrics();
    metrics.recordRequest('GET', '/a', 200, 0.003);
    metrics.recordRequest('GET', '/a', 200, 0.2);
    metrics.recordRequest('GET', '/a', 200, 42);
    const lines = samples(metrics.render(), 'plantkeep_http_request_duration_seconds');
    expect(lines).toContain(
      'plantkeep_http_request_duration_seconds_bucket{method="GET",route="/a",le="0.005"} 1',
    );
    expect(lines).toContain(
      'plantkeep_http_request_duration_seconds_bucket{method="GET",route="/a",le="0.1"} 1',
    );
    expect(lines).toContain(
      'plantkeep_http_request_duration_seconds_bucket{method="GET",route="/a",le="0.25"} 2',
    );
    expect(lines).toContain(
      'plantkeep_http_request_duration_seconds_bucket{method="GET",route="/a",le="10"} 2',
    );
    expect(lines).toContain(
      'plantkeep_http_request_duration_seconds_bucket{method="GET",route="/a",le="+Inf"} 3',
    );
    expect(lines).toContain(
      'plantkeep_http_request_duration_seconds_sum{method="GET",route="/a"} 42.203',
    );
    expect(lines).toContain(
      'plantkeep_http_request_duration_seconds_count{method="GET",route="/a"} 3',
    );
    // 11 bounds + +Inf + _sum + _count.
    expect(lines).toHaveLength(14);
  });

  it('produces only well-formed sample lines', () => {
    const metrics = new Metrics();
    metrics.recordRequest('POST', '/v1/mutations', 201, 0.01);
    metrics.mutationRejected('VALIDATION');
    const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_]\w*="(\\.|[^"\\])*",?)*\})? \S+$/;
    for (const line of metrics.render().trimEnd().split('\n')) {
      if (line.startsWith('# ')) continue;
      expect(line).toMatch(sample);
    }
  });
});

describe('recordRequestMetrics', () => {
  function app(metrics: Metrics) {
    let t = 100;
    const app = new Hono<AppEnv>();
    app.use('*', requestContext(createLogger('silent')));
    app.use('*', recordRequestMetrics(metrics, { now: () => t }));
    const refuse: MiddlewareHandler<AppEnv> = (c) =>
      Promise.resolve(errorResponse(c, 'RATE_LIMIT', 'slow', 429));
    app.use('/v1/limited', refuse);
    app.get('/v1/work-orders/:id', (c) => {
      t += 0.03; // the handler "takes" 30 ms on the injected clock
      return c.json({ data: { id: c.req.param('id') } });
    });
    app.get('/v1/limited', (c) => c.text('never reached'));
    app.get('/v1/boom', () => {
      throw new Error('boom');
    });
    app.route('/', metricsRoute(metrics));
    app.notFound(notFound);
    app.onError(onError);
    return app;
  }

  it('labels by route pattern, not raw path', async () => {
    const metrics = new Metrics();
    const server = app(metrics);
    await server.request('/v1/work-orders/1');
    await server.request('/v1/work-orders/2');
    const text = metrics.render();
    expect(text).toContain(
      'plantkeep_http_requests_total{method="GET",route="/v1/work-orders/:id",status="200"} 2',
    );
    expect(text).not.toContain('/v1/work-orders/1"');
    expect(text).toContain(
      'plantkeep_http_request_duration_seconds_bucket{method="GET",route="/v1/work-orders/:id",le="0.025"} 0',
    );
    expect(text).toContain(
      'plantkeep_http_request_duration_seconds_bucket{method="GET",route="/v1/work-orders/:id",le="0.05"} 2',
    );
  });

  it('puts unmatched paths in one series and records errors with their status', async () => {
    const metrics = new Metrics();
    const server = app(metrics);
    await server.request('/wp-admin/setup.php');
    await server.request('/.env');
    await server.request('/v1/boom');
    await server.request('/v1/work-orders/1', { method: 'PROPFIND' });
    const text = metrics.render();
    expect(text).toContain(
      'plantkeep_http_requests_total{method="GET",route="unmatched",status="404"} 2',
    );
    expect(text).toContain(
      'plantkeep_http_requests_total{method="GET",route="/v1/boom",status="500"} 1',
    );
    expect(text).toContain(
      'plantkeep_http_requests_total{method="OTHER",route="unmatched",status="404"} 1',
    );
    expect(text).not.toContain('wp-admin');
  });

  it('attributes a middleware answer to the route the request was headed for', async () => {
    const metrics = new Metrics();
    await app(metrics).request('/v1/limited');
    expect(metrics.render()).toContain(
      'plantkeep_http_requests_total{method="GET",route="/v1/limited",status="429"} 1',
    );
  });

  it('serves the exposition at GET /metrics', async () => {
    const metrics = new Metrics();
    const server = app(metrics);
    await server.request('/v1/work-orders/1');
    const res = await server.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('route="/v1/work-orders/:id"');
  });
});

describe('metricsRoute with a token', () => {
  const server = () => {
    const app = new Hono<AppEnv>();
    app.use('*', requestContext(createLogger('silent')));
    app.route('/', metricsRoute(new Metrics(), { token: 'scrape-secret' }));
    return app;
  };

  it('refuses a scrape without the token', async () => {
    for (const authorization of [undefined, 'Bearer wrong', 'scrape-secret']) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const res = await server().request('/metrics', { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUTHN');
    }
  });

  it('serves a scrape with the token', async () => {
    const res = await server().request('/metrics', {
      headers: { authorization: 'Bearer scrape-secret' },
    });
    expect(res.status).toBe(200);
  });
});

describe('AC-3: metrics in production without a token', () => {
  const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, '/');
  const server = () => {
    const app = new Hono<AppEnv>();
    // Behind our own proxy, so X-Forwarded-For is trusted for everything else.
    app.use('*', requestContext(createLogger('silent'), true));
    app.route(
      '/',
      metricsRoute(new Metrics(), {
        token: config.metricsToken,
        loopbackOnly: config.metricsLoopbackOnly,
      }),
    );
    return app;
  };
  const scrape = (remoteAddress: string | undefined, headers: Record<string, string> = {}) =>
    server().request('/metrics', { headers }, { incoming: { socket: { remoteAddress } } });

  it('serves this machine (a loopback peer)', async () => {
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect((await scrape(peer)).status).toBe(200);
    }
  });

  it('refuses any other peer, whatever X-Forwarded-For says', async () => {
    for (const [peer, headers] of [
      ['203.0.113.9', {}],
      ['172.18.0.5', { 'x-forwarded-for': '127.0.0.1' }],
      [undefined, {}],
    ] as const) {
      const res = await scrape(peer, headers);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUTHZ');
    }
  });

  it('with METRICS_TOKEN, requires the token from everyone', async () => {
    const withToken = loadConfig(
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), METRICS_TOKEN: 't'.repeat(24) },
      '/',
    );
    expect(withToken.metricsLoopbackOnly).toBe(false);
    const app = new Hono<AppEnv>();
    app.use('*', requestContext(createLogger('silent')));
    app.route('/', metricsRoute(new Metrics(), { token: withToken.metricsToken }));
    const env = { incoming: { socket: { remoteAddress: '203.0.113.9' } } };
    expect((await app.request('/metrics', {}, env)).status).toBe(401);
    const ok = await app.request(
      '/metrics',
      { headers: { authorization: `Bearer ${'t'.repeat(24)}` } },
      env,
    );
    expect(ok.status).toBe(200);
  });

  it('development stays open; a short METRICS_TOKEN is a start-up error', () => {
    expect(loadConfig({}, '/').metricsLoopbackOnly).toBe(false);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' }, '/')).toThrow(/METRICS_TOKEN/);
  });
});
