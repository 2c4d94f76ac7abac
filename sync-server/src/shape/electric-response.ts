import type { ErrorCode } from '@plantkeep/shared';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { errorResponse } from '../http/errors';

/**
 * The downstream half of the Electric auth proxy (electric-proxy.ts): what of the sync
 * service's answer reaches the client, streamed or re-wrapped as our error.
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

/** Upstream response headers passed to the client (plus every `electric-*` header and Vary). */
const keptResponseHeaders = new Set(['etag', 'cache-control', 'content-type', 'retry-after']);

/** Upstream error bodies are small JSON documents; never hold more than this in memory. */
export const maxErrorBodyBytes = 64 * 1024;

export function passthroughHeaders(upstream: Headers): Headers {
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

export interface RelayHooks {
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
export function relay(
  body: ReadableStream<Uint8Array>,
  hooks: RelayHooks,
): ReadableStream<Uint8Array> {
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
        // The client is gone and the upstream already aborted: nobody is left to tell.
        await reader.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

export async function readCapped(response: Response, limit: number): Promise<string> {
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
      // We have all we keep of this error body; a failed cancel of the rest changes nothing.
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit));
}

export function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** An error's message plus its cause (fetch wraps ECONNREFUSED & co. as `cause`). */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

export function proxyError(
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
