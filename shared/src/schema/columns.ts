import { sql } from 'drizzle-orm';
import { timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Column helpers shared by every tenant table. Keys are (tenant_id, id): the
 * primary key index is led by tenant_id, and composite foreign keys make a
 * reference to another tenant's row impossible at the database level.
 */
export const tenantId = () => uuid('tenant_id').notNull();
export const id = () => uuid('id').notNull();
export const utc = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
export const createdAt = () =>
  utc('created_at')
    .notNull()
    .default(sql`now()`);
export const updatedAt = () =>
  utc('updated_at')
    .notNull()
    .default(sql`now()`);
