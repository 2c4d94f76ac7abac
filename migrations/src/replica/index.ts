export {
  replicaTables,
  replicaTablesSql,
  SYNCED_SCHEMA,
  syncedTableName,
  syncedTableRef,
  type ReplicaTableShape,
} from './synced-tables';
export { keyExpression, replicaSchemaSql, syncedSchemaVersion } from './local';
export { quoteIdent } from '../sql-ident';
