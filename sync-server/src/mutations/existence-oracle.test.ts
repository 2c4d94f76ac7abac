import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { mutationClient, mutationServer, type MutationClient } from '../testing/mutation-fixture';

/**
 * MU-10: a row the caller may not read is answered exactly as one that does
 * not exist. A custom role holding work_orders:read and :update without
 * :read_all (plus inventory and asset rights) and a requester act on a work
 * order assigned to someone else; each answer must equal the answer for a
 * random id, code, message and details alike.
 */
describe.each(testDatabases)('MU-10 permission before existence on $name', (target) => {
  const server = mutationServer(target, { signIn: ['Supervisor', 'Technician', 'Requester'] });
  let clerk: MutationClient;
  const ids = {
    site: randomUUID(),
    asset: randomUUID(),
    part: randomUUID(),
    store: randomUUID(),
    meter: randomUUID(),
    hidden: randomUUID(),
    own: randomUUID(),
    log: randomUUID(),
  };

  beforeAll(async () => {
    const { db, acme } = server;
    const role = randomUUID();
    const user = { id: randomUUID(), email: 'clerk@acme.test' };
    await db.transaction(async (tx) => {
      await tx.query(`insert into roles (tenant_id, id, name) values ($1, $2, 'Clerk')`, [
        acme.id,
        role,
      ]);
      for (const permission of [
        'work_orders:read',
        'work_orders:update',
        'inventory:read',
        'inventory:adjust',
        'assets:read',
        'assets:update',
      ]) {
        await tx.query(
          'insert into role_permissions (tenant_id, role_id, permission) values ($1, $2, $3)',
          [acme.id, role, permission],
        );
      }
      await tx.query(
        `insert into users (tenant_id, id, email, name, password_hash)
         select tenant_id, $2, $3, 'Clerk', password_hash from users where id = $1`,
        [acme.users.Technician.id, user.id, user.email],
      );
      await tx.query('insert into user_roles (tenant_id, user_id, role_id) values ($1, $2, $3)', [
        acme.id,
        user.id,
        role,
      ]);
      await tx.query(
        `insert into sites (tenant_id, id, code, name) values ($1, $2, 'N', 'North')`,
        [acme.id, ids.site],
      );
      await tx.query(
        `insert into parts (tenant_id, id, part_number, name, unit_cost) values ($1, $2, 'SEAL-1', 'Seal', 12.5)`,
        [acme.id, ids.part],
      );
      await tx.query(
        `insert into stock_locations (tenant_id, id, site_id, code, name) values ($1, $2, $3, 'S', 'Store')`,
        [acme.id, ids.store, ids.site],
      );
    });
    clerk = mutationClient(server.app, (await loginAs(server.app, user.email)).accessToken);
    const supervisor = server.client('Supervisor');
    const setUp = await supervisor.send(
      { name: 'asset.create', args: { id: ids.asset, tag: 'P-1', name: 'Pump' } },
      ...[
        { id: ids.hidden, assigneeIds: [server.acme.users.Technician.id] },
        { id: ids.own, assigneeIds: [user.id] },
      ].map((wo) => ({
        name: 'workOrder.create',
        args: { ...wo, title: 'Seal', type: 'corrective', priority: 'high' },
      })),
      { name: 'workOrder.transition', args: { id: ids.hidden, to: 'in_progress' } },
    );
    expect(setUp.results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    await db.query(
      `insert into meters (tenant_id, id, asset_id, name, unit) values ($1, $2, $3, 'Hours', 'h')`,
      [acme.id, ids.meter, ids.asset],
    );
    expect(
      await server.client('Technician').sendOne('timeLog.add', {
        id: ids.log,
        workOrderId: ids.hidden,
        startedAt: '2026-11-21T08:00:00Z',
      }),
    ).toMatchObject({ status: 'applied' });
  });

  const at = '2026-11-21T09:00:00Z';
  /** Each case: the mutation, given the id it names (hidden or random). */
  const cases: [string, string, (id: string) => unknown][] = [
    ['workOrder.update', 'id', (id) => ({ id, changes: { title: 'Peeked' } })],
    ['workOrder.transition', 'id (a move illegal from its status)', (id) => ({ id, to: 'open' })],
    ['workOrder.transition', 'id (a legal move)', (id) => ({ id, to: 'completed' })],
    ['workOrder.assign', 'id', (id) => ({ id, assigneeIds: [] })],
    ['timeLog.add', 'workOrderId', (id) => ({ id: randomUUID(), workOrderId: id, startedAt: at })],
    [
      'signature.add',
      'workOrderId',
      (id) => ({
        id: randomUUID(),
        workOrderId: id,
        signerName: 'C',
        purpose: 'completion',
        image: 'data:image/png;base64,AAAA',
        signedAt: at,
      }),
    ],
    [
      'partUsed.add',
      'workOrderId',
      (id) => ({
        id: randomUUID(),
        movementId: randomUUID(),
        workOrderId: id,
        partId: ids.part,
        stockLocationId: ids.store,
        quantity: '1',
        usedAt: at,
      }),
    ],
    ['ydoc.update', 'docId', (id) => ({ docId: id, update: 'AAA=' })],
    [
      'inventory.issue',
      'workOrderId',
      (id) => ({
        id: randomUUID(),
        partId: ids.part,
        stockLocationId: ids.store,
        quantity: '1',
        workOrderId: id,
      }),
    ],
    [
      'meterReading.add',
      'workOrderId',
      (id) => ({ id: randomUUID(), meterId: ids.meter, value: '1', readAt: at, workOrderId: id }),
    ],
    [
      'downtime.start',
      'workOrderId',
      (id) => ({ id: randomUUID(), assetId: ids.asset, startedAt: at, workOrderId: id }),
    ],
  ];

  it.each(cases)(
    'MU-10: %s on a work order the caller may not read (by %s) answers as for none',
    async (name, _by, args) => {
      const hidden = await clerk.sendOne(name, args(ids.hidden));
      const missing = await clerk.sendOne(name, args(randomUUID()));
      expect(missing).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } });
      expect(hidden.error).toEqual(missing.error);
    },
  );

  it("MU-10: a requester's update or transition of others' work answers as for none", async () => {
    const requester = server.client('Requester');
    for (const [name, args] of [
      ['workOrder.update', (id: string) => ({ id, changes: { title: 'Peeked' } })],
      ['workOrder.transition', (id: string) => ({ id, to: 'cancelled', reason: 'peek' })],
    ] as const) {
      const hidden = await requester.sendOne(name, args(ids.hidden));
      const missing = await requester.sendOne(name, args(randomUUID()));
      expect(missing).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } });
      expect(hidden.error).toEqual(missing.error);
    }
  });

  it("MU-10: stopping someone else's timer on work one may not read answers as for none", async () => {
    const hidden = await clerk.sendOne('timeLog.stop', { id: ids.log, endedAt: at });
    const missing = await clerk.sendOne('timeLog.stop', { id: randomUUID(), endedAt: at });
    expect(missing).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } });
    expect(hidden.error).toEqual(missing.error);
    // On readable work, someone else's timer is a permission refusal.
    const supervisorStop = await server
      .client('Supervisor')
      .sendOne('timeLog.stop', { id: ids.log, endedAt: at });
    expect(supervisorStop.error?.code).toBe('AUTHZ');
  });

  it('MU-10: the same caller still changes work it may read', async () => {
    expect(
      await clerk.sendOne('workOrder.update', { id: ids.own, changes: { title: 'Mine' } }),
    ).toMatchObject({ status: 'applied' });
    expect(
      await clerk.sendOne('timeLog.add', { id: randomUUID(), workOrderId: ids.own, startedAt: at }),
    ).toMatchObject({ status: 'applied' });
  });
});
