import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from './env';
import { errorResponse } from './errors';
import { fromLoopback } from './request-context';

/**
 * A hand-written Prometheus registry: five fixed metrics do not justify prom-client. Output is
 * the text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/).
 */

type Labels = Record<string, string>;

export const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function header(name: string, help: string, type: string): string[] {
  return [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`];
}

/** Counter or gauge: one number per label set, keyed by the rendered label string. */
class Series {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: 'counter' | 'gauge',
    /** Unlabelled metrics render 0 before their first update, so dashboards see them. */
    unlabelled: boolean,
  ) {
    if (unlabelled) this.values.set('', 0);
  }
  add(labels: Labels, delta: number): void {
    const key = formatLabels(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + delta);
  }
  get(labels: Labels = {}): number {
    return this.values.get(formatLabels(labels)) ?? 0;
  }
  render(): string[] {
    const lines = header(this.name, this.help, this.type);
    for (const [key, value] of this.values) lines.push(`${this.name}${key} ${formatValue(value)}`);
    return lines;
  }
}

interface HistogramState {
  labels: Labels;
  buckets: number[];
  sum: number;
  count: number;
}

class Histogram {
  private readonly states = new Map<string, HistogramState>();
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly bounds: readonly number[],
  ) {}
  observe(labels: Labels, value: number): void {
    const key = formatLabels(labels);
    let state = this.states.get(key);
    if (state === undefined) {
      state = { labels, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.states.set(key, state);
    }
    // Stored non-cumulative; cumulated at render time as the format requires.
    const index = this.bounds.findIndex((bound) => value <= bound);
    if (index >= 0) state.buckets[index] = (state.buckets[index] ?? 0) + 1;
    state.sum += value;
    state.count += 1;
  }
  render(): string[] {
    const lines = header(this.name, this.help, 'histogram');
    for (const [key, state] of this.states) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += state.buckets[i] ?? 0;
        const le = formatLabels({ ...state.labels, le: formatValue(bound) });
        lines.push(`${this.name}_bucket${le} ${cumulative}`);
      });
      lines.push(
        `${this.name}_bucket${formatLabels({ ...state.labels, le: '+Inf' })} ${state.count}`,
      );
      lines.push(`${this.name}_sum${key} ${formatValue(state.sum)}`);
      lines.push(`${this.name}_count${key} ${state.count}`);
    }
    return lines;
  }
}

export class Metrics {
  readonly httpRequests = new Series(
    'plantkeep_http_requests_total',
    'HTTP requests answered, by method, route pattern and status.',
    'counter',
    false,
  );
  readonly httpDuration = new Histogram(
    'plantkeep_http_request_duration_seconds',
    'Time to produce the HTTP response (headers), by method and route pattern.',
    durationBuckets,
  );
  readonly mutationsApplied = new Series(
    'plantkeep_mutations_applied_total',
    'Client mutations applied to the database.',
    'counter',
    true,
  );
  readonly mutationsRejected = new Series(
    'plantkeep_mutations_rejected_total',
    'Client mutations rejected, by error code.',
    'counter',
    false,
  );
  readonly shapeLiveRequests = new Series(
    'plantkeep_shape_live_requests',
    'Shape (sync) long-poll requests currently held open.',
    'gauge',
    true,
  );

  recordRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.add({ method, route, status: String(status) }, 1);
    this.httpDuration.observe({ method, route }, seconds);
  }
  mutationApplied(count = 1): void {
    this.mutationsApplied.add({}, count);
  }
  mutationRejected(code: string): void {
    this.mutationsRejected.add({ code }, 1);
  }
  shapeLiveInc(): void {
    this.shapeLiveRequests.add({}, 1);
  }
  shapeLiveDec(): void {
    this.shapeLiveRequests.add({}, -1);
  }

  render(): string {
    const metrics = [
      this.httpRequests,
      this.httpDuration,
      this.mutationsApplied,
      this.mutationsRejected,
      this.shapeLiveRequests,
    ];
    return metrics.flatMap((metric) => metric.render()).join('\n') + '\n';
  }
}

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The route pattern that answered (e.g. `/v1/work-orders/:id`), never the raw path, so label
 * cardinality is bounded by the route table. Hono's deprecated `c.req.routePath` names the
 * *current* handler, which for a middleware is `*`; instead, after `next()` `routeIndex` points
 * at the last handler that ran: if a middleware answered (429, 413, 401...), the request is
 * attributed to the first route it was headed for. Only middleware matched → "unmatched".
 * (Middleware and `app.all` routes both register as method ALL, so `app.all` handlers count
 * as unmatched: register real endpoints with get/post/... or `openapi()`.)
 */
function routeOf(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c);
  const handler = routes.slice(c.req.routeIndex).find((route) => route.method !== 'ALL');
  return handler?.path ?? 'unmatched';
}

export interface RequestMetricsOptions {
  /** Seconds clock, injectable for tests. */
  now?: () => number;
}

/** Counts and times every request; mount early so errors and 404s are seen with their status. */
export function recordRequestMetrics(
  metrics: Metrics,
  { now = () => performance.now() / 1000 }: RequestMetricsOptions = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = now();
    await next();
    const method = knownMethods.has(c.req.method) ? c.req.method : 'OTHER';
    metrics.recordRequest(method, routeOf(c), c.res.status, now() - started);
  };
}

export interface MetricsRouteOptions {
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  token?: string;
  /** Without a token, serve only scrapes whose socket peer is this machine (production default). */
  loopbackOnly?: boolean;
}

/**
 * GET /metrics for Prometheus (SPEC AC-3). With a token, every scrape needs it; without one,
 * production serves only loopback peers (a proxy in front is not loopback, and a forwarded
 * address is never trusted for this), development serves everyone.
 */
export function metricsRoute(
  metrics: Metrics,
  { token, loopbackOnly = false }: MetricsRouteOptions = {},
) {
  // Compare digests so the check takes the same time whatever the length of the guess.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  return new Hono<AppEnv>().get('/metrics', (c) => {
    const sent = c.req.header('authorization') ?? '';
    if (expected !== undefined && !timingSafeEqual(digest(sent), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return errorResponse(c, 'AUTHN', 'A valid metrics token is required', 401);
    }
    if (expected === undefined && loopbackOnly && !fromLoopback(c)) {
      return errorResponse(
        c,
        'AUTHZ',
        'Metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere',
        403,
      );
    }
    return c.body(metrics.render(), 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  });
}
