import { randomUUID } from 'node:crypto';
import {
  memoryMutationTx,
  runAtomically,
  type MemoryCounters,
  type MemoryTables,
} from './memory-tx';
import { describeMutationTxContract } from './testing/mutation-tx-contract';

// MU-14: the in-memory tx, each transaction run atomically like the server's.
describeMutationTxContract('in memory', () => {
  const tables: MemoryTables = new Map();
  const counters: MemoryCounters = new Map();
  const actor = { userId: randomUUID(), tenantId: randomUUID(), permissions: new Set<never>() };
  const origin = { clientId: randomUUID(), seq: 1 };
  return Promise.resolve({
    actor,
    origin,
    async transaction(fn) {
      let result: Awaited<ReturnType<typeof fn>> | undefined;
      await runAtomically(tables, async (copy) => {
        result = await fn(memoryMutationTx(copy, { actor, origin, counters }));
      });
      return result as Awaited<ReturnType<typeof fn>>;
    },
    close: () => Promise.resolve(),
  });
});
