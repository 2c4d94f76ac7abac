export * from './domain/enums';
export * from './auth/permissions';
export * from './auth/default-roles';
export * from './auth/access';
export * from './errors';
export * from './sync/synced-tables';
export * from './domain/work-order-states';
export * from './mutations';
