import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { buildTestApp, createTestTenant, loginAs, type TestClock } from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import {
  createReplica,
  expectReplicaEqualsServer,
  replicaMatches,
  syncOptions,
  type Replica,
  type ShapeSpec,
  type ShapeUser,
} from '../testing/replica';
import { ShapeRouter, waitFor } from '../testing/shape-client';
import {
  assetValues,
  commentValues,
  insertRows,
  stepValues,
  workOrderValues,
  write,
  type Values,
} from '../testing/shape-data';
import type { EmbeddedShapeOptions } from './embedded-shapes';

const realClock: TestClock = { now: () => Date.now(), advance: () => undefined };
const allTables = [
  'work_orders',
  'work_order_steps',
  'work_order_comments',
  'assets',
  'users',
  'sync_clients',
];

describe.each(testDatabases)('pglite-sync replicas of the embedded shape log ($name)', (target) => {
  let db: Database;
  /** Two client replicas reused by the tests (each test syncs its own tenant; comparisons filter by tenant). */
  let replicaA: Replica;
  let replicaB: Replica;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    db = await target.open();
    [replicaA, replicaB] = await Promise.all([createReplica(allTables), createReplica(allTables)]);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  });
  afterAll(async () => {
    await replicaA.pg.close();
    await replicaB.pg.close();
    await db.close();
  });

  async function setup(shapeOptions: EmbeddedShapeOptions = {}, startNotifier = true) {
    const tenant = await createTestTenant(db, `p${randomUUID().slice(0, 8)}`);
    const built = buildTestApp(db, realClock, { liveTimeoutMs: 1000, ...shapeOptions });
    if (startNotifier) {
      await built.startNotifier();
      cleanups.push(() => built.notifier.stop());
    }
    const tech = await loginAs(built.app, tenant.users.Technician.email);
    const requester = await loginAs(built.app, tenant.users.Requester.email);
    return {
      tenant,
      app: built.app,
      techToken: tech.accessToken,
      requesterToken: requester.accessToken,
    };
  }

  /**
   * Syncs `shapes` in one subscription into `replica` (or into a new replica in
   * `dataDir`, closed after the test); unsubscribed and drained after the test.
   */
  async function follow(
    app: ReturnType<typeof buildTestApp>['app'],
    token: string,
    shapes: ShapeSpec[],
    options: { replica?: Replica; key?: string; dataDir?: string } = {},
  ) {
    const replica =
      options.replica ??
      (await createReplica(
        shapes.map((s) => s.table),
        options.dataDir ? { dataDir: options.dataDir } : {},
      ));
    const router = new ShapeRouter(app);
    const errors: Error[] = [];
    const sync = await replica.pg.electric.syncShapesToTables({
      key: options.key ?? randomUUID(),
      shapes: syncOptions(replica, router, token, shapes),
      onError: (error) => errors.push(error),
    });
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      sync.unsubscribe();
      await router.drain();
      if (!options.replica) await replica.pg.close();
    };
    cleanups.push(stop);
    return { replica, router, sync, errors, stop };
  }

  async function converges(
    replica: Replica,
    sync: { isUpToDate: boolean },
    who: ShapeUser,
    shapes: ShapeSpec[],
  ) {
    await waitFor(
      'the replica to equal the server',
      async () => sync.isUpToDate && (await replicaMatches(db, replica, who, shapes)),
      200,
      40,
    );
    await expectReplicaEqualsServer(db, replica, who, shapes);
  }

  it('SH-5, SH-6, SL-4: several tables in one subscription equal the server after every round of writes, per user scope', async () => {
    const { tenant, app, techToken, requesterToken } = await setup({ logChunkRows: 5 });
    const techId = tenant.users.Technician.id;
    const requesterId = tenant.users.Requester.id;
    const techClient = randomUUID();
    const requesterClient = randomUUID();
    const mine = workOrderValues(tenant.id, { requester_id: requesterId });
    const other = workOrderValues(tenant.id, { requester_id: tenant.users.Admin.id });
    const asset = assetValues(tenant.id);
    await insertRows(db, tenant.id, [
      ['assets', asset],
      ['work_orders', mine],
      ['work_orders', other],
      ['work_order_steps', stepValues(tenant.id, mine.id as string)],
      ['work_order_steps', stepValues(tenant.id, other.id as string)],
      ['work_order_comments', commentValues(tenant.id, mine.id as string, techId)],
      [
        'work_order_comments',
        commentValues(tenant.id, mine.id as string, techId, { internal: true }),
      ],
      ['sync_clients', { tenant_id: tenant.id, client_id: techClient, user_id: techId }],
      ['sync_clients', { tenant_id: tenant.id, client_id: requesterClient, user_id: requesterId }],
    ]);
    const techShapes: ShapeSpec[] = [
      { table: 'work_orders' },
      { table: 'work_order_steps' },
      { table: 'assets' },
      { table: 'users' },
      { table: 'sync_clients', clientId: techClient },
    ];
    const requesterShapes: ShapeSpec[] = [
      { table: 'work_orders' },
      { table: 'work_order_steps' },
      { table: 'work_order_comments' },
      { table: 'sync_clients', clientId: requesterClient },
    ];
    const techWho = { tenantId: tenant.id, userId: techId };
    const requesterWho = { tenantId: tenant.id, userId: requesterId };
    const tech = await follow(app, techToken, techShapes, { replica: replicaA });
    const req = await follow(app, requesterToken, requesterShapes, { replica: replicaB });
    await converges(tech.replica, tech.sync, techWho, techShapes);
    await converges(req.replica, req.sync, requesterWho, requesterShapes);
    const counts = await tech.replica.pg.query<{ n: number }>(
      'select count(*)::int as n from sync_clients where tenant_id = $1',
      [tenant.id],
    );
    expect(counts.rows[0]?.n).toBe(1);

    for (let round = 0; round < 5; round++) {
      const wo = workOrderValues(tenant.id, { requester_id: round % 2 === 0 ? requesterId : null });
      const steps = [
        stepValues(tenant.id, wo.id as string),
        stepValues(tenant.id, wo.id as string),
      ];
      // A work order with its steps and a comment in one transaction.
      await insertRows(db, tenant.id, [
        ['work_orders', wo],
        ...steps.map((s) => ['work_order_steps', s] as [string, Values]),
        [
          'work_order_comments',
          commentValues(tenant.id, wo.id as string, techId, { internal: round === 2 }),
        ],
      ]);
      await write(db, tenant.id, [
        [
          'update work_order_steps set done = true, done_by = $2, done_at = now() where id = $1',
          [steps[0]?.id, techId],
        ],
        [
          'update work_orders set status = $2, version = version + 1 where id = $1',
          [wo.id, 'in_progress'],
        ],
        [
          'update sync_clients set last_mutation_seq = last_mutation_seq + 1 where client_id = any($1::uuid[])',
          [[techClient, requesterClient]],
        ],
      ]);
      await write(db, tenant.id, [
        ['delete from work_order_steps where id = $1', [steps[1]?.id]],
        [
          'update assets set name = $2, specs = $3 where id = $1',
          [asset.id, `asset round ${round}`, JSON.stringify({ round })],
        ],
        ['update users set name = $2 where id = $1', [techId, `Tech round ${round}`]],
      ]);
      await insertRows(db, tenant.id, [['assets', assetValues(tenant.id)]]);
      await converges(tech.replica, tech.sync, techWho, techShapes);
      await converges(req.replica, req.sync, requesterWho, requesterShapes);
    }
    const internal = await req.replica.pg.query<{ n: number }>(
      'select count(*)::int as n from work_order_comments where internal and tenant_id = $1',
      [tenant.id],
    );
    expect(internal.rows[0]?.n).toBe(0);
    expect(tech.errors).toEqual([]);
    expect(req.errors).toEqual([]);
  });

  it("SH-9: rows moving in and out of a requester's shape become inserts and deletes (requester change, internal flag, deleted work order)", async () => {
    const { tenant, app, requesterToken } = await setup();
    const requesterId = tenant.users.Requester.id;
    const techId = tenant.users.Technician.id;
    const wo = workOrderValues(tenant.id, { requester_id: requesterId });
    const elsewhere = workOrderValues(tenant.id, { requester_id: tenant.users.Admin.id });
    const comment = commentValues(tenant.id, wo.id as string, techId);
    await insertRows(db, tenant.id, [
      ['work_orders', wo],
      ['work_orders', elsewhere],
      ['work_order_steps', stepValues(tenant.id, wo.id as string)],
      ['work_order_steps', stepValues(tenant.id, elsewhere.id as string)],
      ['work_order_comments', comment],
      ['work_order_comments', commentValues(tenant.id, elsewhere.id as string, techId)],
    ]);
    const shapes: ShapeSpec[] = [
      { table: 'work_orders' },
      { table: 'work_order_steps' },
      { table: 'work_order_comments' },
    ];
    const who = { tenantId: tenant.id, userId: requesterId };
    const req = await follow(app, requesterToken, shapes, { replica: replicaB });
    await converges(req.replica, req.sync, who, shapes);

    // A comment turned internal leaves the requester's shape; turned back, it returns.
    await write(db, tenant.id, [
      ['update work_order_comments set internal = true where id = $1', [comment.id]],
    ]);
    await converges(req.replica, req.sync, who, shapes);
    await write(db, tenant.id, [
      [
        'update work_order_comments set internal = false, body = $2 where id = $1',
        [comment.id, 'visible again'],
      ],
    ]);
    await converges(req.replica, req.sync, who, shapes);

    // Another requester's work order handed to this requester moves in, with its steps and comments.
    await write(db, tenant.id, [
      ['update work_orders set requester_id = $2 where id = $1', [elsewhere.id, requesterId]],
    ]);
    await converges(req.replica, req.sync, who, shapes);
    // And handed away, it moves out.
    await write(db, tenant.id, [
      ['update work_orders set requester_id = $2 where id = $1', [wo.id, tenant.users.Admin.id]],
    ]);
    await converges(req.replica, req.sync, who, shapes);

    // Deleting a work order (its steps and comments cascade) removes all of it from the replica.
    await write(db, tenant.id, [['delete from work_orders where id = $1', [elsewhere.id]]]);
    await converges(req.replica, req.sync, who, shapes);
    const left = await req.replica.pg.query<{ n: number }>(
      `select (select count(*) from work_orders where tenant_id = $1 and id = $2)
            + (select count(*) from work_order_steps where tenant_id = $1 and work_order_id = $2)
            + (select count(*) from work_order_comments where tenant_id = $1 and work_order_id = $2) as n`,
      [tenant.id, elsewhere.id],
    );
    expect(Number(left.rows[0]?.n)).toBe(0);
    expect(req.errors).toEqual([]);
  });

  it('SH-3, SH-5: a client restart resumes from the persisted offsets and fetches only the new changes', async () => {
    const { tenant, app, techToken } = await setup();
    const techId = tenant.users.Technician.id;
    const clientId = randomUUID();
    const wo = workOrderValues(tenant.id);
    await insertRows(db, tenant.id, [
      ['work_orders', wo],
      ['work_order_steps', stepValues(tenant.id, wo.id as string)],
      ['assets', assetValues(tenant.id)],
      ['sync_clients', { tenant_id: tenant.id, client_id: clientId, user_id: techId }],
    ]);
    const shapes: ShapeSpec[] = [
      { table: 'work_orders' },
      { table: 'work_order_steps' },
      { table: 'assets' },
      { table: 'users' },
      { table: 'sync_clients', clientId },
    ];
    const who = { tenantId: tenant.id, userId: techId };
    const dataDir = await mkdtemp(join(tmpdir(), 'plantkeep-replica-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const key = `replica-${randomUUID()}`;

    const first = await follow(app, techToken, shapes, { key, dataDir });
    await converges(first.replica, first.sync, who, shapes);
    expect(first.router.requests('offset', '-1')).toHaveLength(shapes.length);
    await first.stop();

    // While the client is closed, the server moves on.
    const step = stepValues(tenant.id, wo.id as string);
    await insertRows(db, tenant.id, [
      ['work_order_steps', step],
      ['assets', assetValues(tenant.id)],
    ]);
    await write(db, tenant.id, [
      ['update work_orders set title = $2 where id = $1', [wo.id, 'changed while offline']],
      ['update sync_clients set last_mutation_seq = 41 where client_id = $1', [clientId]],
    ]);
    await write(db, tenant.id, [['delete from work_order_steps where id = $1', [step.id]]]);

    const second = await follow(app, techToken, shapes, { key, dataDir });
    await converges(second.replica, second.sync, who, shapes);
    expect(second.router.requests('offset', '-1')).toEqual([]);
    expect(second.router.log.every((r) => r.url.searchParams.has('handle'))).toBe(true);
    const seq = await second.replica.pg.query<{ seq: string }>(
      'select last_mutation_seq::text as seq from sync_clients',
    );
    expect(seq.rows[0]?.seq).toBe('41');
    expect(second.errors).toEqual([]);
  });

  it('SH-2: must-refetch truncates the tables and refills them with the current rows', async () => {
    const { tenant, app, techToken } = await setup();
    const doomed = assetValues(tenant.id);
    const wo = workOrderValues(tenant.id);
    await insertRows(db, tenant.id, [
      ['assets', doomed],
      ['assets', assetValues(tenant.id)],
      ['work_orders', wo],
    ]);
    const shapes: ShapeSpec[] = [{ table: 'assets' }, { table: 'work_orders' }];
    const who = { tenantId: tenant.id, userId: tenant.users.Technician.id };
    const tech = await follow(app, techToken, shapes, { replica: replicaA });
    await converges(tech.replica, tech.sync, who, shapes);

    // Retire every handle of the tenant (as the owner); then change rows. A row deleted now is
    // only removed from the replica if the refetch really truncates.
    await db.query('delete from shape_handles where tenant_id = $1', [tenant.id]);
    await write(db, tenant.id, [['delete from assets where id = $1', [doomed.id]]]);
    await insertRows(db, tenant.id, [
      ['assets', assetValues(tenant.id)],
      ['work_orders', workOrderValues(tenant.id)],
    ]);
    await converges(tech.replica, tech.sync, who, shapes);
    expect(tech.router.log.filter((r) => r.status === 409).length).toBeGreaterThanOrEqual(1);
    const gone = await tech.replica.pg.query('select 1 from assets where id = $1', [doomed.id]);
    expect(gone.rows).toEqual([]);
    expect(tech.errors).toEqual([]);
  });

  it('SH-7: a change committed while a long-poll waits reaches the replica even when its wake-up is lost', async () => {
    // No notifier: every long-poll runs to its timeout, as when a notification comes late.
    const { tenant, app, techToken } = await setup({ liveTimeoutMs: 250 }, false);
    const shapes: ShapeSpec[] = [{ table: 'assets' }];
    const who = { tenantId: tenant.id, userId: tenant.users.Technician.id };
    const tech = await follow(app, techToken, shapes, { replica: replicaB });
    await converges(tech.replica, tech.sync, who, shapes);
    for (let i = 0; i < 3; i++) {
      await waitFor('a long-poll in flight', () =>
        tech.router.log.some(
          (r) => r.url.searchParams.get('live') === 'true' && r.status === undefined && !r.failed,
        ),
      );
      await insertRows(db, tenant.id, [['assets', assetValues(tenant.id)]]);
      await converges(tech.replica, tech.sync, who, shapes);
    }
  });

  it('SL-1: the replica holds every synced table the server has (smoke over all tested tables)', async () => {
    const { tenant, app, techToken } = await setup();
    const clientId = randomUUID();
    const wo = workOrderValues(tenant.id);
    await insertRows(db, tenant.id, [
      ['work_orders', wo],
      [
        'work_order_steps',
        stepValues(tenant.id, wo.id as string, { min_value: '0.5', max_value: '1e3' }),
      ],
      [
        'work_order_comments',
        commentValues(tenant.id, wo.id as string, tenant.users.Technician.id, {
          mentions: [tenant.users.Admin.id],
        }),
      ],
      [
        'assets',
        assetValues(tenant.id, {
          specs: JSON.stringify({ 'ü"\\': [1, { a: null }] }),
          purchase_cost: '0.01',
        }),
      ],
      [
        'sync_clients',
        {
          tenant_id: tenant.id,
          client_id: clientId,
          user_id: tenant.users.Technician.id,
          last_mutation_seq: '9223372036854775807',
        },
      ],
    ]);
    const shapes: ShapeSpec[] = allTables.map((table) =>
      table === 'sync_clients' ? { table, clientId } : { table },
    );
    const tech = await follow(app, techToken, shapes, { replica: replicaA });
    await converges(
      tech.replica,
      tech.sync,
      { tenantId: tenant.id, userId: tenant.users.Technician.id },
      shapes,
    );
    expect(tech.errors).toEqual([]);
  });
});
