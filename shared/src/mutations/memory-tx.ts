import type { Actor } from '../auth/access';
import type { SyncedTableName } from '../sync/synced-tables';
import type { MutationTx, Row } from './tx';

/** Tables of rows in memory, for running mutators without a database (tests, benchmarks). */
export type MemoryTables = Map<SyncedTableName, Row[]>;

const matches = (row: Row, where: Row) =>
  Object.entries(where).every(([c, v]) => row[c] === v || String(row[c]) === String(v));

/** Numbering counters by name, like the server's tenant_counters (the last number given). */
export type MemoryCounters = Map<string, number>;

/**
 * A `MutationTx` over plain arrays, standing in for the server: writes go
 * straight to `tables`. With `atomic`, run the mutator on a copy and keep it
 * only if it succeeds (`runAtomically`), like the server's per-mutation
 * transaction. Pass the same `counters` to every transaction for numbers that
 * keep increasing across them (MU-14).
 */
export function memoryMutationTx(
  tables: MemoryTables,
  ctx: {
    actor: Actor;
    now?: () => string;
    origin?: { clientId: string; seq: number };
    counters?: MemoryCounters;
  },
): MutationTx {
  // One time per transaction, as the server reads it once (MU-14).
  const startedAt = new Date().toISOString();
  const counters = ctx.counters ?? new Map<string, number>();
  const rows = (t: SyncedTableName) => {
    let list = tables.get(t);
    if (!list) {
      list = [];
      tables.set(t, list);
    }
    return list;
  };
  return {
    location: 'server',
    actor: ctx.actor,
    ...(ctx.origin ? { origin: ctx.origin } : {}),
    now: ctx.now ?? (() => startedAt),
    get: (t, key) => Promise.resolve(rows(t).find((r) => matches(r, key))),
    // One writer at a time in memory: nothing can change the row under a decision.
    getForUpdate: (t, key) => Promise.resolve(rows(t).find((r) => matches(r, key))),
    list: (t, where) => Promise.resolve(rows(t).filter((r) => matches(r, where))),
    insert(t, row) {
      rows(t).push({ ...row, tenant_id: ctx.actor.tenantId });
      return Promise.resolve();
    },
    update(t, key, changes) {
      for (const r of rows(t)) if (matches(r, key)) Object.assign(r, changes);
      return Promise.resolve();
    },
    delete(t, key) {
      tables.set(
        t,
        rows(t).filter((r) => !matches(r, key)),
      );
      return Promise.resolve();
    },
    nextNumber(counter) {
      const next = (counters.get(counter) ?? 0) + 1;
      counters.set(counter, next);
      return Promise.resolve(next);
    },
    emit: () => Promise.resolve(),
  };
}

/** A deep-enough copy of the tables (rows are flat). */
export function copyTables(tables: MemoryTables): MemoryTables {
  return new Map([...tables].map(([t, list]) => [t, list.map((r) => ({ ...r }))]));
}

/** Runs `fn` over a copy of `tables`; on success the copy replaces the contents, on error nothing changes. */
export async function runAtomically(
  tables: MemoryTables,
  fn: (copy: MemoryTables) => Promise<void>,
): Promise<void> {
  const copy = copyTables(tables);
  await fn(copy);
  tables.clear();
  for (const [t, list] of copy) tables.set(t, list);
}
