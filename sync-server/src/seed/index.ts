import * as datagen from '@plantkeep/datagen';
import { hashPasswordWithSalt } from '../auth/password';
import type { Database } from '../db';

/**
 * The data generator (@plantkeep/datagen) bound to the server's password
 * hashing: the demo tenant at first start, `pnpm seed` and the benchmarks
 * write tenants whose users sign in like real ones.
 */

export {
  DEMO_PASSWORD,
  isDatabaseEmpty,
  SeedConflictError,
  type SeedOptions,
  type SeedReport,
} from '@plantkeep/datagen';

export function seedTenant(
  db: Database,
  options: datagen.SeedOptions,
): Promise<datagen.SeedReport> {
  return datagen.seedTenant(db, options, hashPasswordWithSalt);
}

export function seedDemoTenant(db: Database): Promise<datagen.SeedReport> {
  return datagen.seedDemoTenant(db, hashPasswordWithSalt);
}
