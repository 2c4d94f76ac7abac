import type { App } from '../app';
import { freshIp } from './app-fixture';

/** One request the official clients made, as the router saw it. */
export interface RoutedRequest {
  url: URL;
  /** Undefined while in flight, or when the router failed it (offline, reset). */
  status?: number;
  headers?: Headers;
  /** The response body as text (a copy; the client reads its own). */
  body?: string;
  failed?: 'offline' | 'reset' | 'aborted';
}

let routerCount = 0;

/** Fast retries for tests (the clients default to 1 s, doubling to 32 s). */
export const fastBackoff = { initialDelay: 10, maxDelay: 50, multiplier: 1.5 };

/**
 * Routes the official Electric clients' HTTP into an app without a port:
 * hand `fetchClient` and `url` to a ShapeStream or to pglite-sync. Every
 * request is logged. The network can be cut (`offline`), open connections
 * reset and new requests sent to another app (`restart`, a server restart),
 * and `beforeRequest` runs before a request reaches the server (to write
 * between two responses). Each router has its own origin, so the clients'
 * per-URL caches (up-to-date tracker, expired handles) never couple routers.
 */
export class ShapeRouter {
  readonly url: string;
  readonly log: RoutedRequest[] = [];
  offline = false;
  beforeRequest: ((url: URL) => Promise<void>) | undefined;
  private target: App;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly open = new Set<(error: Error) => void>();

  constructor(app: App) {
    routerCount += 1;
    this.target = app;
    this.url = `http://client-${routerCount}-${process.pid}.test/v1/shape`;
  }

  readonly fetchClient: typeof fetch = (input, init) => this.route(new Request(input, init));

  private async route(request: Request): Promise<Response> {
    const entry: RoutedRequest = { url: new URL(request.url) };
    this.log.push(entry);
    if (this.offline) {
      entry.failed = 'offline';
      throw new TypeError('fetch failed: network is offline');
    }
    if (this.beforeRequest) await this.beforeRequest(entry.url);
    request.headers.set('x-forwarded-for', freshIp());
    const served = Promise.resolve(this.target.request(request));
    const settled = served.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
    const response = await new Promise<Response>((resolve, reject) => {
      const fail = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onAbort = () => {
        entry.failed = 'aborted';
        fail(new DOMException('The operation was aborted', 'AbortError'));
      };
      const cleanup = () => {
        this.open.delete(reset);
        request.signal.removeEventListener('abort', onAbort);
      };
      const reset = (error: Error) => {
        entry.failed = 'reset';
        fail(error);
      };
      this.open.add(reset);
      request.signal.addEventListener('abort', onAbort, { once: true });
      if (request.signal.aborted) onAbort();
      served.then(
        (res) => {
          cleanup();
          resolve(res);
        },
        (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
      );
    });
    entry.status = response.status;
    entry.headers = response.headers;
    entry.body = await response.clone().text();
    return response;
  }

  /** A server restart: open connections drop (the clients see a network error), new ones reach `app`. */
  restart(app: App): void {
    this.target = app;
    for (const reset of [...this.open]) reset(new TypeError('fetch failed: connection reset'));
  }

  /** Waits until every request the server is still handling has finished (before closing the database). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Requests with the given query parameter value, e.g. `requests('offset', '-1')`. */
  requests(param: string, value?: string): RoutedRequest[] {
    return this.log.filter((r) =>
      value === undefined ? r.url.searchParams.has(param) : r.url.searchParams.get(param) === value,
    );
  }
}

/** Polls `check` until it holds: at most `attempts` tries `intervalMs` apart; never a wall-clock assertion. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  attempts = 200,
  intervalMs = 25,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
