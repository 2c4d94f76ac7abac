import type { MovementKind } from '@plantkeep/shared';
import { inventoryMovements } from '@plantkeep/shared/schema';
import { batch, num, type Batch } from './batch';
import type { SeedContext } from './context';
import type { Crew } from './crew';
import type { PartPlan, SitePlan, Team } from './model';
import type { Issue } from './parts-usage';
import type { Catalog } from './parts';
import { DAY, HOUR, iso, workingTime } from './time';

/**
 * The inventory ledger, simulated per (part, stock location) in time order:
 * an opening receipt, the work orders' issues, a replenishment receipt
 * whenever stock falls to the reorder point, semi-annual cycle counts (which
 * record the delta and the counted figure), the odd adjustment, and
 * transfers from the store to the crib or a van. Stock never goes negative.
 */

type MovementRow = typeof inventoryMovements.$inferInsert;

/** What sets one ledger row apart from the stock's defaults. */
interface Extra {
  id?: string;
  stockLocationId?: string;
  counted?: number;
  unitCost?: number;
  transferId?: string;
  workOrderId?: string;
  reference?: string;
  note?: string;
  /** null: nobody recorded; undefined: a technician of the site. */
  actorId?: string | null;
}

interface Stock {
  part: PartPlan;
  site: SitePlan;
  issues: Issue[];
}

type Event =
  | { at: number; kind: 'issue'; issue: Issue }
  | { at: number; kind: 'count' }
  | { at: number; kind: 'transfer'; to: string };

export function buildLedger(
  ctx: SeedContext,
  catalog: Catalog,
  sites: SitePlan[],
  vans: { id: string; siteIndex: number }[],
  team: Team,
  crew: Crew,
  issues: Issue[],
): Batch {
  const rng = ctx.rng.fork('inventory');
  const stocks = new Map<string, Stock>();
  const storeSite = new Map(sites.map((s) => [s.storeId, s]));
  for (const issue of issues) {
    const key = `${issue.part.id}/${issue.stockLocationId}`;
    const stock = stocks.get(key) ?? {
      part: issue.part,
      site: storeSite.get(issue.stockLocationId) as SitePlan,
      issues: [],
    };
    stock.issues.push(issue);
    stocks.set(key, stock);
  }
  // Parts nobody used yet are still on a shelf somewhere.
  const stocked = new Set([...stocks.values()].map((s) => s.part.id));
  for (const part of catalog.parts) {
    if (!stocked.has(part.id)) stocks.set(part.id, { part, site: rng.pick(sites), issues: [] });
  }

  const rows: MovementRow[] = [];
  const receipts: MovementRow[] = [];
  const bulk = (p: PartPlan) => p.family.unit === 'L';

  for (const { part, site, issues: used } of stocks.values()) {
    const staff = crew.at(site.index);
    // Every row built with the same literal shape: spreading differently
    // shaped objects here made V8 fall back to slow dictionary objects.
    const row = (at: number, kind: MovementKind, quantity: number, o: Extra = {}): MovementRow => ({
      tenantId: ctx.tenantId,
      id: o.id ?? rng.uuid(),
      partId: part.id,
      stockLocationId: o.stockLocationId ?? site.storeId,
      kind,
      quantity: num(quantity, 3),
      countedQuantity: o.counted === undefined ? null : num(o.counted, 3),
      unitCost: num(o.unitCost ?? part.unitCost, 2),
      transferId: o.transferId ?? null,
      workOrderId: o.workOrderId ?? null,
      reference: o.reference ?? null,
      note: o.note ?? null,
      actorId: o.actorId === undefined ? rng.pick(staff).id : o.actorId,
      occurredAt: iso(at),
      createdAt: iso(at),
    });
    let balance = 0;
    const receive = (at: number, quantity: number, note: string | undefined) => {
      const unitCost = part.unitCost * rng.float(0.95, 1.08);
      const r = row(at, 'receive', quantity, { unitCost, actorId: team.supervisor.id, note });
      receipts.push(r);
      rows.push(r);
      balance += quantity;
    };

    receive(
      ctx.start - 10 * DAY + rng.int(8, 16) * HOUR,
      Math.max(part.reorderQuantity, part.minQuantity * 2, 1),
      'Opening balance',
    );

    const events: Event[] = used.map((issue) => ({ at: issue.at, kind: 'issue', issue }));
    for (
      let at = ctx.start + rng.int(60, 240) * DAY;
      at < ctx.anchor;
      at += rng.int(168, 196) * DAY
    ) {
      if (rng.chance(0.8)) events.push({ at: workingTime(rng, at), kind: 'count' });
    }
    if (rng.chance(0.25)) {
      const targets = [
        site.cribId,
        ...vans.filter((v) => v.siteIndex === site.index).map((v) => v.id),
      ];
      for (let t = rng.int(1, 3); t > 0; t--) {
        events.push({
          at: workingTime(rng, ctx.start + rng.next() * (ctx.anchor - ctx.start - DAY)),
          kind: 'transfer',
          to: rng.pick(targets),
        });
      }
    }
    events.sort((a, b) => a.at - b.at);

    let pending: number | undefined;
    for (const event of events) {
      if (event.at > ctx.anchor) continue;
      if (pending !== undefined && pending <= event.at) {
        receive(pending, part.reorderQuantity, undefined);
        pending = undefined;
      }
      if (event.kind === 'issue') {
        const { issue } = event;
        if (balance < issue.quantity)
          receive(issue.at - 2 * HOUR, Math.max(part.reorderQuantity, issue.quantity), 'Expedited');
        balance -= issue.quantity;
        rows.push(
          row(issue.at, 'issue', -issue.quantity, {
            id: issue.movementId,
            workOrderId: issue.workOrderId,
            reference: `WO-${issue.workOrderNumber}`,
            actorId: issue.actorId ?? null,
          }),
        );
        if (balance <= part.minQuantity && pending === undefined)
          pending = workingTime(rng, issue.at + rng.int(2, 10) * DAY);
        if (rng.chance(0.01) && balance >= 1) {
          balance -= 1;
          rows.push(
            row(issue.at + HOUR, 'adjust', -1, {
              note: 'Damaged in storage',
              actorId: team.supervisor.id,
            }),
          );
        }
      } else if (event.kind === 'count') {
        const step = bulk(part) ? 0.5 : 1;
        const delta = rng.chance(0.75) ? 0 : Math.max(-balance, rng.pick([-2, -1, 1]) * step);
        balance += delta;
        rows.push(row(event.at, 'count', delta, { counted: balance, note: 'Cycle count' }));
      } else {
        const quantity = Math.min(Math.floor(balance - part.minQuantity), rng.int(1, 3));
        if (quantity <= 0) continue;
        balance -= quantity;
        const transferId = rng.uuid();
        rows.push(
          row(event.at, 'transfer', -quantity, { transferId, note: 'Restock point of use' }),
          row(event.at, 'transfer', quantity, {
            transferId,
            stockLocationId: event.to,
            note: 'Restock point of use',
          }),
        );
      }
    }
    if (pending !== undefined && pending <= ctx.anchor)
      receive(pending, part.reorderQuantity, undefined);
  }

  // Purchase-order numbers run in date order within each year, as a buyer would issue them.
  receipts.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  const perYear = new Map<string, number>();
  for (const r of receipts) {
    const year = r.occurredAt.slice(0, 4);
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    r.reference = `PO-${year}-${String(n).padStart(5, '0')}`;
  }
  return batch(inventoryMovements, rows);
}
