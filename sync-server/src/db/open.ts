import { join } from 'node:path';
import { ConfigError } from '../config';
import type { Database } from './database';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/** Opens the configured database and proves it answers; a failure is one clear line. */
export async function openConfiguredDatabase(config: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<Database> {
  if (config.databaseUrl === undefined) return openPglite(join(config.dataDir, 'pglite'));
  const db = openPostgres(config.databaseUrl);
  try {
    await db.query('select 1');
    return db;
  } catch (error) {
    // The connection error below is the one to report; closing a pool that never connected adds nothing.
    await db.close().catch(() => undefined);
    const url = new URL(config.databaseUrl);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `cannot connect to DATABASE_URL (${url.hostname}:${url.port || 5432}${url.pathname}): ${reason}`,
    );
  }
}
