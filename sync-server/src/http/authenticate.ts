import { AppError, type Permission } from '@plantkeep/shared';
import type { Context, MiddlewareHandler } from 'hono';
import type { AccessTokens } from '../auth/access-token';
import { loadPrincipal, type Principal } from '../auth/principal';
import { withTenant, type Database } from '../db';
import type { AppEnv } from './env';

/** Verifies the bearer token and loads the caller from the database (deactivation and revocation apply at once). */
export function authenticate(db: Database, tokens: AccessTokens): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header?.match(/^Bearer ([A-Za-z0-9._~+/=-]+)$/);
    if (!match?.[1]) throw new AppError('AUTHN', 'Sign in first: missing bearer token');
    const claims = await tokens.verify(match[1]);
    const principal = await withTenant(db, claims.tenantId, (tx) => loadPrincipal(tx, claims));
    if (!principal) {
      throw new AppError('AUTHN', 'Session is no longer valid; sign in again', {
        reason: 'revoked',
      });
    }
    c.set('principal', principal);
    await next();
  };
}

/** `authenticate` for every route but the listed public paths. */
export function authenticateExcept(
  db: Database,
  tokens: AccessTokens,
  publicPaths: ReadonlySet<string>,
): MiddlewareHandler<AppEnv> {
  const required = authenticate(db, tokens);
  return (c, next) => (publicPaths.has(c.req.path) ? next() : required(c, next));
}

/** The caller on a route behind `authenticate`. */
export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new AppError('AUTHN', 'Sign in first');
  return principal;
}

export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!principalOf(c).permissions.has(permission)) {
      throw new AppError('AUTHZ', `Missing permission ${permission}`);
    }
    await next();
  };
}

/** Client facts recorded on a session (per-device list). */
export function deviceOf(c: Context<AppEnv>, deviceName?: string) {
  return { deviceName, userAgent: c.req.header('user-agent'), ip: c.get('clientIp') };
}
