import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../testing/databases';
import type { Database } from './database';
import { withTenant } from './tenant-scope';

const tenantA = '0000000a-0000-4000-8000-000000000000';
const tenantB = '0000000b-0000-4000-8000-000000000000';
const assetOf = (tenant: string) => tenant.replace('0000-4000', '0000-4001');

/** Rows for both tenants, written as the owner (migrations/seed path, RLS not applied). */
async function seedTwoTenants(db: Database): Promise<void> {
  for (const [tenant, slug] of [
    [tenantA, 'alpha'],
    [tenantB, 'bravo'],
  ] as const) {
    await db.query('insert into tenants (id, slug, name) values ($1, $2, $2)', [tenant, slug]);
    await db.query(
      `insert into assets (tenant_id, id, tag, name) values ($1, $2, 'P-100', 'Pump')`,
      [tenant, assetOf(tenant)],
    );
    await db.query(
      `insert into audit_log (tenant_id, id, occurred_at, action, entity_type, entity_id)
       values ($1, gen_random_uuid(), now(), 'asset.create', 'asset', $2)`,
      [tenant, assetOf(tenant)],
    );
  }
}

describe.each(testDatabases)('row-level security on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
    await seedTwoTenants(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it("shows tenant A none of tenant B's rows, in any table", async () => {
    const tables = await db.query<{ name: string }>(`
      select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')`);
    expect(tables.length).toBeGreaterThan(30);
    const leaks = await withTenant(db, tenantA, async (tx) => {
      const found: string[] = [];
      for (const { name } of tables) {
        const [row] = await tx.query<{ n: number }>(
          `select count(*)::int as n from "${name}" where tenant_id <> $1`,
          [tenantA],
        );
        if (row?.n !== 0) found.push(name);
      }
      return found;
    });
    expect(leaks).toEqual([]);
    const visible = await withTenant(db, tenantA, (tx) =>
      tx.query<{ tenant_id: string }>('select tenant_id from assets'),
    );
    expect(visible).toEqual([{ tenant_id: tenantA }]);
    const tenants = await withTenant(db, tenantA, (tx) =>
      tx.query<{ slug: string }>('select slug from tenants'),
    );
    expect(tenants).toEqual([{ slug: 'alpha' }]);
  });

  it('shows nothing when no tenant is set', async () => {
    const rows = await db.transaction(async (tx) => {
      await tx.exec('set local role plantkeep_app');
      return tx.query('select * from assets');
    });
    expect(rows).toEqual([]);
  });

  it("refuses to insert a row into tenant B's data", async () => {
    await expect(
      withTenant(db, tenantA, (tx) =>
        tx.query(
          `insert into assets (tenant_id, id, tag, name) values ($1, gen_random_uuid(), 'X-1', 'Intruder')`,
          [tenantB],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot update, move or delete tenant B's rows", async () => {
    await withTenant(db, tenantA, async (tx) => {
      await tx.query(`update assets set name = 'hijacked' where id = $1`, [assetOf(tenantB)]);
      await tx.query(`delete from assets where id = $1`, [assetOf(tenantB)]);
    });
    await expect(
      withTenant(db, tenantA, (tx) =>
        tx.query('update assets set tenant_id = $1 where id = $2', [tenantB, assetOf(tenantA)]),
      ),
    ).rejects.toThrow(/row-level security/);
    const [b] = await db.query<{ name: string }>('select name from assets where id = $1', [
      assetOf(tenantB),
    ]);
    expect(b).toEqual({ name: 'Pump' });
  });

  it('lets the application role append audit rows but never update or delete them', async () => {
    await withTenant(db, tenantA, (tx) =>
      tx.query(
        `insert into audit_log (tenant_id, id, occurred_at, action, entity_type, entity_id)
         values ($1, gen_random_uuid(), now(), 'asset.update', 'asset', 'x')`,
        [tenantA],
      ),
    );
    for (const statement of [
      `update audit_log set action = 'forged'`,
      'delete from audit_log',
      'truncate audit_log',
    ]) {
      await expect(withTenant(db, tenantA, (tx) => tx.exec(statement))).rejects.toThrow(
        /permission denied/,
      );
    }
    const [count] = await db.query<{ n: number }>('select count(*)::int as n from audit_log');
    expect(count).toEqual({ n: 3 });
  });
});
