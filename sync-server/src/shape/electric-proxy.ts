import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import {
  describe,
  maxErrorBodyBytes,
  parseJsonOr,
  passthroughHeaders,
  proxyError,
  readCapped,
  relay,
} from './electric-response';
import {
  upstreamRequestHeaders,
  upstreamRequestUrl,
  upstreamShapeUrl,
  type ShapeDefinition,
} from './electric-request';

export { forwardedProtocolParams, type ShapeDefinition } from './electric-request';

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

const defaultUpstreamTimeoutMs = 60_000;
/** nginx's "client closed request": nobody reads it, but logs and metrics stay honest. */
const clientClosedStatus = 499;

/**
 * Auth proxy in front of a real Electric sync service (`ELECTRIC_URL`). The caller authenticates
 * the request and decides the {@link ShapeDefinition}; `forward` turns it into one upstream
 * `GET ${electricUrl}/v1/shape` request and relays the answer.
 *
 * The upstream request is cancelled when the client disconnects (the incoming request's abort
 * signal, or cancellation of the response body) and when the upstream stays silent longer than
 * `upstreamTimeoutMs` (before the headers, then between body chunks). Redirects are not followed.
 *
 * The request rules are in electric-request.ts, the response rules in electric-response.ts.
 */
export function createElectricProxy(options: ElectricProxyOptions): ElectricProxy {
  const shapeUrl = upstreamShapeUrl(options.electricUrl);
  const timeoutMs = options.upstreamTimeoutMs ?? defaultUpstreamTimeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new Error(`upstreamTimeoutMs must be a positive number of milliseconds`);
  }
  const secret = options.secret === '' ? undefined : options.secret;
  const fetchUpstream: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));

  function redact(text: string): string {
    return secret === undefined ? text : text.split(secret).join('[redacted]');
  }

  async function forward(c: Context<AppEnv>, definition: ShapeDefinition): Promise<Response> {
    const logger = c.get('logger');
    const requestId = c.get('requestId') as string | undefined;
    const url = upstreamRequestUrl(shapeUrl, new URL(c.req.url), definition, secret);

    const headers = upstreamRequestHeaders(c, requestId);

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
        // Discarding a body we never read: a failed cancel changes nothing for the answer.
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
      // Discarding an error body we do not relay: a failed cancel changes nothing for the answer.
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
