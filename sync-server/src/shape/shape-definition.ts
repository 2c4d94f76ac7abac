import {
  AppError,
  can,
  isSyncedTable,
  syncedTables,
  type SyncedTable,
  type SyncedTableName,
} from '@plantkeep/shared';
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal';

/**
 * What a client may see of one table, decided by the server from the
 * verified caller (docs/SPEC.md SH-1). `where` is SQL over the table's own
 * columns with positional parameters; the same text is evaluated by the
 * embedded log and sent to Electric in proxy mode.
 */
export interface ShapeDefinition {
  table: SyncedTableName;
  /** Columns never sent (secrets); every other column of the table is. */
  hiddenColumns: readonly string[];
  where: string;
  params: string[];
  /**
   * Another table the where clause reads (a subquery). A change there can move this
   * shape's rows in or out without any change to them, which the embedded log cannot
   * replay as inserts and deletes: a log entry `d` of `table` matching `condition`
   * (SQL with the definition's params) makes the shape refetch (409, SH-9).
   */
  dependency?: { table: SyncedTableName; condition: string };
}

const workOrderChildren = new Set<SyncedTableName>([
  'work_order_assignees',
  'work_order_steps',
  'work_order_comments',
  'signatures',
]);

export function defineShape(
  principal: Principal,
  table: string,
  clientId: string | undefined,
): ShapeDefinition {
  if (!isSyncedTable(table)) {
    throw new AppError('VALIDATION', `Table ${table} is not synced`, { table });
  }
  const entry: SyncedTable = syncedTables[table];
  const { scope } = entry;
  const hiddenColumns = entry.hiddenColumns ?? [];
  const base = { table, hiddenColumns };
  const tenant = principal.tenantId;
  const readsAll = can(principal, 'work_orders:read_all');
  switch (scope) {
    case 'tenant':
      return table === 'tenants'
        ? { ...base, where: 'id = $1', params: [tenant] }
        : { ...base, where: 'tenant_id = $1', params: [tenant] };
    case 'own_user':
      return {
        ...base,
        where: 'tenant_id = $1 AND user_id = $2',
        params: [tenant, principal.userId],
      };
    case 'own_client': {
      if (
        !clientId ||
        !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientId)
      ) {
        throw new AppError('VALIDATION', `Syncing ${table} needs a client_id parameter (a UUID)`);
      }
      return {
        ...base,
        where: 'tenant_id = $1 AND client_id = $2 AND user_id = $3',
        params: [tenant, clientId.toLowerCase(), principal.userId],
      };
    }
    case 'staff':
      if (!readsAll) throw new AppError('AUTHZ', `Syncing ${table} needs work_orders:read_all`);
      return { ...base, where: 'tenant_id = $1', params: [tenant] };
    case 'requests': {
      if (readsAll) return { ...base, where: 'tenant_id = $1', params: [tenant] };
      if (!can(principal, 'requests:read') && !can(principal, 'work_orders:read')) {
        throw new AppError('AUTHZ', `Syncing ${table} needs work_orders:read or requests:read`);
      }
      const params = [tenant, principal.userId];
      if (table === 'work_orders')
        return { ...base, where: 'tenant_id = $1 AND requester_id = $2', params };
      if (!workOrderChildren.has(table)) throw new Error(`no requests scope for ${table}`);
      const own = 'work_order_id IN (SELECT id FROM work_orders WHERE requester_id = $2)';
      const where =
        table === 'work_order_comments'
          ? `tenant_id = $1 AND internal = false AND ${own}`
          : `tenant_id = $1 AND ${own}`;
      // A work order handed to or away from the requester, or deleted (its rows cascade).
      const requesterMoved =
        "d.tenant_id = $1 AND d.operation <> 'insert' AND " +
        "coalesce(d.old_row->>'requester_id' = $2, false) <> coalesce(d.new_row->>'requester_id' = $2, false)";
      return {
        ...base,
        where,
        params,
        dependency: { table: 'work_orders', condition: requesterMoved },
      };
    }
  }
}

/** Identifies a definition: a handle is only valid while its caller's definition is unchanged. */
export function definitionHash(definition: ShapeDefinition): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        definition.table,
        definition.hiddenColumns,
        definition.where,
        definition.params,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}

/** Placeholders renumbered so the where clause can sit inside a larger statement. */
export function shiftPlaceholders(where: string, by: number): string {
  return where.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + by}`);
}
