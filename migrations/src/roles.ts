/**
 * The non-owner role every tenant-scoped transaction switches to (SET LOCAL
 * ROLE), and the per-transaction setting its row-level-security policies read.
 * sql/10_rls.sql uses the same two names.
 */
export const APP_ROLE = 'plantkeep_app';
export const TENANT_SETTING = 'app.tenant_id';
