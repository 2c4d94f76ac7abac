import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../src/http/env';
import * as production from '../src/http/rate-limits';

/** How often the app took these limits instead of the production ones (server-entry checks it). */
export const used = { count: 0 };

const passThrough: MiddlewareHandler<AppEnv> = (_c, next) => next();

/**
 * Stands in for src/http/rate-limits.ts when the benchmark runs with
 * `--rate-limits off` (see unlimited-hook.ts): every limiter the production
 * module defines, whatever their names, becomes a pass-through.
 */
export function createRateLimits(
  now: () => number,
): ReturnType<typeof production.createRateLimits> {
  used.count += 1;
  const limits = production.createRateLimits(now);
  return Object.fromEntries(
    Object.keys(limits).map((name) => [name, passThrough]),
  ) as typeof limits;
}
