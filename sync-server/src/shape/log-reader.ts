import { quoteIdent } from '@plantkeep/migrations';
import type { Queryable } from '../db';
import { pick, rowKey, type ChangeMessage, type Row } from './messages';
import { onlyReferencedParams, shiftPlaceholders, type ShapeDefinition } from './shape-definition';
import type { TableSchema } from './table-schema';

export interface LogRead {
  messages: ChangeMessage[];
  /** LSN through which this shape is now complete. */
  throughLsn: bigint;
  /** The read stopped early (size limit): the client must ask again from `throughLsn`. */
  more: boolean;
  lastPosition: number;
}

interface LogEntry {
  lsn: string;
  op_position: number;
  txid: string;
  operation: 'insert' | 'update' | 'delete';
  new_row: Row | null;
  old_row: Row | null;
  changed: string[] | null;
  new_in: boolean | null;
  old_in: boolean | null;
}

function inShape(definition: ShapeDefinition, rowExpr: string, shift: number): string {
  // A tenant-wide where only restates the tenant, which the log query already enforces.
  if (definition.tenantWide) return `(${rowExpr} is not null)`;
  const table = quoteIdent(definition.table);
  return `(${rowExpr} is not null and exists (select 1 from jsonb_populate_record(null::${table}, ${rowExpr}) as t
            where ${shiftPlaceholders(definition.where, shift)}))`;
}

export interface ReadOptions {
  tenantId: string;
  definition: ShapeDefinition;
  schema: TableSchema;
  afterLsn: bigint;
  throughLsn: bigint;
  limit: number;
  replicaFull: boolean;
  /** During the snapshot's catch-up: skip changes already contained in the chunk that holds the row. */
  snapshotHandle?: string;
}

/**
 * Changes of one shape with afterLsn < lsn ≤ throughLsn, in commit order, as
 * whole transactions (docs/SPEC.md SL-4, SH-5). Rows moving into the shape
 * become inserts, rows moving out become deletes.
 */
export async function readLog(tx: Queryable, o: ReadOptions): Promise<LogRead> {
  // Parameters: $1 tenant, $2 table, $3 after, $4 through, $5 limit, [$6 handle], then the definition's own.
  const fixed = o.snapshotHandle ? 6 : 5;
  const params: unknown[] = [
    o.tenantId,
    o.definition.table,
    o.afterLsn.toString(),
    o.throughLsn.toString(),
    o.limit,
    ...(o.snapshotHandle ? [o.snapshotHandle] : []),
    ...(o.definition.tenantWide ? [] : o.definition.params),
  ];
  const table = quoteIdent(o.definition.table);
  const pk = o.schema.primaryKey.map((c) => `r.${quoteIdent(c)}`).join(', ');
  const pkOfKey = o.schema.primaryKey.map((c) => `k.${quoteIdent(c)}`).join(', ');
  const chunkFilter = o.snapshotHandle
    ? `and l.lsn > (select c.lsn from shape_snapshot_chunks c
           cross join lateral jsonb_populate_record(null::${table}, coalesce(l.new_row, l.old_row)) r
           cross join lateral jsonb_populate_record(null::${table}, c.last_key) k
          where c.handle = $6 and (c.last_key is null or (${pk}) <= (${pkOfKey}))
          order by c.chunk limit 1)`
    : '';
  const sql = `select * from (
      select l.lsn::text as lsn, l.op_position, l.txid::text as txid, l.operation, l.new_row, l.old_row, l.changed,
             ${inShape(o.definition, 'l.new_row', fixed)} as new_in,
             ${inShape(o.definition, 'l.old_row', fixed)} as old_in
        from shape_log l
       where l.tenant_id = $1 and l.table_name = $2 and l.lsn > $3::bigint and l.lsn <= $4::bigint ${chunkFilter}
       order by l.lsn, l.op_position) e
    where e.new_in or e.old_in
    limit $5`;
  let entries = await tx.query<LogEntry>(sql, params);
  let more = false;
  if (entries.length === o.limit) {
    const last = entries[entries.length - 1]?.lsn;
    if (last !== undefined && entries[0]?.lsn === last) {
      // One transaction larger than the limit: send it whole, it cannot be split.
      const whole = [...params];
      whole[2] = (BigInt(last) - 1n).toString();
      whole[3] = last;
      whole[4] = 2_147_483_647;
      entries = await tx.query<LogEntry>(sql, whole);
    } else {
      entries = entries.filter((e) => e.lsn !== last);
    }
    more = true;
  }
  const messages = toMessages(o, entries);
  const lastEntry = entries[entries.length - 1];
  return {
    messages,
    more,
    throughLsn: more && lastEntry ? BigInt(lastEntry.lsn) : o.throughLsn,
    lastPosition: more && lastEntry ? lastEntry.op_position : 0,
  };
}

function toMessages(o: ReadOptions, entries: LogEntry[]): ChangeMessage[] {
  const { table } = o.definition;
  const { columns, primaryKey } = o.schema;
  const messages: ChangeMessage[] = [];
  for (const e of entries) {
    const headers = {
      relation: ['public', table] as [string, string],
      lsn: e.lsn,
      op_position: e.op_position,
      txids: [Number(e.txid)],
    };
    const row = (e.new_row ?? e.old_row) as Row;
    const key = rowKey(table, primaryKey, row);
    if (e.new_in && (e.operation === 'insert' || !e.old_in)) {
      messages.push({
        key,
        value: pick(e.new_row as Row, columns),
        headers: { ...headers, operation: 'insert' },
      });
    } else if (e.old_in && (e.operation === 'delete' || !e.new_in)) {
      messages.push({
        key,
        value: pick(e.old_row as Row, primaryKey),
        headers: { ...headers, operation: 'delete' },
      });
    } else if (e.operation === 'update') {
      const visible = (e.changed ?? []).filter(
        (c) => columns.includes(c) && !primaryKey.includes(c),
      );
      if (visible.length === 0) continue;
      const value = o.replicaFull
        ? pick(e.new_row as Row, columns)
        : pick(e.new_row as Row, [...primaryKey, ...visible]);
      messages.push({ key, value, headers: { ...headers, operation: 'update' } });
    }
  }
  // `last` marks the final change of each transaction in this response.
  for (let i = 0; i < messages.length; i++) {
    const next = messages[i + 1];
    const current = messages[i];
    if (current) current.headers.last = !next || next.headers.lsn !== current.headers.lsn;
  }
  return messages;
}

/**
 * True when a table a shape's where clause reads (its `dependencies`) changed in
 * (afterLsn, throughLsn] in a way that moves rows in or out of the shape without a
 * change to those rows: the client must refetch (docs/SPEC.md SH-9).
 */
export async function dependencyMoved(
  tx: Queryable,
  o: { tenantId: string; definition: ShapeDefinition; afterLsn: bigint; throughLsn: bigint },
): Promise<boolean> {
  if (o.afterLsn >= o.throughLsn) return false;
  for (const dependency of o.definition.dependencies) {
    // Parameters: $1 tenant, $2 table, $3 after, $4 through, then those the condition uses.
    const condition = onlyReferencedParams(dependency.condition, o.definition.params);
    const [row] = await tx.query<{ moved: boolean }>(
      `select exists (select 1 from shape_log d
                       where d.tenant_id = $1 and d.table_name = $2 and d.lsn > $3::bigint and d.lsn <= $4::bigint
                         and (${shiftPlaceholders(condition.sql, 4)})) as moved`,
      [
        o.tenantId,
        dependency.table,
        o.afterLsn.toString(),
        o.throughLsn.toString(),
        ...condition.params,
      ],
    );
    if (row?.moved === true) return true;
  }
  return false;
}

/** The tenant's head: every change with an LSN at or below it has committed. */
export async function readHead(
  tx: Queryable,
  tenantId: string,
): Promise<{ head: bigint; compactedBefore: bigint }> {
  const [row] = await tx.query<{ lsn: string; compacted_before: string }>(
    'select lsn::text as lsn, compacted_before::text as compacted_before from shape_log_heads where tenant_id = $1',
    [tenantId],
  );
  return { head: BigInt(row?.lsn ?? '1'), compactedBefore: BigInt(row?.compacted_before ?? '0') };
}
