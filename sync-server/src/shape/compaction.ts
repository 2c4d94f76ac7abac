import type { Database } from '../db';

export interface CompactionOptions {
  /** Log entries older than this are removed (default 7 days). */
  retainMs?: number;
  /** Handles unused for longer than this are forgotten (default 30 days). */
  handleIdleMs?: number;
}

export interface CompactionReport {
  tenants: number;
  entriesRemoved: number;
  handlesRemoved: number;
}

/**
 * Keeps the shape log bounded (docs/SPEC.md SH-8). Per tenant, removes
 * entries older than the retention and records the highest removed LSN in
 * `compacted_before`: a client whose offset is below it gets 409
 * must-refetch and resyncs (its pending mutations are untouched). Runs as
 * the owner: it is maintenance across tenants, not a request.
 */
export async function compactShapeLog(
  db: Database,
  options: CompactionOptions = {},
): Promise<CompactionReport> {
  const retainSeconds = Math.round((options.retainMs ?? 7 * 86_400_000) / 1000);
  const idleSeconds = Math.round((options.handleIdleMs ?? 30 * 86_400_000) / 1000);
  return db.transaction(async (tx) => {
    const cut = await tx.query<{ tenant_id: string; through: string }>(
      `select tenant_id, max(lsn)::text as through from shape_log
        where created_at < now() - make_interval(secs => $1) group by tenant_id`,
      [retainSeconds],
    );
    let entriesRemoved = 0;
    for (const { tenant_id: tenantId, through } of cut) {
      // A whole transaction at a time: everything at or below `through` goes.
      const removed = await tx.query(
        'delete from shape_log where tenant_id = $1 and lsn <= $2::bigint returning 1',
        [tenantId, through],
      );
      entriesRemoved += removed.length;
      await tx.query(
        'update shape_log_heads set compacted_before = greatest(compacted_before, $2::bigint) where tenant_id = $1',
        [tenantId, through],
      );
    }
    const handles = await tx.query(
      'delete from shape_handles where last_used_at < now() - make_interval(secs => $1) returning 1',
      [idleSeconds],
    );
    return { tenants: cut.length, entriesRemoved, handlesRemoved: handles.length };
  });
}
