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
import { DeferredCopies, replicaPostgresOptions } from './deferred-copies';
import { closeDone, closeRequest, type CloseMessage } from './worker-close';
import type { WorkerMeta } from './worker-meta';
import { servePersistRequests } from './worker-persist';
import { startWorkerSync } from './worker-sync';

/** A cold start replays the WAL written since the last checkpoint; this bounds it. */
const checkpointAfterWalBytes = 8 * 1024 * 1024;

/** Set once this worker is the leader and has started opening the database. */
let opened: Promise<{ copies: DeferredCopies; stopSync: () => void }> | undefined;

void worker({
  init(options) {
    const opening = (async () => {
      const meta = options.meta as WorkerMeta;
      const pg = await PGlite.create({
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        ...replicaPostgresOptions,
        extensions: { sync: electricSync() },
      });
      // Requests arrive as messages, after `copies` below exists.
      const served = servePersistRequests(meta.userId, () => copies.persist());
      const copies = DeferredCopies.install(pg, {
        checkpointAfterWalBytes,
        onCopied: (error) => served.report(error),
      });
      await prepareReplica(pg);
      const stopSync = startWorkerSync(pg, meta, () => copies.persist());
      return { pg, copies, stopSync };
    })();
    opened = opening;
    return opening.then(({ pg }) => pg);
  },
});

/**
 * The tab is about to terminate this worker (see worker-close.ts): stop
 * syncing, then copy everything committed to IndexedDB (the copy waits for
 * running queries), and answer.
 */
async function persistForClose(): Promise<void> {
  const db = await opened?.catch(() => undefined); // never opened: nothing to copy
  if (!db) return;
  db.stopSync();
  await db.copies.persist();
}

self.addEventListener('message', (event: MessageEvent<Partial<CloseMessage> | null>) => {
  if (event.data?.type !== closeRequest) return;
  persistForClose().then(
    () => self.postMessage({ type: closeDone } satisfies CloseMessage),
    () => self.postMessage({ type: closeDone } satisfies CloseMessage),
  );
});
