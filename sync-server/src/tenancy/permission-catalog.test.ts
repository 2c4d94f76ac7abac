import { syncPermissionCatalog } from '@plantkeep/migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { createTestTenant, type TestTenant } from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';

describe.each(testDatabases)('permission catalog sync on $name', (target) => {
  let db: Database;
  let acme: TestTenant;
  beforeAll(async () => {
    db = await target.open();
    acme = await createTestTenant(db, 'acme');
  });
  afterAll(async () => {
    await db.close();
  });

  it("grants a permission new to the database to existing tenants' system roles that have it by default", async () => {
    // As if the tenant predates the permission.
    await db.transaction(async (tx) => {
      await tx.query(`delete from role_permissions where permission = 'work_orders:edit_steps'`);
      await tx.query(`delete from permissions where key = 'work_orders:edit_steps'`);
      await syncPermissionCatalog(tx);
    });
    const holders = await db.query<{ id: string }>(
      `select role_id as id from role_permissions where tenant_id = $1 and permission = 'work_orders:edit_steps'`,
      [acme.id],
    );
    expect(holders.map((r) => r.id).sort()).toEqual(
      [acme.roles.Admin, acme.roles.Supervisor].sort(),
    );
    // A permission that already existed is not granted again (admins may have revoked it).
    await db.query(
      `delete from role_permissions where role_id = $1 and permission = 'work_orders:edit_steps'`,
      [acme.roles.Supervisor],
    );
    await db.transaction((tx) => syncPermissionCatalog(tx));
    const after = await db.query(
      `select 1 from role_permissions where role_id = $1 and permission = 'work_orders:edit_steps'`,
      [acme.roles.Supervisor],
    );
    expect(after).toEqual([]);
  });
});
