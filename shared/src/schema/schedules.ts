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
  uuid,
} from 'drizzle-orm/pg-core';
import { assets } from './assets';
import { createdAt, id, tenantId, updatedAt, utc } from './columns';
import { priorityEnum, scheduleModeEnum, stepKindEnum, workOrderTypeEnum } from './enums';
import { parts } from './inventory';
import { locations } from './places';
import { users } from './tenancy';

/**
 * Preventive maintenance. `rrule` is an RFC 5545 recurrence (e.g.
 * FREQ=MONTHLY;INTERVAL=3). Occurrences become work orders `lead_time_days`
 * before they are due; the work order's id is derived from (schedule id, due
 * date) so offline devices converge on the same occurrence.
 */
export const pmSchedules = pgTable(
  'pm_schedules',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    description: text('description'),
    assetId: uuid('asset_id'),
    locationId: uuid('location_id'),
    rrule: text('rrule').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    mode: scheduleModeEnum('mode').notNull().default('fixed'),
    leadTimeDays: integer('lead_time_days').notNull().default(7),
    workOrderType: workOrderTypeEnum('work_order_type').notNull().default('preventive'),
    priority: priorityEnum('priority').notNull().default('medium'),
    estimatedHours: numeric('estimated_hours', { precision: 8, scale: 2 }),
    category: text('category'),
    assigneeId: uuid('assignee_id'),
    active: boolean('active').notNull().default(true),
    lastCompletedAt: utc('last_completed_at'),
    nextDueOn: date('next_due_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('pm_schedules_tenant_next_due_idx').on(t.tenantId, t.active, t.nextDueOn),
    index('pm_schedules_tenant_asset_idx').on(t.tenantId, t.assetId),
    foreignKey({ columns: [t.tenantId, t.assetId], foreignColumns: [assets.tenantId, assets.id] }),
    foreignKey({
      columns: [t.tenantId, t.locationId],
      foreignColumns: [locations.tenantId, locations.id],
    }),
    foreignKey({ columns: [t.tenantId, t.assigneeId], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** Template steps copied into each generated work order's Y.Doc. */
export const pmScheduleSteps = pgTable(
  'pm_schedule_steps',
  {
    tenantId: tenantId(),
    id: id(),
    scheduleId: uuid('schedule_id').notNull(),
    position: integer('position').notNull(),
    kind: stepKindEnum('kind').notNull(),
    title: text('title').notNull(),
    required: boolean('required').notNull().default(false),
    unit: text('unit'),
    minValue: numeric('min_value'),
    maxValue: numeric('max_value'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('pm_schedule_steps_tenant_schedule_idx').on(t.tenantId, t.scheduleId, t.position),
    foreignKey({
      columns: [t.tenantId, t.scheduleId],
      foreignColumns: [pmSchedules.tenantId, pmSchedules.id],
    }).onDelete('cascade'),
  ],
);

/** Parts a generated work order is expected to use. */
export const pmScheduleParts = pgTable(
  'pm_schedule_parts',
  {
    tenantId: tenantId(),
    id: id(),
    scheduleId: uuid('schedule_id').notNull(),
    partId: uuid('part_id').notNull(),
    quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('pm_schedule_parts_tenant_schedule_idx').on(t.tenantId, t.scheduleId),
    foreignKey({
      columns: [t.tenantId, t.scheduleId],
      foreignColumns: [pmSchedules.tenantId, pmSchedules.id],
    }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.partId], foreignColumns: [parts.tenantId, parts.id] }),
  ],
);
