import type { Queryable } from '../db';

export interface ColumnInfo {
  type: string;
  dims?: number;
  pk_index?: number;
  not_null?: boolean;
}

export interface TableSchema {
  /** Column names in table order (visible columns only). */
  columns: string[];
  primaryKey: string[];
  /** The `electric-schema` header value. */
  header: string;
}

const cache = new Map<string, Promise<TableSchema>>();

/**
 * Column types from the catalog, in the form Electric's clients parse:
 * element type plus `dims` for arrays, `pk_index` for key columns. Cached per
 * table and hidden-column set; the schema only changes with a migration,
 * which restarts the server.
 */
export function tableSchema(
  tx: Queryable,
  table: string,
  hidden: readonly string[],
  only?: readonly string[],
): Promise<TableSchema> {
  const key = `${table}|${hidden.join(',')}|${only?.join(',') ?? '*'}`;
  let schema = cache.get(key);
  if (!schema) {
    schema = loadTableSchema(tx, table, hidden, only);
    cache.set(key, schema);
    // Only evicts the failure so the next request retries; the caller awaiting it gets the error.
    schema.catch(() => cache.delete(key));
  }
  return schema;
}

async function loadTableSchema(
  tx: Queryable,
  table: string,
  hidden: readonly string[],
  only: readonly string[] | undefined,
): Promise<TableSchema> {
  const rows = await tx.query<{
    name: string;
    type: string;
    element: string | null;
    dims: number;
    not_null: boolean;
    pk_index: number | null;
  }>(
    `select a.attname::text as name, t.typname::text as type, e.typname::text as element,
            a.attndims::int as dims, a.attnotnull as not_null,
            -- indkey is an int2vector: as an array its subscripts start at 0, not 1.
            (select array_position(i.indkey::int2[], a.attnum) - array_lower(i.indkey::int2[], 1)
               from pg_index i where i.indrelid = c.oid and i.indisprimary)::int as pk_index
       from pg_class c
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       join pg_type t on t.oid = a.atttypid
       left join pg_type e on e.oid = t.typelem and t.typcategory = 'A'
      where c.relnamespace = 'public'::regnamespace and c.relname = $1
      order by a.attnum`,
    [table],
  );
  if (rows.length === 0) throw new Error(`table ${table} not found`);
  const visible = rows.filter((r) => !hidden.includes(r.name) && (!only || only.includes(r.name)));
  const header: Record<string, ColumnInfo> = {};
  for (const r of visible) {
    const info: ColumnInfo = { type: r.element ?? r.type };
    if (r.element) info.dims = Math.max(r.dims, 1);
    if (r.pk_index !== null) info.pk_index = r.pk_index;
    if (r.not_null) info.not_null = true;
    header[r.name] = info;
  }
  const primaryKey = rows
    .filter((r) => r.pk_index !== null)
    .sort((a, b) => (a.pk_index ?? 0) - (b.pk_index ?? 0))
    .map((r) => r.name);
  return { columns: visible.map((r) => r.name), primaryKey, header: JSON.stringify(header) };
}
