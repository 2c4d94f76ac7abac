export * from './domain/enums';
export * from './auth/permissions';
export * from './errors';
