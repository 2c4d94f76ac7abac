import { defaultRolePermissions, permissionCatalog } from '@plantkeep/shared';
import type { MigrationQueryable } from './types';

/**
 * The permissions table mirrors shared's catalog (the one source of truth):
 * upserted on every migrate, so a new permission exists before any role uses it.
 * A permission new to this database is also granted to the existing tenants'
 * system roles whose defaults include it, so default roles stay in sync with
 * `defaultRolePermissions` (custom roles are left to their admins).
 */
export async function syncPermissionCatalog(tx: MigrationQueryable): Promise<void> {
  const added = await tx.query<{ key: string }>(
    `insert into permissions (key, description)
     select key, description from json_to_recordset($1::json) as p(key text, description text)
     on conflict (key) do nothing
     returning key`,
    [
      JSON.stringify(
        Object.entries(permissionCatalog).map(([key, description]) => ({ key, description })),
      ),
    ],
  );
  await tx.query(
    `update permissions p set description = c.description
       from json_to_recordset($1::json) as c(key text, description text)
      where p.key = c.key and p.description is distinct from c.description`,
    [
      JSON.stringify(
        Object.entries(permissionCatalog).map(([key, description]) => ({ key, description })),
      ),
    ],
  );
  const fresh = new Set(added.map((r) => r.key));
  if (fresh.size === 0) return;
  const grants = Object.entries(defaultRolePermissions).flatMap(([role, permissions]) =>
    permissions.filter((p) => fresh.has(p)).map((permission) => ({ role, permission })),
  );
  await tx.query(
    `insert into role_permissions (tenant_id, role_id, permission)
     select r.tenant_id, r.id, g.permission
       from json_to_recordset($1::json) as g(role text, permission text)
       join roles r on r.is_system and r.name = g.role
     on conflict do nothing`,
    [JSON.stringify(grants)],
  );
}
