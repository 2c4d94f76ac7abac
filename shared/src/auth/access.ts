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

export function canReadWorkOrder(actor: Actor, wo: WorkOrderScope): boolean {
  if (can(actor, 'work_orders:read_all')) return true;
  if (wo.requesterId === actor.userId) {
    return can(actor, 'work_orders:read') || can(actor, 'requests:read');
  }
  return can(actor, 'work_orders:read') && wo.assigneeIds.includes(actor.userId);
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
