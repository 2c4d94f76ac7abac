import type { Transaction } from '@electric-sql/pglite';
import { quoteIdentifier, replicaTableByName } from './tables';
import type { Actor, MutationTx, Row } from '@plantkeep/shared';

/** JSON-safe form of a value for the overlay (dates as ISO strings, bytes as bytea hex text). */
function jsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return `\\x${Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
  return value instanceof Date ? value.toISOString() : value;
}

/** A primary-key value as Postgres prints it (`::text`), which is how the views join the overlay. */
function keyPart(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string')
    return /^[0-9a-f-]{36}$/i.test(value) ? value.toLowerCase() : value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

function whereOf(key: Row, offset = 0) {
  const entries = Object.entries(key);
  return {
    sql:
      entries.map(([c], i) => `${quoteIdentifier(c)} = $${i + 1 + offset}`).join(' and ') || 'true',
    values: entries.map(([, v]) => jsonValue(v)),
  };
}

/**
 * The client's side of a mutator's transaction: reads the views (synced
 * rows with pending effects on top), writes only the overlay
 * (`local_changes`), tagged with the mutation's seq so its acknowledgement can
 * remove exactly what it added.
 */
export function clientMutationTx(
  tx: Transaction,
  ctx: { actor: Actor; clientId: string; seq: number },
): MutationTx {
  const rowKey = (table: string, row: Row) =>
    replicaTableByName(table)
      .primaryKey.map((c) => keyPart(row[c]))
      .join('|');

  const upsert = async (table: string, row: Row, changes: Row, deleted: boolean) => {
    await tx.query(
      `insert into local_changes (client_id, table_name, key, data, deleted, last_seq)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (table_name, key, client_id) do update
         set data = local_changes.data || excluded.data, deleted = excluded.deleted, last_seq = excluded.last_seq`,
      [
        ctx.clientId,
        table,
        rowKey(table, row),
        JSON.stringify(
          Object.fromEntries(Object.entries(changes).map(([c, v]) => [c, jsonValue(v)])),
        ),
        deleted,
        ctx.seq,
      ],
    );
  };

  const get = async (table: string, key: Row) => {
    const where = whereOf(key);
    const { rows } = await tx.query<Row>(
      `select * from public.${quoteIdentifier(table)} where ${where.sql} limit 1`,
      where.values,
    );
    return rows[0];
  };

  // The device clock, read once: every write of the mutation carries the same time (MU-14).
  const startedAt = new Date().toISOString();

  return {
    location: 'client',
    actor: ctx.actor,
    origin: { clientId: ctx.clientId, seq: ctx.seq },
    now: () => startedAt,
    get,
    // The replica runs one local transaction at a time: a plain read is already stable.
    getForUpdate: get,
    async list(table, filter) {
      const where = whereOf(filter);
      const { rows } = await tx.query<Row>(
        `select * from public.${quoteIdentifier(table)} where ${where.sql}`,
        where.values,
      );
      return rows;
    },
    async insert(table, row) {
      const full = table === 'tenants' ? row : { ...row, tenant_id: ctx.actor.tenantId };
      await upsert(table, full, full, false);
    },
    async update(table, key, changes) {
      const current = await get(table, key);
      if (!current) return;
      await upsert(table, current, changes, false);
    },
    async delete(table, key) {
      const current = await get(table, key);
      if (!current) return;
      await upsert(table, current, {}, true);
    },
    nextNumber: () => Promise.resolve(null),
    emit: () => Promise.resolve(),
  };
}
