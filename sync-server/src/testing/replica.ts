import { PGlite } from '@electric-sql/pglite';
import { electricSync } from '@electric-sql/pglite-sync';
import { quoteIdent, rowTextSql, textFormSettings } from '@plantkeep/migrations';
import {
  replicaSchemaSql,
  replicaTables as appReplicaTables,
  SYNCED_SCHEMA,
  syncedTableName,
} from '@plantkeep/migrations/replica';
import {
  columnSubset,
  isSyncedTable,
  syncedTables,
  type Permission,
  type SyncedTable,
} from '@plantkeep/shared';
import { expect } from 'vitest';
import type { Principal } from '../auth/principal';
import { withTenant, type Database, type Queryable } from '../db';
import { defineShape } from '../shape/shape-definition';
import { useTextForms } from '../shape/snapshot';
import { fastBackoff, type ShapeRouter } from './shape-client';

export interface ReplicaTable {
  primaryKey: string[];
}

function openReplicaPglite(dataDir: string | undefined) {
  return PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { electric: electricSync() },
  });
}

export type ReplicaPglite = Awaited<ReturnType<typeof openReplicaPglite>>;

export interface Replica {
  pg: ReplicaPglite;
  tables: Record<string, ReplicaTable>;
}

const appLayout = new Map(appReplicaTables().map((t) => [t.name, t]));

/**
 * A client replica with the app's own layout: PGlite with pglite-sync and
 * the statements the app's `prepareReplica` (web/src/sync/replica.ts) runs,
 * in one transaction (`replicaSchemaSql`: tables `synced.<table>_synced`,
 * the overlay views in `public` named like the server tables, the replica's
 * triggers, enums and bytea as text). `syncOptions` points pglite-sync at the
 * synced tables; reads go through the views, as the app's do. With `dataDir`,
 * an existing replica there is reopened and completed (the statements are
 * idempotent). `tables` are the tables the test may sync and compare.
 */
export async function createReplica(
  tables: string[],
  options: { dataDir?: string } = {},
): Promise<Replica> {
  const schema: Record<string, ReplicaTable> = {};
  for (const table of tables) {
    const layout = appLayout.get(table);
    if (!isSyncedTable(table) || !layout) throw new Error(`${table} is not a synced table`);
    schema[table] = { primaryKey: layout.primaryKey };
  }
  const pg = await openReplicaPglite(options.dataDir);
  await pg.transaction(async (tx) => {
    for (const statement of replicaSchemaSql()) await tx.exec(statement);
  });
  return { pg, tables: schema };
}

/** Who a shape is for: the principal's permissions are loaded from the database, as the server does per request. */
export interface ShapeUser {
  tenantId: string;
  userId: string;
}

export async function principalFor(db: Database, who: ShapeUser): Promise<Principal> {
  const rows = await withTenant(db, who.tenantId, (tx) =>
    tx.query<{ permission: Permission }>(
      `select distinct rp.permission from user_roles ur
         join role_permissions rp on rp.tenant_id = ur.tenant_id and rp.role_id = ur.role_id
        where ur.user_id = $1`,
      [who.userId],
    ),
  );
  return {
    tenantId: who.tenantId,
    userId: who.userId,
    permissions: new Set(rows.map((r) => r.permission)),
    sessionId: '',
    name: '',
    email: '',
    emailVerified: true,
    roles: [],
  };
}

/** Canonical text of a row: each column's text form under the protocol's settings. */
const canonical = (rows: { row: Record<string, string | null> }[]) =>
  rows.map((r) => JSON.stringify(r.row)).sort();

export interface ShapeSpec {
  table: string;
  /** For own_client shapes (sync_clients, mutation_rejections). */
  clientId?: string;
}

/**
 * The server's rows of each shape (the same where as the server serves the
 * user, read as the app role in one transaction), as canonical text rows.
 */
export async function serverShapes(
  db: Database,
  who: ShapeUser,
  shapes: (ShapeSpec & { columns: string[] })[],
): Promise<string[][]> {
  const principal = await principalFor(db, who);
  return withTenant(db, who.tenantId, async (tx: Queryable) => {
    await useTextForms(tx);
    const out: string[][] = [];
    for (const { table, columns, clientId } of shapes) {
      const definition = defineShape(principal, table, clientId);
      const rows = await tx.query<{ row: Record<string, string | null> }>(
        `select ${rowTextSql('t', columns)} as row from ${quoteIdent(table)} t where ${definition.where}`,
        definition.params,
      );
      out.push(canonical(rows));
    }
    return out;
  });
}

export async function serverShapeRows(
  db: Database,
  who: ShapeUser,
  table: string,
  columns: string[],
  clientId?: string,
): Promise<string[]> {
  const [rows = []] = await serverShapes(db, who, [
    { table, columns, ...(clientId ? { clientId } : {}) },
  ]);
  return rows;
}

/**
 * The columns the server sends of a table: its catalog's columns without the
 * hidden ones and outside `who`'s column tier (VI-6), in table order.
 * Comparisons read exactly these from the replica, so a column the
 * replica's layout lacks fails the read.
 */
export async function sentColumns(db: Database, table: string, who?: ShapeUser): Promise<string[]> {
  if (!isSyncedTable(table)) throw new Error(`${table} is not a synced table`);
  const entry: SyncedTable = syncedTables[table];
  const hidden: readonly string[] = entry.hiddenColumns ?? [];
  const rows = await db.query<{ name: string }>(
    `select a.attname::text as name from pg_attribute a
      where a.attrelid = ('public.' || quote_ident($1))::regclass and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [table],
  );
  const subset = who ? columnSubset(await principalFor(db, who), table) : undefined;
  return rows
    .map((r) => r.name)
    .filter((c) => !hidden.includes(c) && (!subset || subset.includes(c)));
}

/**
 * The replica's rows of each table that belong to `tenantId` (a replica may be
 * reused by several tests, one tenant each), read through the app's public
 * views, canonical text rows, read in one transaction.
 */
export async function replicaTables(
  replica: Replica,
  tenantId: string,
  tables: { table: string; columns: string[] }[],
): Promise<string[][]> {
  return replica.pg.transaction(async (tx) => {
    for (const [name, value] of Object.entries(textFormSettings)) {
      await tx.query('select set_config($1, $2, true)', [name, value]);
    }
    const out: string[][] = [];
    for (const { table, columns } of tables) {
      if (!replica.tables[table]) throw new Error(`replica has no table ${table}`);
      const tenantColumn = table === 'tenants' ? 'id' : 'tenant_id';
      const { rows } = await tx.query<{ row: Record<string, string | null> }>(
        `select ${rowTextSql('t', columns)} as row from public.${quoteIdent(table)} t where t.${tenantColumn} = $1`,
        [tenantId],
      );
      out.push(canonical(rows));
    }
    return out;
  });
}

/** The replica's and the server's rows of each shape, over the columns the server sends. */
async function bothSides(db: Database, replica: Replica, who: ShapeUser, shapes: ShapeSpec[]) {
  const withColumns = await Promise.all(
    shapes.map(async (s) => ({ ...s, columns: await sentColumns(db, s.table, who) })),
  );
  const local = await replicaTables(replica, who.tenantId, withColumns);
  const server = await serverShapes(db, who, withColumns);
  return { local, server };
}

/** True when the replica holds exactly the server's rows of each shape. */
export async function replicaMatches(
  db: Database,
  replica: Replica,
  who: ShapeUser,
  shapes: ShapeSpec[],
): Promise<boolean> {
  const { local, server } = await bothSides(db, replica, who, shapes);
  return JSON.stringify(server) === JSON.stringify(local);
}

/** The replica's copy of each table equals the server's rows of that user's shape, row for row, in text form. */
export async function expectReplicaEqualsServer(
  db: Database,
  replica: Replica,
  who: ShapeUser,
  shapes: ShapeSpec[],
): Promise<void> {
  const { local, server } = await bothSides(db, replica, who, shapes);
  shapes.forEach(({ table }, i) => {
    expect(local[i], `replica ${table} equals the server's shape`).toEqual(server[i]);
  });
}

/**
 * pglite-sync's options for the given shapes, routed through `router` with
 * the user's token, writing into the app's synced tables (as
 * web/src/sync/sync-replica.ts does).
 */
export function syncOptions(
  replica: Replica,
  router: ShapeRouter,
  token: string,
  shapes: ShapeSpec[],
) {
  return Object.fromEntries(
    shapes.map(({ table, clientId }) => {
      const info = replica.tables[table];
      if (!info) throw new Error(`replica has no table ${table}`);
      return [
        table,
        {
          shape: {
            url: router.url,
            params: { table, ...(clientId ? { client_id: clientId } : {}) },
            headers: { Authorization: `Bearer ${token}` },
            fetchClient: router.fetchClient,
            backoffOptions: fastBackoff,
          },
          table: syncedTableName(table),
          schema: SYNCED_SCHEMA,
          primaryKey: info.primaryKey,
        },
      ];
    }),
  );
}
