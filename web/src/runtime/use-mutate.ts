import type { MutationArgs, MutationName } from '@plantkeep/shared';
import { useCallback, useSyncExternalStore } from 'react';
import { useRuntime } from './runtime-context';
import type { SyncStatus } from './sync-status';

/** `mutate(name, args)`, checked by the compiler against the shared catalog. */
export type Mutate = <N extends MutationName>(
  name: N,
  args: MutationArgs<N>,
) => Promise<{ seq: number }>;

/** `mutate(name, args)`: runs the shared mutator locally (optimistic, queued) and nudges the sender. */
export function useMutate(): Mutate {
  const runtime = useRuntime();
  return useCallback<Mutate>((name, args) => runtime.mutate(name, args), [runtime]);
}

export function useSyncStatus(): SyncStatus {
  const { status } = useRuntime();
  return useSyncExternalStore(status.subscribe, status.get);
}
