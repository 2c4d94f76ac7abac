import { AppError, type Permission } from '@plantkeep/shared';
import type { Queryable } from '../db';

/**
 * The database side of the delegation rules (docs/SPEC.md AC-5..AC-8): what a user or a set
 * of roles holds, and the tenant's active Admins. Queries run inside the tenant's RLS scope.
 */

export async function permissionsOfUser(tx: Queryable, userId: string): Promise<Permission[]> {
  const rows = await tx.query<{ permission: Permission }>(
    `select distinct rp.permission from user_roles ur
       join role_permissions rp on rp.tenant_id = ur.tenant_id and rp.role_id = ur.role_id
      where ur.user_id = $1`,
    [userId],
  );
  return rows.map((r) => r.permission);
}

export async function permissionsOfRoles(
  tx: Queryable,
  roleIds: readonly string[],
): Promise<Permission[]> {
  const rows = await tx.query<{ permission: Permission }>(
    'select distinct permission from role_permissions where role_id = any($1::uuid[])',
    [[...new Set(roleIds)]],
  );
  return rows.map((r) => r.permission);
}

/**
 * Locks the tenant's default Admin role row and counts the active users holding it. Every user
 * change takes this lock first, so two admins demoting or deactivating each other at the same
 * moment on Postgres run one after the other and the second sees the first's effect.
 */
export async function lockAdmins(tx: Queryable): Promise<number> {
  await tx.query(`select id from roles where is_system and name = 'Admin' for update`);
  return activeAdmins(tx);
}

async function activeAdmins(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `select count(distinct u.id)::int as n from users u
       join user_roles ur on ur.tenant_id = u.tenant_id and ur.user_id = u.id
       join roles r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
      where u.deactivated_at is null and r.is_system and r.name = 'Admin'`,
  );
  return row?.n ?? 0;
}

/**
 * AC-8: a change may not take a tenant's last active Admin away (the default Admin role holds
 * every permission, so only an Admin can hand out any of them again). A tenant already without
 * one (`before` = 0) is not blocked from other changes.
 */
export async function assertAnAdminRemains(tx: Queryable, before: number): Promise<void> {
  if (before > 0 && (await activeAdmins(tx)) === 0) {
    throw new AppError('CONFLICT', 'This would leave the organization without an active Admin', {
      rule: 'AC-8',
    });
  }
}
