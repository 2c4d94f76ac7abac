import { AppError } from '@plantkeep/shared';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './env';
import { errorResponse } from './errors';

/**
 * Caps the request body at `maxBytes`, answering 413 PAYLOAD_TOO_LARGE in our error shape.
 *
 * hono/body-limit trusts a Content-Length header and only counts bytes for chunked bodies.
 * Node's HTTP parser does enforce Content-Length framing, but other adapters (and
 * `app.request` in tests) do not, so a small declared length is not taken on faith: the header
 * is dropped and the bytes are counted as they stream. A declared length over the cap is
 * refused at once, before anything is read.
 *
 * The accepted body ends up buffered in memory (at most maxBytes), so keep the cap per route
 * and sized to what the route really takes.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = (c: Context<AppEnv>) =>
    errorResponse(
      c,
      'PAYLOAD_TOO_LARGE',
      `Request body is larger than the ${maxBytes} bytes this endpoint accepts`,
      413,
      { maxBytes },
    );
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });

  return async (c, next) => {
    const raw = c.req.raw;
    if (raw.body === null) return next();
    const declared = raw.headers.get('content-length');
    if (declared !== null) {
      if (Number(declared) > maxBytes) return tooLarge(c);
      const headers = new Headers(raw.headers);
      headers.delete('content-length');
      c.req.raw = new Request(raw, { headers });
    }
    return counted(c, next);
  };
}

const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The parsed JSON body, or AppError VALIDATION for a wrong content type or malformed JSON.
 * Requiring a JSON content type also means a cross-site HTML form (which can only send
 * form/text types without a preflight) can never have its body accepted as JSON.
 */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!jsonType.test(type)) {
    throw new AppError('VALIDATION', 'Request body must be valid JSON', {
      expected: 'application/json',
      received: type || null,
    });
  }
  try {
    return await c.req.json<unknown>();
  } catch {
    throw new AppError('VALIDATION', 'Request body must be valid JSON');
  }
}
