import type { SenderAuth } from '../sync';
import { authChannel, type AuthMessage } from './auth-channel';
import { sessionStore } from './session-store';

/**
 * One user's tokens as seen by one tab: read from the shared store on every
 * use, refreshed under a cross-tab lock (refresh tokens rotate, and presenting
 * a rotated one revokes the whole session, so two tabs must never refresh
 * with the same token). Answers the database worker's token requests.
 */
export class SessionAuth implements SenderAuth {
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

  refresh(): Promise<boolean> {
    return this.refreshIfStill(this.accessToken());
  }

  /** Refreshes unless another tab already replaced `stale`. */
  async refreshIfStill(stale: string | undefined): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      const session = sessionStore.load(this.userId);
      if (!session) return false;
      if (stale !== undefined && session.accessToken !== stale) return true;
      let res: Response;
      try {
        res = await fetch('/v1/auth/refresh', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: session.refreshToken }),
        });
      } catch {
        return false; // offline: keep the old tokens and try again later
      }
      if (!res.ok) {
        if (res.status === 401) this.onSignedOut?.();
        return false;
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
      return true;
    };
    if (typeof navigator.locks === 'undefined') return run();
    return navigator.locks.request(`plantkeep-refresh-${this.userId}`, run);
  }

  private answer(refused: string | undefined): void {
    if (refused === undefined || refused !== this.accessToken()) {
      this.announce();
      return;
    }
    this.refreshIfStill(refused).then(
      () => undefined,
      () => undefined,
    );
  }

  private closed = false;

  close(): void {
    this.closed = true;
    this.channel.close();
  }
}
