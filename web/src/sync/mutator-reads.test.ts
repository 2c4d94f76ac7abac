import { randomUUID } from 'node:crypto';
import {
  AppError,
  assetStatuses,
  criticalities,
  defaultRolePermissions,
  locationKinds,
  memoryMutationTx,
  mutators,
  syncableTables,
  type Actor,
  type MemoryTables,
  type MutationTx,
  type Mutator,
  type Permission,
  type Row,
  type SyncedTableName,
} from '@plantkeep/shared';
import { addComment, captureUpdate, toBase64 } from '@plantkeep/shared/ydoc';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tablesToSync } from '../db/worker-meta';

/**
 * SPEC VI-10: a mutator run on a device reads only tables that device syncs.
 * Every mutator runs with representative arguments for every default role, a
 * custom role without `read_all` and a role without permissions, on the
 * client side of a `MutationTx` that records each table it reads; for every
 * run that succeeds (the role may run it), the tables read must be among the
 * device's (`tablesToSync` of the role's syncable tables).
 */

/** Every mutator, as the untyped interface the walk needs. */
const allMutators: Mutator[] = Object.values(mutators);

const tenant = randomUUID();
const ids = {
  requester: randomUUID(),
  tech: randomUUID(),
  site: randomUUID(),
  location: randomUUID(),
  asset: randomUUID(),
  meter: randomUUID(),
  part: randomUUID(),
  stock: randomUUID(),
  stock2: randomUUID(),
  work: randomUUID(),
  request: randomUUID(),
  timeLog: randomUUID(),
  downtime: randomUUID(),
};

const roles: Record<string, readonly Permission[]> = {
  ...defaultRolePermissions,
  Worker: ['work_orders:read', 'work_orders:update'],
  Nobody: [],
};

/** YD-7: a requester's document holds only their own pending updates, so it reads ydoc_updates without syncing it. */
const localOnly: Partial<Record<string, SyncedTableName[]>> = { 'ydoc.update': ['ydoc_updates'] };

function fixture(userId: string, logsTime: boolean): MemoryTables {
  const t = (rows: Row[]) => rows.map((r) => ({ tenant_id: tenant, ...r }));
  const now = '2026-01-05T10:00:00.000Z';
  return new Map<SyncedTableName, Row[]>([
    ['users', t([ids.requester, ids.tech, userId].map((id) => ({ id, name: 'Someone' })))],
    ['sites', t([{ id: ids.site, name: 'Plant' }])],
    ['locations', t([{ id: ids.location, site_id: ids.site, code: 'A1', parent_id: null }])],
    [
      'assets',
      t([{ id: ids.asset, tag: 'P-1', name: 'Pump', location_id: ids.location, parent_id: null }]),
    ],
    ['meters', t([{ id: ids.meter, asset_id: ids.asset }])],
    ['parts', t([{ id: ids.part, name: 'Seal', unit: 'each' }])],
    [
      'stock_locations',
      t([
        { id: ids.stock, site_id: ids.site },
        { id: ids.stock2, site_id: ids.site },
      ]),
    ],
    [
      'inventory_movements',
      t([
        {
          id: randomUUID(),
          part_id: ids.part,
          stock_location_id: ids.stock,
          kind: 'receive',
          quantity: '5',
        },
      ]),
    ],
    [
      'work_orders',
      t([
        {
          id: ids.work,
          title: 'Fix pump',
          status: 'in_progress',
          priority: 'medium',
          type: 'corrective',
          requester_id: ids.requester,
          asset_id: ids.asset,
        },
        {
          id: ids.request,
          title: 'Leak',
          status: 'requested',
          priority: 'low',
          type: 'corrective',
          requester_id: userId,
        },
      ]),
    ],
    [
      'work_order_assignees',
      t([ids.tech, userId].map((u) => ({ work_order_id: ids.work, user_id: u }))),
    ],
    // Only those who may log time have a running timer of their own.
    [
      'time_logs',
      t([
        {
          id: ids.timeLog,
          work_order_id: ids.work,
          user_id: logsTime ? userId : ids.tech,
          started_at: now,
          ended_at: null,
        },
      ]),
    ],
    [
      'asset_downtime',
      t([
        { id: ids.downtime, asset_id: ids.asset, started_at: now, ended_at: null, planned: false },
      ]),
    ],
  ]);
}

function argsFor(name: string, userId: string): Record<string, unknown>[] {
  const at = '2026-01-05T12:00:00.000Z';
  const comment = (docId: string) => {
    const doc = new Y.Doc();
    const update = captureUpdate(doc, (d) =>
      addComment(d, { id: randomUUID(), authorId: userId, createdAt: at, body: 'On it' }),
    );
    return { docId, update: toBase64(update ?? new Uint8Array()) };
  };
  const stock = { partId: ids.part, stockLocationId: ids.stock };
  switch (name) {
    case 'workOrder.create':
      return [
        {
          id: randomUUID(),
          title: 'New',
          type: 'corrective',
          priority: 'medium',
          assetId: ids.asset,
          locationId: ids.location,
          assigneeIds: [ids.tech],
        },
      ];
    case 'workOrder.update':
      return [{ id: ids.work, changes: { title: 'Fix pump now' }, seen: { title: 'Fix pump' } }];
    case 'workOrder.transition':
      return [{ id: ids.work, to: 'on_hold', reason: 'parts' }];
    case 'workOrder.assign':
      return [{ id: ids.work, assigneeIds: [ids.tech] }];
    case 'request.submit':
      return [{ id: randomUUID(), title: 'Drip', assetId: ids.asset, locationId: ids.location }];
    case 'asset.create':
      return [
        {
          id: randomUUID(),
          tag: 'P-2',
          name: 'Fan',
          description: null,
          parentId: ids.asset,
          locationId: ids.location,
          status: assetStatuses[0],
          criticality: criticalities[0],
          category: null,
          manufacturer: null,
          model: null,
          serialNumber: null,
          purchaseDate: null,
          purchaseCost: null,
          warrantyExpiresOn: null,
          warrantyNotes: null,
          specs: {},
        },
      ];
    case 'asset.update':
      return [{ id: ids.asset, changes: { name: 'Main pump', locationId: ids.location } }];
    case 'location.create':
      return [
        {
          id: randomUUID(),
          siteId: ids.site,
          parentId: ids.location,
          code: 'B2',
          name: 'Bay',
          kind: locationKinds[3],
        },
      ];
    case 'inventory.receive':
      return [{ id: randomUUID(), ...stock, quantity: '4' }];
    case 'inventory.issue':
      return [{ id: randomUUID(), ...stock, quantity: '1', workOrderId: ids.work }];
    case 'inventory.transfer':
      return [
        {
          id: randomUUID(),
          inId: randomUUID(),
          partId: ids.part,
          fromStockLocationId: ids.stock,
          toStockLocationId: ids.stock2,
          quantity: '1',
        },
      ];
    case 'inventory.adjust':
      return [
        { id: randomUUID(), ...stock, quantity: '-1' },
        { id: randomUUID(), ...stock, countedQuantity: '3' },
      ];
    case 'timeLog.add':
      return [{ id: randomUUID(), workOrderId: ids.work, startedAt: at }];
    case 'timeLog.stop':
      return [{ id: ids.timeLog, endedAt: at }];
    case 'meterReading.add':
      return [
        { id: randomUUID(), meterId: ids.meter, value: '12.5', readAt: at, workOrderId: ids.work },
      ];
    case 'downtime.start':
      return [{ id: randomUUID(), assetId: ids.asset, startedAt: at, workOrderId: ids.work }];
    case 'downtime.end':
      return [{ id: ids.downtime, endedAt: at }];
    case 'signature.add':
      return [
        {
          id: randomUUID(),
          workOrderId: ids.work,
          signerName: 'Jo',
          purpose: 'completion',
          image: 'M0 0L1 1',
          signedAt: at,
        },
      ];
    case 'partUsed.add':
      return [
        {
          id: randomUUID(),
          movementId: randomUUID(),
          workOrderId: ids.work,
          ...stock,
          quantity: '1',
          usedAt: at,
        },
      ];
    case 'ydoc.update':
      return [comment(ids.work), comment(ids.request)];
    default:
      throw new Error(`no representative arguments for ${name}: add them here`);
  }
}

/** The client's side of a MutationTx, recording every table a mutator reads. */
function recordingTx(tables: MemoryTables, actor: Actor, reads: Set<SyncedTableName>): MutationTx {
  const inner = memoryMutationTx(tables, { actor });
  return {
    ...inner,
    location: 'client',
    get: (table, key) => (reads.add(table), inner.get(table, key)),
    list: (table, where) => (reads.add(table), inner.list(table, where)),
    getForUpdate: (table, key) => (reads.add(table), inner.getForUpdate(table, key)),
  };
}

describe('mutators on devices (VI-10)', () => {
  it('VI-10: every mutator reads only tables the device syncs, for every role that may run it', async () => {
    const outsideReads: string[] = [];
    const ranBy = new Map<string, string[]>();
    for (const [role, permissions] of Object.entries(roles)) {
      const userId = randomUUID();
      const actor: Actor = { userId, tenantId: tenant, permissions: new Set(permissions) };
      const device = new Set(tablesToSync(syncableTables(actor)));
      for (const mutator of allMutators) {
        const name = mutator.name;
        for (const raw of argsFor(name, userId)) {
          const reads = new Set<SyncedTableName>();
          const args: unknown = mutator.args.parse(raw);
          try {
            await mutator.run(
              recordingTx(
                fixture(userId, permissions.includes('work_orders:update')),
                actor,
                reads,
              ),
              args,
            );
          } catch (e) {
            if (e instanceof AppError) continue; // this role may not run it (or not on this row)
            throw e;
          }
          ranBy.set(name, [...(ranBy.get(name) ?? []), role]);
          for (const table of reads) {
            if (device.has(table) || localOnly[name]?.includes(table)) continue;
            outsideReads.push(`${role} ${name} ${JSON.stringify(Object.keys(raw))} reads ${table}`);
          }
        }
      }
    }
    expect(outsideReads).toEqual([]);
    // The walk is only a proof if each mutator ran for someone.
    expect(allMutators.map((m) => m.name).filter((n) => !ranBy.has(n))).toEqual([]);
  });
});
