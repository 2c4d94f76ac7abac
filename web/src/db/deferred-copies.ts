import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { coalescingFlush } from './worker-persist';

/**
 * Postgres settings for a browser replica, whose files IndexedDB copies whole
 * (see DeferredCopies). 1 MiB WAL segments instead of 16: a commit changes
 * the current segment, and each copy rewrites it. Without recycling, a
 * checkpoint removes old segments instead of keeping them for reuse, so the
 * copy (and the cold start that reads it back) holds only the live WAL.
 * The segment size is fixed when the database is created.
 */
export const replicaPostgresOptions = {
  initDbStartParams: ['--wal-segsize=1'],
  startParams: [...PGlite.defaultStartParams, '-c', 'wal_recycle=off'],
} satisfies Partial<PGliteOptions>;

export interface DeferredCopyOptions {
  /** Lets the queries a write triggers (live queries) run before a copy holds the database. */
  settleMs?: number;
  /** A failed copy is tried again after this long, even if no query asks for one. */
  retryMs?: number;
  /**
   * A checkpoint runs before a copy once this much WAL was written since the
   * last one: single-user Postgres never checkpoints by itself, so the WAL
   * (copied and, on a cold start, read back and replayed) would only grow.
   */
  checkpointAfterWalBytes?: number;
  /** After every copy: `undefined` when it worked, else the error. */
  onCopied?: (error: unknown) => void;
}

/**
 * Copies a PGlite database to its file system's storage in the background.
 *
 * PGlite waits, after every query, for its file system to copy the changed
 * files to storage; IndexedDB's copy rewrites each changed file whole, so
 * every statement cost a copy. Installed on an open database, this makes that
 * call only ask for a copy: copies are coalesced (one runs at a time; every
 * request made meanwhile shares the next one) and each holds PGlite's query
 * lock, so it sees the files between two queries, never in the middle of one
 * (IndexedDB's copy lists the files, then reads them; a query in between
 * could remove a listed file or leave a torn copy). Between two queries the
 * files are what a crash would leave, and Postgres recovers from that on the
 * next start. `persist()` resolves once a copy that began after the call has
 * finished: a write is on disk.
 *
 * Installed after `PGlite.create`, not passed as `fs`: PGlite 0.5.1 runs
 * initdb in a second instance created with the same options, and a file
 * system object passed in is then bound to that instance, which is closed.
 */
export class DeferredCopies {
  private readonly flush: () => Promise<void>;
  /** True while a copy's own checkpoint queries run (their copy requests are that copy). */
  private inCopy = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    private readonly pg: PGlite,
    private readonly copyFiles: () => Promise<void>,
    private readonly options: DeferredCopyOptions,
  ) {
    const { settleMs = 30 } = options;
    this.flush = coalescingFlush(
      () => this.copy(),
      () => new Promise((resolve) => setTimeout(resolve, settleMs)),
    );
  }

  static install(pg: PGlite, options: DeferredCopyOptions = {}): DeferredCopies {
    const fs = pg.fs;
    if (!fs) throw new Error('the database has no file system');
    const copyFiles = fs.syncToFs.bind(fs, false);
    const copies = new DeferredCopies(pg, copyFiles, options);
    fs.syncToFs = () => {
      // A failed copy is reported through onCopied and retried on a timer (copy()).
      if (!copies.inCopy) copies.flush().catch(() => undefined);
      return Promise.resolve();
    };
    return copies;
  }

  /** Resolves once everything committed before the call is copied; rejects if that copy failed. */
  persist(): Promise<void> {
    return this.flush();
  }

  private async copy(): Promise<void> {
    const { retryMs = 2_000, checkpointAfterWalBytes, onCopied } = this.options;
    clearTimeout(this.retryTimer);
    if (this.pg.closed) return;
    this.inCopy = true;
    try {
      if (checkpointAfterWalBytes !== undefined) {
        const wal = await walBytesSinceCheckpoint(this.pg);
        if (wal > checkpointAfterWalBytes) await this.pg.exec('checkpoint');
      }
      await this.pg.runExclusive(async () => {
        this.inCopy = false;
        await this.copyFiles();
      });
      onCopied?.(undefined);
    } catch (error) {
      onCopied?.(error);
      if (!this.pg.closed) {
        this.retryTimer = setTimeout(() => {
          this.flush().catch(() => undefined); // reported through onCopied
        }, retryMs);
      }
      throw error;
    } finally {
      this.inCopy = false;
    }
  }
}

/** WAL written since the last checkpoint's redo point (what a cold start replays). */
export async function walBytesSinceCheckpoint(pg: PGlite): Promise<number> {
  const { rows } = await pg.query<{ bytes: number }>(
    'select (pg_current_wal_insert_lsn() - redo_lsn)::float8 as bytes from pg_control_checkpoint()',
  );
  return rows[0]?.bytes ?? 0;
}
