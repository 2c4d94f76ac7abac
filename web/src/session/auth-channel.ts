/**
 * Messages between tabs and the database worker about one user's access
 * token. The worker syncs shapes with the token it was last given; when the
 * server refuses it, the worker asks and a tab answers (refreshing first if
 * that token is the one refused).
 */
export type AuthMessage =
  { type: 'token'; accessToken: string } | { type: 'need-token'; refused?: string };

export function authChannel(userId: string): BroadcastChannel {
  return new BroadcastChannel(`plantkeep-auth-${userId}`);
}

/** What the worker reports about sync, to every tab. */
export type SyncStatusMessage = {
  type: 'sync-status';
  /** When a shape request last succeeded (ms since epoch), if ever. */
  lastContactAt: number | null;
  /** Initial sync finished at least once on this device. */
  initialSyncDone: boolean;
  error: string | null;
};

export function statusChannel(userId: string): BroadcastChannel {
  return new BroadcastChannel(`plantkeep-sync-${userId}`);
}
