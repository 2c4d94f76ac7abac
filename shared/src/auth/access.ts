import { canReadRow, type VisibleRow } from '../sync/visibility-check';
import type { Permission } from './permissions';

/**
 * Who is acting. The server builds it from the verified token and the
 * database on every request; the client builds it from its synced copy to
 * hide what the server would refuse. Same rules on both sides.
 */
export interface Actor {
  userId: string;
  tenantId: string;
  permissions: ReadonlySet<Permission>;
}

/** The parts of a work order its row scope depends on. */
export interface WorkOrderScope {
  requesterId: string | null;
  assigneeIds: readonly string[];
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/**
 * Whoever may assign work to people manages the tenant's work: they may
 * update any work order. Everyone else (technicians) updates only their own.
 */
export function managesAllWork(actor: Actor): boolean {
  return can(actor, 'work_orders:assign');
}

/**
 * The work-order read rule of `syncedTables.work_orders` (docs/SPEC.md VI-3),
 * evaluated over one work order: exactly the rows the caller's device syncs.
 */
export function canReadWorkOrder(actor: Actor, wo: WorkOrderScope): boolean {
  const id = 'work-order-in-question';
  const assignees: VisibleRow[] = wo.assigneeIds.map((userId) => ({
    tenant_id: actor.tenantId,
    work_order_id: id,
    user_id: userId,
  }));
  return canReadRow(
    actor,
    'work_orders',
    { tenant_id: actor.tenantId, id, requester_id: wo.requesterId },
    { related: (table) => (table === 'work_order_assignees' ? assignees : []) },
  );
}

export function canUpdateWorkOrder(actor: Actor, wo: WorkOrderScope): boolean {
  if (!can(actor, 'work_orders:update')) return false;
  return managesAllWork(actor) || wo.assigneeIds.includes(actor.userId);
}

/**
 * Assigning: managers assign anyone; a technician may only take unassigned
 * work for themself (self-assign).
 */
export function canAssignWorkOrder(
  actor: Actor,
  wo: WorkOrderScope,
  assigneeIds: readonly string[],
): boolean {
  if (managesAllWork(actor)) return true;
  return (
    can(actor, 'work_orders:update') &&
    wo.assigneeIds.length === 0 &&
    assigneeIds.length === 1 &&
    assigneeIds[0] === actor.userId
  );
}

/** Requesters see only their own requests; readers of all work see every request. */
export function canReadRequest(actor: Actor, request: { requesterId: string | null }): boolean {
  if (can(actor, 'work_orders:read_all')) return true;
  return can(actor, 'requests:read') && request.requesterId === actor.userId;
}

/** Internal comments are hidden from anyone who cannot read all of the tenant's work. */
export function canSeeInternalComments(actor: Actor): boolean {
  return can(actor, 'work_orders:read_all');
}

/** A viewer-like actor holds no permission that writes anything. */
export function isReadOnly(actor: Actor): boolean {
  for (const p of actor.permissions) {
    if (!p.endsWith(':read') && !p.endsWith(':read_all')) return false;
  }
  return true;
}
