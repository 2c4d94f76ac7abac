import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt, utc } from './columns';
import { signaturePurposeEnum, stepKindEnum } from './enums';
import { inventoryMovements, parts, stockLocations } from './inventory';
import { users } from './tenancy';
import { workOrders } from './work-orders';

const workOrderFk = (t: { tenantId: AnyPgColumn; workOrderId: AnyPgColumn }) =>
  foreignKey({
    columns: [t.tenantId, t.workOrderId],
    foreignColumns: [workOrders.tenantId, workOrders.id],
  }).onDelete('cascade');

/**
 * Checklist steps, materialized from the work order's Y.Doc (see
 * docs/SPEC) for lists, search and reports. The Y.Doc is the source of truth.
 */
export const workOrderSteps = pgTable(
  'work_order_steps',
  {
    tenantId: tenantId(),
    id: id(),
    workOrderId: uuid('work_order_id').notNull(),
    position: integer('position').notNull(),
    kind: stepKindEnum('kind').notNull(),
    title: text('title').notNull(),
    required: boolean('required').notNull().default(false),
    done: boolean('done').notNull().default(false),
    value: text('value'),
    unit: text('unit'),
    minValue: numeric('min_value'),
    maxValue: numeric('max_value'),
    doneBy: uuid('done_by'),
    doneAt: utc('done_at'),
    notes: text('notes'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('work_order_steps_tenant_wo_idx').on(t.tenantId, t.workOrderId, t.position),
    workOrderFk(t),
  ],
);

/** Threaded comments, materialized from the Y.Doc. */
export const workOrderComments = pgTable(
  'work_order_comments',
  {
    tenantId: tenantId(),
    id: id(),
    workOrderId: uuid('work_order_id').notNull(),
    parentId: uuid('parent_id'),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    /** Internal comments are never visible to requesters. */
    internal: boolean('internal').notNull().default(false),
    deleted: boolean('deleted').notNull().default(false),
    mentions: uuid('mentions')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('work_order_comments_tenant_wo_idx').on(t.tenantId, t.workOrderId, t.createdAt),
    workOrderFk(t),
  ],
);

export const signatures = pgTable(
  'signatures',
  {
    tenantId: tenantId(),
    id: id(),
    workOrderId: uuid('work_order_id').notNull(),
    signerId: uuid('signer_id'),
    signerName: text('signer_name').notNull(),
    purpose: signaturePurposeEnum('purpose').notNull().default('completion'),
    /** SVG path data or a PNG data URL of the captured strokes. */
    image: text('image').notNull(),
    signedAt: utc('signed_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('signatures_tenant_wo_idx').on(t.tenantId, t.workOrderId),
    workOrderFk(t),
  ],
);

export const partsUsed = pgTable(
  'parts_used',
  {
    tenantId: tenantId(),
    id: id(),
    workOrderId: uuid('work_order_id').notNull(),
    partId: uuid('part_id').notNull(),
    stockLocationId: uuid('stock_location_id'),
    quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
    unitCost: numeric('unit_cost', { precision: 14, scale: 4 }),
    /** The ledger entry (kind issue) this usage produced. */
    inventoryMovementId: uuid('inventory_movement_id'),
    recordedBy: uuid('recorded_by'),
    usedAt: utc('used_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('parts_used_tenant_wo_idx').on(t.tenantId, t.workOrderId),
    workOrderFk(t),
    foreignKey({ columns: [t.tenantId, t.partId], foreignColumns: [parts.tenantId, parts.id] }),
    foreignKey({
      columns: [t.tenantId, t.stockLocationId],
      foreignColumns: [stockLocations.tenantId, stockLocations.id],
    }),
    foreignKey({
      columns: [t.tenantId, t.inventoryMovementId],
      foreignColumns: [inventoryMovements.tenantId, inventoryMovements.id],
    }),
    check('parts_used_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/** Wrench time. An open log (ended_at null) is a running timer. */
export const timeLogs = pgTable(
  'time_logs',
  {
    tenantId: tenantId(),
    id: id(),
    workOrderId: uuid('work_order_id').notNull(),
    userId: uuid('user_id').notNull(),
    startedAt: utc('started_at').notNull(),
    endedAt: utc('ended_at'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('time_logs_tenant_wo_idx').on(t.tenantId, t.workOrderId),
    index('time_logs_tenant_user_idx').on(t.tenantId, t.userId, t.startedAt),
    workOrderFk(t),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
    check('time_logs_interval_check', sql`${t.endedAt} is null or ${t.endedAt} >= ${t.startedAt}`),
  ],
);
