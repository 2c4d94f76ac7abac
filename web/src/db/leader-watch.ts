import type { PGliteWorker } from '@electric-sql/pglite/worker';

const answerWithinMs = 1_000;

/**
 * Counts the times this tab reconnected to a new database leader.
 *
 * When the tab whose worker runs Postgres closes, another tab's worker takes
 * over with a fresh Postgres session: live queries (temporary views) and
 * LISTENs made through the old leader are gone, and calls sent before the new
 * leader is listening are never answered. So after a leader change this waits
 * until the new leader answers, then bumps `epoch`; live queries and listeners
 * subscribe again when it changes (useLiveQuery, AppRuntime).
 */
export class LeaderWatch {
  private current = 0;
  private changes = 0;
  private readonly listeners = new Set<() => void>();
  private readonly stop: () => void;

  constructor(private readonly pg: PGliteWorker) {
    this.stop = pg.onLeaderChange(() => {
      void this.reconnect(++this.changes);
    });
  }

  /** The epoch, for useSyncExternalStore. */
  getEpoch = (): number => this.current;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  close(): void {
    this.stop();
    this.listeners.clear();
  }

  private async reconnect(change: number): Promise<void> {
    while (change === this.changes && !this.pg.closed) {
      if (await this.leaderAnswers()) {
        if (change !== this.changes) return;
        this.current += 1;
        for (const listener of [...this.listeners]) listener();
        return;
      }
    }
  }

  private leaderAnswers(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), answerWithinMs);
      this.pg.query('select 1').then(
        () => {
          clearTimeout(timer);
          resolve(true);
        },
        () => {
          clearTimeout(timer);
          resolve(false);
        },
      );
    });
  }
}
