import {
  AppError,
  columnSubset,
  isSyncedTable,
  shapeFilter,
  syncedTables,
  type ShapeFilter,
  type SyncedTable,
  type SyncedTableName,
} from '@plantkeep/shared';
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal';

/**
 * What a client may see of one table, decided by the server from the
 * verified caller and the table's declared read rule (docs/SPEC.md SH-1,
 * VI-1): `where` is SQL over the table's own columns with positional
 * parameters; the same text is evaluated by the embedded log and sent to
 * Electric in proxy mode.
 */
export interface ShapeDefinition extends ShapeFilter {
  table: SyncedTableName;
  /** Columns never sent to anyone (secrets). */
  hiddenColumns: readonly string[];
  /** The caller's column tier, or undefined for every column but the hidden ones. */
  onlyColumns: readonly string[] | undefined;
}

export function defineShape(
  principal: Principal,
  table: string,
  clientId: string | undefined,
): ShapeDefinition {
  if (!isSyncedTable(table)) {
    throw new AppError('VALIDATION', `Table ${table} is not synced`, { table });
  }
  const entry: SyncedTable = syncedTables[table];
  return {
    table,
    hiddenColumns: entry.hiddenColumns ?? [],
    onlyColumns: columnSubset(principal, table),
    ...shapeFilter(principal, table, clientId),
  };
}

/** Identifies a definition: a handle is only valid while its caller's definition is unchanged. */
export function definitionHash(definition: ShapeDefinition): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        definition.table,
        definition.hiddenColumns,
        definition.onlyColumns ?? null,
        definition.where,
        definition.params,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}

/** Placeholders renumbered so the where clause can sit inside a larger statement. */
export function shiftPlaceholders(where: string, by: number): string {
  return where.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + by}`);
}

/**
 * A condition with only the parameters it references, renumbered from 1: a dependency's
 * condition reads a subset of its definition's parameters, and Postgres cannot type a
 * parameter no placeholder uses ("could not determine data type of parameter").
 */
export function onlyReferencedParams(
  sql: string,
  params: readonly string[],
): { sql: string; params: string[] } {
  const used: number[] = [];
  const renumbered = sql.replace(/\$(\d+)/g, (_, n: string) => {
    let index = used.indexOf(Number(n));
    if (index < 0) index = used.push(Number(n)) - 1;
    return `$${index + 1}`;
  });
  return { sql: renumbered, params: used.map((n) => params[n - 1] ?? '') };
}
