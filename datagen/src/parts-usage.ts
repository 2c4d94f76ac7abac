import type { partsUsed } from '@plantkeep/shared/schema';
import { num } from './batch';
import type { PartPlan, SitePlan, WorkOrderPlan } from './model';
import type { Rng } from './prng';
import { iso } from './time';

/**
 * Parts consumed by work orders. Each usage is drawn from the site's main
 * store and produces an `issue` entry in the inventory ledger; the ledger
 * (inventory.ts) later adds the receipts, counts and transfers around them.
 * parts_used rows are held back until the ledger rows they reference exist.
 */

export interface Issue {
  movementId: string;
  part: PartPlan;
  stockLocationId: string;
  quantity: number;
  at: number;
  workOrderId: string;
  workOrderNumber: number;
  actorId: string | undefined;
}

export class PartsUsage {
  readonly issues: Issue[] = [];
  readonly rows: (typeof partsUsed.$inferInsert)[] = [];

  constructor(
    private readonly tenantId: string,
    private readonly sites: SitePlan[],
    private readonly anchor: number,
  ) {}

  record(rng: Rng, wo: WorkOrderPlan): void {
    const { life } = wo;
    const start = life.startedAt;
    if (start === undefined) return;
    const finished = life.workEndedAt !== undefined;
    if (!finished && rng.chance(0.5)) return;
    for (const { part, quantity } of this.choose(rng, wo)) {
      const at = start + rng.next() * ((life.workEndedAt ?? this.anchor) - start);
      const site = this.sites[wo.asset.siteIndex] as SitePlan;
      const issue: Issue = {
        movementId: rng.uuid(),
        part,
        stockLocationId: site.storeId,
        quantity,
        at,
        workOrderId: wo.id,
        workOrderNumber: wo.number,
        actorId: wo.assignees[0]?.id,
      };
      this.issues.push(issue);
      this.rows.push({
        tenantId: this.tenantId,
        id: rng.uuid(),
        workOrderId: wo.id,
        partId: part.id,
        stockLocationId: site.storeId,
        quantity: num(quantity, 3),
        unitCost: num(part.unitCost, 2),
        inventoryMovementId: issue.movementId,
        recordedBy: issue.actorId ?? null,
        usedAt: iso(at),
        createdAt: iso(at),
      });
    }
  }

  /** PMs use their template's parts; repairs use parts of the failed asset's BOM. */
  private choose(rng: Rng, wo: WorkOrderPlan): { part: PartPlan; quantity: number }[] {
    if (wo.schedule) return wo.schedule.parts.filter(() => rng.chance(0.85));
    const bom = wo.asset.bom;
    if (bom.length === 0 || !rng.chance(wo.failure ? 0.65 : 0.5)) return [];
    const fitting = wo.failure ? bom.filter((p) => wo.failure?.parts.includes(p.family.key)) : [];
    const pool = fitting.length > 0 ? fitting : bom;
    return rng.sample(pool, rng.chance(0.7) ? 1 : 2).map((part) => {
      const [low, high] = part.family.perJob;
      const quantity =
        part.family.unit === 'L'
          ? Math.max(0.5, Math.round(rng.float(low, high) * 2) / 2)
          : rng.int(low, high);
      return { part, quantity };
    });
  }
}
