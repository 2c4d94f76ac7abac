import { migrate } from '@plantkeep/migrations';
import * as schema from '@plantkeep/shared/schema';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../testing/databases';
import type { Database } from './database';

const drizzleTables = (Object.values(schema) as unknown[]).filter(
  (v): v is PgTable => v instanceof PgTable,
);

/** Indexes on tenant tables that are deliberately global (looked up before the tenant is known). */
const globalIndexes = new Set([
  'users_email_idx',
  'refresh_tokens_hash_key',
  'auth_tokens_hash_key',
  'sync_clients_client_key',
  'outbox_events_pending_idx',
]);

describe.each(testDatabases)('migrations on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('are idempotent: a second run applies nothing', async () => {
    expect(await migrate(db)).toEqual({ applied: [], reapplied: [] });
  });

  it('create every table and column the Drizzle schema declares', async () => {
    const rows = await db.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns where table_schema = 'public'`,
    );
    const actual = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    const expected = drizzleTables.flatMap((t) => {
      const config = getTableConfig(t);
      return config.columns.map((c) => `${config.name}.${c.name}`);
    });
    expect(expected.length).toBeGreaterThan(200);
    expect(expected.filter((c) => !actual.has(c))).toEqual([]);
  });

  it('gives every business table a tenant_id, a primary key led by it and RLS with a policy', async () => {
    const rows = await db.query<{
      name: string;
      has_tenant: boolean;
      rls: boolean;
      policies: number;
      pk_first: string | null;
    }>(`
      select c.relname as name,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id') as has_tenant,
             c.relrowsecurity as rls,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
             (select a.attname from pg_index i join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
               where i.indrelid = c.oid and i.indisprimary) as pk_first
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
        and c.relname not in ('plantkeep_migrations', 'permissions', 'tenants')`);
    expect(rows.length).toBeGreaterThan(30);
    const offenders = rows.filter(
      (r) => !r.has_tenant || !r.rls || r.policies < 1 || r.pk_first !== 'tenant_id',
    );
    expect(offenders).toEqual([]);
  });

  it('leads every index of a tenant table with tenant_id, except the documented global ones', async () => {
    const rows = await db.query<{ index: string; first: string }>(`
      select ic.relname as index, a.attname as first
      from pg_index i
      join pg_class ic on ic.oid = i.indexrelid
      join pg_class tc on tc.oid = i.indrelid
      left join pg_attribute a on a.attrelid = tc.oid and a.attnum = i.indkey[0]
      where tc.relnamespace = 'public'::regnamespace
        and exists (select 1 from pg_attribute t where t.attrelid = tc.oid and t.attname = 'tenant_id')`);
    const offenders = rows.filter((r) => r.first !== 'tenant_id' && !globalIndexes.has(r.index));
    expect(offenders).toEqual([]);
  });

  it('stores timestamps as timestamptz', async () => {
    const rows = await db.query<{ column: string }>(`
      select table_name || '.' || column_name as column from information_schema.columns
      where table_schema = 'public' and data_type = 'timestamp without time zone'`);
    expect(rows).toEqual([]);
  });

  it("refuses a reference to another tenant's row (composite foreign keys)", async () => {
    const [a, b] = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    await db.exec(
      `insert into tenants (id, slug, name) values ('${a}', 'fk-a', 'A'), ('${b}', 'fk-b', 'B')`,
    );
    await db.query(
      `insert into assets (tenant_id, id, tag, name) values ($1, '00000000-0000-4000-8000-0000000000a1', 'P-1', 'Pump')`,
      [a],
    );
    await expect(
      db.query(
        `insert into work_orders (tenant_id, id, title, type, asset_id)
         values ($1, '00000000-0000-4000-8000-0000000000b1', 'Fix', 'corrective', '00000000-0000-4000-8000-0000000000a1')`,
        [b],
      ),
    ).rejects.toThrow(/foreign key/);
  });
});
