import { migrate } from '@plantkeep/migrations';
import { ConfigError, loadConfig } from '../config';
import { ensureWritableDir } from '../data-dir';
import { openConfiguredDatabase } from '../db';

/** `pnpm migrate`: applies migrations to DATABASE_URL, or the embedded database under DATA_DIR. */
async function run(): Promise<void> {
  const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
  if (config.databaseUrl === undefined) ensureWritableDir(config.dataDir);
  const db = await openConfiguredDatabase(config);
  try {
    const report = await migrate(db);
    const target = config.databaseUrl ? 'Postgres' : `PGlite at ${config.dataDir}`;
    process.stdout.write(
      `migrated ${target}: ${report.applied.length} new migration(s)` +
        `${report.applied.length ? ` (${report.applied.join(', ')})` : ''}, ` +
        `${report.reapplied.length} repeatable script(s) refreshed\n`,
    );
  } finally {
    await db.close();
  }
}

run().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `plantkeep: ${error instanceof ConfigError ? '' : 'migration failed: '}${message}\n`,
  );
  process.exit(1);
});
