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
  /**
   * The authoritative time on the server; the device clock on the client.
   * Read once per transaction: every call in one transaction returns the same instant.
   */
  now(): string;
  /** A plain read: the row as of this statement, which may change before the transaction ends. */
  get(table: SyncedTableName, key: Row): Promise<Row | undefined>;
  /**
   * A locking read (docs/SPEC.md MU-8): the row, locked against other writers
   * until the transaction ends, so a decision taken on it still holds when the
   * mutator writes. A mutator that reads a row, decides, then changes it (or its
   * child rows) reads it with this. Server: the tenant's head lock, then SELECT …
   * FOR NO KEY UPDATE (a second writer waits here and then reads the committed
   * row). Client replica and in-memory: a plain read (one writer at a time).
   */
  getForUpdate(table: SyncedTableName, key: Row): Promise<Row | undefined>;
  /** Rows whose columns equal the given values. */
  list(table: SyncedTableName, where: Row): Promise<Row[]>;
  insert(table: SyncedTableName, row: Row): Promise<void>;
  update(table: SyncedTableName, key: Row, changes: Row): Promise<void>;
  delete(table: SyncedTableName, key: Row): Promise<void>;
  /**
   * Next human number (e.g. WO-1042): on the server (and the in-memory stand-in
   * for it) increasing numbers; the client gets null ("pending").
   */
  nextNumber(counter: 'work_order_number'): Promise<number | null>;
  /** A side effect to deliver after commit (server: outbox row; client: ignored). */
  emit(topic: string, payload: Row): Promise<void>;
}
