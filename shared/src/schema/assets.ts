import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt, utc } from './columns';
import { assetStatusEnum, criticalityEnum, meterKindEnum } from './enums';
import { locations } from './places';
import { users } from './tenancy';
import { workOrders } from './work-orders';

/** A tree: a line contains machines, a machine contains components. */
export const assets = pgTable(
  'assets',
  {
    tenantId: tenantId(),
    id: id(),
    /** The human tag printed on the QR label; unique per tenant. */
    tag: text('tag').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    parentId: uuid('parent_id'),
    locationId: uuid('location_id'),
    status: assetStatusEnum('status').notNull().default('operational'),
    criticality: criticalityEnum('criticality').notNull().default('medium'),
    category: text('category'),
    manufacturer: text('manufacturer'),
    model: text('model'),
    serialNumber: text('serial_number'),
    purchaseDate: date('purchase_date', { mode: 'string' }),
    purchaseCost: numeric('purchase_cost', { precision: 14, scale: 2 }),
    installedAt: date('installed_at', { mode: 'string' }),
    warrantyExpiresOn: date('warranty_expires_on', { mode: 'string' }),
    warrantyNotes: text('warranty_notes'),
    specs: jsonb('specs').notNull().default({}),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: utc('archived_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('assets_tenant_tag_key').on(t.tenantId, t.tag),
    index('assets_tenant_parent_idx').on(t.tenantId, t.parentId),
    index('assets_tenant_location_idx').on(t.tenantId, t.locationId),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.locationId],
      foreignColumns: [locations.tenantId, locations.id],
    }),
  ],
);

export const meters = pgTable(
  'meters',
  {
    tenantId: tenantId(),
    id: id(),
    assetId: uuid('asset_id').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    kind: meterKindEnum('kind').notNull().default('counter'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: utc('archived_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('meters_tenant_asset_name_key').on(t.tenantId, t.assetId, t.name),
    foreignKey({ columns: [t.tenantId, t.assetId], foreignColumns: [assets.tenantId, assets.id] }),
  ],
);

/** Append-only facts: readings never conflict. */
export const meterReadings = pgTable(
  'meter_readings',
  {
    tenantId: tenantId(),
    id: id(),
    meterId: uuid('meter_id').notNull(),
    value: numeric('value', { precision: 18, scale: 4 }).notNull(),
    readAt: utc('read_at').notNull(),
    recordedBy: uuid('recorded_by'),
    workOrderId: uuid('work_order_id'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('meter_readings_tenant_meter_read_idx').on(t.tenantId, t.meterId, t.readAt),
    foreignKey({ columns: [t.tenantId, t.meterId], foreignColumns: [meters.tenantId, meters.id] }),
    foreignKey({
      columns: [t.tenantId, t.recordedBy],
      foreignColumns: [users.tenantId, users.id],
    }),
    foreignKey({
      columns: [t.tenantId, t.workOrderId],
      foreignColumns: [workOrders.tenantId, workOrders.id],
    }),
  ],
);

/**
 * Intervals an asset was not running. Unplanned intervals with a failure code
 * are failures: MTTR = mean(ended_at - started_at), MTBF = uptime / failures.
 */
export const assetDowntime = pgTable(
  'asset_downtime',
  {
    tenantId: tenantId(),
    id: id(),
    assetId: uuid('asset_id').notNull(),
    startedAt: utc('started_at').notNull(),
    endedAt: utc('ended_at'),
    planned: boolean('planned').notNull().default(false),
    cause: text('cause'),
    failureCode: text('failure_code'),
    workOrderId: uuid('work_order_id'),
    reportedBy: uuid('reported_by'),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('asset_downtime_tenant_asset_started_idx').on(t.tenantId, t.assetId, t.startedAt),
    foreignKey({ columns: [t.tenantId, t.assetId], foreignColumns: [assets.tenantId, assets.id] }),
    foreignKey({
      columns: [t.tenantId, t.workOrderId],
      foreignColumns: [workOrders.tenantId, workOrders.id],
    }),
    check(
      'asset_downtime_interval_check',
      sql`${t.endedAt} is null or ${t.endedAt} >= ${t.startedAt}`,
    ),
  ],
);
