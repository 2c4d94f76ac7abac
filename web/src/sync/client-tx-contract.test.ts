import { PGlite } from '@electric-sql/pglite';
import type { Actor } from '@plantkeep/shared';
import { describeMutationTxContract } from '@plantkeep/shared/testing';
import { randomUUID } from 'node:crypto';
import { clientMutationTx } from './client-tx';
import { prepareReplica } from './replica';

// MU-14: the client's tx over a real PGlite replica (the schema a device runs),
// each transaction a local one as LocalStore runs a mutator: writes land in the
// pending overlay and reads see them through the views.
describeMutationTxContract('client replica (PGlite)', async () => {
  const pg = await PGlite.create();
  await prepareReplica(pg);
  const actor: Actor = { userId: randomUUID(), tenantId: randomUUID(), permissions: new Set() };
  const origin = { clientId: randomUUID(), seq: 1 };
  return {
    actor,
    origin,
    transaction: (fn) => pg.transaction((tx) => fn(clientMutationTx(tx, { actor, ...origin }))),
    close: () => pg.close(),
  };
});
