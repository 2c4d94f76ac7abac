import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { assets } from './assets';
import { createdAt, id, tenantId, updatedAt, utc } from './columns';
import { priorityEnum, workOrderStatusEnum, workOrderTypeEnum } from './enums';
import { locations } from './places';
import { pmSchedules } from './schedules';
import { users } from './tenancy';

/**
 * A work order — and, in status `requested`, a maintenance request.
 * `number` is assigned by the server (WO-1042) and is null while pending.
 * PM occurrences carry (pm_schedule_id, pm_due_on): unique, so two offline
 * devices can never create the same preventive work twice.
 */
export const workOrders = pgTable(
  'work_orders',
  {
    tenantId: tenantId(),
    id: id(),
    number: integer('number'),
    title: text('title').notNull(),
    description: text('description'),
    type: workOrderTypeEnum('type').notNull(),
    priority: priorityEnum('priority').notNull().default('medium'),
    status: workOrderStatusEnum('status').notNull().default('open'),
    /** Planned work (scheduled ahead) versus reactive; feeds planned-maintenance %. */
    planned: boolean('planned').notNull().default(false),
    estimatedHours: numeric('estimated_hours', { precision: 8, scale: 2 }),
    dueDate: utc('due_date'),
    assetId: uuid('asset_id'),
    locationId: uuid('location_id'),
    requesterId: uuid('requester_id'),
    createdBy: uuid('created_by'),
    category: text('category'),
    failureCode: text('failure_code'),
    cause: text('cause'),
    resolution: text('resolution'),
    holdReason: text('hold_reason'),
    cancelReason: text('cancel_reason'),
    pmScheduleId: uuid('pm_schedule_id'),
    pmDueOn: date('pm_due_on', { mode: 'string' }),
    startedAt: utc('started_at'),
    completedAt: utc('completed_at'),
    verifiedAt: utc('verified_at'),
    cancelledAt: utc('cancelled_at'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('work_orders_tenant_number_key').on(t.tenantId, t.number),
    uniqueIndex('work_orders_tenant_pm_occurrence_key').on(t.tenantId, t.pmScheduleId, t.pmDueOn),
    index('work_orders_tenant_status_due_idx').on(t.tenantId, t.status, t.dueDate),
    index('work_orders_tenant_asset_idx').on(t.tenantId, t.assetId),
    index('work_orders_tenant_requester_idx').on(t.tenantId, t.requesterId),
    foreignKey({ columns: [t.tenantId, t.assetId], foreignColumns: [assets.tenantId, assets.id] }),
    foreignKey({
      columns: [t.tenantId, t.locationId],
      foreignColumns: [locations.tenantId, locations.id],
    }),
    foreignKey({
      columns: [t.tenantId, t.requesterId],
      foreignColumns: [users.tenantId, users.id],
    }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({
      columns: [t.tenantId, t.pmScheduleId],
      foreignColumns: [pmSchedules.tenantId, pmSchedules.id],
    }),
  ],
);

export const workOrderAssignees = pgTable(
  'work_order_assignees',
  {
    tenantId: tenantId(),
    workOrderId: uuid('work_order_id').notNull(),
    userId: uuid('user_id').notNull(),
    assignedBy: uuid('assigned_by'),
    assignedAt: utc('assigned_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.workOrderId, t.userId] }),
    index('work_order_assignees_tenant_user_idx').on(t.tenantId, t.userId),
    foreignKey({
      columns: [t.tenantId, t.workOrderId],
      foreignColumns: [workOrders.tenantId, workOrders.id],
    }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  ],
);
