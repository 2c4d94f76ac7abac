import type { AssetStatus } from '@plantkeep/shared';
import { assets, meters, partsUsed, tenantCounters } from '@plantkeep/shared/schema';
import { buildAssets, type Register } from './assets';
import { batch, type Batch } from './batch';
import { createContext, type SeedOptions } from './context';
import { Crew } from './crew';
import { DowntimeBook, downtimeBatch } from './downtime';
import { buildLedger } from './inventory';
import type { WorkOrderPlan } from './model';
import { buildOrganization } from './organization';
import { buildParts } from './parts';
import { PartsUsage } from './parts-usage';
import { buildPlaces } from './places';
import { buildReactive } from './reactive';
import { readingBatches } from './readings';
import { buildSchedules } from './schedules';
import { iso } from './time';
import { numberWorkOrders, workOrderBatches } from './work-orders';

/**
 * The whole tenant as a stream of batches in foreign-key order. Plans (ids,
 * timelines) are built up front; the bulky per-work-order rows are produced
 * a chunk at a time while the consumer inserts the previous chunk.
 */

const WORK_ORDER_CHUNK = 2000;

export function* generateTenant(options: SeedOptions, passwordHash: string): Generator<Batch> {
  const ctx = createContext(options);
  const org = buildOrganization(ctx, passwordHash, ctx.sizes.sites);
  yield* org.batches;
  const places = buildPlaces(ctx, org.team);
  yield* places.batches;

  const catalog = buildParts(ctx);
  const register = buildAssets(ctx, places.leaves, catalog);
  const crew = new Crew(org.team);
  const downtime = new DowntimeBook();
  const target = ctx.sizes.workOrders;
  const pm = buildSchedules(
    ctx,
    register.assets,
    catalog,
    crew,
    downtime,
    Math.round(target * ctx.sizes.preventiveShare),
  );
  const reactive = buildReactive(
    ctx,
    register.assets,
    org.team,
    crew,
    downtime,
    Math.max(0, target - pm.orders.length),
  );
  const orders = numberWorkOrders([...pm.orders, ...reactive]);
  applyAssetStatus(register, orders, ctx.anchor);

  // Parents precede children within the batch (lines, machines, components).
  yield batch(assets, register.rows);
  yield batch(meters, register.meterRows);
  yield* catalog.batches;
  yield* pm.batches;

  const usage = new PartsUsage(ctx.tenantId, places.sites, ctx.anchor);
  const rng = ctx.rng.fork('work-order-details');
  for (let i = 0; i < orders.length; i += WORK_ORDER_CHUNK) {
    yield* workOrderBatches(ctx, rng, org.team, usage, orders.slice(i, i + WORK_ORDER_CHUNK));
  }
  // The ledger's issue rows must exist before the parts_used rows that point at them.
  yield buildLedger(ctx, catalog, places.sites, places.vans, org.team, crew, usage.issues);
  yield batch(partsUsed, usage.rows);
  yield downtimeBatch(ctx, ctx.rng.fork('downtime'), orders);
  yield* readingBatches(ctx, register.meters, orders, crew);
  yield batch(tenantCounters, [
    { tenantId: ctx.tenantId, name: 'work_order_number', value: orders.length },
  ]);
}

/** Retired if retired; down while an unplanned failure is open; in maintenance during planned work. */
function applyAssetStatus(register: Register, orders: WorkOrderPlan[], anchor: number): void {
  const status = new Map<string, { status: AssetStatus; since: number }>();
  for (const wo of orders) {
    const d = wo.downtime;
    if (!d || d.endedAt !== undefined) continue;
    if (!d.planned) {
      status.set(wo.asset.id, { status: 'down', since: d.startedAt });
    } else if (status.get(wo.asset.id)?.status !== 'down') {
      status.set(wo.asset.id, { status: 'in_maintenance', since: d.startedAt });
    }
  }
  register.assets.forEach((asset, i) => {
    const row = register.rows[i];
    if (!row) return;
    const change =
      asset.activeUntil <= anchor
        ? { status: 'retired' as const, since: asset.activeUntil }
        : status.get(asset.id);
    if (!change) return;
    row.status = change.status;
    row.updatedAt = iso(change.since);
  });
}
