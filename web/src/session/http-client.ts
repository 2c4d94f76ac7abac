/** What a refresh of the session's tokens came to. */
export type RefreshOutcome =
  /** New tokens are stored (by this tab, or already by another one). */
  | 'refreshed'
  /** The server could not be asked (offline, 5xx): the old tokens stay; try later. */
  | 'unavailable'
  /** The server refused the refresh token: only signing in again helps. */
  | 'refused';

/** The session the client sends requests under (`SessionAuth` in the app, a fake in tests). */
export interface HttpSession {
  accessToken(): string | undefined;
  /** Refreshes unless the access token is no longer `stale` (another tab refreshed first). */
  refreshTokens(stale: string | undefined): Promise<RefreshOutcome>;
}

export interface HttpClientOptions {
  /** The network (tests pass a fake). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** The session ended: ask the user to sign in again. */
  onSignedOut?: () => void;
}

/**
 * The one way the app calls the API with the user's session: the access
 * token as a bearer header; on a 401 one refresh and one retry; when the
 * refresh is refused, or the retry is refused again, the session has ended
 * and `onSignedOut` asks the user to sign in (never a second refresh, so no
 * loop). Network errors are thrown as `fetch` throws them; other statuses are
 * the caller's to read. A body sent twice must be re-readable (string,
 * Blob, FormData; not a stream).
 */
export class HttpClient {
  private readonly send: (input: string, init: RequestInit) => Promise<Response>;

  constructor(
    private readonly session: HttpSession,
    private readonly options: HttpClientOptions = {},
  ) {
    this.send = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const token = this.session.accessToken();
    const first = await this.attempt(path, init, token);
    if (first.status !== 401) return first;
    const refreshed = await this.session.refreshTokens(token);
    if (refreshed === 'unavailable') return first;
    if (refreshed === 'refused') {
      this.options.onSignedOut?.();
      return first;
    }
    await first.body?.cancel();
    const second = await this.attempt(path, init, this.session.accessToken());
    if (second.status === 401) this.options.onSignedOut?.();
    return second;
  }

  private attempt(path: string, init: RequestInit, token: string | undefined) {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return this.send(path, { ...init, headers });
  }
}
