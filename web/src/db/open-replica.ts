import { live } from '@electric-sql/pglite/live';
import { PGliteWorker } from '@electric-sql/pglite/worker';
import { persistBeforeTerminate } from './worker-close';
import { replicaDataDir, type WorkerMeta } from './worker-meta';
import { requestPersist } from './worker-persist';

/**
 * Replicas of this tab still closing, by user. Opening waits for them: a new
 * handle must not connect to the old leader worker while it is persisting
 * and about to be terminated (its queries would fail with "leader changed").
 */
const closing = new Map<string, Promise<void>>();

/**
 * Opens this user's replica from a tab: a handle on the shared database
 * worker (whichever tab's worker is the leader runs Postgres). Live queries
 * run here, over the worker connection. Close it with `shutdown()`, which
 * persists the database before the worker goes (see worker-close.ts).
 */
export async function openReplica(meta: WorkerMeta) {
  await closing.get(meta.userId);
  const worker = new Worker(new URL('./replica.worker.ts', import.meta.url), {
    type: 'module',
    name: `plantkeep-db-${meta.userId}`,
  });
  const pg = await PGliteWorker.create(worker, {
    id: `plantkeep-${meta.userId}`,
    dataDir: replicaDataDir(meta.userId),
    meta,
    extensions: { live },
  });
  let closed: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    if (!closed) {
      closed = (async () => {
        if (!pg.closed) await persistBeforeTerminate(worker);
        await pg.close();
      })();
      // Closing never fails an opening that waits for it.
      const settled = closed.catch(() => undefined);
      closing.set(meta.userId, settled);
      void settled.then(() => {
        if (closing.get(meta.userId) === settled) closing.delete(meta.userId);
      });
    }
    return closed;
  };
  /** Resolves once everything committed so far is in IndexedDB: null, or why it is not (worker-persist.ts). */
  const persist = (): Promise<string | null> => requestPersist(meta.userId);
  return Object.assign(pg, { shutdown, persist });
}

export type Replica = Awaited<ReturnType<typeof openReplica>>;
