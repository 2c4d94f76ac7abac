import {
  bigint,
  customType,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, utc } from './columns';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * Append-only record of every accepted write: who, from which client and
 * mutation, and the row before and after. The application role may insert
 * and read it, never update or delete it (enforced by grants on Postgres).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: tenantId(),
    id: id(),
    occurredAt: utc('occurred_at').notNull(),
    actorId: uuid('actor_id'),
    clientId: uuid('client_id'),
    mutationSeq: bigint('mutation_seq', { mode: 'number' }),
    requestId: text('request_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('audit_log_tenant_entity_idx').on(t.tenantId, t.entityType, t.entityId),
    index('audit_log_tenant_occurred_idx').on(t.tenantId, t.occurredAt),
  ],
);

/** Side effects (mail, push, webhooks) written in the same transaction, delivered after commit. */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    tenantId: tenantId(),
    id: id(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    availableAt: utc('available_at').notNull().defaultNow(),
    processedAt: utc('processed_at'),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('outbox_events_pending_idx').on(t.processedAt, t.availableAt),
  ],
);

/** Yjs updates per work-order document (synced). Compaction replaces many rows by one. */
export const ydocUpdates = pgTable(
  'ydoc_updates',
  {
    tenantId: tenantId(),
    id: id(),
    docId: uuid('doc_id').notNull(),
    update: bytea('update').notNull(),
    clientId: uuid('client_id'),
    mutationSeq: bigint('mutation_seq', { mode: 'number' }),
    actorId: uuid('actor_id'),
    /** Set on a row that replaced earlier rows during compaction: how many it replaced. */
    compactedFrom: bigint('compacted_from', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('ydoc_updates_tenant_doc_idx').on(t.tenantId, t.docId, t.createdAt),
  ],
);

/**
 * One row per client (install × user): the last mutation sequence the server
 * applied or rejected. Synced to that client only; its arrival is the
 * acknowledgement that lets the client drop pending mutations.
 */
export const syncClients = pgTable(
  'sync_clients',
  {
    tenantId: tenantId(),
    clientId: uuid('client_id').notNull(),
    userId: uuid('user_id').notNull(),
    lastMutationSeq: bigint('last_mutation_seq', { mode: 'number' }).notNull().default(0),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: utc('last_seen_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.clientId] }),
    uniqueIndex('sync_clients_client_key').on(t.clientId),
  ],
);

/** Mutations the server refused permanently, with the user's original input (synced to its client). */
export const mutationRejections = pgTable(
  'mutation_rejections',
  {
    tenantId: tenantId(),
    id: id(),
    clientId: uuid('client_id').notNull(),
    userId: uuid('user_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    args: jsonb('args'),
    code: text('code').notNull(),
    message: text('message').notNull(),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('mutation_rejections_tenant_client_seq_key').on(t.tenantId, t.clientId, t.seq),
  ],
);
