import type { Actor } from '../auth/access';
import type { SyncedTableName } from '../sync/synced-tables';

/** A row as mutators see it: column name (snake_case) → value (objects for jsonb columns). */
export type Row = Record<string, unknown>;

/**
 * The small transaction a mutator runs in. The client implements it over its
 * replica (writes land in the pending overlay); the server over its database
 * (tenant set by RLS, audit rows written for every change). Mutators never
 * touch tenant_id: both implementations fill it in.
 */
export interface MutationTx {
  readonly location: 'client' | 'server';
  readonly actor: Actor;
  /** The mutation being run: its client id and sequence number (both sides know them). */
  readonly origin?: { clientId: string; seq: number };
  /** The authoritative time on the server; the device clock on the client. */
  now(): string;
  get(table: SyncedTableName, key: Row): Promise<Row | undefined>;
  /** Rows whose columns equal the given values. */
  list(table: SyncedTableName, where: Row): Promise<Row[]>;
  /**
   * Serializes writers of one row until the transaction ends (server: SELECT … FOR NO KEY
   * UPDATE). The client runs one local transaction at a time and need not implement it.
   */
  lock?(table: SyncedTableName, key: Row): Promise<void>;
  insert(table: SyncedTableName, row: Row): Promise<void>;
  update(table: SyncedTableName, key: Row, changes: Row): Promise<void>;
  delete(table: SyncedTableName, key: Row): Promise<void>;
  /** Next human number (e.g. WO-1042): the server assigns it; the client gets null ("pending"). */
  nextNumber(counter: 'work_order_number'): Promise<number | null>;
  /** A side effect to deliver after commit (server: outbox row; client: ignored). */
  emit(topic: string, payload: Row): Promise<void>;
}
