import { randomUUID } from 'node:crypto';
import { mutators } from '@plantkeep/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../testing/databases';
import { mutationServer } from '../testing/mutation-fixture';

describe.each(testDatabases)('every mutator through POST /v1/mutations on $name', (target) => {
  const server = mutationServer(target, { signIn: ['Admin'] });
  const used = new Set<string>();
  const send = (name: string, args: Record<string, unknown>) => {
    used.add(name);
    return server.client('Admin').sendOne(name, args);
  };
  const { one } = server;
  const ids = {
    site: randomUUID(),
    building: randomUUID(),
    asset: randomUUID(),
    child: randomUUID(),
  };

  beforeAll(async () => {
    const { db, acme } = server;
    await db.query(`insert into sites (tenant_id, id, code, name) values ($1, $2, 'N', 'North')`, [
      acme.id,
      ids.site,
    ]);
  });

  it('creates locations and assets, refuses duplicate codes, tags and cycles, and merges asset edits field by field', async () => {
    expect(
      await send('location.create', {
        id: ids.building,
        siteId: ids.site,
        code: 'B1',
        name: 'Boiler house',
        kind: 'building',
      }),
    ).toMatchObject({ status: 'applied' });
    expect(
      (
        await send('location.create', {
          id: randomUUID(),
          siteId: ids.site,
          code: 'B1',
          name: 'Dup',
          kind: 'building',
        })
      ).error?.code,
    ).toBe('CONFLICT');
    expect(
      await send('asset.create', {
        id: ids.asset,
        tag: 'P-100',
        name: 'Feed pump',
        locationId: ids.building,
        specs: { kw: 7.5, fluid: 'water' },
      }),
    ).toMatchObject({ status: 'applied' });
    expect(
      await send('asset.create', {
        id: ids.child,
        tag: 'P-100-M',
        name: 'Motor',
        parentId: ids.asset,
      }),
    ).toMatchObject({ status: 'applied' });
    expect(
      (await send('asset.create', { id: randomUUID(), tag: 'P-100', name: 'Dup' })).error?.code,
    ).toBe('CONFLICT');
    expect(
      (await send('asset.update', { id: ids.asset, changes: { parentId: ids.child } })).error?.code,
    ).toBe('VALIDATION');
    expect(
      await send('asset.update', {
        id: ids.asset,
        changes: { criticality: 'high' },
        seen: { criticality: 'medium' },
      }),
    ).toMatchObject({ status: 'applied' });
    expect(
      (
        await send('asset.update', {
          id: ids.asset,
          changes: { criticality: 'low' },
          seen: { criticality: 'medium' },
        })
      ).error?.code,
    ).toBe('CONFLICT');
    const asset = await one<{ criticality: string; specs: unknown; location_id: string }>(
      'select criticality::text, specs, location_id from assets where id = $1',
      [ids.asset],
    );
    expect(asset).toEqual({
      criticality: 'high',
      specs: { kw: 7.5, fluid: 'water' },
      location_id: ids.building,
    });
  });

  it('records work facts: time, readings, downtime with asset status, signatures', async () => {
    const { db, acme } = server;
    const wo = randomUUID();
    await send('workOrder.create', {
      id: wo,
      title: 'Overhaul',
      type: 'corrective',
      priority: 'high',
      assetId: ids.asset,
    });
    const log = randomUUID();
    expect(
      await send('timeLog.add', { id: log, workOrderId: wo, startedAt: '2026-11-21T08:00:00Z' }),
    ).toMatchObject({ status: 'applied' });
    expect(
      (await send('timeLog.stop', { id: log, endedAt: '2026-11-21T07:00:00Z' })).error?.code,
    ).toBe('VALIDATION');
    expect(await send('timeLog.stop', { id: log, endedAt: '2026-11-21T09:30:00Z' })).toMatchObject({
      status: 'applied',
    });
    expect(
      (await send('timeLog.stop', { id: log, endedAt: '2026-11-21T10:00:00Z' })).error?.code,
    ).toBe('CONFLICT');
    const meter = randomUUID();
    await db.query(
      `insert into meters (tenant_id, id, asset_id, name, unit) values ($1, $2, $3, 'Hours', 'h')`,
      [acme.id, meter, ids.asset],
    );
    expect(
      await send('meterReading.add', {
        id: randomUUID(),
        meterId: meter,
        value: '1234.5',
        readAt: '2026-11-21T09:00:00Z',
        workOrderId: wo,
      }),
    ).toMatchObject({ status: 'applied' });
    const down = randomUUID();
    expect(
      await send('downtime.start', {
        id: down,
        assetId: ids.asset,
        startedAt: '2026-11-21T07:55:00Z',
        failureCode: 'SEAL-LEAK',
        workOrderId: wo,
      }),
    ).toMatchObject({ status: 'applied' });
    expect(
      (await one<{ status: string }>('select status::text from assets where id = $1', [ids.asset]))
        ?.status,
    ).toBe('down');
    expect(
      await send('downtime.end', { id: down, endedAt: '2026-11-21T09:40:00Z', cause: 'worn seal' }),
    ).toMatchObject({ status: 'applied' });
    expect(
      (await one<{ status: string }>('select status::text from assets where id = $1', [ids.asset]))
        ?.status,
    ).toBe('operational');
    expect(
      await send('signature.add', {
        id: randomUUID(),
        workOrderId: wo,
        signerName: 'Ada',
        purpose: 'completion',
        image: 'M0,0 L10,10',
        signedAt: '2026-11-21T09:45:00Z',
      }),
    ).toMatchObject({ status: 'applied' });
    const facts = await one<{
      minutes: number;
      readings: number;
      downtime_minutes: number;
      signatures: number;
    }>(
      `select (select extract(epoch from ended_at - started_at)::int / 60 from time_logs where id = $1) as minutes,
              (select count(*)::int from meter_readings where work_order_id = $2) as readings,
              (select extract(epoch from ended_at - started_at)::int / 60 from asset_downtime where id = $3) as downtime_minutes,
              (select count(*)::int from signatures where work_order_id = $2) as signatures`,
      [log, wo, down],
    );
    expect(facts).toEqual({ minutes: 90, readings: 1, downtime_minutes: 105, signatures: 1 });
  });

  it('keeps the inventory ledger: receive, issue, count, parts used (stock may go negative)', async () => {
    const { db, acme } = server;
    const part = randomUUID();
    const store = randomUUID();
    await db.query(
      `insert into parts (tenant_id, id, part_number, name, unit_cost) values ($1, $2, 'SEAL-1', 'Seal', 12.5)`,
      [acme.id, part],
    );
    await db.query(
      `insert into stock_locations (tenant_id, id, site_id, code, name) values ($1, $2, $3, 'S', 'Store')`,
      [acme.id, store, ids.site],
    );
    const base = { partId: part, stockLocationId: store };
    expect(
      await send('inventory.receive', {
        id: randomUUID(),
        ...base,
        quantity: 5,
        unitCost: '12.50',
      }),
    ).toMatchObject({ status: 'applied' });
    expect(
      await send('inventory.issue', { id: randomUUID(), ...base, quantity: '2' }),
    ).toMatchObject({ status: 'applied' });
    expect((await send('inventory.adjust', { id: randomUUID(), ...base })).error?.code).toBe(
      'VALIDATION',
    );
    expect(
      await send('inventory.adjust', { id: randomUUID(), ...base, countedQuantity: '1' }),
    ).toMatchObject({ status: 'applied' });
    const wo = randomUUID();
    await send('workOrder.create', {
      id: wo,
      title: 'Seal swap',
      type: 'corrective',
      priority: 'low',
    });
    expect(
      await send('partUsed.add', {
        id: randomUUID(),
        movementId: randomUUID(),
        workOrderId: wo,
        ...base,
        quantity: '3',
        usedAt: '2026-11-21T10:00:00Z',
      }),
    ).toMatchObject({ status: 'applied' });
    const stock = await one<{ quantity: string }>(
      'select quantity::text from stock_on_hand where part_id = $1',
      [part],
    );
    expect(Number(stock?.quantity)).toBe(-2);
    const count = await one<{ quantity: string; counted_quantity: string }>(
      `select quantity::text, counted_quantity::text from inventory_movements where part_id = $1 and kind = 'count'`,
      [part],
    );
    expect(Number(count?.quantity)).toBe(-2);
    expect(Number(count?.counted_quantity)).toBe(1);
    const used = await one<{ unit_cost: string; movement: string }>(
      `select p.unit_cost::text, m.kind::text as movement from parts_used p join inventory_movements m on m.id = p.inventory_movement_id where p.work_order_id = $1`,
      [wo],
    );
    expect(used).toEqual({ unit_cost: '12.5000', movement: 'issue' });
  });

  it('covers every registered mutator', () => {
    const untested = Object.keys(mutators).filter(
      (name) =>
        !used.has(name) &&
        ![
          'workOrder.update',
          'workOrder.transition',
          'workOrder.assign',
          'request.submit',
          'inventory.transfer',
          'ydoc.update', // ydoc.test.ts
        ].includes(name),
    );
    expect(untested).toEqual([]);
  });
});
