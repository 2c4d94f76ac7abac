import { permissionCatalog } from '@plantkeep/shared';
import type { MigrationQueryable } from './types';

/**
 * The permissions table mirrors shared's catalog (the one source of truth):
 * upserted on every migrate, so a new permission exists before any role uses it.
 */
export async function syncPermissionCatalog(tx: MigrationQueryable): Promise<void> {
  await tx.query(
    `insert into permissions (key, description)
     select key, description from json_to_recordset($1::json) as p(key text, description text)
     on conflict (key) do update set description = excluded.description`,
    [
      JSON.stringify(
        Object.entries(permissionCatalog).map(([key, description]) => ({ key, description })),
      ),
    ],
  );
}
