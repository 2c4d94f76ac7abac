import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../logger';
import type { AppEnv } from './env';

const validRequestId = /^[A-Za-z0-9._-]{1,100}$/;

/** Request id (kept from a sane incoming x-request-id, else generated) and one access-log line per request. */
export function requestContext(logger: Logger, trustProxy = false): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('clientIp', peerAddress(c, trustProxy));
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && validRequestId.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('logger', logger);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    const principal = c.get('principal');
    logger.info('request', {
      requestId,
      tenantId: principal?.tenantId,
      userId: principal?.userId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

/** X-Forwarded-For is trusted only behind a proxy we run; otherwise the socket's address. */
function peerAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return forwarded || (socketAddress(c) ?? 'local');
}

/** The TCP peer's address (never a forwarded header); undefined outside a real socket (tests). */
export function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

const loopbackAddresses = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** A request from this machine: its socket peer is a loopback address. */
export const fromLoopback = (c: Context): boolean => loopbackAddresses.has(socketAddress(c) ?? '');
