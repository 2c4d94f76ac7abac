import { randomUUID } from 'node:crypto';
import { byteaBytes, compactUpdates } from '@plantkeep/shared/ydoc';
import { withTenant, type Database } from '../db';

export interface DocCompaction {
  docId: string;
  /** Rows replaced by the one compacted row. */
  replaced: number;
  bytesBefore: number;
  bytesAfter: number;
}

/**
 * Merges one work order's stored Yjs updates into a single row (docs/SPEC.md
 * YD-5): load them into a Y.Doc, `encodeStateAsUpdate` (which also drops
 * deleted content), delete exactly the rows read and insert the merged one,
 * in one transaction. Rows appended meanwhile survive; replicas that held the
 * old rows, or pending updates built on them, converge because applying an
 * update twice changes nothing.
 */
export async function compactDoc(
  db: Database,
  tenantId: string,
  docId: string,
): Promise<DocCompaction | undefined> {
  return withTenant(db, tenantId, async (tx) => {
    const rows = await tx.query<{ id: string; update: unknown }>(
      'select id, update from ydoc_updates where doc_id = $1 for update',
      [docId],
    );
    if (rows.length < 2) return undefined;
    const updates = rows.map((r) => byteaBytes(r.update));
    const merged = compactUpdates(updates);
    await tx.query(
      `delete from ydoc_updates where doc_id = $1 and id = any(string_to_array($2, ',')::uuid[])`,
      [docId, rows.map((r) => r.id).join(',')],
    );
    await tx.query(
      `insert into ydoc_updates (tenant_id, id, doc_id, update, compacted_from, created_at)
       values ($1, $2, $3, $4, $5, now())`,
      [tenantId, randomUUID(), docId, merged, rows.length],
    );
    return {
      docId,
      replaced: rows.length,
      bytesBefore: updates.reduce((n, u) => n + u.length, 0),
      bytesAfter: merged.length,
    };
  });
}

export interface YdocCompactionReport {
  docs: number;
  rowsReplaced: number;
  bytesBefore: number;
  bytesAfter: number;
}

/**
 * The hourly pass (beside the shape-log compaction): every document with at
 * least `minUpdates` rows is compacted, each in its own tenant-scoped
 * transaction. Finding the documents is maintenance across tenants, as the owner.
 */
export async function compactYdocs(
  db: Database,
  options: { minUpdates?: number; limit?: number } = {},
): Promise<YdocCompactionReport> {
  const docs = await db.query<{ tenant_id: string; doc_id: string }>(
    `select tenant_id, doc_id from ydoc_updates group by tenant_id, doc_id
      having count(*) >= $1 order by count(*) desc limit $2`,
    [options.minUpdates ?? 20, options.limit ?? 1000],
  );
  const report: YdocCompactionReport = { docs: 0, rowsReplaced: 0, bytesBefore: 0, bytesAfter: 0 };
  for (const d of docs) {
    const done = await compactDoc(db, d.tenant_id, d.doc_id);
    if (!done) continue;
    report.docs += 1;
    report.rowsReplaced += done.replaced;
    report.bytesBefore += done.bytesBefore;
    report.bytesAfter += done.bytesAfter;
  }
  return report;
}
