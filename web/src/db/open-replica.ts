import { live } from '@electric-sql/pglite/live';
import { PGliteWorker } from '@electric-sql/pglite/worker';
import { replicaDataDir, type WorkerMeta } from './worker-meta';

/**
 * Opens this user's replica from a tab: a handle on the shared database
 * worker (whichever tab's worker is the leader runs Postgres). Live queries
 * run here, over the worker connection.
 */
export function openReplica(meta: WorkerMeta) {
  const worker = new Worker(new URL('./replica.worker.ts', import.meta.url), {
    type: 'module',
    name: `plantkeep-db-${meta.userId}`,
  });
  return PGliteWorker.create(worker, {
    id: `plantkeep-${meta.userId}`,
    dataDir: replicaDataDir(meta.userId),
    meta,
    extensions: { live },
  });
}

export type Replica = Awaited<ReturnType<typeof openReplica>>;
