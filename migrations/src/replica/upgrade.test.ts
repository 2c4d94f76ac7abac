import { PGlite } from '@electric-sql/pglite';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaSchemaSql, syncedSchemaVersion } from './local';
import { syncedTableRef } from './synced-tables';

const prepare = async (pg: PGlite) => {
  await pg.transaction(async (tx) => {
    for (const statement of replicaSchemaSql()) await tx.exec(statement);
  });
};
const count = async (pg: PGlite, from: string) =>
  (await pg.query<{ n: number }>(`select count(*)::int as n from ${from}`)).rows[0]?.n;

describe('replica schema upgrade (CL-6)', () => {
  let pg: PGlite;
  afterEach(async () => {
    await pg.close();
  });

  const seeded = async () => {
    pg = await PGlite.create();
    await prepare(pg);
    const tenant = randomUUID();
    await pg.query(
      `insert into ${syncedTableRef('sites')} (tenant_id, id, code, name, timezone, created_at, updated_at)
       values ($1, $2, 'P1', 'Plant 1', 'UTC', now(), now())`,
      [tenant, randomUUID()],
    );
    await pg.query(
      `insert into pending_mutations (client_id, seq, user_id, name, args) values ($1, 1, $2, 'asset.create', '{}')`,
      [randomUUID(), randomUUID()],
    );
    await pg.query(
      `insert into electric.subscriptions_metadata (key, shape_metadata, last_lsn) values ('k', '{}', '5')`,
    );
  };

  it('CL-6: the same layout keeps synced rows and saved sync positions', async () => {
    await seeded();
    await prepare(pg);
    expect(await count(pg, 'sites')).toBe(1);
    expect(await count(pg, 'electric.subscriptions_metadata')).toBe(1);
  });

  it('CL-6: a changed layout resyncs from scratch and keeps the pending log', async () => {
    await seeded();
    await pg.query(
      `update replica_meta set value = 'layout of an older app' where key = 'synced_schema'`,
    );
    await prepare(pg);
    expect(await count(pg, 'sites')).toBe(0);
    expect(await count(pg, 'electric.subscriptions_metadata')).toBe(0);
    expect(await count(pg, 'pending_mutations')).toBe(1);
    const { rows } = await pg.query<{ value: string }>(
      `select value from replica_meta where key = 'synced_schema'`,
    );
    expect(rows[0]?.value).toBe(syncedSchemaVersion());
  });
});
