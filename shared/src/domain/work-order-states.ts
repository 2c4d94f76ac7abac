import {
  can,
  managesAllWork,
  canUpdateWorkOrder,
  type Actor,
  type WorkOrderScope,
} from '../auth/access';
import type { WorkOrderStatus } from './enums';

/**
 * The work-order life cycle:
 * requested → open → in_progress ⇄ on_hold, in_progress → completed → verified;
 * cancelled from any state before completed.
 */
export const workOrderTransitions: Record<WorkOrderStatus, readonly WorkOrderStatus[]> = {
  requested: ['open', 'cancelled'],
  open: ['in_progress', 'on_hold', 'cancelled'],
  in_progress: ['on_hold', 'completed', 'cancelled'],
  on_hold: ['in_progress', 'cancelled'],
  completed: ['verified'],
  verified: [],
  cancelled: [],
};

/** Transitions that need a reason from the user (kept on the work order). */
export const transitionsNeedingReason: ReadonlySet<WorkOrderStatus> = new Set([
  'on_hold',
  'cancelled',
]);

export type TransitionRefusal =
  | { code: 'invalid'; message: string }
  | { code: 'forbidden'; message: string }
  | { code: 'reason'; message: string };

/**
 * Whether `actor` may move a work order from `from` to `to`. Approving or
 * declining a request needs requests:approve; verifying is for whoever manages
 * all work; cancelling needs work_orders:delete (a requester may withdraw their
 * own request); the rest follows the update scope (assignees and managers).
 */
export function checkTransition(
  actor: Actor,
  wo: WorkOrderScope,
  from: WorkOrderStatus,
  to: WorkOrderStatus,
  reason: string | undefined,
): TransitionRefusal | undefined {
  if (!workOrderTransitions[from].includes(to)) {
    return { code: 'invalid', message: `A ${label(from)} work order cannot become ${label(to)}` };
  }
  if (transitionsNeedingReason.has(to) && !reason?.trim()) {
    return { code: 'reason', message: `Say why the work order is ${label(to)}` };
  }
  const allowed =
    from === 'requested'
      ? can(actor, 'requests:approve') ||
        (to === 'cancelled' && wo.requesterId === actor.userId && can(actor, 'requests:create'))
      : to === 'cancelled'
        ? can(actor, 'work_orders:delete')
        : to === 'verified'
          ? managesAllWork(actor)
          : canUpdateWorkOrder(actor, wo);
  return allowed
    ? undefined
    : { code: 'forbidden', message: `You may not set this work order ${label(to)}` };
}

const label = (s: WorkOrderStatus) => s.replace('_', ' ');
