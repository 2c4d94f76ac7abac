import { quoteIdent, rowTextSql, textFormSettings } from '@plantkeep/migrations';
import type { Queryable } from '../db';
import { chunksOf, recordChunk } from './handles';
import { pick, rowKey, type ChangeMessage, type Row } from './messages';
import { shiftPlaceholders, type ShapeDefinition } from './shape-definition';
import type { TableSchema } from './table-schema';

export interface SnapshotChunk {
  messages: ChangeMessage[];
  final: boolean;
  /** The tenant head this chunk was read at. */
  lsn: bigint;
  /** The first chunk's head: the catch-up after the last chunk starts there. */
  firstLsn: bigint;
  /** pg_current_snapshot() of the read, for the snapshot-end message. */
  pgSnapshot: string;
}

/** Pins the session settings under which `::text` gives protocol text forms. */
export async function useTextForms(tx: Queryable): Promise<void> {
  for (const [name, value] of Object.entries(textFormSettings)) {
    await tx.query('select set_config($1, $2, true)', [name, value]);
  }
}

/**
 * Reads chunk `chunk` of a shape's initial snapshot: up to `size` rows in
 * primary-key order after the previous chunk's last key, together with the
 * head LSN in the same statement (one MVCC snapshot). docs/SPEC.md SH-6.
 * Returns undefined when the previous chunk is unknown (the client must refetch).
 */
export async function readSnapshotChunk(
  tx: Queryable,
  o: {
    tenantId: string;
    handle: string;
    definition: ShapeDefinition;
    schema: TableSchema;
    chunk: number;
    size: number;
  },
): Promise<SnapshotChunk | undefined> {
  const chunks = await chunksOf(tx, o.handle);
  const previous = o.chunk === 0 ? undefined : chunks[o.chunk - 1];
  if (o.chunk > 0 && (!previous || previous.last_key === null)) return undefined;
  await useTextForms(tx);
  const table = quoteIdent(o.definition.table);
  const pk = o.schema.primaryKey.map((c) => `t.${quoteIdent(c)}`).join(', ');
  const pkOfBound = o.schema.primaryKey.map((c) => `b.${quoteIdent(c)}`).join(', ');
  // Parameters: $1 tenant, $2 limit, [$3 lower bound], then the definition's own.
  const fixed = previous ? 3 : 2;
  const after = previous
    ? `and (${pk}) > (select ${pkOfBound} from jsonb_populate_record(null::${table}, $3::jsonb) b)`
    : '';
  const rows = await tx.query<{ head: string; snapshot: string; row: Row | null }>(
    `with h as (select coalesce((select lsn from shape_log_heads where tenant_id = $1), 1)::text as head,
                       pg_current_snapshot()::text as snapshot)
     select h.head, h.snapshot, r.row from h left join lateral (
       select ${rowTextSql('t', o.schema.columns)} as row from ${table} t
        where (${shiftPlaceholders(o.definition.where, fixed)}) ${after}
        order by ${pk} limit $2) r on true`,
    [
      o.tenantId,
      o.size + 1,
      ...(previous ? [JSON.stringify(previous.last_key)] : []),
      ...o.definition.params,
    ],
  );
  const head = BigInt(rows[0]?.head ?? '1');
  const data = rows.flatMap((r) => (r.row ? [r.row] : []));
  const final = data.length <= o.size;
  const included = final ? data : data.slice(0, o.size);
  const lastRow = included[included.length - 1];
  await recordChunk(
    tx,
    o.tenantId,
    o.handle,
    o.chunk,
    final || !lastRow ? null : pick(lastRow, o.schema.primaryKey),
    head,
  );
  const firstLsn = o.chunk === 0 ? head : BigInt(chunks[0]?.lsn ?? head.toString());
  return {
    final,
    lsn: head,
    firstLsn,
    pgSnapshot: rows[0]?.snapshot ?? '0:0:',
    messages: included.map((row) => ({
      key: rowKey(o.definition.table, o.schema.primaryKey, row),
      value: row,
      headers: { operation: 'insert', relation: ['public', o.definition.table] },
    })),
  };
}
