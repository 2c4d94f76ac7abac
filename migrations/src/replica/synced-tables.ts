import {
  alwaysSentColumns,
  syncedTableNames,
  syncedTables,
  type SyncedTable,
} from '@plantkeep/shared';
import * as schema from '@plantkeep/shared/schema';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { quoteIdent } from '../sql-ident';

const tables = new Map(
  (Object.values(schema) as unknown[])
    .filter((v): v is PgTable => v instanceof PgTable)
    .map((t) => [getTableConfig(t).name, getTableConfig(t)] as const),
);

/**
 * Enum columns become text on the client: the wire carries their text form and the replica needs no types.
 * So do bytea columns (`ydoc_updates.update`): the wire carries `\x` + hex, which pglite-sync 0.6.1
 * passes to PGlite as a string parameter, and PGlite's bytea serializer accepts only bytes.
 */
function clientType(column: PgColumn): string {
  if (column.columnType === 'PgEnumColumn') return 'text';
  if (column.getSQLType() === 'bytea') return 'text';
  return column.getSQLType();
}

export interface ReplicaTableShape {
  name: string;
  columns: { name: string; type: string; notNull: boolean }[];
  primaryKey: string[];
}

/**
 * The client replica's synced tables, derived from the same Drizzle schema as
 * the server (hidden columns left out, no foreign keys, RLS or triggers: sync
 * writes them in whole transactions that were valid on the server). Only
 * columns every caller receives keep NOT NULL.
 */
export function replicaTables(): ReplicaTableShape[] {
  return syncedTableNames.map((name) => {
    const config = tables.get(name);
    if (!config) throw new Error(`synced table ${name} is not in the Drizzle schema`);
    const entry: SyncedTable = syncedTables[name];
    const hidden = new Set(entry.hiddenColumns ?? []);
    const [pk] = config.primaryKeys;
    const primaryKey = pk
      ? pk.columns.map((c) => c.name)
      : config.columns.filter((c) => c.primary).map((c) => c.name);
    // A column some callers do not receive (a narrower column tier, VI-6) arrives as null there.
    const always = new Set(
      alwaysSentColumns(
        name,
        config.columns.map((c) => c.name),
      ),
    );
    return {
      name,
      primaryKey,
      columns: config.columns
        .filter((c) => !hidden.has(c.name))
        .map((c) => ({
          name: c.name,
          type: clientType(c),
          notNull: c.notNull && always.has(c.name),
        })),
    };
  });
}

/** Schema holding the tables only sync writes; the app reads the views in `public`. */
export const SYNCED_SCHEMA = 'synced';

/**
 * The name of a synced table inside `synced`: never the same as its public
 * view, because PGlite's live queries find a view's tables by walking
 * dependencies *by name* and loop forever when a table shares a view's name.
 */
export function syncedTableName(table: string): string {
  return `${table}_synced`;
}

/** The schema-qualified, quoted reference to a synced table, for SQL. */
export function syncedTableRef(table: string): string {
  return `${SYNCED_SCHEMA}.${quoteIdent(syncedTableName(table))}`;
}

/** `CREATE TABLE IF NOT EXISTS` statements for every synced table of the replica (schema `synced`). */
export function replicaTablesSql(): string[] {
  const tables = replicaTables().map((t) => {
    const columns = t.columns.map(
      (c) => `${quoteIdent(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}`,
    );
    const pk = `PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`;
    return `CREATE TABLE IF NOT EXISTS ${syncedTableRef(t.name)} (${[...columns, pk].join(', ')})`;
  });
  return [`CREATE SCHEMA IF NOT EXISTS ${SYNCED_SCHEMA}`, ...tables];
}
