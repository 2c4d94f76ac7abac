import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import {
  AppError,
  canReadWorkOrder,
  canUpdateWorkOrder,
  type WorkOrderScope,
} from '@plantkeep/shared';
import type { AttachmentStore } from '../attachments/store';
import { audit } from '../audit';
import { withTenant, type Database, type Queryable } from '../db';
import type { Principal } from '../auth/principal';
import { principalOf } from '../http/authenticate';
import { bearerAuth, createApiRouter, errorContent, jsonContent } from '../http/openapi';
import { dataOf } from './schemas';

/** The largest attachment accepted (photos are downscaled on the device first). */
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;

/** Content types an attachment may have; anything else is refused (no HTML, SVG or scripts). */
export const attachmentContentTypes: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
];

/** The upload path, for the body-limit exemption in app.ts. */
export const attachmentUploadPath = /^\/v1\/work-orders\/[^/]+\/attachments\/[^/]+$/;

const uuid = z.string().uuid();

const AttachmentSchema = z
  .object({
    id: uuid,
    ownerType: z.string(),
    ownerId: uuid,
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string().nullable(),
    uploadedAt: z.string().nullable(),
  })
  .openapi('Attachment');

interface AttachmentRow {
  id: string;
  owner_type: string;
  owner_id: string;
  file_name: string;
  content_type: string;
  size_bytes: string | number;
  sha256: string | null;
  storage_key: string | null;
  uploaded_at: Date | string | null;
}

const view = (r: AttachmentRow) => ({
  id: r.id,
  ownerType: r.owner_type,
  ownerId: r.owner_id,
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  uploadedAt:
    r.uploaded_at === null
      ? null
      : r.uploaded_at instanceof Date
        ? r.uploaded_at.toISOString()
        : r.uploaded_at,
});

const attachmentColumns = `id, owner_type, owner_id, file_name, content_type, size_bytes::text as size_bytes,
  sha256, storage_key, uploaded_at`;

/** The work order's scope, or NOT_FOUND when it does not exist or the caller may not read it. */
async function workOrderScope(
  tx: Queryable,
  me: Principal,
  workOrderId: string,
): Promise<WorkOrderScope> {
  const [wo] = await tx.query<{ requester_id: string | null }>(
    'select requester_id from work_orders where id = $1',
    [workOrderId],
  );
  const assignees = wo
    ? await tx.query<{ user_id: string }>(
        'select user_id from work_order_assignees where work_order_id = $1',
        [workOrderId],
      )
    : [];
  const scope = {
    requesterId: wo?.requester_id ?? null,
    assigneeIds: assignees.map((a) => a.user_id),
  };
  if (!wo || !canReadWorkOrder(me, scope)) throw new AppError('NOT_FOUND', 'Work order not found');
  return scope;
}

/** A file name safe to store and to show (no path, no control characters). */
function cleanFileName(raw: string | undefined, contentType: string): string {
  let name = '';
  try {
    name = decodeURIComponent(raw ?? '');
  } catch {
    name = '';
  }
  name = name
    .replace(/[\\/]/g, '_')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200);
  return name || `photo.${contentType.split('/')[1] ?? 'bin'}`;
}

const putContent = createRoute({
  method: 'put',
  path: '/v1/work-orders/{workOrderId}/attachments/{id}',
  tags: ['attachments'],
  summary:
    'Upload a file (a photo) of a work order under a client-generated id; repeating the same upload is answered with the stored attachment',
  security: bearerAuth,
  request: {
    params: z.object({ workOrderId: uuid, id: uuid }),
    headers: z.object({
      'x-file-name': z.string().max(600).optional().openapi({
        description: 'The file name, percent-encoded',
      }),
    }),
    body: {
      required: false,
      description: `The file's bytes, at most ${MAX_ATTACHMENT_BYTES} bytes; Content-Type one of ${attachmentContentTypes.join(', ')}`,
      content: Object.fromEntries(
        attachmentContentTypes.map((type) => [
          type,
          { schema: z.string().openapi({ type: 'string', format: 'binary' }) },
        ]),
      ),
    },
  },
  responses: {
    200: jsonContent(dataOf(AttachmentSchema), 'Already uploaded (same id, owner and content)'),
    201: jsonContent(dataOf(AttachmentSchema), 'Stored'),
    400: errorContent('Not an allowed content type, or empty'),
    404: errorContent('No such work order'),
    409: errorContent('The id belongs to another attachment'),
    413: errorContent('Larger than the limit'),
  },
});

const getContent = createRoute({
  method: 'get',
  path: '/v1/attachments/{id}/content',
  tags: ['attachments'],
  summary: "An attachment's bytes (work-order attachments: whoever may read the work order)",
  security: bearerAuth,
  request: { params: z.object({ id: uuid }) },
  responses: {
    200: { description: 'The file, with its content type' },
    404: errorContent('No such attachment, or not uploaded yet'),
  },
});

export function attachmentRoutes(db: Database, store: AttachmentStore, now: () => number) {
  return createApiRouter()
    .openapi(putContent, async (c) => {
      const me = principalOf(c);
      const { workOrderId, id } = c.req.valid('param');
      const contentType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const fileName = cleanFileName(c.req.header('x-file-name'), contentType);
      const result = await withTenant(db, me.tenantId, async (tx) => {
        const scope = await workOrderScope(tx, me, workOrderId);
        if (!canUpdateWorkOrder(me, scope)) {
          throw new AppError('AUTHZ', 'You may only add photos to work assigned to you');
        }
        if (!attachmentContentTypes.includes(contentType)) {
          throw new AppError(
            'VALIDATION',
            `Content type ${contentType || '(none)'} is not allowed`,
            {
              allowed: attachmentContentTypes,
            },
          );
        }
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        if (bytes.length === 0) throw new AppError('VALIDATION', 'The file is empty');
        if (bytes.length > MAX_ATTACHMENT_BYTES) {
          throw new AppError('PAYLOAD_TOO_LARGE', 'The file is too large', {
            maxBytes: MAX_ATTACHMENT_BYTES,
          });
        }
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const same = (row: AttachmentRow) =>
          row.owner_type === 'work_order' &&
          row.owner_id.toLowerCase() === workOrderId.toLowerCase() &&
          row.sha256 === sha256 &&
          row.uploaded_at !== null;
        const existing = async () =>
          (
            await tx.query<AttachmentRow>(
              `select ${attachmentColumns} from attachments where id = $1`,
              [id],
            )
          )[0];
        const before = await existing();
        if (before) {
          if (same(before)) return { status: 200 as const, row: before };
          throw new AppError('CONFLICT', 'This attachment id is already taken', { id });
        }
        // Our bytes, in a temporary file of their own until our row has won the id.
        const staged = await store.stage(me.tenantId, id, bytes);
        try {
          const at = new Date(now()).toISOString();
          const [inserted] = await tx.query<AttachmentRow>(
            `insert into attachments (tenant_id, id, owner_type, owner_id, file_name, content_type,
                                      size_bytes, sha256, storage_key, uploaded_by, uploaded_at, created_at)
             values ($1, $2, 'work_order', $3, $4, $5, $6, $7, $8, $9, $10, $10)
             on conflict (tenant_id, id) do nothing
             returning ${attachmentColumns}`,
            [
              me.tenantId,
              id,
              workOrderId,
              fileName,
              contentType,
              bytes.length,
              sha256,
              staged.key,
              me.userId,
              at,
            ],
          );
          if (!inserted) {
            const raced = await existing();
            if (raced && same(raced)) return { status: 200 as const, row: raced };
            throw new AppError('CONFLICT', 'This attachment id is already taken', { id });
          }
          await audit(tx, {
            tenantId: me.tenantId,
            actorId: me.userId,
            action: 'attachment.upload',
            entityType: 'attachments',
            entityId: id,
            after: view(inserted),
            requestId: c.get('requestId'),
          });
          // Placed last, while this transaction's uncommitted row holds the id: a concurrent
          // upload waits on that row and then answers 200/409 without touching the file
          // (SPEC AT-1). Should the commit itself fail, the file stays unreferenced (never
          // served without its row) until the next winner of the id replaces it.
          await staged.place();
          return { status: 201 as const, row: inserted };
        } finally {
          await staged.discard();
        }
      });
      return c.json({ data: view(result.row) }, result.status);
    })
    .openapi(getContent, async (c) => {
      const me = principalOf(c);
      const { id } = c.req.valid('param');
      const row = await withTenant(db, me.tenantId, async (tx) => {
        const [found] = await tx.query<AttachmentRow>(
          `select ${attachmentColumns} from attachments where id = $1`,
          [id],
        );
        if (!found || found.storage_key === null) return undefined;
        if (found.owner_type === 'work_order') {
          await workOrderScope(tx, me, found.owner_id);
        }
        return found;
      });
      const bytes = row?.storage_key ? await store.get(row.storage_key) : undefined;
      if (!row || !bytes) throw new AppError('NOT_FOUND', 'Attachment not found');
      return c.body(bytes, 200, {
        'content-type': attachmentContentTypes.includes(row.content_type)
          ? row.content_type
          : 'application/octet-stream',
        'content-length': String(bytes.length),
        'cache-control': 'private, max-age=31536000, immutable',
        'content-disposition': `inline; filename="${row.file_name.replace(/[^\w.-]/g, '_')}"`,
        'x-content-type-options': 'nosniff',
      });
    });
}
