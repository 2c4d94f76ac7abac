import type { Context } from 'hono';
import type { AppEnv } from './env';
import { RateLimiter, rateLimit } from './rate-limit';

const minute = 60_000;

const isShape = (c: Context<AppEnv>) =>
  c.req.path === '/v1/shape' || c.req.path === '/v1/sync/wait';

/**
 * Login key: the account (email as the login route reads it: trimmed, lower-cased) and the
 * address trying it. Nothing else from the request (the optional `tenant`, the device name)
 * is part of it, so no field buys a fresh allowance for the same account.
 */
async function loginKey(c: Context<AppEnv>): Promise<string | undefined> {
  // No JSON body, no account to count: the login route itself answers VALIDATION.
  const body: unknown = await c.req.json().catch(() => undefined);
  if (typeof body !== 'object' || body === null) return undefined;
  const { email } = body as { email?: unknown };
  if (typeof email !== 'string') return undefined;
  return `${email.trim().toLowerCase()}|${c.get('clientIp')}`;
}

/**
 * The server's limits. Login: 5 failed attempts per 15 minutes per account
 * and address (a successful login is not counted: a crew switching users on a
 * shared tablet signs in often). Signup and password reset: 10 per hour per address. API calls:
 * 600 per minute per address and 3,000 per minute per tenant. Shape requests
 * are counted apart (a device keeps one long-poll per synced table, and a
 * crew's tablets often share one address): 1,200 per minute per session.
 */
export function createRateLimits(now: () => number) {
  return {
    login: rateLimit({
      limiter: new RateLimiter({ limit: 5, windowMs: 15 * minute, now }),
      key: loginKey,
      failuresOnly: true,
    }),
    accountCreation: rateLimit({
      limiter: new RateLimiter({ limit: 10, windowMs: 60 * minute, now }),
      key: (c) => c.get('clientIp'),
    }),
    perIp: rateLimit({
      limiter: new RateLimiter({ limit: 600, windowMs: minute, now }),
      key: (c) => (isShape(c) ? undefined : c.get('clientIp')),
    }),
    perTenant: rateLimit({
      limiter: new RateLimiter({ limit: 3000, windowMs: minute, now }),
      key: (c) => (isShape(c) ? undefined : c.get('principal')?.tenantId),
    }),
    perSession: rateLimit({
      limiter: new RateLimiter({ limit: 1200, windowMs: minute, now }),
      key: (c) => (isShape(c) ? c.get('principal')?.sessionId : undefined),
    }),
  };
}
