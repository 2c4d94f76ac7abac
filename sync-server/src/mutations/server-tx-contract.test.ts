import { randomUUID } from 'node:crypto';
import type { Actor } from '@plantkeep/shared';
import { describeMutationTxContract } from '@plantkeep/shared/testing';
import { withTenant } from '../db';
import { createTestTenant } from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { serverMutationTx } from './server-tx';

// MU-14: the server's tx, each transaction inside withTenant (RLS, app role) as
// process-batch runs a mutation, on PGlite and on Postgres. Only Postgres has
// more than one connection, so only there can a second writer wait (MU-8).
for (const target of testDatabases) {
  describeMutationTxContract(
    `server on ${target.name}`,
    async () => {
      const db = await target.open();
      const tenant = await createTestTenant(db, 'acme');
      const actor: Actor = {
        userId: tenant.users.Admin.id,
        tenantId: tenant.id,
        permissions: new Set(),
      };
      const origin = { clientId: randomUUID(), seq: 1 };
      return {
        actor,
        origin,
        transaction: (fn) =>
          withTenant(db, tenant.id, async (tx) => {
            const [clock] = await tx.query<{ now: string }>(
              `select to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`,
            );
            if (!clock) throw new Error('no transaction time');
            return fn(
              serverMutationTx(tx, { actor, ...origin, requestId: undefined, now: clock.now }),
            );
          }),
        lockWaiters: async () => {
          const [row] = await db.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`,
          );
          return row?.n ?? 0;
        },
        close: () => db.close(),
      };
    },
    { concurrentWriters: target.name === 'postgres' },
  );
}
