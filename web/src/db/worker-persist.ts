/**
 * When a write is on disk.
 *
 * PGlite's IndexedDB file system copies every changed file whole, and with
 * PGlite's default every statement waits for that copy: one status change took
 * seconds in the browser. The leader worker therefore runs PGlite with
 * `relaxedDurability` (queries return before the copy) and funnels every copy
 * through one coalescing flush (idb-persistence.ts): at most one copy runs,
 * and every request made meanwhile shares the next one. A tab that needs a
 * write on disk (a queued mutation, before the app calls it queued) asks the
 * leader over this user's persist channel and waits for a flush that began
 * after its commit. The leader also tells every tab when copies fail (and
 * when they work again), so a full disk shows in the status bar.
 */

/**
 * Returns a function that runs `flush` so that each call resolves after a
 * flush begun after the call. `settle` runs before each flush starts (the
 * worker lets the queries a write triggers, e.g. live queries, go first).
 */
export function coalescingFlush(
  flush: () => Promise<void>,
  settle: () => Promise<void> = () => Promise.resolve(),
): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  return () => {
    if (next) return next;
    const after = running ?? Promise.resolve();
    const scheduled: Promise<void> = after
      .catch(() => undefined) // the previous flush's failure went to its own callers
      .then(settle)
      .then(() => {
        next = undefined;
        running = scheduled;
        return flush();
      })
      .finally(() => {
        if (running === scheduled) running = undefined;
      });
    next = scheduled;
    return scheduled;
  };
}

export type PersistMessage =
  | { type: 'persist-request'; id: string }
  | { type: 'persisted'; id: string; error: string | null }
  /** The leader's copies fail (`problem` says why) or work again (`null`). */
  | { type: 'storage-state'; problem: string | null };

export function persistChannel(userId: string): BroadcastChannel {
  return new BroadcastChannel(`plantkeep-persist-${userId}`);
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * In the leader worker: answers tabs' persist requests once a flush begun
 * after the request is done. Returns `report`, which the flush calls after
 * each copy so tabs learn when copies start failing and when they recover.
 */
export function servePersistRequests(userId: string, flush: () => Promise<void>) {
  const channel = persistChannel(userId);
  let problem: string | null = null;
  channel.onmessage = (event: MessageEvent<PersistMessage>) => {
    if (event.data.type !== 'persist-request') return;
    const { id } = event.data;
    flush().then(
      () => channel.postMessage({ type: 'persisted', id, error: null } satisfies PersistMessage),
      (error: unknown) =>
        channel.postMessage({
          type: 'persisted',
          id,
          error: describe(error),
        } satisfies PersistMessage),
    );
  };
  return {
    report(error: unknown): void {
      const now = error === undefined ? null : `Not saved on this device: ${describe(error)}`;
      if (now === problem) return;
      problem = now;
      channel.postMessage({ type: 'storage-state', problem } satisfies PersistMessage);
    },
    close: () => channel.close(),
  };
}

const answerWithinMs = 10_000;

/**
 * From a tab: resolves once the leader has copied everything committed so far
 * to IndexedDB (null) or failed to (the reason), or after a bound when no
 * leader answers (one is starting; its first copy will include the write).
 */
export function requestPersist(userId: string): Promise<string | null> {
  return new Promise((resolve) => {
    const channel = persistChannel(userId);
    const id = crypto.randomUUID();
    const done = (error: string | null) => {
      clearTimeout(timer);
      channel.close();
      resolve(error);
    };
    const timer = setTimeout(() => done(null), answerWithinMs);
    channel.onmessage = (event: MessageEvent<PersistMessage>) => {
      if (event.data.type === 'persisted' && event.data.id === id) done(event.data.error);
    };
    channel.postMessage({ type: 'persist-request', id } satisfies PersistMessage);
  });
}
