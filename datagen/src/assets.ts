import type { Criticality } from '@plantkeep/shared';
import type { assets, meters } from '@plantkeep/shared/schema';
import { num } from './batch';
import type { SeedContext } from './context';
import { equipmentTypes, type EquipmentKey, type MeterTemplate } from './equipment-catalog';
import type { AssetPlan, LeafPlan } from './model';
import { pickBom, type Catalog } from './parts';
import type { Rng } from './prng';
import { DAY, iso, isoDate } from './time';

/**
 * The asset register, leaf by leaf: a production line becomes a line asset
 * whose machines are its children, and some machines get components (motor,
 * gearbox, drive) as children of their own. Status is filled in later from
 * the work-order history (down while an unplanned failure is open).
 */

export type AssetRow = typeof assets.$inferInsert;

export interface MeterPlan {
  id: string;
  asset: AssetPlan;
  template: MeterTemplate;
}

export interface Register {
  assets: AssetPlan[];
  /** Row i belongs to assets[i]. */
  rows: AssetRow[];
  meters: MeterPlan[];
  meterRows: (typeof meters.$inferInsert)[];
}

const YEAR = 365 * DAY;

export function buildAssets(ctx: SeedContext, leaves: LeafPlan[], catalog: Catalog): Register {
  const rng = ctx.rng.fork('assets');
  const register: Register = { assets: [], rows: [], meters: [], meterRows: [] };
  const tagCounters = new Map<string, number>();
  const nextTag = (prefix: string) => {
    const n = (tagCounters.get(prefix) ?? 0) + 1;
    tagCounters.set(prefix, n);
    return { n, tag: `${prefix}-${String(n).padStart(4, '0')}` };
  };

  const add = (plan: AssetPlan, row: Omit<AssetRow, 'tenantId' | 'id' | 'tag' | 'name'>) => {
    const createdAt = iso(Math.max(ctx.onboarded, plan.installedAt - 3 * DAY));
    register.assets.push(plan);
    register.rows.push({
      tenantId: ctx.tenantId,
      id: plan.id,
      tag: plan.tag,
      name: plan.name,
      status: 'operational',
      ...row,
      createdAt,
      updatedAt: createdAt,
    });
    for (const template of plan.type?.meters ?? []) {
      if (!rng.chance(0.85)) continue;
      const meter: MeterPlan = { id: rng.uuid(), asset: plan, template };
      register.meters.push(meter);
      register.meterRows.push({
        tenantId: ctx.tenantId,
        id: meter.id,
        assetId: plan.id,
        name: template.name,
        unit: template.unit,
        kind: template.kind,
        createdAt,
        updatedAt: createdAt,
      });
    }
  };

  const equipment = (
    key: EquipmentKey,
    leaf: LeafPlan,
    parent: AssetPlan | undefined,
    isComponent: boolean,
  ) => {
    const type = equipmentTypes[key];
    const { n, tag } = nextTag(type.tagPrefix);
    const [maker, models] = rng.pick(type.makers);
    const kind = rng.pick(type.names);
    const model = rng.pick(models);
    const window =
      isComponent && parent ? componentWindow(rng, ctx, parent) : machineWindow(rng, ctx);
    const plan: AssetPlan = {
      id: rng.uuid(),
      tag,
      name: isComponent && parent ? `${kind} – ${parent.tag}` : `${kind} ${n}`,
      key,
      type,
      siteIndex: leaf.siteIndex,
      locationId: leaf.id,
      parentId: parent?.id,
      criticality: rng.weighted(type.criticality),
      ...window,
      bom: pickBom(rng, catalog, type.parts),
    };
    const purchased = plan.installedAt - rng.int(14, 120) * DAY;
    const warrantyYears = type.warrantyYears + (rng.chance(0.2) ? 2 : 0);
    const [low, high] = type.cost;
    add(plan, {
      description: `${maker} ${model} ${kind.toLowerCase()} in ${leaf.name}`,
      parentId: plan.parentId,
      locationId: plan.locationId,
      criticality: plan.criticality,
      category: type.category,
      manufacturer: maker,
      model,
      serialNumber: serialNumber(rng, maker, purchased),
      purchaseDate: isoDate(purchased),
      purchaseCost: num(Math.exp(rng.float(Math.log(low), Math.log(high))), 2),
      installedAt: isoDate(plan.installedAt),
      warrantyExpiresOn: isoDate(purchased + warrantyYears * YEAR),
      warrantyNotes: rng.pick([
        `${warrantyYears}-year parts and labour warranty`,
        `${warrantyYears}-year parts warranty, labour excluded`,
        `Extended service agreement with ${maker}`,
      ]),
      specs: type.specs(rng),
    });
    return plan;
  };

  const lineAsset = (leaf: LeafPlan): AssetPlan => {
    const plan: AssetPlan = {
      id: rng.uuid(),
      tag: nextTag('LN').tag,
      name: leaf.name,
      key: undefined,
      type: undefined,
      siteIndex: leaf.siteIndex,
      locationId: leaf.id,
      parentId: undefined,
      criticality: 'high',
      installedAt: ctx.start - rng.int(2, 15) * YEAR,
      activeFrom: ctx.start,
      activeUntil: Infinity,
      bom: [],
    };
    add(plan, {
      description: `Production line ${leaf.name}`,
      locationId: leaf.id,
      criticality: 'high',
      category: 'Production Line',
      installedAt: isoDate(plan.installedAt),
      specs: { design_rate_per_h: rng.int(6, 120) * 100, shifts: rng.pick([2, 3]) },
    });
    return plan;
  };

  // Visit leaves round-robin until the register reaches its target size: the
  // first visit places a realistic number of machines, later ones one more each.
  const lines = new Map<string, AssetPlan>();
  const target = ctx.sizes.assets;
  for (let round = 0; register.assets.length < target; round++) {
    for (const leaf of leaves) {
      if (register.assets.length >= target) break;
      let line = lines.get(leaf.id);
      if (!line && leaf.area.kind === 'line') {
        line = lineAsset(leaf);
        lines.set(leaf.id, line);
      }
      const count = round === 0 ? rng.int(...leaf.area.machines) : 1;
      for (let m = 0; m < count && register.assets.length < target; m++) {
        const key = rng.weighted(leaf.area.equipment);
        const machine = equipment(key, leaf, line, false);
        const parts = machine.type?.components ?? [];
        if (parts.length > 0 && rng.chance(0.45)) {
          for (const component of rng.sample(parts, rng.int(1, parts.length))) {
            equipment(component, leaf, machine, true);
          }
        }
      }
    }
  }
  return register;
}

/** Maker initials, build year and a running number, e.g. GR23104592. */
function serialNumber(rng: Rng, maker: string, built: number): string {
  const initials = maker
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 2)
    .toUpperCase();
  const year = String(new Date(built).getUTCFullYear() % 100).padStart(2, '0');
  return `${initials}${year}${rng.digits(6)}`;
}

/** Most machines predate the history; some were installed during it and a few retired. */
function machineWindow(rng: Rng, ctx: SeedContext) {
  const installedAt = rng.chance(0.15)
    ? ctx.start + rng.next() * (ctx.anchor - ctx.start - 90 * DAY)
    : ctx.start - Math.min(30 * YEAR, Math.max(0.3 * YEAR, rng.logNormal(6, 0.6) * YEAR));
  const activeFrom = Math.max(ctx.start, installedAt);
  const retire = rng.chance(0.02) ? ctx.anchor - rng.int(30, 700) * DAY : Infinity;
  return {
    installedAt,
    activeFrom,
    activeUntil: retire > activeFrom + 180 * DAY ? retire : Infinity,
  };
}

/** A component came with its machine or replaced the original part later. */
function componentWindow(rng: Rng, ctx: SeedContext, parent: AssetPlan) {
  const latest = Math.min(parent.activeUntil, ctx.anchor) - 60 * DAY;
  const installedAt =
    rng.chance(0.3) && latest > parent.activeFrom
      ? parent.activeFrom + rng.next() * (latest - parent.activeFrom)
      : parent.installedAt;
  return {
    installedAt,
    activeFrom: Math.max(ctx.start, installedAt),
    activeUntil: parent.activeUntil,
  };
}

export const criticalityWeight: Record<Criticality, number> = {
  low: 0.7,
  medium: 1,
  high: 1.3,
  critical: 1.6,
};
