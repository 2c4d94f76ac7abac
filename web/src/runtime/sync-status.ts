/** The sync state every screen shows (the status bar). */
export interface SyncStatus {
  online: boolean;
  /** Last successful contact with the shape endpoint (ms since epoch). */
  lastSyncedAt: number | null;
  initialSyncDone: boolean;
  /** Why mutations are not going out, when they are not (signed out, server refusal). */
  sendProblem: string | null;
  /** The server refused the session (refresh token refused): the user must sign in again. */
  signedOut: boolean;
  syncError: string | null;
  /** Why changes are not being saved on this device (IndexedDB copies fail), when they are not. */
  storageProblem: string | null;
  /** This tab's local writes not yet confirmed in IndexedDB (closing the tab now asks first). */
  unsavedWrites: number;
}

/** A tiny external store for useSyncExternalStore. */
export class StatusStore {
  private listeners = new Set<() => void>();
  private value: SyncStatus;

  constructor(initial: SyncStatus) {
    this.value = initial;
  }

  get = (): SyncStatus => this.value;

  set(patch: Partial<SyncStatus>): void {
    const next = { ...this.value, ...patch };
    if (Object.entries(patch).every(([k, v]) => this.value[k as keyof SyncStatus] === v)) return;
    this.value = next;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
