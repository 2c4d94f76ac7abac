import { useEffect, useState, useSyncExternalStore } from 'react';
import { liveSql } from './live-sql';
import { useRuntime } from './runtime-context';

export interface LiveResult<T> {
  rows: T[] | undefined;
  error: Error | undefined;
}

/**
 * Rows of a query over the local replica, kept current by PGlite's live
 * queries: any local mutation or synced change re-renders. Read the public
 * views (e.g. `work_orders`), which include pending local changes.
 * Parameters may repeat and SQL may contain `%` (see liveSql).
 */
export function useLiveQuery<T>(sql: string, params: readonly unknown[] = []): LiveResult<T> {
  const { pg, leader } = useRuntime();
  // A new database leader lost this tab's live queries: subscribe again.
  const leaderEpoch = useSyncExternalStore(leader.subscribe, leader.getEpoch);
  const [result, setResult] = useState<LiveResult<T>>({ rows: undefined, error: undefined });
  const key = JSON.stringify(params);
  useEffect(() => {
    let cancelled = false;
    let unsubscribe: (() => Promise<void>) | undefined;
    const query = liveSql(sql, JSON.parse(key) as unknown[]);
    pg.live
      .query<T>(query.sql, query.params, (res) => {
        if (!cancelled) setResult({ rows: res.rows, error: undefined });
      })
      .then(
        (live) => {
          if (cancelled) {
            // Gone before it started; a failing unsubscribe means the replica is closing with it.
            live.unsubscribe().catch(() => undefined);
            return;
          }
          unsubscribe = () => live.unsubscribe();
          setResult({ rows: live.initialResults.rows, error: undefined });
        },
        (error: unknown) => {
          if (!cancelled)
            setResult({
              rows: undefined,
              error: error instanceof Error ? error : new Error(String(error)),
            });
        },
      );
    return () => {
      cancelled = true;
      // The replica may already be closing (user switched): nothing left to unsubscribe from.
      unsubscribe?.().catch(() => undefined);
    };
  }, [pg, sql, key, leaderEpoch]);
  return result;
}
