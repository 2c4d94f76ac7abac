import type { Priority } from '@plantkeep/shared';
import { pmScheduleParts, pmSchedules, pmScheduleSteps } from '@plantkeep/shared/schema';
import { batch, num, type Batch } from './batch';
import type { SeedContext } from './context';
import type { Crew } from './crew';
import type { DowntimeBook } from './downtime';
import type { AssetPlan, PartPlan, SchedulePlan, WorkOrderPlan } from './model';
import type { Catalog } from './parts';
import { clampDay, expandSchedule } from './pm-occurrences';
import {
  cadences,
  pmTemplates,
  rrule,
  type Cadence,
  type PmTemplate,
  type PmTemplateKey,
} from './pm-templates';
import type { Rng } from './prng';
import { DAY, iso, isoDate } from './time';

/**
 * PM schedules: templates applied to assets until their occurrences add up
 * to the preventive share of the work-order target. Cadence follows
 * criticality (critical assets are inspected more often) within the budget,
 * so small tenants don't end up all weekly inspections.
 */

export interface Schedules {
  batches: Batch[];
  orders: WorkOrderPlan[];
}

const intervalDays = (c: Cadence) =>
  (c.freq === 'WEEKLY' ? 7 : c.freq === 'MONTHLY' ? 30.44 : 365.25) * c.interval;

const priorityFor: Record<AssetPlan['criticality'], Priority> = {
  low: 'low',
  medium: 'medium',
  high: 'medium',
  critical: 'high',
};

export function buildSchedules(
  ctx: SeedContext,
  assets: AssetPlan[],
  catalog: Catalog,
  crew: Crew,
  downtime: DowntimeBook,
  target: number,
): Schedules {
  const rng = ctx.rng.fork('schedules');
  const deps = {
    rng: ctx.rng.fork('pm-work-orders'),
    anchor: ctx.anchor,
    crew,
    downtime,
    newId: () => rng.uuid(),
  };
  const candidates = rng.sample(
    assets.filter((a) => (a.type?.pm.length ?? 0) > 0 && a.activeFrom < ctx.anchor - 60 * DAY),
    assets.length,
  );
  const plans: SchedulePlan[] = [];
  const orders: WorkOrderPlan[] = [];
  const used = new Set<string>();
  let remaining = target;

  // First pass: one or two routines per asset; second pass fills any gap.
  for (let pass = 0; pass < 2 && remaining > 0; pass++) {
    for (const asset of candidates) {
      if (remaining <= 0) break;
      const keys = rng.sample(asset.type?.pm ?? [], pass === 0 && rng.chance(0.6) ? 1 : 2);
      for (const key of keys) {
        if (remaining <= 0 || used.has(`${asset.id}/${key}`)) continue;
        const plan = planSchedule(ctx, rng, asset, key, catalog, crew, remaining);
        if (!plan) continue;
        used.add(`${asset.id}/${key}`);
        const occurrences = expandSchedule(deps, plan);
        plans.push(plan);
        orders.push(...occurrences);
        remaining -= occurrences.length;
      }
    }
  }
  return { orders, batches: scheduleBatches(ctx, rng, plans) };
}

function planSchedule(
  ctx: SeedContext,
  rng: Rng,
  asset: AssetPlan,
  key: PmTemplateKey,
  catalog: Catalog,
  crew: Crew,
  budget: number,
): SchedulePlan | undefined {
  const template: PmTemplate = pmTemplates[key];
  const options: Cadence[] = template.cadences.map((c) => cadences[c]);
  const urgent = asset.criticality === 'high' || asset.criticality === 'critical';
  const weights = Object.fromEntries(
    options.map((c, i) => [c.label, urgent ? options.length - i : i + 1]),
  );
  const label = rng.weighted(weights);
  let cadence = options.find((c) => c.label === label) as Cadence;

  const startsOn = clampDay(
    asset.activeFrom + rng.int(0, Math.min(90, intervalDays(cadence))) * DAY,
  );
  const until = Math.min(asset.activeUntil, ctx.anchor + 30 * DAY);
  const estimate = (c: Cadence) =>
    Math.max(1, Math.floor((until - startsOn) / DAY / intervalDays(c)) + 1);
  if (estimate(cadence) > budget * 1.25 + 2) {
    const slowest = options.reduce((a, b) => (intervalDays(b) > intervalDays(a) ? b : a));
    if (estimate(slowest) > budget * 2 + 2) return undefined;
    cadence = slowest;
  }
  const hours = Math.round(template.hours * rng.float(0.8, 1.3) * 4) / 4;
  const local = crew.at(asset.siteIndex);
  const parts = template.parts.map((family) => {
    const part: PartPlan =
      asset.bom.find((p) => p.family.key === family) ??
      rng.pick(catalog.byFamily.get(family) ?? []);
    const [low, high] = part.family.perJob;
    const quantity =
      part.family.unit === 'L' ? Math.round(rng.float(low, high) * 2) / 2 : rng.int(low, high);
    return { part, quantity: Math.max(quantity, 0.5) };
  });
  const name =
    template.name.charAt(1) === template.name.charAt(1).toLowerCase()
      ? template.name.charAt(0).toLowerCase() + template.name.slice(1)
      : template.name;
  return {
    id: rng.uuid(),
    name: `${cadence.label} ${name} – ${asset.tag}`,
    asset,
    template,
    cadence,
    mode: rng.chance(0.25) ? 'floating' : 'fixed',
    startsOn,
    endsOn: Number.isFinite(asset.activeUntil) ? asset.activeUntil : undefined,
    priority: priorityFor[asset.criticality],
    estimatedHours: Math.max(0.25, hours),
    assignee: rng.chance(0.6) ? rng.pick(local) : undefined,
    parts,
    lastCompletedAt: undefined,
    nextDueOn: undefined,
  };
}

function scheduleBatches(ctx: SeedContext, rng: Rng, plans: SchedulePlan[]): Batch[] {
  const tenantId = ctx.tenantId;
  const schedules = plans.map((s) => {
    const createdAt = iso(Math.max(ctx.onboarded, s.startsOn - rng.int(5, 30) * DAY));
    return {
      tenantId,
      id: s.id,
      name: s.name,
      description: `${s.template.name} for ${s.asset.name} (${s.asset.tag}), per the manufacturer's recommendations.`,
      assetId: s.asset.id,
      locationId: s.asset.locationId,
      rrule: rrule(s.cadence),
      startsOn: isoDate(s.startsOn),
      endsOn: s.endsOn === undefined ? null : isoDate(s.endsOn),
      mode: s.mode,
      leadTimeDays: s.cadence.leadDays,
      workOrderType: s.template.type,
      priority: s.priority,
      estimatedHours: num(s.estimatedHours),
      category: s.template.category,
      assigneeId: s.assignee?.id ?? null,
      active: s.endsOn === undefined,
      lastCompletedAt: s.lastCompletedAt === undefined ? null : iso(s.lastCompletedAt),
      nextDueOn: s.nextDueOn === undefined ? null : isoDate(s.nextDueOn),
      createdAt,
      updatedAt: s.lastCompletedAt === undefined ? createdAt : iso(s.lastCompletedAt),
    };
  });
  const steps = plans.flatMap((s) =>
    s.template.steps.map((step, position) => ({
      tenantId,
      id: rng.uuid(),
      scheduleId: s.id,
      position,
      kind: step.kind,
      title: step.title,
      required: step.required,
      unit: step.unit ?? null,
      minValue: step.min === undefined ? null : String(step.min),
      maxValue: step.max === undefined ? null : String(step.max),
    })),
  );
  const parts = plans.flatMap((s) =>
    s.parts.map(({ part, quantity }) => ({
      tenantId,
      id: rng.uuid(),
      scheduleId: s.id,
      partId: part.id,
      quantity: num(quantity, 3),
    })),
  );
  return [
    batch(pmSchedules, schedules),
    batch(pmScheduleSteps, steps),
    batch(pmScheduleParts, parts),
  ];
}
