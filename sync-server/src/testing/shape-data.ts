import { randomUUID } from 'node:crypto';
import { withTenant, type Database, type Queryable } from '../db';

/**
 * Rows for shape tests, written as the application role through
 * `withTenant` (the way the mutation endpoint writes), so change capture
 * sees exactly what a real write produces.
 */
export type Values = Record<string, unknown>;

function insertSql(table: string, values: Values): { sql: string; params: unknown[] } {
  const columns = Object.keys(values);
  const params = columns.map((c) => values[c]);
  return {
    sql: `insert into ${table} (${columns.map((c) => `"${c}"`).join(', ')})
          values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
    params,
  };
}

export async function insertRow(tx: Queryable, table: string, values: Values): Promise<void> {
  const { sql, params } = insertSql(table, values);
  await tx.query(sql, params);
}

let counter = 0;
const next = () => (counter += 1);

export function assetValues(tenantId: string, values: Values = {}): Values {
  const n = next();
  return {
    tenant_id: tenantId,
    id: randomUUID(),
    tag: `A-${n}-${randomUUID().slice(0, 8)}`,
    name: `Asset ${n}`,
    ...values,
  };
}

export function workOrderValues(tenantId: string, values: Values = {}): Values {
  const n = next();
  return {
    tenant_id: tenantId,
    id: randomUUID(),
    title: `Work order ${n}`,
    type: 'corrective',
    ...values,
  };
}

export function stepValues(tenantId: string, workOrderId: string, values: Values = {}): Values {
  const n = next();
  return {
    tenant_id: tenantId,
    id: randomUUID(),
    work_order_id: workOrderId,
    position: n,
    kind: 'check',
    title: `Step ${n}`,
    ...values,
  };
}

export function commentValues(
  tenantId: string,
  workOrderId: string,
  authorId: string,
  values: Values = {},
): Values {
  const n = next();
  return {
    tenant_id: tenantId,
    id: randomUUID(),
    work_order_id: workOrderId,
    author_id: authorId,
    body: `Comment ${n}`,
    ...values,
  };
}

/** Inserts one row per table in one transaction of the tenant. */
export async function insertRows(
  db: Database,
  tenantId: string,
  rows: [string, Values][],
): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    for (const [table, values] of rows) await insertRow(tx, table, values);
  });
}

/** Runs statements in one transaction of the tenant. */
export async function write(
  db: Database,
  tenantId: string,
  statements: [string, unknown[]?][],
): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    for (const [sql, params] of statements) await tx.query(sql, params ?? []);
  });
}

/** The tenant's head LSN (as the owner). */
export async function headLsn(db: Database, tenantId: string): Promise<bigint> {
  const [row] = await db.query<{ lsn: string }>(
    'select lsn::text as lsn from shape_log_heads where tenant_id = $1',
    [tenantId],
  );
  return BigInt(row?.lsn ?? '0');
}
