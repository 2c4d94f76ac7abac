import { getTableName } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { MigrationQueryable as Queryable } from '@plantkeep/migrations';

/**
 * Bulk loading without per-row foreign-key triggers, and one set-based
 * check of every foreign key afterwards. Row-by-row RI triggers were ~75%
 * of seeding time; an anti-join per constraint proves the same thing in a
 * fraction of it. Where the role may not skip triggers (a non-superuser on
 * Postgres), the triggers simply stay on and the check is not needed.
 */

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Skips RI triggers for the rest of the transaction if this role is allowed to. */
export async function deferForeignKeyChecks(tx: Queryable): Promise<boolean> {
  await tx.exec('savepoint plantkeep_seed_fk');
  try {
    await tx.exec('set local session_replication_role = replica');
    await tx.exec('release savepoint plantkeep_seed_fk');
    return true;
  } catch {
    await tx.exec('rollback to savepoint plantkeep_seed_fk');
    return false;
  }
}

/** Restores trigger firing (it would end with the transaction anyway). */
export async function restoreForeignKeyChecks(tx: Queryable): Promise<void> {
  await tx.exec('set local session_replication_role = origin');
}

/** Throws if any row of the tenant in these tables references a row that does not exist. */
export async function verifyForeignKeys(
  tx: Queryable,
  tables: Iterable<PgTable>,
  tenantId: string,
): Promise<void> {
  const problems: string[] = [];
  for (const table of tables) {
    const config = getTableConfig(table);
    const tenantScoped = config.columns.some((c) => c.name === 'tenant_id');
    for (const fk of config.foreignKeys) {
      const { columns, foreignColumns, foreignTable } = fk.reference();
      const pairs = columns.map((c, i) => [c.name, foreignColumns[i]?.name ?? ''] as const);
      // MATCH SIMPLE: a reference with any null column is not checked.
      const present = pairs.map(([c]) => `c.${quote(c)} is not null`).join(' and ');
      const join = pairs.map(([c, p]) => `p.${quote(p)} = c.${quote(c)}`).join(' and ');
      const parent = quote(getTableName(foreignTable));
      const [row] = await tx.query<{ n: number }>(
        `select count(*)::int as n from ${quote(config.name)} c
         where ${tenantScoped ? 'c.tenant_id = $1 and ' : '$1::uuid is not null and '}${present}
           and not exists (select 1 from ${parent} p where ${join})`,
        [tenantId],
      );
      if (row && row.n > 0) {
        problems.push(`${config.name}(${pairs.map(([c]) => c).join(', ')}): ${row.n} dangling`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`seed broke foreign keys: ${problems.join('; ')}`);
}
