import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { errorResponse } from './errors';

/**
 * Response headers cross-origin scripts may read. The Electric shape client tracks its position
 * in a shape through these, so without them a web app on another origin could not sync.
 */
export const exposedHeaders = [
  'electric-handle',
  'electric-offset',
  'electric-schema',
  'electric-cursor',
  'electric-up-to-date',
  'electric-chunk-last-offset',
  'x-request-id',
  'retry-after',
] as const;

export const allowedMethods = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'] as const;
export const allowedHeaders = ['Authorization', 'Content-Type'] as const;

/** Browsers cache a successful preflight this long (seconds; Chromium caps it at 7200). */
const preflightMaxAge = 600;

/** `https://app.example/` and `https://app.example` name the same origin; anything else is a mistake. */
function normalizeOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`CORS origin "${origin}" is not a URL (expected e.g. https://app.example)`);
  }
  if (url.origin === 'null' || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`CORS origin "${origin}" must be scheme://host[:port] only`);
  }
  return url.origin;
}

/**
 * CORS for an explicit allow-list (exact origin match, no wildcards). Same-origin requests need
 * nothing: they are passed through untouched. Credentials stay off because the API
 * authenticates with a bearer token, not cookies, so there is no ambient authority to share.
 *
 * A non-preflight request from another origin still reaches its handler (the browser simply
 * withholds the response); a preflight from a disallowed origin is refused outright with 403 so
 * the failure is visible in the network log instead of surfacing as an opaque CORS error.
 */
export function corsAllowList(origins: string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(origins.map(normalizeOrigin));
  const expose = exposedHeaders.join(', ');
  return async (c, next) => {
    const origin = c.req.header('origin');
    const ok = origin !== undefined && allowed.has(origin);
    const isPreflight =
      origin !== undefined &&
      c.req.method === 'OPTIONS' &&
      c.req.header('access-control-request-method') !== undefined;

    if (isPreflight) {
      c.header('Vary', 'Origin');
      if (!ok) return errorResponse(c, 'AUTHZ', `Origin ${origin} is not allowed`, 403);
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': allowedMethods.join(', '),
        'Access-Control-Allow-Headers': allowedHeaders.join(', '),
        'Access-Control-Max-Age': String(preflightMaxAge),
      });
    }

    await next();
    // The response differs by Origin (even its absence), so shared caches must key on it.
    c.header('Vary', 'Origin', { append: true });
    if (ok) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', expose);
    }
  };
}
