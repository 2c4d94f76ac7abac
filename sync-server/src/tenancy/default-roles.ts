import { randomUUID } from 'node:crypto';
import { defaultRoleNames, defaultRolePermissions, type DefaultRoleName } from '@plantkeep/shared';
import type { Queryable } from '../db';

const roleDescriptions: Record<DefaultRoleName, string> = {
  Admin: 'Full access, including users, roles and tenant settings',
  Supervisor: 'Plans, assigns and verifies work; manages assets, inventory and schedules',
  Technician: 'Works assigned orders, logs time and parts, updates assets',
  Requester: 'Submits maintenance requests and follows their progress',
  Viewer: 'Read-only access to maintenance data and reports',
};

export interface DefaultRoleRows {
  ids: Record<DefaultRoleName, string>;
  roles: { id: string; name: DefaultRoleName; description: string }[];
  grants: { roleId: string; permission: string }[];
}

/**
 * The default roles of a new tenant (Admin, Supervisor, Technician,
 * Requester, Viewer) and their grants, as rows: signup inserts them, the
 * data generator batches them with ids from its seeded stream.
 */
export function defaultRoleRows(newId: () => string = randomUUID): DefaultRoleRows {
  const ids = Object.fromEntries(defaultRoleNames.map((name) => [name, newId()])) as Record<
    DefaultRoleName,
    string
  >;
  return {
    ids,
    roles: defaultRoleNames.map((name) => ({
      id: ids[name],
      name,
      description: roleDescriptions[name],
    })),
    grants: defaultRoleNames.flatMap((name) =>
      defaultRolePermissions[name].map((permission) => ({ roleId: ids[name], permission })),
    ),
  };
}

/** Inserts the default roles of a new tenant; returns their ids by name. */
export async function createDefaultRoles(
  tx: Queryable,
  tenantId: string,
  newId: () => string = randomUUID,
): Promise<Record<DefaultRoleName, string>> {
  const rows = defaultRoleRows(newId);
  await tx.query(
    `insert into roles (tenant_id, id, name, description, is_system)
     select $1, r.id, r.name, r.description, true
       from json_to_recordset($2::json) as r(id uuid, name text, description text)`,
    [tenantId, JSON.stringify(rows.roles)],
  );
  await tx.query(
    `insert into role_permissions (tenant_id, role_id, permission)
     select $1, g."roleId", g.permission from json_to_recordset($2::json) as g("roleId" uuid, permission text)`,
    [tenantId, JSON.stringify(rows.grants)],
  );
  return rows.ids;
}
