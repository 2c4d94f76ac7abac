/** What a tab tells the database worker when it starts it (PGliteWorker `meta`). */
export interface WorkerMeta {
  userId: string;
  clientId: string;
  /** Tables to sync: the server's list for this user ∩ the tables the app reads. */
  tables: string[];
}

/**
 * The tables the app reads. A screen that needs another synced table adds it
 * here (the server still decides whether this user may sync it).
 * `sync_clients` and `mutation_rejections` carry acknowledgements and
 * rejections and are always needed.
 */
export const appTables = [
  'users',
  'sites',
  'locations',
  'assets',
  'meters',
  'meter_readings',
  'asset_downtime',
  'work_orders',
  'work_order_assignees',
  'ydoc_updates',
  'work_order_steps',
  'work_order_comments',
  'parts',
  'stock_locations',
  'parts_used',
  'time_logs',
  'signatures',
  'attachments',
  'sync_clients',
  'mutation_rejections',
] as const;

export function tablesToSync(allowed: readonly string[]): string[] {
  const set = new Set(allowed);
  return appTables.filter((t) => set.has(t));
}

/** One IndexedDB database per user: each user's replica and pending queue stay apart. */
export const replicaDataDir = (userId: string) => `idb://plantkeep-${userId}`;
