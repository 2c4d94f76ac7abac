/**
 * Closing a user's database worker without losing writes.
 *
 * The leader worker keeps Postgres' files in memory and copies them to
 * IndexedDB in the background (deferred-copies.ts); a commit returns before
 * its copy. Terminating the worker then drops the writes of that copy —
 * after a fresh sign-in, the replica reopens without its snapshot; after an
 * offline change, without the pending mutation. So a tab that closes its
 * worker (switching user on a shared tablet, reloading into an update)
 * first asks it to stop syncing and copy everything to IndexedDB, and
 * terminates it only once that copy has committed.
 */
export const closeRequest = 'plantkeep-close-request';
export const closeDone = 'plantkeep-close-done';

export interface CloseMessage {
  type: typeof closeRequest | typeof closeDone;
}

const answerWithinMs = 30_000;

/**
 * Asks the worker to stop syncing and persist its database (if it is the
 * leader); resolves when it has, or after a bound if it never answers.
 */
export function persistBeforeTerminate(worker: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      resolve();
    };
    const onMessage = (event: MessageEvent<Partial<CloseMessage> | null>) => {
      if (event.data?.type === closeDone) done();
    };
    const timer = setTimeout(done, answerWithinMs);
    worker.addEventListener('message', onMessage);
    worker.postMessage({ type: closeRequest } satisfies CloseMessage);
  });
}
