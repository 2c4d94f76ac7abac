export { migrate, MigrationError, type MigrationReport } from './migrate';
export type { MigrationDatabase, MigrationQueryable } from './types';
export { APP_ROLE, TENANT_SETTING } from './roles';
export { quoteIdent, rowTextSql, textFormSettings } from './shape-log-triggers';
export { syncPermissionCatalog } from './permission-catalog';
export { replicaTables, replicaTablesSql, type ReplicaTableShape } from './replica-schema';
