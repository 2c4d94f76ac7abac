import { bigint, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, utc } from './columns';

/**
 * Photos and files. The row is created (offline, client-side) before the
 * bytes are uploaded; `uploaded_at` is set when the server holds the content.
 */
export const attachments = pgTable(
  'attachments',
  {
    tenantId: tenantId(),
    id: id(),
    /** What the file belongs to: work_order, asset, comment, part, location. */
    ownerType: text('owner_type').notNull(),
    ownerId: uuid('owner_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256'),
    storageKey: text('storage_key'),
    uploadedBy: uuid('uploaded_by'),
    uploadedAt: utc('uploaded_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('attachments_tenant_owner_idx').on(t.tenantId, t.ownerType, t.ownerId),
  ],
);
