import type { SenderAuth } from '../sync';
import { authChannel, type AuthMessage } from './auth-channel';
import type { HttpSession, RefreshOutcome } from './http-client';
import { sessionStore } from './session-store';

/**
 * One user's tokens as seen by one tab: read from the shared store on every
 * use, refreshed under a cross-tab lock (refresh tokens rotate, and presenting
 * a rotated one revokes the whole session, so two tabs must never refresh
 * with the same token). Answers the database worker's token requests.
 */
export class SessionAuth implements SenderAuth, HttpSession {
  private readonly channel: BroadcastChannel;
  /** Called when the server refused the refresh token: the user must sign in again. */
  onSignedOut: (() => void) | undefined;

  constructor(readonly userId: string) {
    this.channel = authChannel(userId);
    this.channel.onmessage = (event: MessageEvent<AuthMessage>) => {
      if (event.data.type === 'need-token') this.answer(event.data.refused);
    };
  }

  accessToken(): string | undefined {
    return sessionStore.load(this.userId)?.accessToken;
  }

  /** Sends the current token to the worker (at start and after every refresh). */
  announce(): void {
    if (this.closed) return;
    const token = this.accessToken();
    if (token)
      this.channel.postMessage({ type: 'token', accessToken: token } satisfies AuthMessage);
  }

  async refresh(): Promise<boolean> {
    return (await this.refreshTokens(this.accessToken())) === 'refreshed';
  }

  /**
   * Exchanges the refresh token unless another tab already replaced `stale`.
   * The refresh request itself goes out with the plain `fetch`: it carries
   * the refresh token, not the access token the HttpClient would add.
   */
  async refreshTokens(stale: string | undefined): Promise<RefreshOutcome> {
    const run = async (): Promise<RefreshOutcome> => {
      const session = sessionStore.load(this.userId);
      if (!session) return 'refused';
      if (stale !== undefined && session.accessToken !== stale) return 'refreshed';
      let res: Response;
      try {
        res = await fetch('/v1/auth/refresh', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: session.refreshToken }),
        });
      } catch {
        return 'unavailable'; // offline: keep the old tokens and try again later
      }
      if (!res.ok) {
        if (res.status !== 401) return 'unavailable';
        this.onSignedOut?.();
        return 'refused';
      }
      const { data } = (await res.json()) as {
        data: { accessToken: string; refreshToken: string };
      };
      sessionStore.save({
        ...session,
        accessToken: data.accessToken,
        refreshToken: data.refreshToken,
      });
      this.announce();
      return 'refreshed';
    };
    if (typeof navigator.locks === 'undefined') return run();
    return navigator.locks.request(`plantkeep-refresh-${this.userId}`, run);
  }

  private answer(refused: string | undefined): void {
    if (refused === undefined || refused !== this.accessToken()) {
      this.announce();
      return;
    }
    // The worker asks again after a while if no token came; a refused
    // refresh reaches the user through onSignedOut, so nothing is lost here.
    this.refreshTokens(refused).catch(() => undefined);
  }

  private closed = false;

  close(): void {
    this.closed = true;
    this.channel.close();
  }
}
