import { randomUUID } from 'node:crypto';
import { quoteIdent } from '@plantkeep/migrations';
import type { Actor, MutationTx, Row } from '@plantkeep/shared';
import { audit } from '../audit';
import type { Queryable } from '../db';

export interface ServerTxContext {
  actor: Actor;
  clientId: string;
  seq: number;
  requestId: string | undefined;
  /** Transaction time (ISO 8601, UTC), read once: every write of a mutation carries the same time. */
  now: string;
}

/** JSON values go to jsonb columns as text; bytes (bytea) and everything else as a parameter as is. */
const param = (value: unknown) =>
  value !== null &&
  typeof value === 'object' &&
  !(value instanceof Date) &&
  !(value instanceof Uint8Array)
    ? JSON.stringify(value)
    : value;

function whereClause(key: Row, offset: number) {
  const entries = Object.entries(key);
  return {
    sql: entries.map(([c], i) => `${quoteIdent(c)} = $${i + 1 + offset}`).join(' and ') || 'true',
    values: entries.map(([, v]) => param(v)),
  };
}

/**
 * The server's side of a mutator's transaction: SQL over the tenant's rows
 * (row-level security sets the tenant; tenant_id is filled in here), with an
 * audit row (before/after, actor, client, seq) for every write. Table names
 * come from the synced-table list and column names from mutator code, never
 * from a request; values are always parameters.
 */
export function serverMutationTx(tx: Queryable, ctx: ServerTxContext): MutationTx {
  const tenantId = ctx.actor.tenantId;
  const record = (action: string, table: string, key: Row, before: unknown, after: unknown) =>
    audit(tx, {
      tenantId,
      actorId: ctx.actor.userId,
      clientId: ctx.clientId,
      mutationSeq: ctx.seq,
      requestId: ctx.requestId,
      action: `${table}.${action}`,
      entityType: table,
      entityId: Object.values(key).map(String).join('/'),
      before,
      after,
    });

  // The tenant's head lock before any row lock, the order every write statement
  // takes them in (SL-2, MU-8); the database function is a no-op once held.
  let headLocked = false;
  const lockHead = async () => {
    if (headLocked) return;
    await tx.query('select plantkeep_shape_log_lock_head()');
    headLocked = true;
  };

  return {
    location: 'server',
    actor: ctx.actor,
    origin: { clientId: ctx.clientId, seq: ctx.seq },
    now: () => ctx.now,
    async get(table, key) {
      const where = whereClause(key, 0);
      const [row] = await tx.query<Row>(
        `select * from ${quoteIdent(table)} where ${where.sql} limit 1`,
        where.values,
      );
      return row;
    },
    async list(table, filter) {
      const where = whereClause(filter, 0);
      return tx.query<Row>(`select * from ${quoteIdent(table)} where ${where.sql}`, where.values);
    },
    async getForUpdate(table, key) {
      await lockHead();
      const where = whereClause(key, 0);
      const [row] = await tx.query<Row>(
        `select * from ${quoteIdent(table)} where ${where.sql} limit 1 for no key update`,
        where.values,
      );
      return row;
    },
    async insert(table, row) {
      const full: Row = table === 'tenants' ? row : { ...row, tenant_id: tenantId };
      const columns = Object.keys(full);
      const [after] = await tx.query<{ row: unknown }>(
        `insert into ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})
         values (${columns.map((_, i) => `$${i + 1}`).join(', ')}) returning to_jsonb(${quoteIdent(table)}.*) as row`,
        columns.map((c) => param(full[c])),
      );
      await record('insert', table, keyOf(row), null, after?.row);
    },
    async update(table, key, changes) {
      const columns = Object.keys(changes);
      if (columns.length === 0) return;
      const t = quoteIdent(table);
      const keyed = whereClause(key, 0);
      // The before image is read under the row lock (after the head lock, SL-2): a
      // concurrent writer's change is in it, never lost from the audit.
      await lockHead();
      const [before] = await tx.query<{ row: unknown }>(
        `select to_jsonb(${t}.*) as row from ${t} where ${keyed.sql} limit 1 for no key update`,
        keyed.values,
      );
      if (!before) return;
      const where = whereClause(key, columns.length);
      const [row] = await tx.query<{ after: unknown }>(
        `update ${t} set ${columns.map((c, i) => `${quoteIdent(c)} = $${i + 1}`).join(', ')}
          where ${where.sql}
         returning to_jsonb(${t}.*) as after`,
        [...columns.map((c) => param(changes[c])), ...where.values],
      );
      if (row) await record('update', table, key, before.row, row.after);
    },
    async delete(table, key) {
      const where = whereClause(key, 0);
      const t = quoteIdent(table);
      const rows = await tx.query<{ before: unknown }>(
        `delete from ${t} where ${where.sql} returning to_jsonb(${t}.*) as before`,
        where.values,
      );
      for (const r of rows) await record('delete', table, key, r.before, null);
    },
    async nextNumber(counter) {
      const [row] = await tx.query<{ value: number }>(
        `insert into tenant_counters as c (tenant_id, name, value) values ($1, $2, 1)
         on conflict (tenant_id, name) do update set value = c.value + 1 returning c.value`,
        [tenantId, counter],
      );
      return row?.value ?? null;
    },
    async emit(topic, payload) {
      await tx.query(
        `insert into outbox_events (tenant_id, id, topic, payload) values ($1, $2, $3, $4)`,
        [
          tenantId,
          randomUUID(),
          topic,
          JSON.stringify({
            ...payload,
            actorId: ctx.actor.userId,
            clientId: ctx.clientId,
            seq: ctx.seq,
          }),
        ],
      );
    },
  };
}

/** The row's identity for the audit log: its id, or its *_id columns for join rows. */
function keyOf(row: Row): Row {
  if ('id' in row) return { id: row.id };
  return Object.fromEntries(Object.entries(row).filter(([c]) => c.endsWith('_id')));
}
