import { randomUUID } from 'node:crypto';
import { AppError, roleChangeRefusal, type Permission } from '@plantkeep/shared';
import { audit } from '../audit';
import { isUniqueViolation } from '../auth/auth-service';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db';

export interface RoleView {
  id: string;
  name: string;
  description: string | null;
  isSystem: boolean;
  permissions: Permission[];
}

const notFound = () => new AppError('NOT_FOUND', 'Role not found');

export async function listRoles(tx: Queryable): Promise<RoleView[]> {
  const rows = await tx.query<{
    id: string;
    name: string;
    description: string | null;
    is_system: boolean;
    permissions: Permission[];
  }>(
    `select r.id, r.name, r.description, r.is_system,
            coalesce(array(select rp.permission from role_permissions rp where rp.role_id = r.id order by 1), '{}') as permissions
       from roles r order by r.is_system desc, r.name`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    isSystem: r.is_system,
    permissions: r.permissions,
  }));
}

async function setPermissions(
  tx: Queryable,
  tenantId: string,
  roleId: string,
  permissions: readonly Permission[],
) {
  await tx.query('delete from role_permissions where role_id = $1', [roleId]);
  await tx.query(
    `insert into role_permissions (tenant_id, role_id, permission) select $1, $2, unnest($3::text[])`,
    [tenantId, roleId, [...new Set(permissions)]],
  );
}

function conflictOnName(error: unknown): never {
  if (isUniqueViolation(error))
    throw new AppError('CONFLICT', 'A role with this name already exists');
  throw error;
}

export async function createRole(
  tx: Queryable,
  actor: Principal,
  input: { name: string; description?: string | undefined; permissions: Permission[] },
): Promise<string> {
  const refused = roleChangeRefusal(actor.permissions, { next: input.permissions });
  if (refused) throw refused;
  const id = randomUUID();
  await tx
    .query('insert into roles (tenant_id, id, name, description) values ($1, $2, $3, $4)', [
      actor.tenantId,
      id,
      input.name,
      input.description ?? null,
    ])
    .catch(conflictOnName);
  await setPermissions(tx, actor.tenantId, id, input.permissions);
  await audit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'role.create',
    entityType: 'role',
    entityId: id,
    after: input,
  });
  return id;
}

async function customRole(tx: Queryable, roleId: string): Promise<RoleView> {
  const role = (await listRoles(tx)).find((r) => r.id === roleId);
  if (!role) throw notFound();
  if (role.isSystem)
    throw new AppError('CONFLICT', 'Default roles cannot be changed; create a custom role');
  return role;
}

export async function updateRole(
  tx: Queryable,
  actor: Principal,
  roleId: string,
  changes: {
    name?: string | undefined;
    description?: string | undefined;
    permissions?: Permission[] | undefined;
  },
): Promise<void> {
  const before = await customRole(tx, roleId);
  const refused = roleChangeRefusal(actor.permissions, {
    current: before.permissions,
    ...(changes.permissions === undefined ? {} : { next: changes.permissions }),
  });
  if (refused) throw refused;
  if (changes.name !== undefined || changes.description !== undefined) {
    await tx
      .query(
        'update roles set name = coalesce($2, name), description = coalesce($3, description), updated_at = now() where id = $1',
        [roleId, changes.name ?? null, changes.description ?? null],
      )
      .catch(conflictOnName);
  }
  if (changes.permissions !== undefined)
    await setPermissions(tx, actor.tenantId, roleId, changes.permissions);
  await audit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'role.update',
    entityType: 'role',
    entityId: roleId,
    before,
    after: changes,
  });
}

export async function deleteRole(tx: Queryable, actor: Principal, roleId: string): Promise<void> {
  const before = await customRole(tx, roleId);
  const refused = roleChangeRefusal(actor.permissions, { current: before.permissions });
  if (refused) throw refused;
  const [used] = await tx.query<{ n: number }>(
    'select count(*)::int as n from user_roles where role_id = $1',
    [roleId],
  );
  if (used && used.n > 0) {
    throw new AppError(
      'CONFLICT',
      `The role is assigned to ${used.n} user(s); reassign them first`,
    );
  }
  await tx.query('delete from roles where id = $1', [roleId]);
  await audit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'role.delete',
    entityType: 'role',
    entityId: roleId,
    before,
  });
}
