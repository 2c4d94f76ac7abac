export { migrate, MigrationError, type MigrationReport } from './migrate';
export type { MigrationDatabase, MigrationQueryable } from './types';
export { APP_ROLE, TENANT_SETTING } from './roles';
export { rowTextSql, textFormSettings } from './shape-log-triggers';
export { quoteIdent } from './sql-ident';
export { syncPermissionCatalog } from './permission-catalog';
export { replicaTables, replicaTablesSql, type ReplicaTableShape } from './replica';
