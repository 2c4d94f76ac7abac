import { randomUUID } from 'node:crypto';
import { defaultRoleNames, defaultRolePermissions, type DefaultRoleName } from '@plantkeep/shared';
import type { Queryable } from '../db';

/** Creates the default roles (Admin, Supervisor, Technician, Requester, Viewer) of a new tenant. */
export async function createDefaultRoles(
  tx: Queryable,
  tenantId: string,
  newId: () => string = randomUUID,
): Promise<Record<DefaultRoleName, string>> {
  const ids = Object.fromEntries(defaultRoleNames.map((name) => [name, newId()])) as Record<
    DefaultRoleName,
    string
  >;
  await tx.query(
    `insert into roles (tenant_id, id, name, is_system)
     select $1, r.id, r.name, true from json_to_recordset($2::json) as r(id uuid, name text)`,
    [tenantId, JSON.stringify(defaultRoleNames.map((name) => ({ id: ids[name], name })))],
  );
  const grants = defaultRoleNames.flatMap((name) =>
    defaultRolePermissions[name].map((permission) => ({ role_id: ids[name], permission })),
  );
  await tx.query(
    `insert into role_permissions (tenant_id, role_id, permission)
     select $1, g.role_id, g.permission from json_to_recordset($2::json) as g(role_id uuid, permission text)`,
    [tenantId, JSON.stringify(grants)],
  );
  return ids;
}
