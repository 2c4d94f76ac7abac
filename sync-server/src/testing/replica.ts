import { PGlite } from '@electric-sql/pglite';
import { electricSync } from '@electric-sql/pglite-sync';
import { quoteIdent, rowTextSql, textFormSettings } from '@plantkeep/migrations';
import { isSyncedTable, syncedTables, type Permission, type SyncedTable } from '@plantkeep/shared';
import { expect } from 'vitest';
import type { Principal } from '../auth/principal';
import { withTenant, type Database, type Queryable } from '../db';
import { defineShape } from '../shape/shape-definition';
import { useTextForms } from '../shape/snapshot';
import { fastBackoff, type ShapeRouter } from './shape-client';

export interface ReplicaTable {
  /** Synced columns in table order (hidden columns omitted). */
  columns: string[];
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

/**
 * A client replica: PGlite with pglite-sync and the given synced tables,
 * created from the server's catalog (column types via format_type, the
 * primary key, the enum types) without foreign keys, RLS or triggers, and
 * without the columns the server never sends. With `dataDir`, an existing
 * replica there is reopened as it is.
 */
export async function createReplica(
  serverDb: Database,
  tables: string[],
  options: { dataDir?: string } = {},
): Promise<Replica> {
  const enums = await serverDb.query<{ name: string; labels: string[] }>(
    `select t.typname::text as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
       from pg_type t join pg_enum e on e.enumtypid = t.oid
      where t.typnamespace = 'public'::regnamespace
      group by t.typname order by t.typname`,
  );
  const schema: Record<string, ReplicaTable> = {};
  const ddl: string[] = [];
  for (const table of tables) {
    if (!isSyncedTable(table)) throw new Error(`${table} is not a synced table`);
    const entry: SyncedTable = syncedTables[table];
    const hidden: readonly string[] = entry.hiddenColumns ?? [];
    const columns = await serverDb.query<{ name: string; type: string; not_null: boolean }>(
      `select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
         from pg_attribute a
        where a.attrelid = ('public.' || quote_ident($1))::regclass and a.attnum > 0 and not a.attisdropped
        order by a.attnum`,
      [table],
    );
    const pk = await serverDb.query<{ name: string }>(
      `select a.attname::text as name
         from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = ('public.' || quote_ident($1))::regclass and i.indisprimary
        order by array_position(i.indkey::int2[], a.attnum)`,
      [table],
    );
    const visible = columns.filter((c) => !hidden.includes(c.name));
    const primaryKey = pk.map((c) => c.name);
    schema[table] = { columns: visible.map((c) => c.name), primaryKey };
    const defs = visible.map(
      (c) => `${quoteIdent(c.name)} ${c.type}${c.not_null ? ' NOT NULL' : ''}`,
    );
    defs.push(`PRIMARY KEY (${primaryKey.map(quoteIdent).join(', ')})`);
    ddl.push(`CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (\n  ${defs.join(',\n  ')}\n)`);
  }
  const pg = await openReplicaPglite(options.dataDir);
  for (const { name, labels } of enums) {
    const [exists] = (
      await pg.query<{ t: string | null }>('select to_regtype($1)::text as t', [name])
    ).rows;
    if (exists?.t) continue;
    const list = labels.map((l) => `'${l.replace(/'/g, "''")}'`).join(', ');
    await pg.exec(`CREATE TYPE ${quoteIdent(name)} AS ENUM (${list})`);
  }
  for (const statement of ddl) await pg.exec(statement);
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
 * The replica's rows of each table that belong to `tenantId` (a replica may be
 * reused by several tests, one tenant each), canonical text rows, read in one
 * transaction.
 */
export async function replicaTables(
  replica: Replica,
  tenantId: string,
  tables: string[],
): Promise<string[][]> {
  return replica.pg.transaction(async (tx) => {
    for (const [name, value] of Object.entries(textFormSettings)) {
      await tx.query('select set_config($1, $2, true)', [name, value]);
    }
    const out: string[][] = [];
    for (const table of tables) {
      const info = replica.tables[table];
      if (!info) throw new Error(`replica has no table ${table}`);
      const tenantColumn = table === 'tenants' ? 'id' : 'tenant_id';
      const { rows } = await tx.query<{ row: Record<string, string | null> }>(
        `select ${rowTextSql('t', info.columns)} as row from ${quoteIdent(table)} t where t.${tenantColumn} = $1`,
        [tenantId],
      );
      out.push(canonical(rows));
    }
    return out;
  });
}

function withColumns(replica: Replica, shapes: ShapeSpec[]) {
  return shapes.map((s) => ({ ...s, columns: replica.tables[s.table]?.columns ?? [] }));
}

/** True when the replica holds exactly the server's rows of each shape. */
export async function replicaMatches(
  db: Database,
  replica: Replica,
  who: ShapeUser,
  shapes: ShapeSpec[],
): Promise<boolean> {
  const local = await replicaTables(
    replica,
    who.tenantId,
    shapes.map((s) => s.table),
  );
  const server = await serverShapes(db, who, withColumns(replica, shapes));
  return JSON.stringify(server) === JSON.stringify(local);
}

/** The replica's copy of each table equals the server's rows of that user's shape, row for row, in text form. */
export async function expectReplicaEqualsServer(
  db: Database,
  replica: Replica,
  who: ShapeUser,
  shapes: ShapeSpec[],
): Promise<void> {
  const local = await replicaTables(
    replica,
    who.tenantId,
    shapes.map((s) => s.table),
  );
  const server = await serverShapes(db, who, withColumns(replica, shapes));
  shapes.forEach(({ table }, i) => {
    expect(local[i], `replica ${table} equals the server's shape`).toEqual(server[i]);
  });
}

/** pglite-sync's options for the given shapes, routed through `router` with the user's token. */
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
          table,
          primaryKey: info.primaryKey,
        },
      ];
    }),
  );
}
