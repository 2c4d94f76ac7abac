import type { Crew } from './crew';
import type { DowntimeBook } from './downtime';
import { planLifecycle } from './lifecycle';
import type { SchedulePlan, WorkOrderPlan } from './model';
import type { Rng } from './prng';
import type { Cadence } from './pm-templates';
import { addDays, addMonths, DAY, HOUR, MINUTE, startOfDay, workingTime } from './time';

/**
 * Expands a PM schedule into its work orders. An occurrence is materialized
 * `lead_time_days` before it is due (as the scheduler would), so occurrences
 * due shortly after the anchor already exist as open work orders. Fixed
 * schedules follow the RRULE from starts_on; floating ones count from the
 * previous completion.
 */

/** The k-th occurrence after `base` (day-of-month ≤ 28 keeps month steps exact). */
export function advance(base: number, cadence: Cadence, k: number): number {
  if (cadence.freq === 'WEEKLY') return addDays(base, 7 * cadence.interval * k);
  return addMonths(base, (cadence.freq === 'YEARLY' ? 12 : 1) * cadence.interval * k);
}

/** Moves a date back to the 28th at most, so monthly recurrences never skip a month. */
export function clampDay(ms: number): number {
  const day = new Date(ms).getUTCDate();
  return startOfDay(ms) - Math.max(0, day - 28) * DAY;
}

export interface OccurrenceDeps {
  rng: Rng;
  anchor: number;
  crew: Crew;
  downtime: DowntimeBook;
  newId: () => string;
}

export function expandSchedule(deps: OccurrenceDeps, s: SchedulePlan): WorkOrderPlan[] {
  const { rng, anchor } = deps;
  const orders: WorkOrderPlan[] = [];
  const lead = s.cadence.leadDays;
  const until = Math.min(s.endsOn ?? Infinity, s.asset.activeUntil);
  let due = s.startsOn;
  for (let k = 1; due <= until; k++) {
    const createdAt = due - lead * DAY + 2 * HOUR + rng.int(0, 30) * MINUTE;
    if (createdAt > anchor) break;
    const wo = occurrence(deps, s, due, createdAt);
    orders.push(wo);
    const completed = wo.life.completedAt;
    if (s.mode === 'fixed' || wo.life.status === 'cancelled') {
      due = s.mode === 'fixed' ? advance(s.startsOn, s.cadence, k) : advance(due, s.cadence, 1);
    } else if (completed !== undefined) {
      due = Math.max(advance(clampDay(completed), s.cadence, 1), due + DAY);
    } else {
      // Floating and not done yet: the next one waits; show the provisional date.
      due = advance(due, s.cadence, 1);
      break;
    }
  }
  s.nextDueOn = due <= until ? due : undefined;
  for (const wo of orders) {
    const at = wo.life.completedAt;
    if (at !== undefined && (s.lastCompletedAt === undefined || at > s.lastCompletedAt)) {
      s.lastCompletedAt = at;
    }
  }
  return orders;
}

function occurrence(deps: OccurrenceDeps, s: SchedulePlan, due: number, createdAt: number) {
  const { rng, anchor } = deps;
  // Most PMs are done around the due day, some early; some slip by a week or more.
  const slip = rng.chance(0.22) ? rng.logNormal(9, 0.7) : rng.normal(-0.5, 1.8);
  const day = due + Math.round(slip) * DAY;
  const plannedStart = Math.max(createdAt + HOUR, workingTime(rng, day));
  const life = planLifecycle(rng, anchor, {
    createdAt,
    plannedStart,
    estimatedHours: s.estimatedHours,
    isRequest: false,
    urgent: s.priority === 'critical',
    cancelRate: 0.025,
  });
  const assignees = life.assignedAt
    ? deps.crew.assign(rng, s.asset.siteIndex, s.estimatedHours, s.assignee)
    : [];
  // Preventive work on important assets is done with the asset stopped.
  const stopsAsset =
    s.template.type === 'preventive' &&
    (s.asset.criticality === 'high' || s.asset.criticality === 'critical') &&
    rng.chance(0.5);
  const wo: WorkOrderPlan = {
    id: deps.newId(),
    number: 0,
    type: s.template.type,
    priority: s.priority,
    planned: true,
    title: s.name,
    description: `${s.template.name} for ${s.asset.name} (${s.asset.tag}).`,
    category: s.template.category,
    asset: s.asset,
    estimatedHours: s.estimatedHours,
    dueDate: due + 16 * HOUR,
    createdBy: undefined,
    requester: undefined,
    assignees,
    life,
    failure: undefined,
    cause: undefined,
    resolution: life.completedAt ? 'Completed per checklist' : undefined,
    schedule: s,
    pmDueOn: due,
    downtime: undefined,
  };
  if (stopsAsset && life.startedAt !== undefined) {
    const start = life.startedAt;
    if (deps.downtime.tryBook(s.asset.id, start, life.workEndedAt)) {
      wo.downtime = { startedAt: start, endedAt: life.workEndedAt, planned: true };
    }
  }
  return wo;
}
