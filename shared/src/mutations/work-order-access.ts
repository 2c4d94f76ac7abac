import { canReadWorkOrder, type WorkOrderScope } from '../auth/access';
import { notFound } from './define';
import type { MutationTx, Row } from './tx';

async function scopeOf(tx: MutationTx, workOrderId: string, row: Row): Promise<WorkOrderScope> {
  const assignees = await tx.list('work_order_assignees', { work_order_id: workOrderId });
  return {
    requesterId: (row.requester_id as string | null | undefined) ?? null,
    assigneeIds: assignees.map((a) => a.user_id as string),
  };
}

/**
 * The work order a mutator decides on and then changes (itself or its child
 * rows: assignees, logs, steps), read with the locking read so every writer of
 * the aggregate serializes on it (docs/SPEC.md MU-8). Permission before
 * existence (MU-10): one the actor may not read is answered exactly as one
 * that does not exist.
 */
export async function lockReadableWorkOrder(
  tx: MutationTx,
  workOrderId: string,
): Promise<{ row: Row; scope: WorkOrderScope }> {
  const row = await tx.getForUpdate('work_orders', { id: workOrderId });
  if (!row) throw notFound('Work order');
  const scope = await scopeOf(tx, workOrderId, row);
  if (!canReadWorkOrder(tx.actor, scope)) throw notFound('Work order');
  return { row, scope };
}

/** Whether the work order exists and the actor may read it (plain read: nothing is decided on it). */
export async function isReadableWorkOrder(tx: MutationTx, workOrderId: string): Promise<boolean> {
  const row = await tx.get('work_orders', { id: workOrderId });
  return row !== undefined && canReadWorkOrder(tx.actor, await scopeOf(tx, workOrderId, row));
}

/** A work order a new row refers to (not changed itself): NOT_FOUND unless the actor may read it (MU-10). */
export async function assertReadableWorkOrder(tx: MutationTx, workOrderId: string): Promise<void> {
  if (!(await isReadableWorkOrder(tx, workOrderId))) throw notFound('Work order');
}
