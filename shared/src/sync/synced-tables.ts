/**
 * The tables a client replica syncs (shape `table=`), and how each is scoped.
 * The server decides every shape from this list and the verified caller;
 * nothing a client sends can widen it. Change capture (the embedded shape
 * log) is installed on exactly these tables.
 *
 * Scopes:
 * - `tenant`: every row of the caller's tenant.
 * - `own_user`: rows addressed to the caller (`user_id`).
 * - `own_client`: rows of the caller's client id and user: the mutation
 *   acknowledgement row and the caller's rejections.
 * - `requests`: work-order data. Readers of all work (`work_orders:read_all`)
 *   get every row; anyone else only rows of work orders they requested, and
 *   never internal comments.
 * - `staff`: readers of all work only (e.g. Yjs updates, which carry internal
 *   comments and cannot be filtered); refused to anyone else.
 */
export type ShapeScope = 'tenant' | 'own_user' | 'own_client' | 'requests' | 'staff';

export interface SyncedTable {
  scope: ShapeScope;
  /** Columns never sent to clients (secrets). */
  hiddenColumns?: readonly string[];
}

export const syncedTables = {
  tenants: { scope: 'tenant' },
  users: { scope: 'tenant', hiddenColumns: ['password_hash'] },
  roles: { scope: 'tenant' },
  role_permissions: { scope: 'tenant' },
  user_roles: { scope: 'tenant' },
  sites: { scope: 'tenant' },
  locations: { scope: 'tenant' },
  assets: { scope: 'tenant' },
  meters: { scope: 'tenant' },
  meter_readings: { scope: 'tenant' },
  asset_downtime: { scope: 'tenant' },
  parts: { scope: 'tenant' },
  stock_locations: { scope: 'tenant' },
  inventory_movements: { scope: 'tenant' },
  work_orders: { scope: 'requests' },
  work_order_assignees: { scope: 'requests' },
  work_order_steps: { scope: 'requests' },
  work_order_comments: { scope: 'requests' },
  signatures: { scope: 'requests' },
  parts_used: { scope: 'staff' },
  time_logs: { scope: 'staff' },
  pm_schedules: { scope: 'tenant' },
  pm_schedule_steps: { scope: 'tenant' },
  pm_schedule_parts: { scope: 'tenant' },
  attachments: { scope: 'tenant' },
  notifications: { scope: 'own_user' },
  ydoc_updates: { scope: 'staff' },
  sync_clients: { scope: 'own_client' },
  mutation_rejections: { scope: 'own_client' },
} as const satisfies Record<string, SyncedTable>;

export type SyncedTableName = keyof typeof syncedTables;
export const syncedTableNames = Object.keys(syncedTables) as SyncedTableName[];

export function isSyncedTable(name: string): name is SyncedTableName {
  return Object.hasOwn(syncedTables, name);
}
