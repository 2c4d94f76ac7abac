import {
  parseMutation,
  type Actor,
  type MutationArgs,
  type MutationName,
  type ParsedMutation,
  type Permission,
} from '@plantkeep/shared';
import { LeaderWatch } from '../db/leader-watch';
import { openReplica, type Replica } from '../db/open-replica';
import { tablesToSync } from '../db/worker-meta';
import { persistChannel, type PersistMessage } from '../db/worker-persist';
import { statusChannel, type SyncStatusMessage } from '../session/auth-channel';
import { HttpClient } from '../session/http-client';
import { SessionAuth } from '../session/session-auth';
import { sessionStore, type SessionUser } from '../session/session-store';
import {
  LocalStore,
  SendLoop,
  Sender,
  type FlushOutcome,
  type Flusher,
  type Transport,
} from '../sync';
import { StatusStore } from './sync-status';

const lastSyncedKey = (userId: string) => `plantkeep.lastSynced.${userId}`;
const periodicWakeMs = 15_000;

// The mutation sender keeps its own request: it checks whose token it sends
// (never one user's queue under another identity), refreshes once on a 401
// itself and reports signed-out as a flush outcome (sender.ts).
const transport: Transport = ({ token, body }) =>
  fetch('/v1/mutations', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

function describe(outcome: FlushOutcome): string | null {
  if (outcome.kind === 'signed-out') return 'Sign in again to send your changes';
  if (outcome.kind === 'fatal') return outcome.reason;
  return null;
}

/** Runtimes open in this tab (one per signed-in user shown). */
const openRuntimes = new Set<AppRuntime>();

/**
 * Closes every open runtime, persisting each replica first: call before
 * reloading the page (an app update), so the last writes are in IndexedDB.
 */
export async function closeOpenRuntimes(): Promise<void> {
  await Promise.all([...openRuntimes].map((runtime) => runtime.close()));
}

/**
 * Everything one signed-in user needs in one tab: the replica (shared worker),
 * the local write path, the sender, and the sync status. Only one tab per
 * user sends (a Web Lock); the others write locally and the sending tab
 * notices the queue growing through a live query.
 */
export class AppRuntime {
  readonly status: StatusStore;
  /** Bumped when this tab reconnects to a new database leader (live queries resubscribe). */
  readonly leader: LeaderWatch;
  /** The API with this user's session (bearer token, one refresh on a 401, then sign-in). */
  readonly http: HttpClient;
  private readonly cleanups: (() => void)[] = [];
  private loop: SendLoop | undefined;
  /** Outgoing work the send loop flushes after the mutation queue (photo uploads). */
  private readonly flushers = new Set<Flusher>();
  private releaseSendLock: (() => void) | undefined;

  private constructor(
    readonly user: SessionUser,
    readonly actor: Actor,
    readonly clientId: string,
    readonly pg: Replica,
    readonly store: LocalStore,
    readonly auth: SessionAuth,
  ) {
    this.leader = new LeaderWatch(pg);
    const signedOut = () => this.status.set({ signedOut: true });
    auth.onSignedOut = signedOut;
    this.http = new HttpClient(auth, { onSignedOut: signedOut });
    const saved = Number(localStorage.getItem(lastSyncedKey(user.id)));
    this.status = new StatusStore({
      online: navigator.onLine,
      lastSyncedAt: saved > 0 ? saved : null,
      initialSyncDone: saved > 0,
      sendProblem: null,
      signedOut: false,
      syncError: null,
      storageProblem: null,
      unsavedWrites: 0,
    });
  }

  static async open(userId: string): Promise<AppRuntime> {
    const session = sessionStore.load(userId);
    if (!session) throw new Error('no session for this user on this device');
    const clientId = sessionStore.clientId(userId);
    const auth = new SessionAuth(userId);
    const pg = await openReplica({ userId, clientId, tables: tablesToSync(session.tables) });
    const actor: Actor = {
      userId,
      tenantId: session.user.tenantId,
      permissions: new Set<Permission>(session.user.permissions),
    };
    const runtime = new AppRuntime(
      session.user,
      actor,
      clientId,
      pg,
      new LocalStore(pg, clientId, actor),
      auth,
    );
    openRuntimes.add(runtime);
    await runtime.start();
    return runtime;
  }

  /**
   * Applies a mutation locally (optimistic, queued) and nudges the sender;
   * resolves once the change is in IndexedDB, so queued means on disk.
   */
  async mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<{ seq: number }> {
    return this.mutateParsed(parseMutation(name, args));
  }

  /** `mutate` for a name and arguments that come from data (the inbox's resend): parse first, then this. */
  async mutateParsed(parsed: ParsedMutation): Promise<{ seq: number }> {
    return this.durably(async () => {
      const result = await this.store.mutateParsed(parsed);
      this.loop?.wake();
      return result;
    });
  }

  /** Adds outgoing work to the send loop (it runs in the tab holding the send lock); returns the remover. */
  addFlusher(flusher: Flusher): () => void {
    this.flushers.add(flusher);
    this.loop?.wake();
    return () => this.flushers.delete(flusher);
  }

  /** New outgoing work (a photo taken): flush now rather than at the periodic wake. */
  wakeSender(): void {
    this.loop?.wake();
  }

  /**
   * Runs a local write and waits until the database worker has copied it to
   * IndexedDB (the write shows on screen at once; the copy follows within
   * tens of milliseconds). Meanwhile closing the tab asks for confirmation.
   */
  async durably<T>(write: () => Promise<T>): Promise<T> {
    const result = await write();
    const unsaved = (change: number) =>
      this.status.set({ unsavedWrites: this.status.get().unsavedWrites + change });
    unsaved(+1);
    try {
      const problem = await this.pg.persist();
      if (problem) this.status.set({ storageProblem: problem });
    } finally {
      unsaved(-1);
    }
    return result;
  }

  private async start(): Promise<void> {
    this.listenToWorker();
    this.guardUnsavedWrites();
    this.auth.announce();
    const onOnline = () => {
      this.status.set({ online: true });
      this.auth.announce();
      this.loop?.wake();
    };
    const onOffline = () => this.status.set({ online: false });
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    this.cleanups.push(() => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    });
    // A new leader has a new Postgres session: listen there again.
    let stopWatching = await this.store.watchRejections();
    const unsubscribeLeader = this.leader.subscribe(() => {
      const previous = stopWatching;
      stopWatching = () => Promise.resolve();
      void (async () => {
        // The old leader's listener went away with its Postgres session.
        await previous().catch(() => undefined);
        if (!this.closed) stopWatching = await this.store.watchRejections();
      })().catch((error: unknown) =>
        // Rejections still arrive by sync; only the instant overlay rebuild is lost.
        console.warn('could not listen for rejections on the new database leader', error),
      );
    });
    this.cleanups.push(() => {
      unsubscribeLeader();
      stopWatching().catch(() => undefined); // closing: the listener goes with the replica
      this.leader.close();
    });
    this.becomeSenderWhenPossible();
  }

  private listenToWorker(): void {
    const channel = statusChannel(this.user.id);
    channel.onmessage = (event: MessageEvent<SyncStatusMessage>) => {
      if (event.data.type !== 'sync-status') return;
      const { lastContactAt, initialSyncDone, error } = event.data;
      if (lastContactAt !== null)
        localStorage.setItem(lastSyncedKey(this.user.id), String(lastContactAt));
      this.status.set({
        lastSyncedAt: lastContactAt ?? this.status.get().lastSyncedAt,
        initialSyncDone: initialSyncDone || this.status.get().initialSyncDone,
        syncError: error,
      });
    };
    channel.postMessage({ type: 'status-request' });
    this.cleanups.push(() => channel.close());
    const storage = persistChannel(this.user.id);
    storage.onmessage = (event: MessageEvent<PersistMessage>) => {
      if (event.data.type === 'storage-state')
        this.status.set({ storageProblem: event.data.problem });
    };
    this.cleanups.push(() => storage.close());
  }

  /** Closing the tab while a write is not yet in IndexedDB would lose it: the browser asks first. */
  private guardUnsavedWrites(): void {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (this.status.get().unsavedWrites > 0) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    this.cleanups.push(() => window.removeEventListener('beforeunload', onBeforeUnload));
  }

  /** Waits for this user's send lock (one sending tab), then runs the send loop until closed. */
  private becomeSenderWhenPossible(): void {
    const sender = new Sender(this.store, this.user.id, transport, this.auth);
    const held = new Promise<void>((resolve) => (this.releaseSendLock = resolve));
    navigator.locks
      .request(`plantkeep-send-${this.clientId}`, async () => {
        if (this.closed) return;
        const loop = new SendLoop(sender, {
          after: () => this.flushers,
          onOutcome: (outcome) => this.status.set({ sendProblem: describe(outcome) }),
        });
        this.loop = loop;
        loop.start();
        const onOnline = () => {
          sender.forgetConfirmations();
          loop.wake();
        };
        window.addEventListener('online', onOnline);
        const timer = setInterval(() => loop.wake(), periodicWakeMs);
        const stop = () => {
          clearInterval(timer);
          window.removeEventListener('online', onOnline);
          loop.stop();
        };
        this.cleanups.push(stop);
        // Not awaited before `held`: the lock must be released on close even if the
        // database is already gone.
        const watchQueue = () =>
          this.pg.live.query<{ n: number }>(
            'select count(*)::int as n, coalesce(max(seq), 0)::text as top from pending_mutations where client_id = $1',
            [this.clientId],
            () => loop.wake(),
          );
        // A queue watch that failed to start or stop belongs to a leader that is gone.
        const unwatch = (q: ReturnType<typeof watchQueue>) =>
          q.then((live) => live.unsubscribe()).catch(() => undefined);
        let queue = watchQueue();
        // A new leader has a new Postgres session: watch the queue there again.
        const unsubscribeLeader = this.leader.subscribe(() => {
          void unwatch(queue);
          queue = watchQueue();
          loop.wake();
        });
        await held;
        unsubscribeLeader();
        stop();
        void unwatch(queue);
      })
      .catch((error: unknown) =>
        // Without the lock this tab writes locally only; the lock holder sends.
        console.warn('the send loop stopped', error),
      );
  }

  private closed = false;

  async close(): Promise<void> {
    openRuntimes.delete(this);
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.releaseSendLock?.();
    this.auth.close();
    // Persists the replica (pending log included) before the worker is terminated.
    await this.pg.shutdown();
  }
}
