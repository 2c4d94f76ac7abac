import {
  timeLogs,
  workOrderAssignees,
  workOrderComments,
  workOrders,
  workOrderSteps,
  ydocUpdates,
} from '@plantkeep/shared/schema';
import { commentRows, timeLogRows } from './activity';
import { batch, num, type Batch } from './batch';
import type { SeedContext } from './context';
import { hasLiveDocument, seededDocument } from './documents';
import type { Team, WorkOrderPlan } from './model';
import type { PartsUsage } from './parts-usage';
import type { Rng } from './prng';
import { stepRows } from './steps';
import { iso, isoDate } from './time';

/**
 * Turns numbered work-order plans into rows, a chunk at a time so the
 * biggest tenants never hold all their steps and comments in memory.
 */

const at = (ms: number | undefined) => (ms === undefined ? null : iso(ms));

/** Sorts plans by creation time and numbers them 1..N, as the server would have. */
export function numberWorkOrders(orders: WorkOrderPlan[]): WorkOrderPlan[] {
  const sorted = [...orders].sort(
    (a, b) => a.life.createdAt - b.life.createdAt || a.id.localeCompare(b.id),
  );
  sorted.forEach((wo, i) => {
    wo.number = i + 1;
  });
  return sorted;
}

function workOrderRow(tenantId: string, wo: WorkOrderPlan): typeof workOrders.$inferInsert {
  const { life } = wo;
  // A failure code is known once a technician has looked, or when the asset stopped.
  const diagnosed = life.startedAt !== undefined || wo.downtime !== undefined;
  return {
    tenantId,
    id: wo.id,
    number: wo.number,
    title: wo.title,
    description: wo.description ?? null,
    type: wo.type,
    priority: wo.priority,
    status: life.status,
    planned: wo.planned,
    estimatedHours: num(wo.estimatedHours),
    dueDate: iso(wo.dueDate),
    assetId: wo.asset.id,
    locationId: wo.asset.locationId,
    requesterId: wo.requester?.id ?? null,
    createdBy: wo.createdBy?.id ?? null,
    category: wo.category,
    failureCode: diagnosed ? (wo.failure?.code ?? null) : null,
    cause: wo.cause ?? null,
    resolution: wo.resolution ?? null,
    holdReason: life.status === 'on_hold' ? (life.holdReason ?? null) : null,
    cancelReason: life.cancelReason ?? null,
    pmScheduleId: wo.schedule?.id ?? null,
    pmDueOn: wo.pmDueOn === undefined ? null : isoDate(wo.pmDueOn),
    startedAt: at(life.startedAt),
    completedAt: at(life.completedAt),
    verifiedAt: at(life.verifiedAt),
    cancelledAt: at(life.cancelledAt),
    version: life.version,
    createdAt: iso(life.createdAt),
    updatedAt: iso(life.updatedAt),
  };
}

export function workOrderBatches(
  ctx: SeedContext,
  rng: Rng,
  team: Team,
  usage: PartsUsage,
  chunk: WorkOrderPlan[],
): Batch[] {
  const { tenantId, anchor } = ctx;
  const orders = chunk.map((wo) => workOrderRow(tenantId, wo));
  const assignees: (typeof workOrderAssignees.$inferInsert)[] = [];
  const steps: (typeof workOrderSteps.$inferInsert)[] = [];
  const comments: (typeof workOrderComments.$inferInsert)[] = [];
  const logs: (typeof timeLogs.$inferInsert)[] = [];
  const documents: (typeof ydocUpdates.$inferInsert)[] = [];
  // One work order at a time, so the random stream does not depend on the chunk size.
  for (const wo of chunk) {
    const assignedAt = wo.life.assignedAt;
    if (assignedAt !== undefined) {
      for (const person of wo.assignees) {
        assignees.push({
          tenantId,
          workOrderId: wo.id,
          userId: person.id,
          assignedBy: team.supervisor.id,
          assignedAt: iso(assignedAt),
        });
      }
    }
    const woSteps = stepRows(rng, tenantId, wo, anchor);
    const woComments = commentRows(rng, tenantId, team, wo, anchor);
    steps.push(...woSteps);
    comments.push(...woComments);
    const order = orders.find((o) => o.id === wo.id);
    if (order && hasLiveDocument(order.status ?? '')) {
      const doc = seededDocument(tenantId, wo.id, iso(wo.life.createdAt), woSteps, woComments);
      if (doc) documents.push(doc);
    }
    logs.push(...timeLogRows(rng, tenantId, wo, anchor));
    usage.record(rng, wo);
  }
  return [
    batch(workOrders, orders),
    batch(workOrderAssignees, assignees),
    batch(workOrderSteps, steps),
    batch(workOrderComments, comments),
    batch(timeLogs, logs),
    batch(ydocUpdates, documents),
  ];
}
