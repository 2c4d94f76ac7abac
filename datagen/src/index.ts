import { syncPermissionCatalog, type MigrationDatabase } from '@plantkeep/migrations';
import { getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { insertBatch } from './bulk-insert';
import { createContext, type SeedOptions } from './context';
import { generateTenant } from './generate';
import { deferForeignKeyChecks, restoreForeignKeyChecks, verifyForeignKeys } from './integrity';

/**
 * Deterministic demo and benchmark tenants. The same (scale, seed, slug,
 * anchor) always writes the same rows, UUIDs and timestamps included.
 */

export type { SeedOptions } from './context';
export { generateTenant } from './generate';
export { deferForeignKeyChecks, restoreForeignKeyChecks, verifyForeignKeys } from './integrity';

/**
 * Hashes a password with the given salt in the server's stored format. The
 * server passes its own, so seeded users sign in exactly like real ones and
 * the generator need not know the hash format.
 */
export type PasswordHasher = (password: string, salt: Uint8Array) => Promise<string>;

export const DEMO_PASSWORD = 'demo-password';

export interface SeedReport {
  tenantId: string;
  slug: string;
  /** Rows written per table, in insertion order. */
  rows: Record<string, number>;
  totalRows: number;
  seconds: number;
}

/** The slug is taken: seeding never touches an existing tenant. */
export class SeedConflictError extends Error {
  override name = 'SeedConflictError';
}

export async function isDatabaseEmpty(db: MigrationDatabase): Promise<boolean> {
  const [row] = await db.query<{ empty: boolean }>(
    'select not exists (select 1 from tenants) as empty',
  );
  return row?.empty ?? true;
}

export async function seedTenant(
  db: MigrationDatabase,
  options: SeedOptions,
  hashPasswordWithSalt: PasswordHasher,
): Promise<SeedReport> {
  const started = performance.now();
  const ctx = createContext(options);
  // One scrypt hash shared by every seeded user; the salt comes from the
  // seed so that rerunning the seed reproduces the row exactly.
  const passwordHash = await hashPasswordWithSalt(
    DEMO_PASSWORD,
    ctx.rng.fork('password').bytes(16),
  );
  const rows: Record<string, number> = {};
  // One transaction as the table owner: a failed seed leaves nothing behind.
  await db.transaction(async (tx) => {
    const taken = await tx.query('select 1 from tenants where slug = $1', [options.slug]);
    if (taken.length > 0) throw new SeedConflictError(`tenant "${options.slug}" already exists`);
    await syncPermissionCatalog(tx);
    // A new tenant has no replicas yet: its initial snapshot carries these rows,
    // so change capture is skipped (docs/SPEC.md SL-1) and seeding stays fast.
    await tx.query(`select set_config('plantkeep.shape_log', 'off', true)`);
    // Rows go in foreign-key order regardless, so seeding also works where
    // the per-row checks cannot be skipped; where they are, one set-based
    // pass at the end proves every reference instead.
    const deferred = await deferForeignKeyChecks(tx);
    const tables = new Set<PgTable>();
    for (const batch of generateTenant(options, passwordHash)) {
      const name = getTableName(batch.table);
      rows[name] = (rows[name] ?? 0) + (await insertBatch(tx, batch));
      tables.add(batch.table);
    }
    if (deferred) {
      await restoreForeignKeyChecks(tx);
      await verifyForeignKeys(tx, tables, ctx.tenantId);
    }
  });
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  return {
    tenantId: ctx.tenantId,
    slug: options.slug,
    rows,
    totalRows,
    seconds: (performance.now() - started) / 1000,
  };
}

export function seedDemoTenant(
  db: MigrationDatabase,
  hashPasswordWithSalt: PasswordHasher,
): Promise<SeedReport> {
  return seedTenant(
    db,
    { slug: 'demo', name: 'Demo Manufacturing', scale: 1, seed: 1 },
    hashPasswordWithSalt,
  );
}
