import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';

/**
 * The CSP for the PWA. Why each non-default source is there:
 * - script-src 'wasm-unsafe-eval': PGlite compiles its WebAssembly module; nothing else may eval.
 * - worker-src blob: the database runs in a (shared) worker, which bundlers may start from a blob URL.
 * - img-src data: blob: icons inlined by the bundler and photos previewed before upload.
 * - style-src 'unsafe-inline': component libraries set style attributes; scripts stay strict.
 * - connect-src 'self': the API and the Electric shape proxy are same-origin, so no third party
 *   can receive data even if a script is injected.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "manifest-src 'self'",
].join('; ');

/** Camera for QR/barcode scanning of asset tags; no location or microphone. */
export const permissionsPolicy = 'camera=(self), geolocation=(), microphone=()';

const hstsValue = 'max-age=31536000; includeSubDomains';

const staticHeaders: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', contentSecurityPolicy],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Permissions-Policy', permissionsPolicy],
];

export interface SecurityHeadersOptions {
  /**
   * Strict-Transport-Security: 'auto' (default) sends it only on https requests, since browsers
   * ignore it over plain http (RFC 6797) and a LAN install may well run without TLS;
   * 'always' (e.g. TLS terminated upstream) / 'never' override that.
   */
  hsts?: 'auto' | 'always' | 'never';
  /** Trust X-Forwarded-Proto to detect https behind a TLS-terminating reverse proxy. */
  trustProxy?: boolean;
}

function isHttps(c: Context<AppEnv>, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (!trustProxy) return false;
  const forwarded = c.req.header('x-forwarded-proto');
  return forwarded?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/**
 * Browser hardening headers on every response (errors and 404s included). Set by hand after
 * `next()` with `c.header`, which copies a response whose headers are immutable (e.g. one
 * proxied straight from `fetch`) instead of throwing like a direct `res.headers.set` would.
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler<AppEnv> {
  const hsts = options.hsts ?? 'auto';
  const trustProxy = options.trustProxy ?? false;
  return async (c, next) => {
    await next();
    for (const [name, value] of staticHeaders) c.header(name, value);
    if (hsts === 'always' || (hsts === 'auto' && isHttps(c, trustProxy))) {
      c.header('Strict-Transport-Security', hstsValue);
    }
    c.header('X-Powered-By', undefined);
  };
}
