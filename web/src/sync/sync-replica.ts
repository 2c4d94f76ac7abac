import type { PGliteInterface } from '@electric-sql/pglite';
import type { PGliteWithSync } from '@electric-sql/pglite-sync';
import { SYNCED_SCHEMA, syncedTableName } from '@plantkeep/migrations/replica';
import { replicaTableByName } from './tables';

export interface SyncReplicaOptions {
  /** Origin of the sync-server, e.g. https://plant.example.com. */
  baseUrl: string;
  /** Tables to sync (from GET /v1/sync/tables). */
  tables: readonly string[];
  clientId: string;
  /** Read on every request, so a refreshed token is used at once. */
  accessToken: () => string;
  /** Persists offsets under this key so a restart resumes instead of resyncing. */
  key: string;
  fetchClient?: typeof fetch;
  onInitialSync?: () => void;
  onError?: (error: Error) => void;
}

/**
 * Syncs the caller's shapes into the replica's `synced` schema with
 * pglite-sync: all tables commit together up to one LSN, and that commit is
 * where acknowledgements take effect (see the replica's triggers).
 */
export async function syncReplica(pg: PGliteInterface & PGliteWithSync, o: SyncReplicaOptions) {
  const ownClient = new Set(['sync_clients', 'mutation_rejections']);
  const shapes = Object.fromEntries(
    o.tables.map((table) => [
      table,
      {
        shape: {
          url: `${o.baseUrl}/v1/shape`,
          params: ownClient.has(table) ? { table, client_id: o.clientId } : { table },
          headers: { Authorization: () => `Bearer ${o.accessToken()}` },
          ...(o.fetchClient ? { fetchClient: o.fetchClient } : {}),
        },
        table: syncedTableName(table),
        schema: SYNCED_SCHEMA,
        primaryKey: replicaTableByName(table).primaryKey,
      },
    ]),
  );
  return pg.sync.syncShapesToTables({
    key: o.key,
    shapes,
    ...(o.onInitialSync ? { onInitialSync: o.onInitialSync } : {}),
    ...(o.onError ? { onError: o.onError } : {}),
  });
}
