import type { Row } from '@electric-sql/client';
import { columnSubset, isSyncedTable, syncedTables, type SyncedTable } from '@plantkeep/shared';
import type { Database } from '../db';
import { principalFor, serverShapeRows, type ShapeUser } from './replica';

export interface ColumnType {
  name: string;
  /** pg_type name; for arrays the element's. */
  type: string;
  array: boolean;
  primaryKey: boolean;
}

/**
 * Column types straight from the server's catalog (not from the server's electric-schema header):
 * the columns `who` receives (VI-6), or every column but the hidden ones.
 */
export async function catalogColumns(
  db: Database,
  table: string,
  who?: ShapeUser,
): Promise<ColumnType[]> {
  if (!isSyncedTable(table)) throw new Error(`${table} is not synced`);
  const entry: SyncedTable = syncedTables[table];
  const hidden: readonly string[] = entry.hiddenColumns ?? [];
  const rows = await db.query<{ name: string; type: string; element: string | null; pk: boolean }>(
    `select a.attname::text as name, t.typname::text as type, e.typname::text as element,
            exists (select 1 from pg_index i where i.indrelid = a.attrelid and i.indisprimary
                     and a.attnum = any(i.indkey)) as pk
       from pg_attribute a
       join pg_type t on t.oid = a.atttypid
       left join pg_type e on e.oid = t.typelem and t.typcategory = 'A'
      where a.attrelid = ('public.' || quote_ident($1))::regclass and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [table],
  );
  const subset = who ? columnSubset(await principalFor(db, who), table) : undefined;
  return rows
    .filter((r) => !hidden.includes(r.name) && (!subset || subset.includes(r.name)))
    .map((r) => ({
      name: r.name,
      type: r.element ?? r.type,
      array: r.element !== null,
      primaryKey: r.pk,
    }));
}

/** Elements of a one-dimensional Postgres array literal (`{a,"b c",NULL}`). */
export function parseArrayLiteral(text: string): (string | null)[] {
  if (!text.startsWith('{') || !text.endsWith('}'))
    throw new Error(`not an array literal: ${text}`);
  const body = text.slice(1, -1);
  const out: (string | null)[] = [];
  if (body === '') return out;
  let i = 0;
  while (i <= body.length) {
    if (body[i] === '"') {
      let value = '';
      i += 1;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i += 1;
        value += body[i] ?? '';
        i += 1;
      }
      out.push(value);
      i += 2; // closing quote and comma
    } else {
      const end = body.indexOf(',', i);
      const raw = end === -1 ? body.slice(i) : body.slice(i, end);
      out.push(raw === 'NULL' ? null : raw);
      i = end === -1 ? body.length + 1 : end + 1;
    }
  }
  return out;
}

/** What Electric's client makes of a Postgres text form (its default parsers: int2/4/8, float4/8, bool, json/jsonb). */
export function clientValue(type: string, text: string | null): unknown {
  if (text === null) return null;
  switch (type) {
    case 'int2':
    case 'int4':
    case 'float4':
    case 'float8':
      return Number(text);
    case 'int8':
      return BigInt(text);
    case 'bool':
      return text === 't' || text === 'true';
    case 'json':
    case 'jsonb':
      return JSON.parse(text) as unknown;
    default:
      return text;
  }
}

function toClientRow(
  columns: ColumnType[],
  text: Record<string, string | null>,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of columns) {
    const value = text[c.name] ?? null;
    row[c.name] =
      c.array && value !== null
        ? parseArrayLiteral(value).map((v) => clientValue(c.type, v))
        : clientValue(c.type, value);
  }
  return row;
}

const keyOf = (columns: ColumnType[], row: Record<string, unknown>) =>
  columns
    .filter((c) => c.primaryKey)
    .map((c) => String(row[c.name]))
    .join('/');

/** Sorts rows by primary key, for comparing a client's rows with the server's. */
export function byKey<T extends Record<string, unknown>>(columns: ColumnType[], rows: T[]): T[] {
  return [...rows].sort((a, b) => (keyOf(columns, a) < keyOf(columns, b) ? -1 : 1));
}

/**
 * The server's rows of the user's shape as Electric's client should parse
 * them: the server's text forms run through the client's parsers per the
 * catalog type, sorted by primary key.
 */
export async function expectedClientRows(
  db: Database,
  who: ShapeUser,
  table: string,
  clientId?: string,
): Promise<Record<string, unknown>[]> {
  const columns = await catalogColumns(db, table, who);
  const text = await serverShapeRows(
    db,
    who,
    table,
    columns.map((c) => c.name),
    clientId,
  );
  return byKey(
    columns,
    text.map((t) => toClientRow(columns, JSON.parse(t) as Record<string, string | null>)),
  );
}

/** The client's rows sorted like `expectedClientRows`. */
export function clientRows(columns: ColumnType[], rows: Row[]): Record<string, unknown>[] {
  return byKey(columns, rows as Record<string, unknown>[]);
}
