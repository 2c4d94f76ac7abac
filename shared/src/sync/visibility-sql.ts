import type { Actor } from '../auth/access';
import { AppError } from '../errors';
import { syncedTables, type SyncedTableName } from './synced-tables';
import { tableRule } from './visibility-check';
import {
  isAlways,
  subQueries,
  usesClientId,
  type Cond,
  type RuleValue,
  type SubQuery,
} from './visibility-rules';

/**
 * A table's read rule for one caller as SQL (docs/SPEC.md VI-1, SH-1):
 * `where` over the table's own columns with positional parameters (`$1` is
 * always the tenant), the same text the embedded log evaluates and Electric
 * receives in proxy mode.
 */
export interface ShapeFilter {
  where: string;
  params: string[];
  /** True when `where` only restates the tenant. */
  tenantWide: boolean;
  /**
   * Tables the where clause reads through subqueries. A change there can move
   * this shape's rows in or out without any change to them: a log entry `d`
   * of `table` matching `condition` (SQL over `d.old_row`/`d.new_row` with the
   * filter's params) makes the shape refetch (SH-9).
   */
  dependencies: { table: SyncedTableName; condition: string }[];
}

/** Identifiers come only from the declarations; quoted anyway. */
export const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller's filter for a table; AUTHZ when their permissions do not reach it. */
export function shapeFilter(
  actor: Actor,
  table: SyncedTableName,
  clientId: string | undefined,
): ShapeFilter {
  const rule = tableRule(actor, table);
  if (!rule) {
    const needs = syncedTables[table] as { needs?: readonly string[] };
    throw new AppError('AUTHZ', `Your role may not sync ${table}`, {
      table,
      ...(needs.needs ? { needs: needs.needs } : {}),
    });
  }
  if (usesClientId(rule) && !(clientId && uuid.test(clientId))) {
    throw new AppError('VALIDATION', `Syncing ${table} needs a client_id parameter (a UUID)`);
  }
  const params = new Params(actor, clientId?.toLowerCase());
  const tenantColumn = (syncedTables[table] as { tenantColumn?: string }).tenantColumn;
  const tenant = `${tenantColumn ?? 'tenant_id'} = $1`;
  if (isAlways(rule))
    return { where: tenant, params: params.values, tenantWide: true, dependencies: [] };
  const where = `${tenant} AND ${compile(rule, params)}`;
  const dependencies = subQueries(rule).map((q) => ({
    table: q.table as SyncedTableName,
    condition: movedCondition(q, params),
  }));
  return { where, params: params.values, tenantWide: false, dependencies };
}

/** Numbers each distinct value once: `$1` tenant, then values in order of first use. */
class Params {
  readonly values: string[];
  constructor(
    private readonly actor: Actor,
    private readonly clientId: string | undefined,
  ) {
    this.values = [actor.tenantId];
  }
  ref(value: RuleValue): string {
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    const text =
      typeof value === 'string'
        ? value
        : value.actor === 'userId'
          ? this.actor.userId
          : (this.clientId ?? '');
    let index = this.values.indexOf(text);
    if (index < 0) index = this.values.push(text) - 1;
    return `$${index + 1}`;
  }
}

function compile(cond: Cond, params: Params): string {
  if ('always' in cond) return 'true';
  if ('never' in cond || 'perm' in cond) return 'false'; // a simplified rule holds neither
  if ('and' in cond) return `(${cond.and.map((c) => compile(c, params)).join(' AND ')})`;
  if ('or' in cond) return `(${cond.or.map((c) => compile(c, params)).join(' OR ')})`;
  if ('in' in cond) {
    return `${quoteName(cond.col)} IN (SELECT ${quoteName(cond.in.col)} FROM ${quoteName(cond.in.table)} WHERE ${innerWhere(cond.in, params)})`;
  }
  return `${quoteName(cond.col)} = ${params.ref(cond.is)}`;
}

const innerWhere = (q: SubQuery, params: Params) =>
  isAlways(q.where) ? 'tenant_id = $1' : `tenant_id = $1 AND ${compile(q.where, params)}`;

/**
 * A change of a subquery's table moves outer rows when the changed row
 * enters or leaves the subquery's rows, or when a row that stays in changes
 * the value the outer rows match on. A new row a foreign key points to has
 * no outer rows yet.
 */
function movedCondition(q: SubQuery, params: Params): string {
  const matches = (row: string) =>
    `(${row} IS NOT NULL AND EXISTS (SELECT 1 FROM jsonb_populate_record(NULL::${quoteName(q.table)}, ${row}) AS v WHERE ${innerWhere(q, params)}))`;
  const oldIn = matches('d.old_row');
  const newIn = matches('d.new_row');
  const key = `'${q.col.replaceAll("'", "''")}'`;
  const moved = `(${oldIn} <> ${newIn} OR (${newIn} AND (d.old_row->>${key}) IS DISTINCT FROM (d.new_row->>${key})))`;
  return q.references ? `d.operation <> 'insert' AND ${moved}` : moved;
}
