import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * A run of rows for one table, in the table's Drizzle (camelCase) shape so
 * the compiler checks every column name and type against the schema. The
 * inserter maps keys to column names.
 */
export interface Batch {
  table: PgTable;
  rows: readonly object[];
}

export function batch<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][]): Batch {
  return { table, rows };
}

/** numeric columns take strings: fixed decimals keep values exact and output stable. */
export function num(value: number, digits = 2): string {
  return value.toFixed(digits);
}
