import type { MigrationDatabase, MigrationQueryable } from '@plantkeep/migrations';

export type Queryable = MigrationQueryable;

/**
 * The server's database, embedded PGlite or Postgres, behind one small
 * interface so every query, migration and test runs on both.
 */
export interface Database extends MigrationDatabase {
  readonly kind: 'pglite' | 'postgres';
  /** LISTEN on a channel; notifications arrive after their transaction commits. Resolves to an unlisten function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
