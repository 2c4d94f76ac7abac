import { randomUUID } from 'node:crypto';
import { AppError, userChangeRefusal } from '@plantkeep/shared';
import { audit } from '../audit';
import { isUniqueViolation } from '../auth/auth-service';
import type { Principal } from '../auth/principal';
import { revokeUserSessions } from '../auth/sessions';
import type { Queryable } from '../db';
import {
  assertAnAdminRemains,
  lockAdmins,
  permissionsOfRoles,
  permissionsOfUser,
} from './admin-guard';

export interface UserView {
  id: string;
  email: string;
  name: string;
  roleIds: string[];
  deactivated: boolean;
  invited: boolean;
  emailVerified: boolean;
  lastLoginAt: string | null;
}

const notFound = () => new AppError('NOT_FOUND', 'User not found');

export async function listUsers(tx: Queryable): Promise<UserView[]> {
  const rows = await tx.query<{
    id: string;
    email: string;
    name: string;
    role_ids: string[];
    deactivated: boolean;
    invited: boolean;
    email_verified: boolean;
    last_login_at: string | null;
  }>(
    `select u.id, u.email, u.name,
            coalesce(array(select ur.role_id from user_roles ur where ur.user_id = u.id order by ur.role_id), '{}') as role_ids,
            u.deactivated_at is not null as deactivated, u.password_hash is null as invited,
            u.email_verified_at is not null as email_verified, u.last_login_at
       from users u order by u.name, u.email`,
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    roleIds: r.role_ids,
    deactivated: r.deactivated,
    invited: r.invited,
    emailVerified: r.email_verified,
    lastLoginAt: r.last_login_at,
  }));
}

async function assertRolesExist(tx: Queryable, roleIds: readonly string[]): Promise<void> {
  const unique = [...new Set(roleIds)];
  const [row] = await tx.query<{ n: number }>(
    'select count(*)::int as n from roles where id = any($1::uuid[])',
    [unique],
  );
  if (row?.n !== unique.length)
    throw new AppError('VALIDATION', 'Unknown role id', { field: 'roleIds' });
}

async function setRoles(
  tx: Queryable,
  tenantId: string,
  userId: string,
  roleIds: readonly string[],
) {
  await tx.query('delete from user_roles where user_id = $1', [userId]);
  await tx.query(
    `insert into user_roles (tenant_id, user_id, role_id) select $1, $2, unnest($3::uuid[])`,
    [tenantId, userId, [...new Set(roleIds)]],
  );
}

export async function inviteUser(
  tx: Queryable,
  actor: Principal,
  input: { email: string; name: string; roleIds: string[] },
): Promise<string> {
  await assertRolesExist(tx, input.roleIds);
  const refused = userChangeRefusal({
    actor,
    target: { userId: undefined, permissions: [] },
    grantedPermissions: await permissionsOfRoles(tx, input.roleIds),
  });
  if (refused) throw refused;
  const id = randomUUID();
  try {
    await tx.query('insert into users (tenant_id, id, email, name) values ($1, $2, $3, $4)', [
      actor.tenantId,
      id,
      input.email,
      input.name,
    ]);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('CONFLICT', 'A user with this email already exists');
    throw error;
  }
  await setRoles(tx, actor.tenantId, id, input.roleIds);
  await audit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'user.invite',
    entityType: 'user',
    entityId: id,
    after: input,
  });
  return id;
}

export async function updateUser(
  tx: Queryable,
  actor: Principal,
  userId: string,
  changes: {
    name?: string | undefined;
    roleIds?: string[] | undefined;
    deactivated?: boolean | undefined;
  },
): Promise<void> {
  const adminsBefore = await lockAdmins(tx);
  const [before] = await tx.query<{ name: string; deactivated: boolean }>(
    'select name, deactivated_at is not null as deactivated from users where id = $1 for update',
    [userId],
  );
  if (!before) throw notFound();
  if (changes.roleIds !== undefined) await assertRolesExist(tx, changes.roleIds);
  const refused = userChangeRefusal({
    actor,
    target: { userId, permissions: await permissionsOfUser(tx, userId) },
    ...(changes.roleIds === undefined
      ? {}
      : { grantedPermissions: await permissionsOfRoles(tx, changes.roleIds) }),
  });
  if (refused) throw refused;
  if (changes.name !== undefined) {
    await tx.query('update users set name = $2, updated_at = now() where id = $1', [
      userId,
      changes.name,
    ]);
  }
  if (changes.roleIds !== undefined) await setRoles(tx, actor.tenantId, userId, changes.roleIds);
  if (changes.deactivated !== undefined && changes.deactivated !== before.deactivated) {
    await tx.query(
      `update users set deactivated_at = ${changes.deactivated ? 'now()' : 'null'}, updated_at = now() where id = $1`,
      [userId],
    );
    if (changes.deactivated) await revokeUserSessions(tx, userId, 'user deactivated');
  }
  await assertAnAdminRemains(tx, adminsBefore);
  await audit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'user.update',
    entityType: 'user',
    entityId: userId,
    before,
    after: changes,
  });
}
