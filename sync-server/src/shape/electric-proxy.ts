import type { ErrorCode } from '@plantkeep/shared';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { errorResponse } from '../http/errors';

/**
 * What a client may sync, decided by the server alone (never by the client's query string).
 *
 * `where` is SQL in Electric's where-clause subset with positional placeholders `$1, $2, …`;
 * `params[i]` is the value of `$${i + 1}`. `columns` must include the primary key; an empty list
 * means "all columns" (Electric's default), an empty `where` means "no filter".
 *
 * @example
 * { table: 'work_orders', columns: ['id', 'tenant_id', 'title'],
 *   where: 'tenant_id = $1 AND requester_id = $2', params: [tenantId, userId] }
 */
export interface ShapeDefinition {
  table: string;
  columns: string[];
  where: string;
  params: string[];
}

export interface ElectricProxyOptions {
  /** Base URL of the Electric sync service, e.g. `http://electric:3000` (no `/v1/shape`). */
  electricUrl: string;
  /**
   * Electric's `ELECTRIC_SECRET`, sent upstream as the `secret` query parameter.
   *
   * Finding: Electric's HTTP API spec (electric-sql/electric, `website/electric-api.yaml`,
   * `components.parameters.secret`) documents `secret` as a query parameter "defined by the
   * ELECTRIC_SECRET configuration variable. This is required unless ELECTRIC_INSECURE is set to
   * true"; the same spec keeps `api_secret` only as `deprecated: true` — "Deprecated in favor of
   * the `secret` query parameter. Will be removed in v2". Electric Cloud uses the same `secret`
   * parameter (electric-sql.com/cloud/usage, alongside `source_id`), and Electric's proxy-auth
   * guide (the `electric-proxy-auth` skill shipped in @electric-sql/client) adds it server-side
   * in the proxy, never in the browser. We pin electricsql/electric 1.4.x (docker-compose.yml),
   * so we send `secret` only, never `api_secret`. A client-supplied `secret`/`api_secret` is
   * dropped like every other non-protocol parameter.
   */
  secret?: string;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /**
   * How long the upstream may stay silent: until its response headers arrive, and then between
   * two body chunks. Default 60 s. It must exceed Electric's ~20 s live long-poll (and its 21 s
   * SSE keep-alive interval), or healthy live requests would be cut off.
   */
  upstreamTimeoutMs?: number;
}

export interface ElectricProxy {
  forward(c: Context<AppEnv>, definition: ShapeDefinition): Promise<Response>;
}

/**
 * The Electric protocol parameters a client may set (they only say *where in* the shape log it
 * is, never *what* the shape is). This is `ELECTRIC_PROTOCOL_QUERY_PARAMS` of
 * `@electric-sql/client` without the `subset__*` family: subset snapshots let a client send its
 * own WHERE / ORDER BY / LIMIT / OFFSET (and `subset__params`) to run against the database. Electric
 * ANDs them with the shape's where, so they cannot widen access, but they are client-authored SQL
 * run on demand (query-cost and abuse surface), the embedded shape log does not implement them,
 * and our clients never request subsets. So in this version clients cannot shape subsets.
 */
export const forwardedProtocolParams = [
  'offset',
  'handle',
  'live',
  'cursor',
  'live_sse',
  'experimental_live_sse',
  'log',
  'expired_handle',
  'cache-buster',
] as const;

/** Upstream response headers passed to the client (plus every `electric-*` header and Vary). */
const keptResponseHeaders = new Set(['etag', 'cache-control', 'content-type', 'retry-after']);

/** Request headers passed upstream. Authorization, cookies and everything else stay here. */
const forwardedRequestHeaders = ['if-none-match', 'accept'] as const;

const defaultUpstreamTimeoutMs = 60_000;
/** Upstream error bodies are small JSON documents; never hold more than this in memory. */
const maxErrorBodyBytes = 64 * 1024;
/** nginx's "client closed request": nobody reads it, but logs and metrics stay honest. */
const clientClosedStatus = 499;

/**
 * Auth proxy in front of a real Electric sync service (`ELECTRIC_URL`). The caller authenticates
 * the request and decides the {@link ShapeDefinition}; `forward` turns it into one upstream
 * `GET ${electricUrl}/v1/shape` request and relays the answer.
 *
 * Request rules:
 * - Only {@link forwardedProtocolParams} are copied from the incoming query string (first value
 *   of each). `table`, `where`, `params[n]`, `columns` and `secret` come from the definition and
 *   options; anything else the client sends (`table`, `where`, `params[1]`, `columns`, `secret`,
 *   `api_secret`, `replica`, `subset__*`, unknown names) is never forwarded.
 * - Encoding follows `@electric-sql/client`: `params[1]=…&params[2]=…` (Electric's deepObject
 *   form), `columns` as a comma-separated list of always-quoted identifiers (`"id","tenant_id"`,
 *   inner `"` doubled). `table` is sent verbatim (it may be schema-qualified).
 * - Headers: only `If-None-Match` (Electric's etag revalidation) and `Accept` are forwarded, plus
 *   our `x-request-id` for correlation; never `Authorization` or cookies.
 * - The upstream request is cancelled when the client disconnects (the incoming request's abort
 *   signal, or cancellation of the response body) and when the upstream stays silent longer than
 *   `upstreamTimeoutMs` (before the headers, then between body chunks). Redirects are not followed.
 *
 * Response rules:
 * - 2xx, 304 and 409 (must-refetch) pass through: same status, body streamed chunk by chunk, never
 *   buffered (304/204 have no body). Kept headers: `electric-*`, `etag`, `cache-control`,
 *   `content-type`, `retry-after`; everything else is dropped — notably `content-encoding` and
 *   `content-length` (fetch has already decoded the body, so they would be wrong),
 *   `transfer-encoding`, `connection`, `set-cookie`, `location` and upstream CORS headers.
 *   `Vary: Authorization` is added (appended to the upstream Vary) since the shape depends on
 *   who asks.
 * - 400 (e.g. a bad offset or handle) keeps status 400 as our error body: code `VALIDATION`,
 *   details `{ upstream: <parsed JSON body, or its text> }` (the secret, if echoed, is redacted).
 * - 429 becomes our `RATE_LIMIT` error (429, `retry-after` kept).
 * - Upstream 5xx, any other 4xx (401/403 mean our secret is wrong) and 3xx: 503, code
 *   `INTERNAL`, "Sync service unavailable", details `{ upstreamStatus }`, `retry-after` kept. Our
 *   taxonomy has no 502, and 503 makes the Electric client back off and retry.
 * - Upstream unreachable or timed out before its headers: 503, code `INTERNAL`, "Sync service
 *   unavailable", details `{ reason: 'unreachable' | 'timeout' }`; no stack, no upstream URL.
 *   A timeout or failure after the headers can only end the stream with an error (the client
 *   sees a truncated response and retries from its last offset).
 * - The client went away before the upstream answered: a bodiless 499 that nobody reads.
 * Our own error responses carry `Cache-Control: no-store` and `Vary: Authorization`.
 */
export function createElectricProxy(options: ElectricProxyOptions): ElectricProxy {
  const shapeUrl = upstreamShapeUrl(options.electricUrl);
  const timeoutMs = options.upstreamTimeoutMs ?? defaultUpstreamTimeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new Error(`upstreamTimeoutMs must be a positive number of milliseconds`);
  }
  const secret = options.secret === '' ? undefined : options.secret;
  const fetchUpstream: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));

  function buildUrl(incoming: URL, definition: ShapeDefinition): URL {
    if (definition.table === '') throw new Error('ShapeDefinition.table must not be empty');
    const url = new URL(shapeUrl);
    const query = url.searchParams;
    query.set('table', definition.table);
    if (definition.columns.length > 0) {
      query.set('columns', definition.columns.map(quoteIdentifier).join(','));
    }
    if (definition.where !== '') query.set('where', definition.where);
    definition.params.forEach((value, index) => query.set(`params[${index + 1}]`, value));
    for (const name of forwardedProtocolParams) {
      const value = incoming.searchParams.get(name);
      if (value !== null) query.set(name, value);
    }
    if (secret !== undefined) query.set('secret', secret);
    return url;
  }

  function redact(text: string): string {
    return secret === undefined ? text : text.split(secret).join('[redacted]');
  }

  async function forward(c: Context<AppEnv>, definition: ShapeDefinition): Promise<Response> {
    const logger = c.get('logger');
    const requestId = c.get('requestId') as string | undefined;
    const url = buildUrl(new URL(c.req.url), definition);

    const headers = new Headers();
    for (const name of forwardedRequestHeaders) {
      const value = c.req.header(name);
      if (value !== undefined) headers.set(name, value);
    }
    if (requestId !== undefined) headers.set('x-request-id', requestId);

    // One controller for the whole exchange: client disconnect and silence both abort it.
    const upstreamAbort = new AbortController();
    let abortedBy: 'client' | 'timeout' | undefined;
    const clientSignal = c.req.raw.signal;
    const onClientAbort = () => {
      abortedBy ??= 'client';
      upstreamAbort.abort();
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const disarm = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    };
    const arm = () => {
      disarm();
      timer = setTimeout(() => {
        abortedBy ??= 'timeout';
        upstreamAbort.abort();
      }, timeoutMs);
    };
    const release = () => {
      disarm();
      clientSignal.removeEventListener('abort', onClientAbort);
    };
    if (clientSignal.aborted) onClientAbort();
    else clientSignal.addEventListener('abort', onClientAbort, { once: true });

    let upstream: Response;
    try {
      arm();
      upstream = await fetchUpstream(url, {
        method: 'GET',
        headers,
        signal: upstreamAbort.signal,
        redirect: 'manual',
      });
      disarm();
    } catch (error) {
      release();
      if (abortedBy === 'client') {
        logger.debug('shape proxy: client went away before the sync service answered', {
          requestId,
        });
        return new Response(null, { status: clientClosedStatus });
      }
      const reason = abortedBy === 'timeout' ? 'timeout' : 'unreachable';
      logger.error('shape proxy: sync service unavailable', {
        requestId,
        reason,
        error: error instanceof Error ? redact(describe(error)) : 'unknown',
      });
      return proxyError(c, 'INTERNAL', 'Sync service unavailable', 503, { reason });
    }

    const status = upstream.status;
    if ((status >= 200 && status < 300) || status === 304 || status === 409) {
      const responseHeaders = passthroughHeaders(upstream.headers);
      const bodyless = status === 204 || status === 205 || status === 304;
      if (bodyless || upstream.body === null) {
        release();
        if (bodyless) await upstream.body?.cancel().catch(() => undefined);
        return new Response(null, { status, headers: responseHeaders });
      }
      const body = relay(upstream.body, {
        arm,
        disarm,
        release,
        abort: () => upstreamAbort.abort(),
        onError: (error) => {
          const fields = { requestId, error: redact(describe(error)) };
          if (abortedBy === 'client') logger.debug('shape proxy: client went away', fields);
          else if (abortedBy === 'timeout')
            logger.warn('shape proxy: sync service went silent mid-response', fields);
          else logger.warn('shape proxy: upstream response failed mid-stream', fields);
        },
      });
      return new Response(body, { status, headers: responseHeaders });
    }

    // Everything below is an error answer: read (bounded) or discard the body, then re-wrap.
    try {
      arm();
      const retryAfter = upstream.headers.get('retry-after');
      if (status === 400) {
        const text = redact(await readCapped(upstream, maxErrorBodyBytes));
        return proxyError(c, 'VALIDATION', 'The sync service rejected the shape request', 400, {
          upstream: parseJsonOr(text),
        });
      }
      await upstream.body?.cancel().catch(() => undefined);
      if (status === 429) {
        return proxyError(c, 'RATE_LIMIT', 'Sync service is busy, retry later', 429, undefined, {
          retryAfter,
        });
      }
      const fields = { requestId, upstreamStatus: status };
      if (status >= 500) logger.warn('shape proxy: sync service error', fields);
      else logger.error('shape proxy: unexpected sync service answer', fields);
      return proxyError(
        c,
        'INTERNAL',
        'Sync service unavailable',
        503,
        { upstreamStatus: status },
        { retryAfter },
      );
    } catch (error) {
      if (abortedBy === 'client') return new Response(null, { status: clientClosedStatus });
      logger.error('shape proxy: could not read the sync service error', {
        requestId,
        upstreamStatus: status,
        error: error instanceof Error ? redact(describe(error)) : 'unknown',
      });
      return proxyError(c, 'INTERNAL', 'Sync service unavailable', 503, {
        upstreamStatus: status,
      });
    } finally {
      release();
    }
  }

  return { forward };
}

function upstreamShapeUrl(electricUrl: string): string {
  let base: URL;
  try {
    base = new URL(electricUrl);
  } catch {
    throw new Error(
      `ELECTRIC_URL "${electricUrl}" is not a URL (expected e.g. http://electric:3000)`,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`ELECTRIC_URL must be http(s), got ${base.protocol}`);
  }
  if (base.search || base.hash) throw new Error('ELECTRIC_URL must not have a query or fragment');
  // fetch refuses URLs with credentials; say so at startup rather than on every request.
  if (base.username || base.password) throw new Error('ELECTRIC_URL must not contain credentials');
  // Keep any path prefix (Electric mounted under a sub-path of a gateway).
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/v1/shape`;
  return base.href;
}

/** Like `quoteIdentifier` of @electric-sql/client: always quoted, inner quotes doubled. */
function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function passthroughHeaders(upstream: Headers): Headers {
  const out = new Headers();
  upstream.forEach((value, name) => {
    if (name.startsWith('electric-') || keptResponseHeaders.has(name)) out.set(name, value);
  });
  out.set('Vary', appendVary(upstream.get('vary'), 'Authorization'));
  return out;
}

function appendVary(existing: string | null, name: string): string {
  if (existing === null || existing.trim() === '') return name;
  const names = existing.split(',').map((part) => part.trim().toLowerCase());
  if (names.includes('*') || names.includes(name.toLowerCase())) return existing;
  return `${existing}, ${name}`;
}

interface RelayHooks {
  arm(): void;
  disarm(): void;
  release(): void;
  abort(): void;
  onError(error: unknown): void;
}

/**
 * Pass the upstream body through one chunk at a time. `highWaterMark: 0` means nothing is read
 * from upstream before the client asks for it, so backpressure reaches Electric and no chunk is
 * held here. The idle timer runs only while a read from upstream is outstanding.
 */
function relay(body: ReadableStream<Uint8Array>, hooks: RelayHooks): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        hooks.arm();
        let result: Awaited<ReturnType<typeof reader.read>>;
        try {
          result = await reader.read();
        } catch (error) {
          hooks.release();
          hooks.onError(error);
          controller.error(new Error('Sync service response was interrupted'));
          return;
        }
        hooks.disarm();
        if (result.done) {
          hooks.release();
          controller.close();
        } else {
          controller.enqueue(result.value);
        }
      },
      async cancel(reason) {
        hooks.release();
        hooks.abort();
        await reader.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

async function readCapped(response: Response, limit: number): Promise<string> {
  if (response.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= limit) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit));
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** An error's message plus its cause (fetch wraps ECONNREFUSED & co. as `cause`). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

function proxyError(
  c: Context<AppEnv>,
  code: ErrorCode,
  message: string,
  status: number,
  details?: unknown,
  extra: { retryAfter?: string | null } = {},
): Response {
  const res = errorResponse(c, code, message, status, details);
  res.headers.set('Cache-Control', 'no-store');
  res.headers.set('Vary', appendVary(res.headers.get('vary'), 'Authorization'));
  if (extra.retryAfter) res.headers.set('Retry-After', extra.retryAfter);
  return res;
}
