import type { Actor } from '../auth/access';
import {
  isSyncedTable,
  syncedTables,
  type SyncedTable,
  type SyncedTableName,
} from './synced-tables';
import { isNever, simplify, type Cond, type RuleValue } from './visibility-rules';

/** A row as the checks see it: column name (snake_case) → value. */
export type VisibleRow = Readonly<Record<string, unknown>>;

/**
 * What the checks may look at besides the row itself: the caller's client
 * id, and the rows of other tables a rule's subqueries read (the tenant's,
 * or just those that matter, e.g. one work order's assignees).
 */
export interface CheckContext {
  clientId?: string;
  related(table: string): readonly VisibleRow[];
}

const entryOf = (table: SyncedTableName): SyncedTable => syncedTables[table];

/**
 * The caller's rule for a table with their permissions decided, or
 * undefined when they may not sync it at all (docs/SPEC.md VI-1).
 */
export function tableRule(actor: Actor, table: SyncedTableName): Cond | undefined {
  const entry = entryOf(table);
  if (entry.needs && !entry.needs.some((p) => actor.permissions.has(p))) return undefined;
  const rows = simplify(entry.rows, actor);
  return isNever(rows) ? undefined : rows;
}

/** Whether the caller's devices sync the table (GET /v1/sync/tables). */
export function canSyncTable(actor: Actor, table: string): boolean {
  return isSyncedTable(table) && tableRule(actor, table) !== undefined;
}

/** The tables the caller's devices sync, in catalog order. */
export function syncableTables(actor: Actor): SyncedTableName[] {
  return (Object.keys(syncedTables) as SyncedTableName[]).filter((t) => canSyncTable(actor, t));
}

/** The caller's column subset of a table (their tier), or undefined for all but the hidden columns. */
export function columnSubset(actor: Actor, table: SyncedTableName): readonly string[] | undefined {
  const tier = entryOf(table).columnTiers?.find(
    (t) => !t.perms || t.perms.some((p) => actor.permissions.has(p)),
  );
  return tier && tier.columns !== 'all' ? tier.columns : undefined;
}

/**
 * The columns of `table` sent to the caller, from the table's full column
 * list (in table order): hidden ones never, and only the caller's tier.
 */
export function visibleColumns(
  actor: Actor,
  table: SyncedTableName,
  allColumns: readonly string[],
): string[] {
  const hidden = new Set(entryOf(table).hiddenColumns ?? []);
  const subset = columnSubset(actor, table);
  return allColumns.filter((c) => !hidden.has(c) && (!subset || subset.includes(c)));
}

/**
 * The columns every caller who syncs the table receives (the narrowest
 * tier): the replica may declare only these NOT NULL.
 */
export function alwaysSentColumns(table: SyncedTableName, allColumns: readonly string[]): string[] {
  const entry = entryOf(table);
  const hidden = new Set(entry.hiddenColumns ?? []);
  const narrowest = entry.columnTiers?.reduce<Set<string> | undefined>((acc, t) => {
    if (t.columns === 'all') return acc;
    const set = new Set(t.columns);
    return acc ? new Set([...acc].filter((c) => set.has(c))) : set;
  }, undefined);
  return allColumns.filter((c) => !hidden.has(c) && (!narrowest || narrowest.has(c)));
}

/** Whether the caller may read this row of the table: the same rule the shape's SQL applies. */
export function canReadRow(
  actor: Actor,
  table: SyncedTableName,
  row: VisibleRow,
  context: CheckContext,
): boolean {
  const rule = tableRule(actor, table);
  if (!rule) return false;
  const tenantColumn = entryOf(table).tenantColumn ?? 'tenant_id';
  if (!sameValue(row[tenantColumn], actor.tenantId)) return false;
  return holds(rule, row, actor, context);
}

function holds(cond: Cond, row: VisibleRow, actor: Actor, context: CheckContext): boolean {
  if ('always' in cond) return true;
  if ('never' in cond) return false;
  if ('perm' in cond) return actor.permissions.has(cond.perm);
  if ('and' in cond) return cond.and.every((c) => holds(c, row, actor, context));
  if ('or' in cond) return cond.or.some((c) => holds(c, row, actor, context));
  if ('in' in cond) {
    const { table, col, where } = cond.in;
    const value = row[cond.col];
    if (value === null || value === undefined) return false;
    return context
      .related(table)
      .some(
        (r) =>
          sameValue(r.tenant_id, actor.tenantId) &&
          sameValue(r[col], value) &&
          holds(where, r, actor, context),
      );
  }
  const expected = resolve(cond.is, actor, context);
  return expected !== undefined && sameValue(row[cond.col], expected);
}

function resolve(
  value: RuleValue,
  actor: Actor,
  context: CheckContext,
): string | boolean | undefined {
  if (typeof value !== 'object') return value;
  return value.actor === 'userId' ? actor.userId : context.clientId?.toLowerCase();
}

/** A column value as text, as SQL compares it (objects never match a rule's scalar). */
function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/** SQL equality over the forms rows arrive in (booleans may be `t`/`true` text). */
function sameValue(actual: unknown, expected: unknown): boolean {
  const text = scalarText(actual);
  if (text === undefined) return false;
  if (typeof expected === 'boolean') {
    return expected ? text === 'true' || text === 't' : text === 'false' || text === 'f';
  }
  return text === scalarText(expected);
}
