import { randomUUID } from 'node:crypto';
import type { Queryable } from './db';

export interface AuditEntry {
  tenantId: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | undefined;
  clientId?: string | undefined;
  mutationSeq?: number | undefined;
}

/** Appends to the audit log in the caller's transaction: the change and its record commit together. */
export async function audit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.query(
    `insert into audit_log (tenant_id, id, occurred_at, actor_id, client_id, mutation_seq, request_id,
                            action, entity_type, entity_id, before, after)
     values ($1, $2, now(), $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      entry.tenantId,
      randomUUID(),
      entry.actorId,
      entry.clientId ?? null,
      entry.mutationSeq ?? null,
      entry.requestId ?? null,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}
