import {
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt, utc } from './columns';
import { locationKindEnum } from './enums';
import { tenants } from './tenancy';

export const sites = pgTable(
  'sites',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    address: text('address'),
    /** IANA zone, used to place due dates and PM occurrences on the site's calendar. */
    timezone: text('timezone').notNull().default('UTC'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: utc('archived_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('sites_tenant_code_key').on(t.tenantId, t.code),
  ],
);

/** A tree per site: building → floor → area/room/line. */
export const locations = pgTable(
  'locations',
  {
    tenantId: tenantId(),
    id: id(),
    siteId: uuid('site_id').notNull(),
    parentId: uuid('parent_id'),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: locationKindEnum('kind').notNull(),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: utc('archived_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('locations_tenant_site_code_key').on(t.tenantId, t.siteId, t.code),
    index('locations_tenant_parent_idx').on(t.tenantId, t.parentId),
    foreignKey({ columns: [t.tenantId, t.siteId], foreignColumns: [sites.tenantId, sites.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
  ],
);
