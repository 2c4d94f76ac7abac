import { describe, expect, it } from 'vitest';
import { workOrderSteps, tenants } from '@plantkeep/shared/schema';
import { testDatabases } from '../testing/databases';
import { deferForeignKeyChecks, verifyForeignKeys } from '@plantkeep/datagen';

describe.each(testDatabases)('foreign-key verification on $name', (target) => {
  it('reports a dangling reference written while checks were deferred', async () => {
    const db = await target.open();
    const tenantId = '00000000-0000-4000-8000-000000000001';
    try {
      await db
        .transaction(async (tx) => {
          if (!(await deferForeignKeyChecks(tx))) return; // role may not skip checks: nothing to verify
          await tx.query(
            `insert into work_order_steps (tenant_id, id, work_order_id, position, kind, title)
           values ($1, $1, '00000000-0000-4000-8000-000000000002', 0, 'check', 'orphan')`,
            [tenantId],
          );
          await expect(verifyForeignKeys(tx, [tenants, workOrderSteps], tenantId)).rejects.toThrow(
            /work_order_steps\(tenant_id, work_order_id\): 1 dangling/,
          );
          throw new Error('rollback');
        })
        .catch((error: unknown) => {
          if (!(error instanceof Error && error.message === 'rollback')) throw error;
        });
    } finally {
      await db.close();
    }
  });
});
