export * from './domain/enums';
export * from './auth/permissions';
export * from './auth/default-roles';
export * from './auth/access';
export * from './auth/delegation';
export * from './errors';
export * from './sync/synced-tables';
export {
  simplify,
  subQueries,
  usesClientId,
  type Cond,
  type SubQuery,
} from './sync/visibility-rules';
export * from './sync/visibility-check';
export * from './sync/visibility-sql';
export * from './domain/work-order-states';
export * from './mutations';
export * from './protocol/mutations';
export * from './protocol/storable-json';
