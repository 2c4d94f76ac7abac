import type { Permission } from '../auth/permissions';
import {
  always,
  and,
  anyPerm,
  inTable,
  is,
  me,
  myClient,
  or,
  perm,
  type Cond,
} from './visibility-rules';

/**
 * The tables a client replica syncs (shape `table=`), and what each caller
 * may read of them: declared once, here (docs/SPEC.md VI-1…VI-9). The server
 * compiles each entry into the shape's SQL filter and column list
 * (`visibility-sql.ts`); `canReadWorkOrder` and the other row checks evaluate
 * the same entry in JS (`visibility-check.ts`). Nothing a client sends can
 * widen it. Change capture (the embedded shape log) is installed on exactly
 * these tables.
 */
export interface SyncedTable {
  /** Permissions of which the caller needs one to sync the table at all (none listed: anyone signed in). */
  needs?: readonly Permission[];
  /** Which rows (always within the caller's tenant). */
  rows: Cond;
  /** Columns never sent to anyone (secrets). */
  hiddenColumns?: readonly string[];
  /**
   * Column subsets: the first tier whose permission the caller holds (or the
   * last, which names none) decides which columns are sent. No tiers: all
   * columns but the hidden ones.
   */
  columnTiers?: readonly ColumnTier[];
  /** The column naming the tenant (`tenants` itself: `id`). */
  tenantColumn?: string;
}

export interface ColumnTier {
  /** Any of these permissions selects the tier; absent on the last, catch-all tier. */
  perms?: readonly Permission[];
  /** The columns sent, or `all` (but the hidden ones). */
  columns: 'all' | readonly string[];
}

/**
 * VI-3: a work order is readable by readers of all work; by its requester
 * (with `work_orders:read` or `requests:read`); and, with `work_orders:read`,
 * by the people assigned to it.
 */
export const workOrderReadRule: Cond = or(
  perm('work_orders:read_all'),
  and(anyPerm('work_orders:read', 'requests:read'), is('requester_id', me)),
  and(
    perm('work_orders:read'),
    inTable('id', 'work_order_assignees', 'work_order_id', is('user_id', me), false),
  ),
);

/** VI-4: rows that belong to a readable work order. */
const ofReadableWorkOrder = (col = 'work_order_id', references = true): Cond =>
  inTable(col, 'work_orders', 'id', workOrderReadRule, references);

/** VI-4: internal comments only for readers of all work. */
export const commentReadRule: Cond = and(
  ofReadableWorkOrder(),
  or(perm('work_orders:read_all'), is('internal', false)),
);

const workReaders: Permission[] = ['work_orders:read', 'work_orders:read_all', 'requests:read'];
/** VI-5: those who do or oversee the work see its time and parts. */
const workDoers: Permission[] = ['work_orders:read_all', 'work_orders:update'];
/** VI-8: meter readings and downtime may be recorded with either update permission. */
const assetRecorders: Permission[] = ['assets:read', 'assets:update', 'work_orders:update'];
const tenantWide = { rows: always };

export const syncedTables = {
  // VI-2: the tenant's own row, to anyone signed in.
  tenants: { rows: always, tenantColumn: 'id' },
  // VI-6: everyone sees their own row and the people on work they can read; staff see everyone.
  users: {
    rows: or(
      anyPerm('users:manage', 'work_orders:read_all', 'work_orders:assign'),
      is('id', me),
      inTable('id', 'work_orders', 'requester_id', workOrderReadRule, false),
      inTable('id', 'work_order_assignees', 'user_id', ofReadableWorkOrder(), false),
      inTable('id', 'work_order_comments', 'author_id', commentReadRule, false),
    ),
    hiddenColumns: ['password_hash'],
    columnTiers: [
      { perms: ['users:manage'], columns: 'all' },
      {
        perms: ['work_orders:read_all', 'work_orders:assign'],
        columns: ['tenant_id', 'id', 'name', 'email', 'phone', 'deactivated_at'],
      },
      { columns: ['tenant_id', 'id', 'name'] },
    ],
  },
  // VI-7: roles and grants are administration data.
  roles: { needs: ['users:manage', 'roles:manage'], ...tenantWide },
  role_permissions: { needs: ['users:manage', 'roles:manage'], ...tenantWide },
  user_roles: { needs: ['users:manage', 'roles:manage'], ...tenantWide },
  // VI-8: the asset register, to its readers and to whoever records against it (VI-10);
  // requesters pick what is broken from it.
  sites: { needs: [...assetRecorders, 'locations:read', 'requests:create'], ...tenantWide },
  locations: { needs: [...assetRecorders, 'locations:read', 'requests:create'], ...tenantWide },
  assets: { needs: [...assetRecorders, 'requests:create'], ...tenantWide },
  meters: { needs: assetRecorders, ...tenantWide },
  meter_readings: { needs: assetRecorders, ...tenantWide },
  asset_downtime: { needs: assetRecorders, ...tenantWide },
  // VI-9: inventory and preventive maintenance by their read permissions; the parts catalog
  // also to those who log parts used on their work (VI-10).
  parts: { needs: ['inventory:read', 'work_orders:update'], ...tenantWide },
  stock_locations: { needs: ['inventory:read', 'work_orders:update'], ...tenantWide },
  inventory_movements: { needs: ['inventory:read'], ...tenantWide },
  work_orders: { needs: workReaders, rows: workOrderReadRule },
  work_order_assignees: { needs: workReaders, rows: ofReadableWorkOrder() },
  work_order_steps: { needs: workReaders, rows: ofReadableWorkOrder() },
  work_order_comments: { needs: workReaders, rows: commentReadRule },
  signatures: { needs: workReaders, rows: ofReadableWorkOrder() },
  parts_used: { needs: workDoers, rows: ofReadableWorkOrder() },
  time_logs: { needs: workDoers, rows: ofReadableWorkOrder() },
  pm_schedules: { needs: ['schedules:read'], ...tenantWide },
  pm_schedule_steps: { needs: ['schedules:read'], ...tenantWide },
  pm_schedule_parts: { needs: ['schedules:read'], ...tenantWide },
  // VI-4: a file is readable with what it is attached to.
  attachments: {
    rows: or(
      // An upload needs its owner on the server first (404 until then), so a new owner row
      // has no files yet: only its later changes and deletes can move files (no refetch per insert).
      and(is('owner_type', 'work_order'), ofReadableWorkOrder('owner_id')),
      and(
        is('owner_type', 'comment'),
        inTable('owner_id', 'work_order_comments', 'id', commentReadRule, true),
      ),
      and(is('owner_type', 'asset'), perm('assets:read')),
      and(is('owner_type', 'location'), perm('locations:read')),
      and(is('owner_type', 'part'), perm('inventory:read')),
    ),
  },
  // VI-2: addressed to the caller.
  notifications: { rows: is('user_id', me) },
  // VI-4: documents carry internal comments and cannot be filtered.
  ydoc_updates: { needs: ['work_orders:read_all'], ...tenantWide },
  // VI-2: the caller's own device.
  sync_clients: { rows: and(is('client_id', myClient), is('user_id', me)) },
  mutation_rejections: { rows: and(is('client_id', myClient), is('user_id', me)) },
} as const satisfies Record<string, SyncedTable>;

export type SyncedTableName = keyof typeof syncedTables;
export const syncedTableNames = Object.keys(syncedTables) as SyncedTableName[];

export function isSyncedTable(name: string): name is SyncedTableName {
  return Object.hasOwn(syncedTables, name);
}
