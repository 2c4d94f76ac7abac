import { randomUUID } from 'node:crypto';
import { AppError } from '@plantkeep/shared';
import { withTenant, type Database, type Queryable } from '../db';
import { createDefaultRoles } from '../tenancy/default-roles';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokens } from './access-token';
import { tokenTenant } from './opaque-token';
import { hashPassword, verifyPassword } from './password';
import { loadPrincipal, publicUser, type Principal } from './principal';
import { rotateRefreshToken, revokeSession, startSession, type DeviceInfo } from './sessions';
import { slugify } from './credentials';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: ReturnType<typeof publicUser>;
}

const invalidCredentials = () => new AppError('AUTHN', 'Email or password is incorrect');

/** A hash to verify against when no account matches, so timing does not reveal which emails exist. */
let decoyHash: Promise<string> | undefined;

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly tokens: AccessTokens,
  ) {}

  /** Creates a tenant, its default roles and its first admin; signs the admin in. */
  async signup(
    input: { organization: string; name: string; email: string; password: string },
    device: DeviceInfo,
  ): Promise<TokenPair> {
    const passwordHash = await hashPassword(input.password);
    const base = slugify(input.organization);
    for (let attempt = 0; attempt < 20; attempt++) {
      const slug = attempt === 0 ? base : `${base}-${attempt + 1}`;
      const tenantId = randomUUID();
      try {
        return await withTenant(this.db, tenantId, async (tx) => {
          await tx.query('insert into tenants (id, slug, name) values ($1, $2, $3)', [
            tenantId,
            slug,
            input.organization.trim(),
          ]);
          const roles = await createDefaultRoles(tx, tenantId);
          const userId = randomUUID();
          await tx.query(
            `insert into users (tenant_id, id, email, name, password_hash) values ($1, $2, $3, $4, $5)`,
            [tenantId, userId, input.email, input.name, passwordHash],
          );
          await tx.query(
            'insert into user_roles (tenant_id, user_id, role_id) values ($1, $2, $3)',
            [tenantId, userId, roles.Admin],
          );
          return this.issue(tx, tenantId, userId, device);
        });
      } catch (error) {
        if (!isUniqueViolation(error, 'tenants_slug_key')) throw error;
      }
    }
    throw new AppError(
      'CONFLICT',
      'Could not find a free organization handle; choose another name',
    );
  }

  /**
   * Email + password. The tenant slug is needed only when the same email and
   * password open accounts in several tenants.
   */
  async login(
    input: { email: string; password: string; tenant?: string | undefined },
    device: DeviceInfo,
  ): Promise<TokenPair> {
    // Cross-tenant lookup before any tenant is known: the owner connection, minimal columns.
    const candidates = await this.db.query<{
      tenant_id: string;
      user_id: string;
      slug: string;
      password_hash: string | null;
    }>(
      `select u.tenant_id, u.id as user_id, t.slug, u.password_hash
         from users u join tenants t on t.id = u.tenant_id
        where u.email = $1 and u.deactivated_at is null and ($2::text is null or t.slug = $2)`,
      [input.email, input.tenant ?? null],
    );
    const matches: typeof candidates = [];
    for (const candidate of candidates) {
      if (
        candidate.password_hash &&
        (await verifyPassword(input.password, candidate.password_hash))
      ) {
        matches.push(candidate);
      }
    }
    if (candidates.length === 0) {
      decoyHash ??= hashPassword('decoy-password-for-timing');
      await verifyPassword(input.password, await decoyHash);
    }
    const [match] = matches;
    if (!match) throw invalidCredentials();
    if (matches.length > 1) {
      throw new AppError('VALIDATION', 'This account exists in several organizations; choose one', {
        tenants: matches.map((m) => m.slug).sort(),
      });
    }
    return withTenant(this.db, match.tenant_id, async (tx) => {
      await tx.query('update users set last_login_at = now() where id = $1', [match.user_id]);
      return this.issue(tx, match.tenant_id, match.user_id, device);
    });
  }

  /** Rotates a refresh token. Reuse of an old one revokes its whole session, committed even though the caller gets 401. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const tenantId = tokenTenant(refreshToken);
    if (!tenantId) throw new AppError('AUTHN', 'Refresh token is invalid', { reason: 'invalid' });
    const result = await withTenant(this.db, tenantId, async (tx) => {
      const rotated = await rotateRefreshToken(tx, tenantId, refreshToken);
      if (!rotated.ok) return rotated;
      return {
        ok: true as const,
        pair: await this.pair(
          tx,
          tenantId,
          rotated.userId,
          rotated.sessionId,
          rotated.refreshToken,
        ),
      };
    });
    if (!result.ok) {
      const messages = {
        unknown: 'Refresh token is invalid',
        expired: 'Refresh token expired; sign in again',
        revoked: 'Session was revoked; sign in again',
        reused: 'Refresh token was already used; the session has been revoked for safety',
      } as const;
      throw new AppError('AUTHN', messages[result.reason], { reason: result.reason });
    }
    return result.pair;
  }

  async logout(principal: Principal): Promise<void> {
    await withTenant(this.db, principal.tenantId, (tx) =>
      revokeSession(tx, principal.sessionId, 'logout'),
    );
  }

  private async issue(
    tx: Queryable,
    tenantId: string,
    userId: string,
    device: DeviceInfo,
  ): Promise<TokenPair> {
    const { sessionId, refreshToken } = await startSession(tx, tenantId, userId, device);
    return this.pair(tx, tenantId, userId, sessionId, refreshToken);
  }

  private async pair(
    tx: Queryable,
    tenantId: string,
    userId: string,
    sessionId: string,
    refreshToken: string,
  ): Promise<TokenPair> {
    const principal = await loadPrincipal(tx, { tenantId, userId, sessionId });
    if (!principal) throw invalidCredentials();
    return {
      accessToken: await this.tokens.sign({ tenantId, userId, sessionId }),
      refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      user: publicUser(principal),
    };
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code !== '23505') return false;
  if (constraint === undefined) return true;
  return (
    e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(constraint))
  );
}
