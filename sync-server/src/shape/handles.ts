import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db';

/**
 * Handles (docs/SPEC.md SH-2): 128 random bits plus the creation time, so a
 * handle is never reused, even across restarts and compaction.
 */
export function newHandle(): string {
  return `${Date.now().toString(36)}-${randomBytes(16).toString('hex')}`;
}

export interface HandleRow {
  table_name: string;
  definition_hash: string;
}

export async function registerHandle(
  tx: Queryable,
  tenantId: string,
  table: string,
  hash: string,
): Promise<string> {
  const handle = newHandle();
  await tx.query(
    `insert into shape_handles (tenant_id, handle, table_name, definition_hash) values ($1, $2, $3, $4)`,
    [tenantId, handle, table, hash],
  );
  return handle;
}

export async function findHandle(tx: Queryable, handle: string): Promise<HandleRow | undefined> {
  const [row] = await tx.query<HandleRow>(
    `update shape_handles set last_used_at = now() where handle = $1
     returning table_name, definition_hash`,
    [handle],
  );
  return row;
}

export interface ChunkRow {
  chunk: number;
  last_key: Record<string, string | null> | null;
  lsn: string;
}

export async function chunksOf(tx: Queryable, handle: string): Promise<ChunkRow[]> {
  return tx.query<ChunkRow>(
    `select chunk, last_key, lsn::text as lsn from shape_snapshot_chunks where handle = $1 order by chunk`,
    [handle],
  );
}

/** Records chunk k; a retried chunk replaces it and anything after it. */
export async function recordChunk(
  tx: Queryable,
  tenantId: string,
  handle: string,
  chunk: number,
  lastKey: Record<string, string | null> | null,
  lsn: bigint,
): Promise<void> {
  await tx.query('delete from shape_snapshot_chunks where handle = $1 and chunk >= $2', [
    handle,
    chunk,
  ]);
  await tx.query(
    `insert into shape_snapshot_chunks (tenant_id, handle, chunk, last_key, lsn) values ($1, $2, $3, $4, $5)`,
    [tenantId, handle, chunk, lastKey === null ? null : JSON.stringify(lastKey), lsn.toString()],
  );
}

/** The tenant's head LSN; creates it at 1 so every real LSN is ≥ 1 and snapshot offsets (0_k) sort below. */
export async function ensureHead(tx: Queryable, tenantId: string): Promise<void> {
  await tx.query(
    `insert into shape_log_heads (tenant_id, lsn) values ($1, 1) on conflict (tenant_id) do nothing`,
    [tenantId],
  );
}
