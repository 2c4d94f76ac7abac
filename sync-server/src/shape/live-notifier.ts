import type { Database } from '../db';

export const SHAPE_LOG_CHANNEL = 'plantkeep_shape_log';

/**
 * Wakes long-polling shape requests when their tenant's log grows. The
 * database notifies at commit (pg_notify in the capture trigger), so a woken
 * request always finds the new changes. One LISTEN for the whole process.
 */
export class LiveNotifier {
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Notifications seen per tenant; a request notes it before reading so no commit slips between read and wait. */
  private readonly versions = new Map<string, number>();
  private globalVersion = 0;
  private unlisten: (() => Promise<void>) | undefined;

  async start(db: Database): Promise<void> {
    this.unlisten = await db.listen(SHAPE_LOG_CHANNEL, (tenantId) => this.wake(tenantId));
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    for (const tenant of [...this.waiters.keys()]) this.wake(tenant);
  }

  /** An empty payload (reconnected listener) wakes everyone: they re-check. */
  private wake(tenantId: string): void {
    if (tenantId === '') this.globalVersion += 1;
    else this.versions.set(tenantId, (this.versions.get(tenantId) ?? 0) + 1);
    const targets = tenantId === '' ? [...this.waiters.keys()] : [tenantId];
    for (const tenant of targets) {
      const set = this.waiters.get(tenant);
      if (!set) continue;
      this.waiters.delete(tenant);
      for (const resolve of set) resolve();
    }
  }

  version(tenantId: string): string {
    return `${this.globalVersion}.${this.versions.get(tenantId) ?? 0}`;
  }

  /**
   * Resolves 'changed' on a notification for the tenant (at once if one came
   * since `since` was taken), 'timeout' after `ms`, 'aborted' on abort.
   */
  wait(
    tenantId: string,
    since: string,
    ms: number,
    signal?: AbortSignal,
  ): Promise<'changed' | 'timeout' | 'aborted'> {
    if (this.version(tenantId) !== since) return Promise.resolve('changed');
    return new Promise((resolve) => {
      let set = this.waiters.get(tenantId);
      if (!set) {
        set = new Set();
        this.waiters.set(tenantId, set);
      }
      const waiters = set;
      const done = (outcome: 'changed' | 'timeout' | 'aborted') => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        waiters.delete(onChange);
        if (waiters.size === 0 && this.waiters.get(tenantId) === waiters)
          this.waiters.delete(tenantId);
        resolve(outcome);
      };
      const onChange = () => done('changed');
      const onAbort = () => done('aborted');
      const timer = setTimeout(() => done('timeout'), ms);
      waiters.add(onChange);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) done('aborted');
    });
  }
}
