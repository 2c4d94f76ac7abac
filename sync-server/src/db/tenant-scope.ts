import { APP_ROLE, TENANT_SETTING } from '@plantkeep/migrations';
import type { Database, Queryable } from './database';

/**
 * Runs `fn` in a transaction as the non-owner application role with the
 * tenant setting that row-level security reads. Every request-driven query
 * goes through here; nothing in it can see or write another tenant's rows.
 */
export function withTenant<T>(
  db: Database,
  tenantId: string,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec(`set local role ${APP_ROLE}`);
    await tx.query('select set_config($1, $2, true)', [TENANT_SETTING, tenantId]);
    return fn(tx);
  });
}
