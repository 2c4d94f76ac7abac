export {
  replicaTables,
  replicaTablesSql,
  SYNCED_SCHEMA,
  type ReplicaTableShape,
} from './synced-tables';
export { keyExpression, replicaSchemaSql } from './local';
export { quoteIdent } from '../sql-ident';
