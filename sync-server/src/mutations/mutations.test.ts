import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, loginAs, type TestTenant } from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { mutationClient, mutationServer } from '../testing/mutation-fixture';

describe.each(testDatabases)('POST /v1/mutations on $name', (target) => {
  const server = mutationServer(target, {
    signIn: ['Admin', 'Supervisor', 'Technician', 'Requester', 'Viewer'],
  });
  const { device, one } = server;
  let globex: TestTenant;
  let globexToken: string;

  beforeAll(async () => {
    globex = await createTestTenant(server.db, 'globex');
    globexToken = (await loginAs(server.app, globex.users.Supervisor.email)).accessToken;
  });

  const workOrder = (overrides: Record<string, unknown> = {}) => ({
    name: 'workOrder.create',
    args: {
      id: randomUUID(),
      title: 'Replace pump seal',
      type: 'corrective',
      priority: 'high',
      ...overrides,
    },
  });

  it('MU-1: applies a mutation with server-owned number, actor, audit, outbox and seq', async () => {
    const { acme } = server;
    const d = device('Supervisor');
    const create = workOrder();
    const { status, results } = await d.send(create);
    expect(status).toBe(200);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ seq: 1, status: 'applied' });
    expect(typeof (results[0] as { txid?: unknown }).txid).toBe('string');
    const row = await one<{
      number: number;
      created_by: string;
      tenant_id: string;
      status: string;
    }>('select number, created_by, tenant_id, status from work_orders where id = $1', [
      create.args.id,
    ]);
    expect(row).toMatchObject({
      created_by: acme.users.Supervisor.id,
      tenant_id: acme.id,
      status: 'open',
    });
    expect(row?.number).toBeGreaterThan(0);
    const audit = await one<{ n: number }>(
      'select count(*)::int as n from audit_log where entity_id = $1 and client_id = $2 and mutation_seq = 1',
      [create.args.id, d.clientId],
    );
    expect(audit?.n).toBe(1);
    const outbox = await one<{ topic: string }>(
      `select topic from outbox_events where payload->>'workOrderId' = $1`,
      [create.args.id],
    );
    expect(outbox?.topic).toBe('work_order.created');
    const client = await one<{ last_mutation_seq: string; user_id: string }>(
      'select last_mutation_seq::text, user_id from sync_clients where client_id = $1',
      [d.clientId],
    );
    expect(client).toEqual({ last_mutation_seq: '1', user_id: acme.users.Supervisor.id });
  });

  it('MU-2: answers a repeated seq from the stored outcome without applying it again', async () => {
    const d = device('Supervisor');
    const create = workOrder();
    await d.send(create);
    d.setSeq(0);
    const again = await d.send(create);
    expect(again.results).toEqual([{ seq: 1, status: 'duplicate' }]);
    const count = await one<{ n: number }>(
      'select count(*)::int as n from work_orders where id = $1',
      [create.args.id],
    );
    expect(count?.n).toBe(1);
    // A rejected seq repeats its rejection.
    await d.send({ name: 'nope.nothing', args: {} });
    d.setSeq(1);
    expect((await d.send({ name: 'nope.nothing', args: {} })).results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'VALIDATION' },
    });
  });

  it('MU-3: refuses a gap so the client resends in order, and writes nothing', async () => {
    const d = device('Supervisor');
    d.setSeq(4);
    const gap = await d.send(workOrder({ title: 'gap' }));
    expect(gap.status).toBe(409);
    expect(gap.body.error).toMatchObject({ code: 'CONFLICT', details: { expectedSeq: 1 } });
    const res = await d.raw([
      { seq: 1, name: 'workOrder.create', args: workOrder().args },
      { seq: 3, name: 'workOrder.create', args: workOrder().args },
    ]);
    expect(res.status).toBe(400);
    const none = await one<{ n: number }>(
      `select count(*)::int as n from work_orders where title = 'gap'`,
      [],
    );
    expect(none?.n).toBe(0);
  });

  it('MU-4: records permanent errors as rejections with the original input, and keeps going', async () => {
    const { db, acme } = server;
    const d = device('Supervisor');
    const good = workOrder();
    const { results } = await d.send(
      { name: 'workOrder.explode', args: { x: 1 } },
      {
        name: 'workOrder.create',
        args: { id: 'not-a-uuid', title: '', type: 'weird', priority: 'high' },
      },
      workOrder({ tenant_id: globex.id }),
      workOrder({ createdBy: acme.users.Admin.id }),
      good,
    );
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'applied',
    ]);
    expect(results.slice(0, 4).every((r) => r.error?.code === 'VALIDATION')).toBe(true);
    const rejections = await db.query<{ seq: string; name: string; args: unknown; code: string }>(
      'select seq::text, name, args, code from mutation_rejections where client_id = $1 order by seq',
      [d.clientId],
    );
    expect(rejections.map((r) => r.seq)).toEqual(['1', '2', '3', '4']);
    expect(rejections[2]?.args).toMatchObject({ tenant_id: globex.id });
    const forged = await one<{ n: number }>(
      'select count(*)::int as n from work_orders where tenant_id = $1',
      [globex.id],
    );
    expect(forged?.n).toBe(0);
  });

  it('MU-5: never leaves a partial write when a mutator fails halfway', async () => {
    const { db, acme } = server;
    const [part] = await db.query<{ id: string }>(
      `insert into parts (tenant_id, id, part_number, name) values ($1, gen_random_uuid(), 'P-1', 'Seal') returning id`,
      [acme.id],
    );
    const [site] = await db.query<{ id: string }>(
      `insert into sites (tenant_id, id, code, name) values ($1, gen_random_uuid(), 'S1', 'Site') returning id`,
      [acme.id],
    );
    const locations = await db.query<{ id: string }>(
      `insert into stock_locations (tenant_id, id, site_id, code, name)
       values ($1, gen_random_uuid(), $2, 'A', 'Store A'), ($1, gen_random_uuid(), $2, 'B', 'Store B') returning id`,
      [acme.id, site?.id],
    );
    const d = device('Supervisor');
    const receive = {
      id: randomUUID(),
      partId: part?.id,
      stockLocationId: locations[0]?.id,
      quantity: 10,
    };
    await d.send({ name: 'inventory.receive', args: receive });
    // The second ledger row reuses an existing id: the first row must vanish with it.
    const transfer = {
      id: randomUUID(),
      inId: receive.id,
      partId: part?.id,
      fromStockLocationId: locations[0]?.id,
      toStockLocationId: locations[1]?.id,
      quantity: 4,
    };
    const { results } = await d.send({ name: 'inventory.transfer', args: transfer });
    expect(results[0]).toMatchObject({ status: 'rejected', error: { code: 'CONFLICT' } });
    const stock = await db.query<{ quantity: string }>(
      'select quantity::text from stock_on_hand where part_id = $1 order by stock_location_id',
      [part?.id],
    );
    expect(stock.map((s) => Number(s.quantity))).toEqual([10]);
    expect(
      (await d.send({ name: 'inventory.transfer', args: { ...transfer, inId: randomUUID() } }))
        .results[0]?.status,
    ).toBe('applied');
    const after = await db.query<{ stock_location_id: string; quantity: string }>(
      'select stock_location_id, quantity::text from stock_on_hand where part_id = $1',
      [part?.id],
    );
    expect(Object.fromEntries(after.map((s) => [s.stock_location_id, Number(s.quantity)]))).toEqual(
      {
        [locations[0]?.id ?? '']: 6,
        [locations[1]?.id ?? '']: 4,
      },
    );
  });

  it('MU-6: detects field-level conflicts only on fields changed concurrently, with both values', async () => {
    const supervisor = device('Supervisor');
    const admin = device('Admin');
    const create = workOrder({ title: 'Original', priority: 'low' });
    await supervisor.send(create);
    const id = create.args.id;
    const first = await admin.send({
      name: 'workOrder.update',
      args: { id, changes: { title: 'Admin title' }, seen: { title: 'Original' } },
    });
    expect(first.results[0]?.status).toBe('applied');
    const other = await supervisor.send({
      name: 'workOrder.update',
      args: { id, changes: { priority: 'critical' }, seen: { priority: 'low' } },
    });
    expect(other.results[0]?.status).toBe('applied');
    const clash = await supervisor.send({
      name: 'workOrder.update',
      args: { id, changes: { title: 'Supervisor title' }, seen: { title: 'Original' } },
    });
    expect(clash.results[0]).toMatchObject({
      status: 'rejected',
      error: {
        code: 'CONFLICT',
        details: {
          conflicts: [
            { field: 'title', seen: 'Original', current: 'Admin title', yours: 'Supervisor title' },
          ],
        },
      },
    });
    const row = await one<{ title: string; priority: string }>(
      'select title, priority from work_orders where id = $1',
      [id],
    );
    expect(row).toEqual({ title: 'Admin title', priority: 'critical' });
  });

  it('applies the work-order state machine and who may do what', async () => {
    const { acme } = server;
    const supervisor = device('Supervisor');
    const tech = device('Technician');
    const unassigned = workOrder();
    await supervisor.send(unassigned);
    const id = unassigned.args.id;
    const transition = (to: string, reason?: string) => ({
      name: 'workOrder.transition',
      args: { id, to, reason },
    });
    expect((await tech.send(transition('in_progress'))).results[0]?.error?.code).toBe('AUTHZ');
    expect(
      (
        await tech.send({
          name: 'workOrder.assign',
          args: { id, assigneeIds: [acme.users.Admin.id] },
        })
      ).results[0]?.error?.code,
    ).toBe('AUTHZ');
    expect(
      (
        await tech.send({
          name: 'workOrder.assign',
          args: { id, assigneeIds: [acme.users.Technician.id] },
        })
      ).results[0]?.status,
    ).toBe('applied');
    expect((await tech.send(transition('in_progress'))).results[0]?.status).toBe('applied');
    expect((await tech.send(transition('on_hold'))).results[0]?.error?.code).toBe('VALIDATION');
    expect((await tech.send(transition('verified'))).results[0]?.error?.code).toBe('CONFLICT');
    expect((await tech.send(transition('completed'))).results[0]?.status).toBe('applied');
    expect((await tech.send(transition('verified'))).results[0]?.error?.code).toBe('AUTHZ');
    expect(
      (await supervisor.send(transition('cancelled', 'duplicate'))).results[0]?.error?.code,
    ).toBe('CONFLICT');
    expect((await supervisor.send(transition('verified'))).results[0]?.status).toBe('applied');
    const row = await one<{
      status: string;
      started_at: unknown;
      completed_at: unknown;
      verified_at: unknown;
    }>('select status, started_at, completed_at, verified_at from work_orders where id = $1', [id]);
    expect(row?.status).toBe('verified');
    expect(row?.started_at && row.completed_at && row.verified_at).toBeTruthy();
  });

  it('lets a requester file a request that a supervisor approves or declines', async () => {
    const { db, acme } = server;
    const requester = device('Requester');
    const supervisor = device('Supervisor');
    const request = { id: randomUUID(), title: 'Leak under line 3' };
    expect(
      (await requester.send({ name: 'request.submit', args: request })).results[0]?.status,
    ).toBe('applied');
    const approve = { name: 'workOrder.transition', args: { id: request.id, to: 'open' } };
    expect((await requester.send(approve)).results[0]?.error?.code).toBe('AUTHZ');
    expect((await supervisor.send(approve)).results[0]?.status).toBe('applied');
    const declined = { id: randomUUID(), title: 'Paint the office' };
    await requester.send({ name: 'request.submit', args: declined });
    const decline = await supervisor.send({
      name: 'workOrder.transition',
      args: { id: declined.id, to: 'cancelled', reason: 'Not maintenance work' },
    });
    expect(decline.results[0]?.status).toBe('applied');
    const rows = await db.query<{
      status: string;
      requester_id: string;
      cancel_reason: string | null;
    }>(
      'select status, requester_id, cancel_reason from work_orders where id = any($1::uuid[]) order by status::text',
      [[request.id, declined.id]],
    );
    expect(rows).toEqual([
      {
        status: 'cancelled',
        requester_id: acme.users.Requester.id,
        cancel_reason: 'Not maintenance work',
      },
      { status: 'open', requester_id: acme.users.Requester.id, cancel_reason: null },
    ]);
    expect((await device('Viewer').send(workOrder())).results[0]?.error?.code).toBe('AUTHZ');
  });

  it("refuses another tenant's ids in every mutation and writes nothing there", async () => {
    const { db, acme } = server;
    const [bAsset] = await db.query<{ id: string }>(
      `insert into assets (tenant_id, id, tag, name) values ($1, gen_random_uuid(), 'B-1', 'B pump') returning id`,
      [globex.id],
    );
    const bWorkOrder = randomUUID();
    await mutationClient(server.app, globexToken).send(
      workOrder({ id: bWorkOrder, title: 'B only' }),
    );
    for (const role of ['Admin', 'Supervisor', 'Technician'] as const) {
      const d = device(role);
      const { results } = await d.send(
        workOrder({ assetId: bAsset?.id }),
        { name: 'workOrder.update', args: { id: bWorkOrder, changes: { title: 'hijacked' } } },
        { name: 'workOrder.transition', args: { id: bWorkOrder, to: 'cancelled', reason: 'x' } },
        { name: 'workOrder.assign', args: { id: bWorkOrder, assigneeIds: [acme.users[role].id] } },
        { name: 'asset.update', args: { id: bAsset?.id, changes: { name: 'hijacked' } } },
      );
      expect(results.map((r) => r.error?.code)).toEqual(Array(5).fill('NOT_FOUND'));
      expect(JSON.stringify(results)).not.toContain('B pump');
    }
    const b = await one<{ title: string; status: string }>(
      'select title, status from work_orders where id = $1',
      [bWorkOrder],
    );
    expect(b).toEqual({ title: 'B only', status: 'open' });
    const asset = await one<{ name: string }>('select name from assets where id = $1', [
      bAsset?.id,
    ]);
    expect(asset?.name).toBe('B pump');
  });

  it('MU-7: binds a client id to its user and refuses it to anyone else, in any tenant', async () => {
    const mine = device('Technician');
    await mine.send({ name: 'request.submit', args: { id: randomUUID(), title: 'x' } });
    for (const thief of [server.token('Admin'), globexToken]) {
      const res = await mutationClient(server.app, thief, mine.clientId).send(workOrder());
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'AUTHZ' });
    }
  });

  it('MU-7: refuses oversized batches with PAYLOAD_TOO_LARGE and writes nothing', async () => {
    const d = device('Supervisor');
    const res = await d.send(
      ...Array.from({ length: 101 }, () => workOrder({ title: 'too many' })),
    );
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const none = await one<{ n: number }>(
      `select count(*)::int as n from work_orders where title = 'too many'`,
      [],
    );
    expect(none?.n).toBe(0);
  });
});
