import type { Permission } from '@plantkeep/shared';

/** What the login response gives us about the signed-in user. */
export interface SessionUser {
  id: string;
  tenantId: string;
  name: string;
  email: string;
  roles: string[];
  permissions: Permission[];
}

/** A user's tokens on this device. The access token may be expired: the app keeps working offline. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
  /** Tables this user may sync (GET /v1/sync/tables), remembered for offline starts. */
  tables: string[];
}

const prefix = 'plantkeep.';
const sessionKey = (userId: string) => `${prefix}session.${userId}`;
const clientIdKey = (userId: string) => `${prefix}clientId.${userId}`;
const currentKey = `${prefix}currentUser`;

/**
 * Sessions live in localStorage, one per user, so a shared tablet can switch
 * between users without losing anyone's pending work, and a tab opened
 * offline finds the session it needs. Every tab sees the same storage.
 */
export const sessionStore = {
  load(userId: string): StoredSession | undefined {
    const raw = localStorage.getItem(sessionKey(userId));
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as StoredSession;
    } catch {
      return undefined; // a corrupt entry is no session: the user signs in again
    }
  },

  save(session: StoredSession): void {
    localStorage.setItem(sessionKey(session.user.id), JSON.stringify(session));
  },

  remove(userId: string): void {
    localStorage.removeItem(sessionKey(userId));
  },

  currentUserId(): string | undefined {
    return localStorage.getItem(currentKey) ?? undefined;
  },

  setCurrentUser(userId: string | undefined): void {
    if (userId) localStorage.setItem(currentKey, userId);
    else localStorage.removeItem(currentKey);
  },

  /** Users with a session on this device (for switching on a shared tablet). */
  knownUsers(): SessionUser[] {
    const users: SessionUser[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(`${prefix}session.`)) continue;
      const session = this.load(key.slice(`${prefix}session.`.length));
      if (session) users.push(session.user);
    }
    return users.sort((a, b) => a.name.localeCompare(b.name));
  },

  /**
   * The client id of this install × user: created once, kept across sign-outs,
   * so the user's pending queue (and its sequence numbers) stays theirs.
   */
  clientId(userId: string): string {
    let id = localStorage.getItem(clientIdKey(userId));
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(clientIdKey(userId), id);
    }
    return id;
  },
};
