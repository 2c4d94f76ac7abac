import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/access';
import { canReadWorkOrder } from '../auth/access';
import { allPermissions, defaultRolePermissions, type Permission } from '../auth/permissions';
import * as schema from '../schema';
import { syncedTableNames, syncedTables, type SyncedTable } from './synced-tables';
import { syncableTables } from './visibility-check';
import type { Cond } from './visibility-rules';
import { shapeFilter } from './visibility-sql';

const columnsOf = new Map(
  (Object.values(schema) as unknown[])
    .filter((v): v is PgTable => v instanceof PgTable)
    .map((t) => [getTableConfig(t).name, new Set(getTableConfig(t).columns.map((c) => c.name))]),
);

/** Every (table, column) a rule names, with the table whose columns it must be. */
function namedColumns(table: string, cond: Cond): [string, string][] {
  if ('and' in cond) return cond.and.flatMap((c) => namedColumns(table, c));
  if ('or' in cond) return cond.or.flatMap((c) => namedColumns(table, c));
  if ('in' in cond) {
    return [
      [table, cond.col],
      [cond.in.table, cond.in.col],
      ...namedColumns(cond.in.table, cond.in.where),
    ];
  }
  if ('col' in cond) return [[table, cond.col]];
  return [];
}

const actor = (permissions: readonly Permission[]): Actor => ({
  userId: '11111111-1111-4111-8111-111111111111',
  tenantId: '22222222-2222-4222-8222-222222222222',
  permissions: new Set(permissions),
});
const clientId = '33333333-3333-4333-8333-333333333333';

describe('visibility declarations (VI-1)', () => {
  it('VI-1: every table and column a rule or tier names exists in the schema', () => {
    for (const table of syncedTableNames) {
      const entry: SyncedTable = syncedTables[table];
      for (const [t, c] of namedColumns(table, entry.rows)) {
        expect(syncedTableNames, `${table}: ${t}`).toContain(t);
        expect(columnsOf.get(t)?.has(c), `${table}: ${t}.${c}`).toBe(true);
      }
      for (const tier of entry.columnTiers ?? []) {
        if (tier.columns === 'all') continue;
        for (const c of tier.columns)
          expect(columnsOf.get(table)?.has(c), `${table}.${c}`).toBe(true);
      }
      for (const c of entry.hiddenColumns ?? []) expect(columnsOf.get(table)?.has(c)).toBe(true);
    }
  });

  it("VI-1: the caller's ids and constants travel as parameters, never inside the SQL text", () => {
    const worker = actor(['work_orders:read', 'work_orders:update', 'assets:read']);
    for (const table of syncableTables(worker)) {
      const f = shapeFilter(worker, table, clientId);
      for (const value of [worker.userId, worker.tenantId, clientId, "'work_order'", "'asset'"]) {
        expect(f.where, table).not.toContain(value);
        for (const d of f.dependencies) expect(d.condition, table).not.toContain(value);
      }
      expect(f.params[0]).toBe(worker.tenantId);
      const used = new Set([...f.where.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      expect(
        [...used].sort((a, b) => a - b),
        table,
      ).toEqual(f.params.map((_, i) => i + 1));
    }
  });

  it('VI-2, VI-7, VI-9: a role without permissions syncs only its own rows; default roles keep what they need', () => {
    expect(syncableTables(actor([]))).toEqual([
      'tenants',
      'users',
      'notifications',
      'sync_clients',
      'mutation_rejections',
    ]);
    const requester = syncableTables(actor(defaultRolePermissions.Requester));
    for (const t of [
      'parts',
      'inventory_movements',
      'pm_schedules',
      'roles',
      'time_logs',
      'ydoc_updates',
    ]) {
      expect(requester, t).not.toContain(t);
    }
    expect(syncableTables(actor(allPermissions))).toEqual(syncedTableNames);
    expect(syncableTables(actor(defaultRolePermissions.Supervisor))).not.toContain('roles');
  });

  it('VI-3: canReadWorkOrder is the shape rule: assignees read with work_orders:read, not without', () => {
    const worker = actor(['work_orders:read', 'work_orders:update']);
    const other = '44444444-4444-4444-8444-444444444444';
    expect(canReadWorkOrder(worker, { requesterId: other, assigneeIds: [worker.userId] })).toBe(
      true,
    );
    expect(canReadWorkOrder(worker, { requesterId: other, assigneeIds: [other] })).toBe(false);
    const f = shapeFilter(worker, 'work_orders', undefined);
    expect(f.where).toContain('"work_order_assignees"');
    expect(f.dependencies.map((d) => d.table)).toEqual(['work_order_assignees']);
    const updaterOnly = actor(['work_orders:update']);
    expect(
      canReadWorkOrder(updaterOnly, { requesterId: other, assigneeIds: [updaterOnly.userId] }),
    ).toBe(false);
  });
});
