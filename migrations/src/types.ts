/** The few database operations the migration runner needs; the sync-server's adapters provide them. */
export interface MigrationQueryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
}

export interface MigrationDatabase extends MigrationQueryable {
  transaction<T>(fn: (tx: MigrationQueryable) => Promise<T>): Promise<T>;
}
