import { allPermissions, defaultRolePermissions, defaultRoleNames } from '@plantkeep/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/password';
import type { Database } from '../db';
import { testDatabases } from '../testing/databases';
import { isDatabaseEmpty, SeedConflictError, seedTenant, type SeedReport } from './index';

/**
 * Seeds a small tenant (scale 0.05) into fresh databases and checks that
 * the rows are reproducible and internally consistent.
 */

const options = { scale: 0.05, seed: 7, slug: 'acme', name: 'Acme Foods' };

/** An order-independent fingerprint of a table's rows for one tenant. */
async function fingerprint(
  db: Database,
  table: string,
  tenantId: string,
  order: string,
): Promise<string> {
  const [row] = await db.query<{ md5: string }>(
    `select md5(string_agg(t::text, '|' order by ${order})) as md5 from ${table} t where tenant_id = $1`,
    [tenantId],
  );
  return row?.md5 ?? '';
}

async function one<T>(db: Database, sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await db.query<T>(sql, params);
  return row as T;
}

describe.each(testDatabases)('seedTenant on $name', (target) => {
  let first: Database;
  let second: Database;
  let report: SeedReport;
  let tenant: string;

  beforeAll(async () => {
    [first, second] = await Promise.all([target.open(), target.open()]);
    expect(await isDatabaseEmpty(first)).toBe(true);
    report = await seedTenant(first, options);
    tenant = report.tenantId;
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('reports what it wrote', async () => {
    expect(await isDatabaseEmpty(first)).toBe(false);
    expect(report.rows.work_orders).toBe(250);
    expect(report.totalRows).toBe(Object.values(report.rows).reduce((a, b) => a + b, 0));
    const { n } = await one<{ n: number }>(first, 'select count(*)::int as n from work_orders');
    expect(n).toBe(report.rows.work_orders);
  });

  it('writes identical rows for the same options into another database', async () => {
    const again = await seedTenant(second, options);
    expect(again.tenantId).toBe(tenant);
    expect(again.rows).toEqual(report.rows);
    for (const [table, order] of [
      ['work_orders', 't.id'],
      ['assets', 't.id'],
      ['users', 't.id'],
      ['inventory_movements', 't.id'],
      ['work_order_steps', 't.id'],
      ['time_logs', 't.id'],
      ['asset_downtime', 't.id'],
    ] as const) {
      expect(await fingerprint(second, table, tenant, order), table).toBe(
        await fingerprint(first, table, tenant, order),
      );
    }
  });

  it('refuses an existing slug and leaves the data alone', async () => {
    await expect(seedTenant(first, { ...options, seed: 99 })).rejects.toBeInstanceOf(
      SeedConflictError,
    );
    const { n } = await one<{ n: number }>(first, 'select count(*)::int as n from tenants');
    expect(n).toBe(1);
  });

  it('numbers work orders 1..N and records the counter', async () => {
    const row = await one<{ min: number; max: number; n: number; counter: number }>(
      first,
      `select min(number) as min, max(number) as max, count(distinct number)::int as n,
              (select value from tenant_counters where tenant_id = $1 and name = 'work_order_number') as counter
       from work_orders where tenant_id = $1`,
      [tenant],
    );
    expect(row).toEqual({ min: 1, max: 250, n: 250, counter: 250 });
  });

  it('keeps timestamps consistent with each status', async () => {
    const bad = await first.query(
      `select number, status from work_orders where tenant_id = $1 and not (
         (status in ('completed', 'verified')) = (completed_at is not null)
         and (status = 'verified') = (verified_at is not null)
         and (status = 'cancelled') = (cancelled_at is not null and cancel_reason is not null)
         and (status not in ('requested', 'open') or started_at is null)
         and (status not in ('in_progress', 'completed', 'verified') or started_at is not null)
         and started_at >= created_at is not false
         and completed_at >= started_at is not false
         and verified_at >= completed_at is not false
         and (status = 'on_hold') = (hold_reason is not null)
         and (status <> 'requested' or not exists (select 1 from work_order_assignees a where a.tenant_id = $1 and a.work_order_id = work_orders.id)))`,
      [tenant],
    );
    expect(bad).toEqual([]);
    const statuses = await first.query<{ status: string }>(
      'select distinct status::text from work_orders where tenant_id = $1',
      [tenant],
    );
    expect(statuses.map((s) => s.status)).toEqual(
      expect.arrayContaining(['completed', 'verified', 'open']),
    );
  });

  it('links preventive work to schedules, one work order per due date', async () => {
    const row = await one<{ pm: number; unplanned: number; dupes: number }>(
      first,
      `select count(*) filter (where pm_schedule_id is not null)::int as pm,
              count(*) filter (where pm_schedule_id is not null and (not planned or pm_due_on is null))::int as unplanned,
              (select count(*)::int from (select 1 from work_orders where tenant_id = $1 and pm_schedule_id is not null
                 group by pm_schedule_id, pm_due_on having count(*) > 1) d) as dupes
       from work_orders where tenant_id = $1`,
      [tenant],
    );
    expect(row.pm).toBeGreaterThan(100);
    expect(row.unplanned).toBe(0);
    expect(row.dupes).toBe(0);
  });

  it('writes 3–8 steps per work order, positioned 0..n-1, finished jobs with required steps done', async () => {
    const bad = await first.query(
      `select w.number from work_orders w join work_order_steps s on s.tenant_id = w.tenant_id and s.work_order_id = w.id
       where w.tenant_id = $1
       group by w.number, w.status
       having count(*) not between 3 and 8 or min(s.position) <> 0 or max(s.position) <> count(*) - 1
          or (w.status in ('completed', 'verified') and bool_or(s.required and not s.done))
          or (w.status in ('requested', 'open') and bool_or(s.done))`,
      [tenant],
    );
    expect(bad).toEqual([]);
  });

  it('keeps time logs inside the work', async () => {
    const { bad } = await one<{ bad: number }>(
      first,
      `select count(*)::int as bad from time_logs l join work_orders w on w.tenant_id = l.tenant_id and w.id = l.work_order_id
       where l.tenant_id = $1 and (w.started_at is null or l.started_at < w.started_at
         or l.ended_at > w.completed_at or (l.ended_at is null and w.status <> 'in_progress'))`,
      [tenant],
    );
    expect(bad).toBe(0);
  });

  it('books every part used against an issue in the ledger', async () => {
    const row = await one<{ used: number; bad: number }>(
      first,
      `select count(*)::int as used,
              count(*) filter (where p.quantity <= 0 or m.id is null or m.kind <> 'issue' or m.quantity <> -p.quantity
                or m.part_id <> p.part_id or m.work_order_id <> p.work_order_id)::int as bad
       from parts_used p left join inventory_movements m on m.tenant_id = p.tenant_id and m.id = p.inventory_movement_id
       where p.tenant_id = $1`,
      [tenant],
    );
    expect(row.used).toBeGreaterThan(0);
    expect(row.bad).toBe(0);
  });

  it('keeps a plausible ledger: counts carry the counted figure, stock is never negative', async () => {
    const kinds = await first.query<{ kind: string; bad: number }>(
      `select kind::text, count(*) filter (where (kind = 'count') <> (counted_quantity is not null))::int as bad
       from inventory_movements where tenant_id = $1 group by kind order by kind`,
      [tenant],
    );
    // Adjustments are rare (about 1 in 100 issues), so a small tenant may have none.
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining(['receive', 'issue', 'transfer', 'count']),
    );
    expect(kinds.every((k) => k.bad === 0)).toBe(true);
    const stock = await one<{ n: number; negative: number }>(
      first,
      `select count(*)::int as n, count(*) filter (where quantity < 0)::int as negative
       from stock_on_hand where tenant_id = $1`,
      [tenant],
    );
    expect(stock.n).toBeGreaterThan(0);
    expect(stock.negative).toBe(0);
  });

  it('records non-overlapping downtime, failures with a code and a work order', async () => {
    const row = await one<{ failures: number; bad: number; overlaps: number }>(
      first,
      `select count(*) filter (where not planned)::int as failures,
              count(*) filter (where not planned and (failure_code is null or work_order_id is null))::int as bad,
              (select count(*)::int from asset_downtime a join asset_downtime b
                 on a.tenant_id = b.tenant_id and a.asset_id = b.asset_id and a.id < b.id
                 and tstzrange(a.started_at, a.ended_at) && tstzrange(b.started_at, b.ended_at)
               where a.tenant_id = $1) as overlaps
       from asset_downtime where tenant_id = $1`,
      [tenant],
    );
    expect(row.failures).toBeGreaterThan(0);
    expect(row.bad).toBe(0);
    expect(row.overlaps).toBe(0);
  });

  it('creates the demo users with their roles and a working password', async () => {
    const users = await first.query<{ email: string; role: string; password_hash: string }>(
      `select u.email, r.name as role, u.password_hash from users u
       join user_roles ur on ur.tenant_id = u.tenant_id and ur.user_id = u.id
       join roles r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
       where u.tenant_id = $1 order by u.email`,
      [tenant],
    );
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ['admin@demo.test', 'Admin'],
      ['requester@demo.test', 'Requester'],
      ['supervisor@demo.test', 'Supervisor'],
      ['tech2@demo.test', 'Technician'],
      ['tech@demo.test', 'Technician'],
    ]);
    expect(await verifyPassword('demo-password', users[0]?.password_hash ?? '')).toBe(true);
    const grants = await one<{ n: number; catalog: number; system: number }>(
      first,
      `select (select count(*)::int from role_permissions where tenant_id = $1) as n,
              (select count(*)::int from permissions) as catalog,
              (select count(*)::int from roles where tenant_id = $1 and is_system) as system`,
      [tenant],
    );
    const expected = defaultRoleNames.reduce(
      (sum, role) => sum + defaultRolePermissions[role].length,
      0,
    );
    expect(grants).toEqual({
      n: expected,
      catalog: allPermissions.length,
      system: defaultRoleNames.length,
    });
  });
});
