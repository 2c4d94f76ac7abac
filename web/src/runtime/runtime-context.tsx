import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { AppRuntime } from './runtime';

const RuntimeContext = createContext<AppRuntime | undefined>(undefined);

/** The signed-in user's runtime; only usable below <RuntimeProvider>. */
export function useRuntime(): AppRuntime {
  const runtime = useContext(RuntimeContext);
  if (!runtime) throw new Error('useRuntime outside <RuntimeProvider>');
  return runtime;
}

/** Opens the user's replica (worker, sync, sender) and closes it when the user changes. */
export function RuntimeProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [runtime, setRuntime] = useState<AppRuntime>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    let opened: AppRuntime | undefined;
    AppRuntime.open(userId).then(
      (r) => {
        if (cancelled) void r.close();
        else {
          opened = r;
          setRuntime(r);
        }
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
      setRuntime(undefined);
      void opened?.close();
    };
  }, [userId]);
  if (error) return <p className="notice error">Could not open the local database: {error}</p>;
  if (!runtime) return <p className="notice">Opening the local database…</p>;
  return <RuntimeContext.Provider value={runtime}>{children}</RuntimeContext.Provider>;
}
