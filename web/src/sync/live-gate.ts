type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

interface Waiter {
  after: bigint;
  release(): void;
}

/** The LSN of a log offset `<lsn>_<position>`; undefined for -1, now and snapshot offsets. */
function offsetLsn(offset: string | null): bigint | undefined {
  const match = offset ? /^([1-9][0-9]{0,18})_[0-9]+$/.exec(offset) : null;
  return match?.[1] ? BigInt(match[1]) : undefined;
}

function urlOf(input: string | URL | Request): URL {
  return new URL(input instanceof Request ? input.url : String(input));
}

/**
 * One long-poll per device instead of one per synced table (SPEC SH-10).
 * A browser opens at most six HTTP/1.1 connections per origin, and a device
 * syncs about twenty tables: with a waiting request per table, sends and
 * refreshes queued behind them for tens of seconds. The gate is the shape
 * streams' fetch: it holds each live request until `GET /v1/sync/wait`
 * reports a change past the request's offset, then sends it with
 * `hold=false`, so the server answers at once. Everything else passes
 * through. When the server has no wait endpoint (proxy mode) or the wait
 * fails, held requests go out as ordinary long-polls and the stream's own
 * retry and backoff apply, as before.
 */
export class LiveGate {
  private readonly waiters = new Set<Waiter>();
  private head = -1n;
  private polling = false;
  private supported = true;
  /** Aborts the wait in flight once no request is held any more (every stream torn down). */
  private pollAbort: AbortController | undefined;

  /**
   * `o.fetch` is the shape stream's transport (in the worker: it waits for a
   * newer token on a 401, worker-sync.ts), so the gate needs no HttpClient.
   */
  constructor(private readonly o: { baseUrl: string; fetch: Fetch; accessToken: () => string }) {}

  readonly fetch: Fetch = async (input, init) => {
    const url = urlOf(input);
    const after = offsetLsn(url.searchParams.get('offset'));
    if (!this.supported || url.searchParams.get('live') !== 'true' || after === undefined) {
      return this.o.fetch(input, init);
    }
    await this.waitPast(after, init?.signal ?? undefined);
    if (!this.supported) return this.o.fetch(input, init);
    url.searchParams.set('hold', 'false');
    return this.o.fetch(input instanceof Request ? new Request(url, input) : url.toString(), init);
  };

  private waitPast(after: bigint, signal: AbortSignal | undefined): Promise<void> {
    if (this.head > after) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiters.delete(waiter);
        if (this.waiters.size === 0) this.pollAbort?.abort();
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      const waiter: Waiter = {
        after,
        release: () => {
          signal?.removeEventListener('abort', onAbort);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      void this.poll();
    });
  }

  /** Releases the waiters the head has passed; with `all`, every waiter. */
  private release(all: boolean): void {
    for (const waiter of [...this.waiters]) {
      if (all || this.head > waiter.after) waiter.release();
    }
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      while (this.waiters.size > 0) {
        // The server answers at once when its head is past the lowest offset held here.
        const lowest = [...this.waiters].reduce<bigint | undefined>(
          (m, w) => (m === undefined || w.after < m ? w.after : m),
          undefined,
        );
        if (lowest === undefined) return;
        let res: Response;
        this.pollAbort = new AbortController();
        try {
          res = await this.o.fetch(`${this.o.baseUrl}/v1/sync/wait?after=${lowest}`, {
            headers: { Authorization: `Bearer ${this.o.accessToken()}` },
            signal: this.pollAbort.signal,
          });
        } catch {
          // Offline or unreachable: let the held requests fail and back off on their own.
          this.release(true);
          return;
        }
        if (res.status === 404) {
          // No wait endpoint here (shapes proxied to Electric): plain long-polls from now on.
          this.supported = false;
          this.release(true);
          return;
        }
        if (!res.ok) {
          // Signed out, rate-limited, server error: the shape requests meet the same answer
          // and handle it as they always have.
          this.release(true);
          return;
        }
        const body = (await res.json()) as { data?: { head?: string } };
        const head = body.data?.head;
        if (head && /^[0-9]{1,19}$/.test(head) && BigInt(head) > this.head)
          this.head = BigInt(head);
        this.release(false);
      }
    } finally {
      this.polling = false;
      this.pollAbort = undefined;
    }
  }
}
