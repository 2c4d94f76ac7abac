import type { PGliteInterface } from '@electric-sql/pglite';
import { replicaSchemaSql } from '@plantkeep/migrations/replica';

/** Creates (or completes) the replica's schema: synced tables, views, overlay, queue. Idempotent. */
export async function prepareReplica(pg: PGliteInterface): Promise<void> {
  await pg.transaction(async (tx) => {
    for (const statement of replicaSchemaSql()) await tx.exec(statement);
  });
}
