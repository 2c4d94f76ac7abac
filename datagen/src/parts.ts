import { parts } from '@plantkeep/shared/schema';
import { batch, num, type Batch } from './batch';
import type { SeedContext } from './context';
import type { PartPlan } from './model';
import { partFamilies, type PartFamily } from './part-catalog';
import type { Rng } from './prng';
import { iso } from './time';

/**
 * The parts catalog: every family gets at least one part, the rest are drawn
 * by family weight. Cheap consumables get high reorder points, expensive
 * spares are kept one at a time.
 */

export interface Catalog {
  batches: Batch[];
  parts: PartPlan[];
  byFamily: Map<string, PartPlan[]>;
}

/** EAN-13 with a valid check digit, so barcode scanners in the app accept it. */
function ean13(rng: Rng): string {
  const body = `0${rng.digits(11)}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

function stocking(rng: Rng, family: PartFamily, cost: number): [min: number, reorder: number] {
  if (family.unit === 'L') return [rng.int(2, 6) * 10, rng.int(10, 20) * 10];
  const min =
    cost < 20
      ? rng.int(5, 20)
      : cost < 100
        ? rng.int(2, 8)
        : cost < 500
          ? rng.int(1, 3)
          : rng.int(0, 1);
  return [min, Math.max(1, min * rng.int(2, 4))];
}

export function buildParts(ctx: SeedContext): Catalog {
  const rng = ctx.rng.fork('parts');
  const at = iso(ctx.onboarded);
  const weights = Object.fromEntries(partFamilies.map((f) => [f.key, f.weight]));
  const byKey = new Map(partFamilies.map((f) => [f.key, f]));
  const families = partFamilies.map((f) => f.key);
  while (families.length < ctx.sizes.parts) families.push(rng.weighted(weights));

  const sequence = new Map<string, number>();
  const plans: PartPlan[] = [];
  const rows: (typeof parts.$inferInsert)[] = [];
  const byFamily = new Map<string, PartPlan[]>();
  for (const key of families) {
    const family = byKey.get(key) as PartFamily;
    const seq = (sequence.get(family.prefix) ?? 10000) + 1;
    sequence.set(family.prefix, seq);
    const [low, high] = family.cost;
    const unitCost = Math.exp(rng.float(Math.log(low), Math.log(high)));
    const [minQuantity, reorderQuantity] = stocking(rng, family, unitCost);
    const maker = rng.pick(family.makers);
    const plan: PartPlan = {
      id: rng.uuid(),
      partNumber: `${family.prefix}-${seq}`,
      family,
      unitCost: Math.round(unitCost * 100) / 100,
      minQuantity,
      reorderQuantity,
    };
    plans.push(plan);
    const siblings = byFamily.get(key) ?? [];
    siblings.push(plan);
    byFamily.set(key, siblings);
    rows.push({
      tenantId: ctx.tenantId,
      id: plan.id,
      partNumber: plan.partNumber,
      name: `${rng.pick(family.names)} ${rng.pick(family.variants)}`,
      description: `${maker} part no. ${rng.code(3)}-${rng.digits(5)}`,
      unit: family.unit,
      unitCost: num(plan.unitCost, 2),
      minQuantity: num(minQuantity, 0),
      reorderQuantity: num(reorderQuantity, 0),
      barcode: ean13(rng),
      manufacturer: maker,
      createdAt: at,
      updatedAt: at,
    });
  }
  return { parts: plans, byFamily, batches: [batch(parts, rows)] };
}

/** A bill of materials: one part from each of a few of the asset type's families. */
export function pickBom(rng: Rng, catalog: Catalog, families: readonly string[]): PartPlan[] {
  return rng
    .sample(families, rng.int(Math.min(2, families.length), Math.min(5, families.length)))
    .map((key) => rng.pick(catalog.byFamily.get(key) ?? []));
}
