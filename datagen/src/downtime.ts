import { assetDowntime } from '@plantkeep/shared/schema';
import { batch, type Batch } from './batch';
import type { SeedContext } from './context';
import type { WorkOrderPlan } from './model';
import type { Rng } from './prng';
import { iso } from './time';

/**
 * Downtime intervals never overlap per asset, so MTBF (uptime between
 * failures) and availability come out right. An interval still open at the
 * anchor (ended_at null) means the asset is down now.
 */
export class DowntimeBook {
  private readonly byAsset = new Map<string, [number, number][]>();

  /** Records [start, end) for the asset unless it overlaps an interval already booked. */
  tryBook(assetId: string, start: number, end: number | undefined): boolean {
    const stop = end ?? Infinity;
    const booked = this.byAsset.get(assetId) ?? [];
    if (booked.some(([s, e]) => start < e && s < stop)) return false;
    booked.push([start, stop]);
    this.byAsset.set(assetId, booked);
    return true;
  }
}

const plannedCauses = ['Scheduled preventive maintenance', 'Planned shutdown for PM'];

export function downtimeBatch(ctx: SeedContext, rng: Rng, orders: WorkOrderPlan[]): Batch {
  const rows: (typeof assetDowntime.$inferInsert)[] = [];
  for (const wo of orders) {
    const d = wo.downtime;
    if (!d) continue;
    const reporter = wo.requester ?? wo.createdBy ?? wo.assignees[0];
    rows.push({
      tenantId: ctx.tenantId,
      id: rng.uuid(),
      assetId: wo.asset.id,
      startedAt: iso(d.startedAt),
      endedAt: d.endedAt === undefined ? null : iso(d.endedAt),
      planned: d.planned,
      cause: d.planned ? rng.pick(plannedCauses) : (wo.cause ?? wo.title),
      failureCode: d.planned ? null : (wo.failure?.code ?? null),
      workOrderId: wo.id,
      reportedBy: reporter?.id ?? null,
      notes: d.planned ? `Asset isolated for ${wo.title}` : null,
      createdAt: iso(d.startedAt),
      updatedAt: iso(d.endedAt ?? d.startedAt),
    });
  }
  return batch(assetDowntime, rows);
}
