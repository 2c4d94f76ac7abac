import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt, utc } from './columns';
import { movementKindEnum } from './enums';
import { locations, sites } from './places';
import { users } from './tenancy';
import { workOrders } from './work-orders';

export const parts = pgTable(
  'parts',
  {
    tenantId: tenantId(),
    id: id(),
    partNumber: text('part_number').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    unit: text('unit').notNull().default('each'),
    unitCost: numeric('unit_cost', { precision: 14, scale: 4 }),
    /** Reorder point: stock on hand at or below it raises a reorder flag. */
    minQuantity: numeric('min_quantity', { precision: 14, scale: 3 }).notNull().default('0'),
    reorderQuantity: numeric('reorder_quantity', { precision: 14, scale: 3 }),
    barcode: text('barcode'),
    manufacturer: text('manufacturer'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: utc('archived_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('parts_tenant_part_number_key').on(t.tenantId, t.partNumber),
  ],
);

/** A storeroom, shelf or van a part can be stocked in. */
export const stockLocations = pgTable(
  'stock_locations',
  {
    tenantId: tenantId(),
    id: id(),
    siteId: uuid('site_id').notNull(),
    locationId: uuid('location_id'),
    code: text('code').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: utc('archived_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('stock_locations_tenant_code_key').on(t.tenantId, t.code),
    foreignKey({ columns: [t.tenantId, t.siteId], foreignColumns: [sites.tenantId, sites.id] }),
    foreignKey({
      columns: [t.tenantId, t.locationId],
      foreignColumns: [locations.tenantId, locations.id],
    }),
  ],
);

/**
 * The inventory ledger: append-only, one row per effect on one stock
 * location, `quantity` signed (receive +, issue −). A transfer is two rows
 * sharing `transfer_id`; a count stores the delta and the counted figure.
 * Stock on hand = sum(quantity) per part and stock location (view stock_on_hand).
 * Going negative is allowed and flagged: the part was physically used.
 */
export const inventoryMovements = pgTable(
  'inventory_movements',
  {
    tenantId: tenantId(),
    id: id(),
    partId: uuid('part_id').notNull(),
    stockLocationId: uuid('stock_location_id').notNull(),
    kind: movementKindEnum('kind').notNull(),
    quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
    countedQuantity: numeric('counted_quantity', { precision: 14, scale: 3 }),
    unitCost: numeric('unit_cost', { precision: 14, scale: 4 }),
    transferId: uuid('transfer_id'),
    workOrderId: uuid('work_order_id'),
    reference: text('reference'),
    note: text('note'),
    actorId: uuid('actor_id'),
    occurredAt: utc('occurred_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('inventory_movements_tenant_part_loc_idx').on(t.tenantId, t.partId, t.stockLocationId),
    index('inventory_movements_tenant_occurred_idx').on(t.tenantId, t.occurredAt),
    foreignKey({ columns: [t.tenantId, t.partId], foreignColumns: [parts.tenantId, parts.id] }),
    foreignKey({
      columns: [t.tenantId, t.stockLocationId],
      foreignColumns: [stockLocations.tenantId, stockLocations.id],
    }),
    foreignKey({
      columns: [t.tenantId, t.workOrderId],
      foreignColumns: [workOrders.tenantId, workOrders.id],
    }),
    foreignKey({ columns: [t.tenantId, t.actorId], foreignColumns: [users.tenantId, users.id] }),
    check(
      'inventory_movements_count_check',
      sql`(${t.kind} = 'count') = (${t.countedQuantity} is not null)`,
    ),
  ],
);
