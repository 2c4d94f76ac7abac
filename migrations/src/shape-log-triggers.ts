import { syncedTableNames } from '@plantkeep/shared';
import { quoteIdent, quoteLiteral } from './sql-ident';
import type { MigrationQueryable } from './types';

/** Session settings under which `::text` gives the protocol's text forms (UTC, ISO dates, hex bytea). */
export const textFormSettings = {
  timezone: 'UTC',
  datestyle: 'ISO, MDY',
  intervalstyle: 'postgres',
  bytea_output: 'hex',
  extra_float_digits: '1',
} as const;

/**
 * `jsonb_build_object` takes at most 100 arguments, so wide rows are built
 * from groups of 40 columns joined with `||`. Each value is the column's
 * Postgres text form (`::text`), which is what the shape protocol sends.
 */
export function rowTextSql(record: string, columns: readonly string[]): string {
  const groups: string[] = [];
  for (let i = 0; i < columns.length; i += 40) {
    const pairs = columns
      .slice(i, i + 40)
      .map((c) => `${quoteLiteral(c)}, ${record}.${quoteIdent(c)}::text`);
    groups.push(`jsonb_build_object(${pairs.join(', ')})`);
  }
  return groups.join(' || ');
}

function triggerFunctionSql(table: string, columns: string[]): string {
  const tenantColumn = table === 'tenants' ? 'id' : 'tenant_id';
  const fn = quoteIdent(`plantkeep_shape_log_${table}`);
  // The SET clauses pin the text forms (UTC timestamps, ISO dates, hex bytea)
  // whatever the session's settings are.
  const settings = Object.entries(textFormSettings)
    .map(([name, value]) => `SET ${name} = ${quoteLiteral(value)}`)
    .join(' ');
  return `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql ${settings}
AS $fn$
DECLARE
  new_row jsonb;
  old_row jsonb;
  changed text[];
BEGIN
  IF current_setting('plantkeep.shape_log', true) = 'off' THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN new_row := ${rowTextSql('NEW', columns)}; END IF;
  IF TG_OP <> 'INSERT' THEN old_row := ${rowTextSql('OLD', columns)}; END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT coalesce(array_agg(n.key ORDER BY n.key), '{}') INTO changed
      FROM jsonb_each(new_row) n WHERE n.value IS DISTINCT FROM old_row -> n.key;
    IF cardinality(changed) = 0 THEN RETURN NULL; END IF;
  END IF;
  PERFORM plantkeep_shape_log_append(
    CASE WHEN TG_OP = 'DELETE' THEN OLD.${quoteIdent(tenantColumn)} ELSE NEW.${quoteIdent(tenantColumn)} END,
    TG_TABLE_NAME, lower(TG_OP), new_row, old_row, changed);
  RETURN NULL;
END
$fn$`;
}

/**
 * Installs change capture on every synced table (shared's list is the one
 * source): a per-table trigger function generated from the current columns,
 * so a new column is captured after the next migrate.
 */
export async function installShapeLogTriggers(tx: MigrationQueryable): Promise<void> {
  const rows = await tx.query<{ table_name: string; columns: string[] }>(
    `select c.relname as table_name, array_agg(a.attname::text order by a.attnum) as columns
       from pg_class c join pg_attribute a on a.attrelid = c.oid
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
        and a.attnum > 0 and not a.attisdropped and c.relname = any($1::text[])
      group by c.relname`,
    [syncedTableNames],
  );
  const missing = syncedTableNames.filter((t) => !rows.some((r) => r.table_name === t));
  if (missing.length > 0)
    throw new Error(`synced tables missing from the database: ${missing.join(', ')}`);
  for (const { table_name: table, columns } of rows) {
    await tx.exec(triggerFunctionSql(table, columns));
    await tx.exec(
      `CREATE OR REPLACE TRIGGER plantkeep_shape_log AFTER INSERT OR UPDATE OR DELETE ON ${quoteIdent(table)}
       FOR EACH ROW EXECUTE FUNCTION ${quoteIdent(`plantkeep_shape_log_${table}`)}()`,
    );
    await tx.exec(
      `CREATE OR REPLACE TRIGGER plantkeep_shape_log_lock BEFORE INSERT OR UPDATE OR DELETE ON ${quoteIdent(table)}
       FOR EACH STATEMENT EXECUTE FUNCTION plantkeep_shape_log_lock()`,
    );
  }
}
