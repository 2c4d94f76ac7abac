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
import { startWorkerSync } from './worker-sync';
import type { WorkerMeta } from './worker-meta';

void worker({
  async init(options) {
    const meta = options.meta as WorkerMeta;
    const pg = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      extensions: { sync: electricSync() },
    });
    await prepareReplica(pg);
    startWorkerSync(pg, meta);
    return pg;
  },
});
