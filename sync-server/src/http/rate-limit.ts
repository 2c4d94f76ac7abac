import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { errorResponse } from './errors';

export interface RateLimiterOptions {
  /** Requests allowed per key per window. */
  limit: number;
  windowMs: number;
  /** Keys tracked at once; past this the oldest window is forgotten (fails open for that key). */
  maxKeys?: number;
  /** Injected clock (ms) so tests never sleep. */
  now?: () => number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** 0 when allowed; otherwise whole seconds until the window resets (at least 1). */
  retryAfterSeconds: number;
  /** Whole seconds until the current window resets. */
  resetSeconds: number;
}

interface Window {
  start: number;
  count: number;
}

/**
 * Fixed-window counter, in memory: one process, no shared store, which is what a single-node
 * self-hosted install needs. The allowance may burst to 2×limit across a window boundary; that
 * is acceptable for abuse protection and keeps Retry-After exact.
 *
 * The Map is kept in window-start order (a key is re-inserted when its window restarts), so
 * expired entries are always at the front: pruning stops at the first live one, and evicting
 * "the oldest" is just deleting the first key. Memory is bounded by maxKeys.
 */
export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly windows = new Map<string, Window>();

  constructor({ limit, windowMs, maxKeys = 100_000, now = Date.now }: RateLimiterOptions) {
    if (!(limit >= 1) || !(windowMs > 0) || !(maxKeys >= 1)) {
      throw new Error('RateLimiter needs limit >= 1, windowMs > 0 and maxKeys >= 1');
    }
    this.limit = limit;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
    this.now = now;
  }

  hit(key: string): RateLimitResult {
    const now = this.now();
    this.prune(now);
    let window = this.windows.get(key);
    if (window === undefined || now >= window.start + this.windowMs || now < window.start) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.evictOldest();
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    // A refused hit is not counted, so a client hammering while blocked is not punished forever.
    if (window.count >= this.limit) {
      return { allowed: false, remaining: 0, retryAfterSeconds: resetSeconds, resetSeconds };
    }
    window.count += 1;
    return {
      allowed: true,
      remaining: this.limit - window.count,
      retryAfterSeconds: 0,
      resetSeconds,
    };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  /** Gives back one counted hit (a request that turned out not to count, e.g. a successful login). */
  refund(key: string): void {
    const window = this.windows.get(key);
    if (window && window.count > 0) window.count -= 1;
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) {
      if (now < window.start + this.windowMs) break;
      this.windows.delete(key);
    }
  }

  private evictOldest(): void {
    const oldest = this.windows.keys().next();
    if (oldest.done !== true) this.windows.delete(oldest.value);
  }
}

export interface RateLimitMiddlewareOptions {
  limiter: RateLimiter;
  /**
   * What to count against (client IP, user id, email being logged into...); undefined skips.
   * May be async, e.g. to key on a field of the (already size-limited) JSON body.
   */
  key: (c: Context<AppEnv>) => string | undefined | Promise<string | undefined>;
  /** Count only refused requests (status 400 and up): a successful one is given back. */
  failuresOnly?: boolean;
}

/**
 * Answers 429 RATE_LIMIT with Retry-After once a key is over its allowance, and reports the
 * allowance on every limited response (RateLimit-* headers, IETF draft field names) so
 * well-behaved clients can slow down before they are refused.
 */
export function rateLimit({
  limiter,
  key,
  failuresOnly = false,
}: RateLimitMiddlewareOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const k = await key(c);
    if (k === undefined) return next();
    const result = limiter.hit(k);
    const headers = {
      'RateLimit-Limit': String(limiter.limit),
      'RateLimit-Remaining': String(result.remaining),
      'RateLimit-Reset': String(result.resetSeconds),
    };
    if (!result.allowed) {
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      c.header('Retry-After', String(result.retryAfterSeconds));
      return errorResponse(c, 'RATE_LIMIT', 'Too many requests, try again later', 429, {
        retryAfterSeconds: result.retryAfterSeconds,
      });
    }
    await next();
    if (failuresOnly && c.res.status < 400) limiter.refund(k);
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
  };
}
