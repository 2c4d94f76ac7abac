import { useCallback, useSyncExternalStore } from 'react';
import { useRuntime } from './runtime-context';
import type { SyncStatus } from './sync-status';

/** `mutate(name, args)`: runs the shared mutator locally (optimistic, queued) and nudges the sender. */
export function useMutate(): (name: string, args: unknown) => Promise<{ seq: number }> {
  const runtime = useRuntime();
  return useCallback((name, args) => runtime.mutate(name, args), [runtime]);
}

export function useSyncStatus(): SyncStatus {
  const { status } = useRuntime();
  return useSyncExternalStore(status.subscribe, status.get);
}
