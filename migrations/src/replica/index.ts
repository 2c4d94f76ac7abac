export {
  replicaTables,
  replicaTablesSql,
  SYNCED_SCHEMA,
  syncedTableName,
  syncedTableRef,
  type ReplicaTableShape,
} from './synced-tables';
export { keyExpression, replicaSchemaSql } from './local';
export { quoteIdent } from '../sql-ident';
