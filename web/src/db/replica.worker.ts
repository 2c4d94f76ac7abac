/// <reference lib="webworker" />
// The database worker. Every tab starts one; PGliteWorker elects a leader
// among them (Web Locks) and only the leader's worker runs Postgres, so all
// tabs of a user share one replica with one writer. The leader also runs
// pglite-sync, which writes the synced schema in the background.
import './process-shim';
import { PGlite } from '@electric-sql/pglite';
import { electricSync } from '@electric-sql/pglite-sync';
import { worker } from '@electric-sql/pglite/worker';
import { prepareReplica } from '../sync/replica';
import { closeDone, closeRequest, persistToIndexedDb, type CloseMessage } from './worker-close';
import { startWorkerSync } from './worker-sync';
import type { WorkerMeta } from './worker-meta';

/** Set once this worker is the leader and has started opening the database. */
let opened: Promise<{ pg: PGlite; stopSync: () => void }> | undefined;

void worker({
  init(options) {
    const opening = (async () => {
      const meta = options.meta as WorkerMeta;
      const pg = await PGlite.create({
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        extensions: { sync: electricSync() },
      });
      await prepareReplica(pg);
      return { pg, stopSync: startWorkerSync(pg, meta) };
    })();
    opened = opening;
    return opening.then(({ pg }) => pg);
  },
});

/**
 * The tab is about to terminate this worker (see worker-close.ts): stop
 * syncing, wait for running queries, copy the files to IndexedDB, answer.
 */
async function persistForClose(): Promise<void> {
  const db = await opened?.catch(() => undefined);
  if (!db) return;
  db.stopSync();
  await persistToIndexedDb(db.pg);
}

self.addEventListener('message', (event: MessageEvent<Partial<CloseMessage> | null>) => {
  if (event.data?.type !== closeRequest) return;
  persistForClose().then(
    () => self.postMessage({ type: closeDone } satisfies CloseMessage),
    () => self.postMessage({ type: closeDone } satisfies CloseMessage),
  );
});
