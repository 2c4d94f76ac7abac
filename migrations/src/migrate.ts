import { syncPermissionCatalog } from './permission-catalog';
import { installShapeLogTriggers } from './shape-log-triggers';
import { repeatableScripts, versionedMigrations, type MigrationFile } from './files';
import type { MigrationDatabase, MigrationQueryable } from './types';

/** Key of the transaction-scoped advisory lock that serializes concurrent migrators. */
const MIGRATION_LOCK = 727_001;

export interface MigrationReport {
  applied: string[];
  reapplied: string[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings a database to the current schema. Safe to run on every start and
 * from several processes at once: each step runs in its own transaction under
 * an advisory lock and re-checks the ledger inside it.
 */
export async function migrate(db: MigrationDatabase): Promise<MigrationReport> {
  await db.transaction(async (tx) => {
    // Under the lock: two processes racing on `create table if not exists` can collide.
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`create table if not exists plantkeep_migrations (
      name text primary key,
      kind text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
  });
  const report: MigrationReport = { applied: [], reapplied: [] };
  for (const file of versionedMigrations()) {
    if (await applyOnce(db, file, 'versioned')) report.applied.push(file.name);
  }
  // New tables need their grants and policies: re-run every repeatable script after a schema change.
  const force = report.applied.length > 0;
  for (const file of repeatableScripts()) {
    if (await applyOnce(db, file, 'repeatable', force)) report.reapplied.push(file.name);
  }
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await syncPermissionCatalog(tx);
    await installShapeLogTriggers(tx);
  });
  return report;
}

async function applyOnce(
  db: MigrationDatabase,
  file: MigrationFile,
  kind: 'versioned' | 'repeatable',
  force = false,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const [row] = await tx.query<{ checksum: string }>(
      'select checksum from plantkeep_migrations where name = $1',
      [file.name],
    );
    if (row?.checksum === file.checksum && !force) return false;
    if (row && kind === 'versioned') {
      throw new MigrationError(
        `migration ${file.name} was edited after it was applied; add a new migration instead`,
      );
    }
    await runStatements(tx, file);
    await tx.query(
      `insert into plantkeep_migrations (name, kind, checksum) values ($1, $2, $3)
       on conflict (name) do update set checksum = excluded.checksum, applied_at = now()`,
      [file.name, kind, file.checksum],
    );
    return true;
  });
}

async function runStatements(tx: MigrationQueryable, file: MigrationFile): Promise<void> {
  for (const statement of file.statements) {
    try {
      await tx.exec(statement);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`migration ${file.name} failed: ${reason}`);
    }
  }
}
