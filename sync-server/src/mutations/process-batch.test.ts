import { randomUUID } from 'node:crypto';
import { defaultRolePermissions, type ErrorCode } from '@plantkeep/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal';
import type { Database } from '../db';
import { createTestTenant, type TestTenant } from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { processBatch } from './process-batch';

/** `db`, except that each transaction ends with `fail(attempt)` thrown after its body ran (then rolled back). */
function failingAfterBody(db: Database, fail: (attempt: number) => Error | undefined): Database {
  let attempt = 0;
  return Object.assign(Object.create(db) as Database, {
    transaction: <T>(fn: Parameters<Database['transaction']>[0]) =>
      db.transaction(async (tx) => {
        const result = (await fn(tx)) as T;
        const error = fail(++attempt);
        if (error) throw error;
        return result;
      }),
  });
}

const pgError = (code: string) => Object.assign(new Error(`simulated ${code}`), { code });

describe.each(testDatabases)('processBatch on $name', (target) => {
  let db: Database;
  let acme: TestTenant;
  let supervisor: Principal;

  beforeAll(async () => {
    db = await target.open();
    acme = await createTestTenant(db, 'acme');
    supervisor = {
      userId: acme.users.Supervisor.id,
      tenantId: acme.id,
      permissions: new Set(defaultRolePermissions.Supervisor),
      sessionId: randomUUID(),
      name: 'Supervisor',
      email: acme.users.Supervisor.email,
      emailVerified: true,
      roles: ['Supervisor'],
    };
  });
  afterAll(async () => {
    await db.close();
  });

  const create = () => ({
    seq: 1,
    name: 'workOrder.create',
    args: { id: randomUUID(), title: 'Counted once', type: 'corrective', priority: 'low' },
  });
  const exists = async (id: string) =>
    (await db.query('select 1 from work_orders where id = $1', [id])).length > 0;

  it('MU-11: a mutation whose transaction fails after the mutator ran is not counted', async () => {
    const outcomes: string[] = [];
    const mutation = create();
    const broken = failingAfterBody(db, () => pgError('08006'));
    await expect(
      processBatch(
        broken,
        {
          principal: supervisor,
          clientId: randomUUID(),
          requestId: undefined,
          onOutcome: (status) => outcomes.push(status),
        },
        [mutation],
      ),
    ).rejects.toThrow('simulated 08006');
    expect(await exists(mutation.args.id)).toBe(false);
    expect(outcomes).toEqual([]);
  });

  it('MU-9 MU-11: a deadlock or serialization abort reruns the transaction; the outcome counts once', async () => {
    for (const code of ['40P01', '40001']) {
      const outcomes: [string, ErrorCode | undefined][] = [];
      const mutation = create();
      const flaky = failingAfterBody(db, (attempt) => (attempt <= 2 ? pgError(code) : undefined));
      const results = await processBatch(
        flaky,
        {
          principal: supervisor,
          clientId: randomUUID(),
          requestId: undefined,
          onOutcome: (status, error) => outcomes.push([status, error]),
        },
        [mutation],
      );
      expect(results).toMatchObject([{ seq: 1, status: 'applied' }]);
      expect(await exists(mutation.args.id)).toBe(true);
      expect(outcomes).toEqual([['applied', undefined]]);
    }
  });

  it('MU-9: a lock conflict that persists fails the batch as transient, uncounted', async () => {
    const outcomes: string[] = [];
    const mutation = create();
    const stuck = failingAfterBody(db, () => pgError('40P01'));
    await expect(
      processBatch(
        stuck,
        {
          principal: supervisor,
          clientId: randomUUID(),
          requestId: undefined,
          onOutcome: (status) => outcomes.push(status),
        },
        [mutation],
      ),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(await exists(mutation.args.id)).toBe(false);
    expect(outcomes).toEqual([]);
  });
});
