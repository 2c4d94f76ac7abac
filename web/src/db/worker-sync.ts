import type { PGlite } from '@electric-sql/pglite';
import type { PGliteWithSync } from '@electric-sql/pglite-sync';
import {
  authChannel,
  statusChannel,
  type AuthMessage,
  type SyncStatusMessage,
} from '../session/auth-channel';
import { syncReplica } from '../sync/sync-replica';
import type { WorkerMeta } from './worker-meta';

const restartDelayMs = 5_000;
const askAgainMs = 10_000;

/**
 * Runs pglite-sync in the leader worker with the token tabs give it. A 401
 * holds that shape request until a tab supplies a newer token (tabs refresh
 * under a lock), so an expired session pauses sync instead of ending it.
 * Status goes to every tab over a BroadcastChannel. The initial sync counts
 * as done once `persisted` says it is in IndexedDB (an offline start right
 * after it must find it). Returns a function that stops syncing for good
 * (before the worker is terminated).
 */
export function startWorkerSync(
  pg: PGlite & PGliteWithSync,
  meta: WorkerMeta,
  persisted: () => Promise<void>,
): () => void {
  let stopped = false;
  const auth = authChannel(meta.userId);
  const status = statusChannel(meta.userId);
  const state: SyncStatusMessage = {
    type: 'sync-status',
    lastContactAt: null,
    initialSyncDone: false,
    error: null,
  };
  const publish = () => {
    if (!stopped) status.postMessage(state);
  };
  status.onmessage = (event: MessageEvent<{ type: string }>) => {
    if (event.data.type === 'status-request') publish();
  };

  let token: string | undefined;
  const waiters = new Set<() => void>();
  auth.onmessage = (event: MessageEvent<AuthMessage>) => {
    if (event.data.type !== 'token') return;
    token = event.data.accessToken;
    for (const wake of [...waiters]) wake();
  };
  auth.postMessage({ type: 'need-token' } satisfies AuthMessage);

  /** Resolves once a token other than `refused` is known (asking tabs meanwhile), or on abort. */
  const tokenOtherThan = (refused: string | undefined, signal?: AbortSignal | null) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if ((token !== undefined && token !== refused) || signal?.aborted || stopped) {
          clearInterval(timer);
          waiters.delete(check);
          resolve();
        }
      };
      const ask = () => {
        if (!stopped) auth.postMessage({ type: 'need-token', refused } satisfies AuthMessage);
      };
      const timer = setInterval(ask, askAgainMs);
      waiters.add(check);
      signal?.addEventListener('abort', check, { once: true });
      ask();
      check();
    });

  // The shape stream's own transport, not the tabs' HttpClient: the worker
  // holds no refresh token; on a 401 it waits for a tab to supply a newer
  // access token (the tab refreshes), so an expired session pauses sync.
  const fetchClient = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    for (;;) {
      if (token === undefined) await tokenOtherThan(undefined, init?.signal);
      init?.signal?.throwIfAborted();
      const sent = token;
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${sent}`);
      const res = await fetch(input, { ...init, headers });
      if (res.status !== 401) {
        if (res.ok) {
          state.lastContactAt = Date.now();
          state.error = null;
          publish();
        }
        return res;
      }
      await res.body?.cancel();
      await tokenOtherThan(sent, init?.signal);
    }
  };

  let current: { unsubscribe: () => void } | undefined;
  const start = async () => {
    const started = await syncReplica(pg, {
      baseUrl: self.location.origin,
      tables: meta.tables,
      clientId: meta.clientId,
      accessToken: () => token ?? '',
      key: `replica-${meta.clientId}`,
      fetchClient,
      onInitialSync: () => {
        const done = () => {
          state.initialSyncDone = true;
          publish();
        };
        persisted().then(done, done);
      },
      onError: (error) => {
        state.error = error.message;
        publish();
        current?.unsubscribe();
        current = undefined;
        setTimeout(restart, restartDelayMs);
      },
    });
    if (stopped) started.unsubscribe();
    else current = started;
  };
  const restart = () => {
    if (stopped) return;
    start().catch((error: unknown) => {
      state.error = error instanceof Error ? error.message : String(error);
      publish();
      setTimeout(restart, restartDelayMs);
    });
  };
  restart();
  return () => {
    stopped = true;
    current?.unsubscribe();
    current = undefined;
    for (const wake of [...waiters]) wake();
    auth.close();
    status.close();
  };
}
