import { getTableColumns, getTableName } from 'drizzle-orm';
import type { MigrationQueryable as Queryable } from '@plantkeep/migrations';
import type { Batch } from './batch';

/**
 * Inserts a batch with one JSON parameter per statement:
 * `insert … select … from json_populate_recordset(null::t, $1::json)`.
 * One round trip per few thousand rows, the same SQL on PGlite and Postgres,
 * and Postgres itself converts every value to its column type.
 */

const ROWS_PER_STATEMENT = 2500;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function insertBatch(tx: Queryable, { table, rows }: Batch): Promise<number> {
  if (rows.length === 0) return 0;
  const name = getTableName(table);
  const columns = getTableColumns(table);
  // Columns any row sets; the others keep their defaults. A row that leaves
  // out a column others set gets null there, not the default, so a not-null
  // column must be set in every row or none.
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (value !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const mapping = [...counts].map(([key, count]): [string, string] => {
    const column = columns[key];
    if (!column) throw new Error(`${name} has no column for ${key}`);
    if (column.notNull && count < rows.length) {
      throw new Error(`${name}.${column.name} is set in only some rows of a batch`);
    }
    return [key, column.name];
  });
  const list = mapping.map(([, column]) => quote(column)).join(', ');
  const sql = `insert into ${quote(name)} (${list}) select ${list} from json_populate_recordset(null::${quote(name)}, $1::json)`;

  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const json = rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => {
      const source = row as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      // Nulls are left out: a missing key reads as null and the JSON shrinks.
      for (const [key, column] of mapping) {
        const value = source[key];
        // bytea travels in its hex text form, which Postgres parses from JSON.
        if (value instanceof Uint8Array) out[column] = `\\x${Buffer.from(value).toString('hex')}`;
        else if (value !== null && value !== undefined) out[column] = value;
      }
      return out;
    });
    await tx.query(sql, [JSON.stringify(json)]);
  }
  return rows.length;
}
