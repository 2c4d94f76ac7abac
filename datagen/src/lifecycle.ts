import type { WorkOrderStatus } from '@plantkeep/shared';
import type { Rng } from './prng';
import { DAY, HOUR, MINUTE } from './time';
import { cancelReasons, holdReasons } from './vocabulary';

/**
 * The timeline of one work order. Every order is first played out to the
 * end (approved, assigned, started, completed, maybe verified) and then cut
 * at the anchor: whatever had not happened yet by "now" is dropped. Old
 * orders therefore end up completed or verified, recent ones open or in
 * progress, exactly as in a live system, and timestamps always agree with
 * the status.
 */

export interface Lifecycle {
  status: WorkOrderStatus;
  createdAt: number;
  approvedAt: number | undefined;
  assignedAt: number | undefined;
  startedAt: number | undefined;
  /** When the physical work ended (the asset runs again); completion may be logged later. */
  workEndedAt: number | undefined;
  completedAt: number | undefined;
  verifiedAt: number | undefined;
  cancelledAt: number | undefined;
  holdReason: string | undefined;
  cancelReason: string | undefined;
  /** Wrench hours the job takes in total (split across assignees' time logs). */
  actualHours: number;
  updatedAt: number;
  version: number;
}

export interface LifecycleInput {
  createdAt: number;
  /** When work would start if nothing interferes. */
  plannedStart: number;
  estimatedHours: number;
  /** A maintenance request waits for a supervisor's approval first. */
  isRequest: boolean;
  /** Urgent work (critical priority) is never left to stall in the backlog. */
  urgent: boolean;
  cancelRate: number;
}

const VERIFY_RATE = 0.72;
/** Share of recent jobs that stalled and still wait (the backlog every plant has). */
const STALL_RATE = 0.04;
const STALL_WINDOW = 180 * DAY;
/** Share of recent requests nobody has triaged yet. */
const UNTRIAGED_RATE = 0.35;
const UNTRIAGED_WINDOW = 21 * DAY;

export function planLifecycle(rng: Rng, anchor: number, input: LifecycleInput): Lifecycle {
  const { createdAt } = input;
  const life: Lifecycle = {
    status: 'open',
    createdAt,
    approvedAt: undefined,
    assignedAt: undefined,
    startedAt: undefined,
    workEndedAt: undefined,
    completedAt: undefined,
    verifiedAt: undefined,
    cancelledAt: undefined,
    holdReason: undefined,
    cancelReason: undefined,
    actualHours: Math.max(0.25, input.estimatedHours * rng.logNormal(1, 0.35)),
    updatedAt: createdAt,
    version: 1,
  };

  if (input.isRequest) {
    // Supervisors triage requests in batches; some sit for days.
    const triage = rng.chance(0.3) ? rng.logNormal(3 * DAY, 0.7) : rng.logNormal(8 * HOUR, 1);
    life.approvedAt = createdAt + Math.min(21 * DAY, triage);
    const untriaged = createdAt > anchor - UNTRIAGED_WINDOW && rng.chance(UNTRIAGED_RATE);
    if (untriaged || life.approvedAt > anchor) {
      return finish({ ...life, approvedAt: undefined, status: 'requested' });
    }
  }
  const assignedAt = (life.approvedAt ?? createdAt) + rng.logNormal(30 * MINUTE, 1);

  if (rng.chance(input.cancelRate)) {
    const cancelledAt = createdAt + rng.logNormal(1.5 * DAY, 1);
    if (cancelledAt <= anchor) {
      return finish({
        ...life,
        status: 'cancelled',
        assignedAt: assignedAt < cancelledAt ? assignedAt : undefined,
        cancelledAt,
        cancelReason: rng.pick(cancelReasons),
      });
    }
  }

  const startedAt = Math.max(input.plannedStart, assignedAt + 5 * MINUTE);
  const working =
    life.actualHours <= 8
      ? life.actualHours * rng.float(1.05, 1.5) * HOUR
      : (life.actualHours + (Math.ceil(life.actualHours / 7) - 1) * 16) * HOUR;
  // Some jobs stop part-way to wait for parts or a shutdown window.
  const hold = rng.chance(0.12)
    ? { from: startedAt + working * rng.float(0.2, 0.8), length: rng.logNormal(3 * DAY, 0.8) }
    : undefined;
  const workEndedAt = startedAt + working + (hold?.length ?? 0);
  // Paperwork: many jobs are closed in the system a day or two after the work, some after a week.
  const closeout = rng.weighted({ prompt: 48, nextDay: 40, late: 12 });
  const completedAt =
    workEndedAt +
    (closeout === 'prompt'
      ? rng.int(5, 60) * MINUTE
      : rng.logNormal(closeout === 'nextDay' ? 30 * HOUR : 7 * DAY, 0.6));
  const verifiedAt = rng.chance(VERIFY_RATE)
    ? completedAt + rng.logNormal(18 * HOUR, 0.9)
    : undefined;
  const holdReason = rng.pick(holdReasons);

  const stalled = !input.urgent && createdAt > anchor - STALL_WINDOW && rng.chance(STALL_RATE);
  if (completedAt <= anchor && stalled) {
    return rng.chance(0.5)
      ? finish({ ...life, assignedAt, status: 'open' })
      : finish({ ...life, assignedAt, startedAt, status: 'on_hold', holdReason });
  }

  if (assignedAt > anchor) return finish(life);
  if (startedAt > anchor) return finish({ ...life, assignedAt });
  if (completedAt > anchor) {
    const onHold = hold !== undefined && hold.from <= anchor && anchor < hold.from + hold.length;
    return finish({
      ...life,
      assignedAt,
      startedAt,
      workEndedAt: workEndedAt <= anchor ? workEndedAt : undefined,
      status: onHold ? 'on_hold' : 'in_progress',
      holdReason: onHold ? holdReason : undefined,
    });
  }
  const verified = verifiedAt !== undefined && verifiedAt <= anchor;
  return finish({
    ...life,
    assignedAt,
    startedAt,
    workEndedAt,
    completedAt,
    verifiedAt: verified ? verifiedAt : undefined,
    status: verified ? 'verified' : 'completed',
  });
}

/** The row's version counts its transitions; updated_at is the latest of them. */
function finish(life: Lifecycle): Lifecycle {
  const events = [
    life.approvedAt,
    life.assignedAt,
    life.startedAt,
    life.holdReason === undefined ? undefined : (life.startedAt ?? life.assignedAt),
    life.completedAt,
    life.verifiedAt,
    life.cancelledAt,
  ].filter((t): t is number => t !== undefined);
  return {
    ...life,
    version: 1 + events.length,
    updatedAt: Math.max(life.createdAt, ...events),
  };
}

/** Median hours from report to start, by priority: emergencies start within minutes. */
export const responseHours = { critical: 1, high: 6, medium: 24, low: 72 } as const;
