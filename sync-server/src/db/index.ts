export type { Database, Queryable } from './database';
export { openPglite } from './pglite';
export { openPostgres } from './postgres';
export { withTenant } from './tenant-scope';
export { openConfiguredDatabase } from './open';
