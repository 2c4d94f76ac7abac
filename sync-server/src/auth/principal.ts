import type { Actor, Permission } from '@plantkeep/shared';
import type { Queryable } from '../db';

/** The authenticated caller of a request: the token's claims re-checked against the database. */
export interface Principal extends Actor {
  sessionId: string;
  name: string;
  email: string;
  emailVerified: boolean;
  roles: string[];
}

/** The user as the API shows it (login, /v1/me). */
export function publicUser(p: Principal) {
  return {
    id: p.userId,
    tenantId: p.tenantId,
    name: p.name,
    email: p.email,
    emailVerified: p.emailVerified,
    roles: p.roles,
    permissions: [...p.permissions].sort(),
  };
}

/**
 * Loads the caller on every request, so a deactivated user, a revoked
 * session or a changed role takes effect at once rather than at token expiry.
 * Undefined when any of those no longer holds.
 */
export async function loadPrincipal(
  tx: Queryable,
  claims: { userId: string; tenantId: string; sessionId: string },
): Promise<Principal | undefined> {
  const [row] = await tx.query<{
    name: string;
    email: string;
    email_verified: boolean;
    roles: string[];
    permissions: Permission[];
  }>(
    `select u.name, u.email, u.email_verified_at is not null as email_verified,
            coalesce(array(select r.name from user_roles ur join roles r
                             on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                           where ur.user_id = u.id order by r.name), '{}') as roles,
            coalesce(array(select distinct rp.permission from user_roles ur join role_permissions rp
                             on rp.tenant_id = ur.tenant_id and rp.role_id = ur.role_id
                           where ur.user_id = u.id), '{}') as permissions
       from users u
       join sessions s on s.tenant_id = u.tenant_id and s.user_id = u.id
      where u.id = $1 and s.id = $2 and u.deactivated_at is null
        and s.revoked_at is null and s.expires_at > now()`,
    [claims.userId, claims.sessionId],
  );
  if (!row) return undefined;
  return {
    ...claims,
    name: row.name,
    email: row.email,
    emailVerified: row.email_verified,
    roles: row.roles,
    permissions: new Set(row.permissions),
  };
}
