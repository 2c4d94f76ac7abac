import {
  AppError,
  canReadRow,
  canSyncTable,
  syncedTableNames,
  visibleColumns,
  type SyncedTableName,
  type VisibleRow,
} from '@plantkeep/shared';
import { quoteIdent } from '@plantkeep/migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal';
import { withTenant, type Database } from '../db';
import { testDatabases } from '../testing/databases';
import { seedVisibilityTenant, type VisibilityTenant } from '../testing/visibility-fixture';
import { EmbeddedShapes } from './embedded-shapes';
import { LiveNotifier } from './live-notifier';
import type { ChangeMessage } from './messages';
import { rowKey } from './messages';
import { tableSchema } from './table-schema';
import { dependencyMoved, readHead } from './log-reader';
import { defineShape } from './shape-definition';

/**
 * VI-1: every synced table's read rule is declared once; the shape's SQL
 * (what devices receive through the embedded log) and the JS checks
 * (`canReadRow`, hence `canReadWorkOrder`) are both derived from it. Walks
 * every default role, a custom role without `read_all` and a role without
 * permissions × every synced table on a seeded tenant and requires the same
 * rows and exactly the declared columns.
 */
describe.each(testDatabases)('visibility on $name', (target) => {
  let db: Database;
  let tenant: VisibilityTenant;
  let shapes: EmbeddedShapes;
  const tenantRows = new Map<string, VisibleRow[]>();

  /** The tenant's rows of a table, read as the owner (no rule applied). */
  async function rowsOf(table: string): Promise<VisibleRow[]> {
    const cached = tenantRows.get(table);
    if (cached) return cached;
    const column = table === 'tenants' ? 'id' : 'tenant_id';
    const rows = (
      await db.query<{ row: string }>(
        `select to_jsonb(t)::text as row from public.${quoteIdent(table)} t where ${column} = $1`,
        [tenant.tenantId],
      )
    ).map((r) => JSON.parse(r.row) as VisibleRow);
    tenantRows.set(table, rows);
    return rows;
  }

  beforeAll(async () => {
    db = await target.open();
    tenant = await seedVisibilityTenant(db);
    shapes = new EmbeddedShapes(db, new LiveNotifier(), { snapshotChunkRows: 1_000_000 });
    for (const table of syncedTableNames) await rowsOf(table);
  }, 240_000);

  afterAll(async () => {
    await db?.close();
  });

  async function shapeRows(caller: Principal, table: SyncedTableName): Promise<ChangeMessage[]> {
    const res = await serve(caller, table, '-1');
    expect(res.status).toBe(200);
    return res.body.filter((m): m is ChangeMessage => 'key' in m);
  }

  function serve(caller: Principal, table: SyncedTableName, offset: string, handle?: string) {
    return shapes.serve(caller, {
      table,
      offset,
      handle,
      live: false,
      hold: true,
      cursor: undefined,
      clientId: tenant.clientIds.get(caller.userId),
      replicaFull: false,
    });
  }

  const roles = [
    'Admin',
    'Supervisor',
    'Technician',
    'Requester',
    'Viewer',
    'Worker',
    'Nobody',
  ] as const;

  it.each(roles)(
    'VI-1: the %s role syncs exactly the rows and columns its rules allow',
    async (role) => {
      const caller = tenant.callers[role];
      const related = (table: string) => tenantRows.get(table) ?? [];
      for (const table of syncedTableNames) {
        const all = await rowsOf(table);
        const context = { clientId: tenant.clientIds.get(caller.userId), related };
        const expected = all.filter((row) => canReadRow(caller, table, row, context));
        if (!canSyncTable(caller, table)) {
          await expect(shapeRows(caller, table), table).rejects.toSatisfy(
            (e) => e instanceof AppError && e.code === 'AUTHZ',
          );
          expect(expected, table).toEqual([]);
          continue;
        }
        const schema = await tableSchema(db, table, []);
        const allColumns = [...schema.columns];
        const messages = await shapeRows(caller, table);
        const keyOf = (row: VisibleRow) =>
          rowKey(
            table,
            schema.primaryKey,
            Object.fromEntries(schema.primaryKey.map((c) => [c, String(row[c])])),
          );
        expect(messages.map((m) => m.key).sort(), `${role} × ${table}`).toEqual(
          expected.map(keyOf).sort(),
        );
        const columns = visibleColumns(caller, table, allColumns);
        for (const m of messages) {
          expect(Object.keys(m.value).sort(), `${role} × ${table}`).toEqual([...columns].sort());
        }
      }
    },
  );

  it('VI-1: the fixture exercises every rule: each table has rows some role sees and some it does not', async () => {
    for (const table of syncedTableNames) {
      expect((await rowsOf(table)).length, table).toBeGreaterThan(0);
    }
    const worker = tenant.callers.Worker;
    const related = (table: string) => tenantRows.get(table) ?? [];
    const readable = (await rowsOf('work_orders')).filter((r) =>
      canReadRow(worker, 'work_orders', r, { related }),
    );
    expect(readable.map((r) => r.id).sort()).toEqual([...tenant.workerOrders].sort());
  });

  it('SH-9, VI-3: assigning work to the worker and taking it away moves it onto and off their device', async () => {
    const worker = tenant.callers.Worker;
    const [other] = await db.query<{ id: string }>(
      `select id from work_orders w where tenant_id = $1 and id <> all($2::uuid[])
          and not exists (select 1 from work_order_assignees a where a.work_order_id = w.id and a.user_id = $3)
        order by id limit 1`,
      [tenant.tenantId, tenant.workerOrders, worker.userId],
    );
    const workOrder = other?.id as string;
    const ids = (res: { body: unknown[] }) =>
      res.body.flatMap((m) => ((m as ChangeMessage).value ? [(m as ChangeMessage).value.id] : []));
    const syncedAfter = async (change: string) => {
      const before = await serve(worker, 'work_orders', '-1');
      await withTenant(db, tenant.tenantId, (tx) =>
        tx.query(change, [tenant.tenantId, workOrder, worker.userId]),
      );
      const next = await serve(
        worker,
        'work_orders',
        before.headers['electric-offset'] ?? '',
        before.headers['electric-handle'],
      );
      expect(next.status, change).toBe(409);
      return ids(await serve(worker, 'work_orders', '-1', next.headers['electric-handle']));
    };
    expect(
      await syncedAfter(
        'insert into work_order_assignees (tenant_id, work_order_id, user_id) values ($1, $2, $3)',
      ),
    ).toContain(workOrder);
    expect(
      await syncedAfter(
        'delete from work_order_assignees where tenant_id = $1 and work_order_id = $2 and user_id = $3',
      ),
    ).not.toContain(workOrder);
  });

  it.each(roles)(
    "SH-9: every dependency of the %s role's shapes is checked against the log without error",
    async (role) => {
      const caller = tenant.callers[role];
      const { head } = await withTenant(db, tenant.tenantId, (tx) => readHead(tx, tenant.tenantId));
      let checked = 0;
      for (const table of syncedTableNames) {
        if (!canSyncTable(caller, table)) continue;
        const definition = defineShape(caller, table, tenant.clientIds.get(caller.userId));
        checked += definition.dependencies.length;
        // Failed before: a condition using fewer parameters than its shape left one untyped.
        await withTenant(db, tenant.tenantId, (tx) =>
          dependencyMoved(tx, {
            tenantId: tenant.tenantId,
            definition,
            afterLsn: 0n,
            throughLsn: head,
          }),
        );
      }
      if (role === 'Requester') expect(checked).toBeGreaterThan(0);
    },
  );
});
