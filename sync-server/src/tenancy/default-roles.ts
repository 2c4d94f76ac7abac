import { randomUUID } from 'node:crypto';
import { defaultRoleRows, type DefaultRoleName } from '@plantkeep/shared';
import type { Queryable } from '../db';

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
