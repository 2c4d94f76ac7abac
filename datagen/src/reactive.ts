import type { Priority, WorkOrderType } from '@plantkeep/shared';
import { criticalityWeight } from './assets';
import type { SeedContext } from './context';
import type { Crew } from './crew';
import type { DowntimeBook } from './downtime';
import { failureMode } from './failure-modes';
import { planLifecycle, responseHours } from './lifecycle';
import type { AssetPlan, Person, Team, WorkOrderPlan } from './model';
import type { Rng } from './prng';
import { between, DAY, HOUR, MINUTE, workingTime } from './time';
import { followUpTasks, requestPhrases } from './vocabulary';

/**
 * Reactive work: failures reported by operators (requests) or technicians,
 * emergencies, and planned follow-ups from inspection findings. Failures
 * that stopped the asset get an unplanned downtime interval that ends when
 * the repair is completed, which is what MTTR and MTBF are computed from.
 */

const dueHours: Record<Priority, number> = { critical: 8, high: 48, medium: 7 * 24, low: 21 * 24 };

/** Picks assets in proportion to how often their kind fails and how hard they are run. */
class FailureWheel {
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(private readonly assets: AssetPlan[]) {
    for (const a of assets) {
      this.total += (a.type?.failureRate ?? 0) * criticalityWeight[a.criticality];
      this.cumulative.push(this.total);
    }
  }

  /** An asset in service at `at`, or undefined after a few misses. */
  spin(rng: Rng, at: number): AssetPlan | undefined {
    for (let attempt = 0; attempt < 12; attempt++) {
      const r = rng.next() * this.total;
      let lo = 0;
      let hi = this.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.cumulative[mid] as number) > r) hi = mid;
        else lo = mid + 1;
      }
      const asset = this.assets[lo] as AssetPlan;
      if (asset.activeFrom <= at && at < asset.activeUntil) return asset;
    }
    return undefined;
  }
}

interface Kind {
  type: WorkOrderType;
  /** Planned follow-up from an inspection finding rather than a failure. */
  followUp: boolean;
  /** The failure stopped the asset. */
  stops: boolean;
}

function chooseKind(rng: Rng): Kind {
  const type: WorkOrderType = rng.chance(0.12) ? 'emergency' : 'corrective';
  const followUp = type === 'corrective' && rng.chance(0.2);
  return { type, followUp, stops: !followUp && (type === 'emergency' || rng.chance(0.5)) };
}

/** A stopped asset is urgent; follow-ups can wait; the rest is mostly routine. */
function choosePriority(rng: Rng, kind: Kind): Priority {
  if (kind.type === 'emergency') return rng.chance(0.7) ? 'critical' : 'high';
  if (kind.followUp) return rng.weighted<Priority>({ low: 3, medium: 2 });
  if (kind.stops) return rng.weighted<Priority>({ high: 3, critical: 1 });
  return rng.weighted<Priority>({ low: 3, medium: 5, high: 1 });
}

/** Emergencies start within minutes; low and medium work queues behind the rest (the backlog). */
function plannedStart(rng: Rng, kind: Kind, priority: Priority, createdAt: number): number {
  if (kind.type === 'emergency') return createdAt + rng.logNormal(20 * MINUTE, 0.6);
  if (kind.followUp) return workingTime(rng, createdAt + rng.int(2, 14) * DAY);
  const queued =
    priority === 'low' || priority === 'medium'
      ? rng.logNormal(priority === 'low' ? 18 : 6, 0.8) * DAY
      : 0;
  return createdAt + queued + rng.logNormal(responseHours[priority] * HOUR, 0.8);
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function buildReactive(
  ctx: SeedContext,
  assets: AssetPlan[],
  team: Team,
  crew: Crew,
  downtime: DowntimeBook,
  count: number,
): WorkOrderPlan[] {
  const rng = ctx.rng.fork('reactive');
  const failing = assets.filter((a) => (a.type?.failureRate ?? 0) > 0);
  if (failing.length === 0) return [];
  const wheel = new FailureWheel(failing);
  const orders: WorkOrderPlan[] = [];
  while (orders.length < count) {
    const moment = between(rng, ctx.start, ctx.anchor);
    const asset = wheel.spin(rng, moment);
    if (!asset?.type) continue;
    const kind = chooseKind(rng);
    const mode = failureMode(rng.pick(asset.type.failures));
    const symptom = rng.pick(mode.symptoms);
    const shift = kind.type === 'emergency' ? moment : workingTime(rng, moment);
    const createdAt = shift < ctx.anchor ? shift : moment;
    const priority = choosePriority(rng, kind);
    const isRequest = kind.type === 'corrective' && !kind.followUp && rng.chance(0.45);
    const local = crew.at(asset.siteIndex);
    const creator: Person = isRequest
      ? team.requester
      : rng.chance(0.65)
        ? rng.pick(local)
        : team.supervisor;
    const median = kind.followUp ? 0.7 : 1;
    const estimatedHours = Math.max(
      0.5,
      Math.round(mode.hours * rng.logNormal(median, 0.3) * 4) / 4,
    );
    const life = planLifecycle(rng, ctx.anchor, {
      createdAt,
      plannedStart: plannedStart(rng, kind, priority, createdAt),
      estimatedHours,
      isRequest,
      urgent: kind.type === 'emergency' || priority === 'critical',
      cancelRate: kind.type === 'emergency' ? 0.005 : 0.04,
    });
    const done = life.completedAt !== undefined;
    const wo: WorkOrderPlan = {
      id: rng.uuid(),
      number: 0,
      type: kind.type,
      priority,
      planned: kind.followUp,
      title: `${kind.followUp ? rng.pick(followUpTasks) : symptom} – ${asset.name}`,
      description: kind.followUp
        ? `Found during routine inspection of ${asset.name} (${asset.tag}); schedule with production.`
        : `${rng.pick(requestPhrases)} ${lowerFirst(symptom)} on ${asset.name} (${asset.tag}).`,
      category: mode.category,
      asset,
      estimatedHours,
      dueDate: createdAt + dueHours[priority] * HOUR,
      createdBy: creator,
      requester: isRequest ? creator : undefined,
      assignees: life.assignedAt ? crew.assign(rng, asset.siteIndex, estimatedHours) : [],
      life,
      failure: kind.followUp ? undefined : mode,
      cause: done && !kind.followUp ? rng.pick(mode.causes) : undefined,
      resolution:
        done && !kind.followUp
          ? rng.pick(mode.resolutions)
          : done
            ? 'Completed as planned'
            : undefined,
      schedule: undefined,
      pmDueOn: undefined,
      downtime: undefined,
    };
    // The asset is down from just before the report until the repair ends. An
    // unfinished repair leaves it down now, which only urgent ones may do.
    const repaired = life.workEndedAt;
    const open = repaired === undefined && (priority === 'critical' || rng.chance(0.3));
    if (kind.stops && life.status !== 'cancelled' && (repaired !== undefined || open)) {
      const start = createdAt - rng.logNormal(25 * MINUTE, 0.8);
      const end =
        repaired === undefined
          ? undefined
          : Math.min(ctx.anchor, repaired + rng.int(5, 30) * MINUTE);
      if (downtime.tryBook(asset.id, start, end)) {
        wo.downtime = { startedAt: start, endedAt: end, planned: false };
      }
    }
    orders.push(wo);
  }
  return orders;
}
