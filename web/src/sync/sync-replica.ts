import type { PGliteInterface } from '@electric-sql/pglite';
import type { PGliteWithSync } from '@electric-sql/pglite-sync';
import { SYNCED_SCHEMA, syncedTableName, syncedTableRef } from '@plantkeep/migrations/replica';
import { LiveGate } from './live-gate';
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
  /**
   * How pglite-sync writes the first snapshot of a new subscription
   * (pglite-sync's default: `insert`). Both measure the same on a scale-1
   * tenant (web/bench/initial-sync.ts); the option is there for the bench.
   */
  initialInsertMethod?: 'insert' | 'json';
  onError?: (error: Error) => void;
}

/**
 * Syncs the caller's shapes into the replica's `synced` schema with
 * pglite-sync: all tables commit together up to one LSN, and that commit is
 * where acknowledgements take effect (see the replica's triggers).
 */
export async function syncReplica(pg: PGliteInterface & PGliteWithSync, o: SyncReplicaOptions) {
  await restartIncompleteShapes(pg, o.key);
  // One long-poll for the whole device rather than one per table (SPEC SH-10).
  const gate = new LiveGate({
    baseUrl: o.baseUrl,
    // The worker passes its token-waiting transport (worker-sync.ts); the
    // plain fetch serves tests and tools that hold a token that stays valid.
    fetch: o.fetchClient ?? ((input, init) => fetch(input, init)),
    accessToken: o.accessToken,
  });
  const ownClient = new Set(['sync_clients', 'mutation_rejections']);
  const shapes = Object.fromEntries(
    o.tables.map((table) => [
      table,
      {
        shape: {
          url: `${o.baseUrl}/v1/shape`,
          params: ownClient.has(table) ? { table, client_id: o.clientId } : { table },
          headers: { Authorization: () => `Bearer ${o.accessToken()}` },
          fetchClient: gate.fetch,
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
    ...(o.initialInsertMethod ? { initialInsertMethod: o.initialInsertMethod } : {}),
    ...(o.onInitialSync ? { onInitialSync: o.onInitialSync } : {}),
    ...(o.onError ? { onError: o.onError } : {}),
  });
}

/** A saved offset of a shape whose snapshot was committed whole: `<lsn>_<position>`, lsn ≥ 1. */
const completeOffset = /^[1-9][0-9]*_[0-9]+$/;

/**
 * pglite-sync saves every shape's *current* handle and offset with each
 * commit, including a shape that has just been told to refetch (offset -1,
 * its table not yet emptied) or is halfway through a new snapshot. Resuming
 * from there would insert a snapshot over the old rows or skip part of it.
 * Before sync starts, such a shape's rows are deleted and its saved position
 * dropped, so it starts over from an empty table (SPEC CL-4).
 */
export async function restartIncompleteShapes(pg: PGliteInterface, key: string): Promise<void> {
  await pg.transaction(async (tx) => {
    const { rows } = await tx.query<{ shape: string; offset: string | null }>(
      `select s.key as shape, s.value->>'offset' as offset
         from electric.subscriptions_metadata m, jsonb_each(m.shape_metadata) s
        where m.key = $1`,
      [key],
    );
    for (const { shape, offset } of rows) {
      if (offset !== null && completeOffset.test(offset)) continue;
      await tx.exec(`DELETE FROM ${syncedTableRef(shape)}`);
      await tx.query(
        'update electric.subscriptions_metadata set shape_metadata = shape_metadata - $2 where key = $1',
        [key, shape],
      );
    }
  });
}
