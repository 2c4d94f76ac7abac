import { z } from 'zod';
import { can, canAssignWorkOrder, canUpdateWorkOrder, type Actor } from '../auth/access';
import {
  priorities,
  workOrderStatuses,
  workOrderTypes,
  type WorkOrderStatus,
} from '../domain/enums';
import { checkTransition } from '../domain/work-order-states';
import { AppError } from '../errors';
import { decimal, id, isoTime, requiredText, text } from './args';
import { assertNoConflicts } from './conflicts';
import { defineMutator, fieldList, forbidden, notFound } from './define';
import type { MutationTx, Row } from './tx';
import { lockReadableWorkOrder } from './work-order-access';

const assigneeIds = z.array(id).max(20);

async function assertReferences(
  tx: MutationTx,
  refs: { assetId?: string | null; locationId?: string | null },
) {
  if (refs.assetId && !(await tx.get('assets', { id: refs.assetId }))) throw notFound('Asset');
  if (refs.locationId && !(await tx.get('locations', { id: refs.locationId })))
    throw notFound('Location');
}

async function assertActiveUsers(tx: MutationTx, userIds: readonly string[]) {
  for (const userId of new Set(userIds)) {
    const user = await tx.get('users', { id: userId });
    if (!user || user.deactivated_at) {
      throw new AppError('VALIDATION', 'Assignees must be active users', { userId });
    }
  }
}

async function setAssignees(
  tx: MutationTx,
  workOrderId: string,
  current: readonly string[],
  next: readonly string[],
) {
  const wanted = new Set(next);
  for (const userId of current) {
    if (!wanted.has(userId))
      await tx.delete('work_order_assignees', { work_order_id: workOrderId, user_id: userId });
  }
  for (const userId of wanted) {
    if (!current.includes(userId)) {
      await tx.insert('work_order_assignees', {
        work_order_id: workOrderId,
        user_id: userId,
        assigned_by: tx.actor.userId,
        assigned_at: tx.now(),
      });
    }
  }
}

/** A work order needs assign rights to be given to others; taking it oneself is a self-assign. */
function mayAssignAtCreation(actor: Actor, ids: readonly string[]) {
  return (
    ids.length === 0 ||
    can(actor, 'work_orders:assign') ||
    (ids.length === 1 && ids[0] === actor.userId)
  );
}

export const createWorkOrder = defineMutator(
  {
    name: 'workOrder.create',
    label: 'New work order',
    describe: (a) => `New work order “${a.title}”`,
  },
  z.strictObject({
    id,
    title: requiredText(200),
    description: text(10_000).optional(),
    type: z.enum(workOrderTypes),
    priority: z.enum(priorities),
    assetId: id.optional(),
    locationId: id.optional(),
    dueDate: isoTime.optional(),
    assigneeIds: assigneeIds.optional(),
    category: text(100).optional(),
    estimatedHours: decimal.optional(),
  }),
  async (tx, args) => {
    if (!can(tx.actor, 'work_orders:create')) throw forbidden('You may not create work orders');
    const assignees = args.assigneeIds ?? [];
    if (!mayAssignAtCreation(tx.actor, assignees))
      throw forbidden('You may not assign work to others');
    if (await tx.get('work_orders', { id: args.id })) {
      throw new AppError('CONFLICT', 'A work order with this id already exists');
    }
    await assertReferences(tx, args);
    await assertActiveUsers(tx, assignees);
    const now = tx.now();
    await tx.insert('work_orders', {
      id: args.id,
      number: await tx.nextNumber('work_order_number'),
      title: args.title,
      description: args.description ?? null,
      type: args.type,
      priority: args.priority,
      status: 'open',
      planned: args.type === 'preventive' || args.type === 'inspection',
      estimated_hours: args.estimatedHours ?? null,
      due_date: args.dueDate ?? null,
      asset_id: args.assetId ?? null,
      location_id: args.locationId ?? null,
      category: args.category ?? null,
      created_by: tx.actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await setAssignees(tx, args.id, [], assignees);
    await tx.emit('work_order.created', { workOrderId: args.id });
  },
);

export const submitRequest = defineMutator(
  {
    name: 'request.submit',
    label: 'New request',
    describe: (a) => `New request “${a.title}”`,
  },
  z.strictObject({
    id,
    title: requiredText(200),
    description: text(10_000).optional(),
    priority: z.enum(priorities).optional(),
    assetId: id.optional(),
    locationId: id.optional(),
  }),
  async (tx, args) => {
    if (!can(tx.actor, 'requests:create')) throw forbidden('You may not submit requests');
    if (await tx.get('work_orders', { id: args.id })) {
      throw new AppError('CONFLICT', 'A request with this id already exists');
    }
    await assertReferences(tx, args);
    const now = tx.now();
    await tx.insert('work_orders', {
      id: args.id,
      number: await tx.nextNumber('work_order_number'),
      title: args.title,
      description: args.description ?? null,
      type: 'corrective',
      priority: args.priority ?? 'medium',
      status: 'requested',
      planned: false,
      asset_id: args.assetId ?? null,
      location_id: args.locationId ?? null,
      requester_id: tx.actor.userId,
      created_by: tx.actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await tx.emit('request.submitted', { workOrderId: args.id });
  },
);

/** Fields `workOrder.update` may change: API name → column. */
const updatableFields = {
  title: 'title',
  description: 'description',
  priority: 'priority',
  type: 'type',
  dueDate: 'due_date',
  assetId: 'asset_id',
  locationId: 'location_id',
  category: 'category',
  estimatedHours: 'estimated_hours',
  failureCode: 'failure_code',
  cause: 'cause',
  resolution: 'resolution',
} as const;

const changesSchema = z
  .object({
    title: requiredText(200),
    description: text(10_000).nullable(),
    priority: z.enum(priorities),
    type: z.enum(workOrderTypes),
    dueDate: isoTime.nullable(),
    assetId: id.nullable(),
    locationId: id.nullable(),
    category: text(100).nullable(),
    estimatedHours: decimal.nullable(),
    failureCode: text(100).nullable(),
    cause: text(2000).nullable(),
    resolution: text(10_000).nullable(),
  })
  .partial()
  .strict();

const closedStatuses: ReadonlySet<WorkOrderStatus> = new Set(['verified', 'cancelled']);

export const updateWorkOrder = defineMutator(
  {
    name: 'workOrder.update',
    label: 'Change to a work order',
    describe: (a) => `Change to a work order (${fieldList(a.changes)})`,
  },
  z.strictObject({
    id,
    changes: changesSchema.refine(
      (c) => Object.keys(c).length > 0,
      'name at least one field to change',
    ),
    seen: z.record(z.string(), z.unknown()).optional(),
  }),
  async (tx, args) => {
    const { row, scope } = await lockReadableWorkOrder(tx, args.id);
    if (!canUpdateWorkOrder(tx.actor, scope))
      throw forbidden('You may only update work assigned to you');
    if (closedStatuses.has(row.status as WorkOrderStatus)) {
      throw new AppError(
        'CONFLICT',
        `The work order is ${String(row.status)}; it can no longer be edited`,
      );
    }
    const changes: Row = {};
    const seen: Row = {};
    for (const [field, value] of Object.entries(args.changes)) {
      const column = updatableFields[field as keyof typeof updatableFields];
      changes[column] = value;
      if (args.seen && field in args.seen) seen[column] = args.seen[field];
    }
    assertNoConflicts(row, changes, seen);
    await assertReferences(tx, {
      assetId: changes.asset_id as string | null | undefined,
      locationId: changes.location_id as string | null | undefined,
    });
    await tx.update(
      'work_orders',
      { id: args.id },
      {
        ...changes,
        version: Number(row.version) + 1,
        updated_at: tx.now(),
      },
    );
  },
);

const statusTimestamps: Partial<Record<WorkOrderStatus, string>> = {
  completed: 'completed_at',
  verified: 'verified_at',
  cancelled: 'cancelled_at',
};

export const transitionWorkOrder = defineMutator(
  {
    name: 'workOrder.transition',
    label: 'Status change of a work order',
    describe: (a) => `Set a work order ${a.to.replace('_', ' ')}`,
  },
  z.strictObject({ id, to: z.enum(workOrderStatuses), reason: text(2000).optional() }),
  async (tx, args) => {
    const { row, scope } = await lockReadableWorkOrder(tx, args.id);
    const from = row.status as WorkOrderStatus;
    const refusal = checkTransition(tx.actor, scope, from, args.to, args.reason);
    if (refusal) {
      throw new AppError(
        refusal.code === 'forbidden'
          ? 'AUTHZ'
          : refusal.code === 'reason'
            ? 'VALIDATION'
            : 'CONFLICT',
        refusal.message,
        {
          from,
          to: args.to,
        },
      );
    }
    const now = tx.now();
    const changes: Row = { status: args.to, version: Number(row.version) + 1, updated_at: now };
    if (args.to === 'in_progress' && !row.started_at) changes.started_at = now;
    const stamp = statusTimestamps[args.to];
    if (stamp) changes[stamp] = now;
    if (args.to === 'on_hold') changes.hold_reason = args.reason;
    if (args.to === 'cancelled') changes.cancel_reason = args.reason;
    await tx.update('work_orders', { id: args.id }, changes);
    await tx.emit('work_order.transitioned', { workOrderId: args.id, from, to: args.to });
  },
);

export const assignWorkOrder = defineMutator(
  {
    name: 'workOrder.assign',
    label: 'Assignment of a work order',
  },
  z.strictObject({ id, assigneeIds }),
  async (tx, args) => {
    const { row, scope } = await lockReadableWorkOrder(tx, args.id);
    if (!canAssignWorkOrder(tx.actor, scope, args.assigneeIds)) {
      throw forbidden('You may only take unassigned work for yourself');
    }
    if (closedStatuses.has(row.status as WorkOrderStatus)) {
      throw new AppError(
        'CONFLICT',
        `The work order is ${String(row.status)}; it can no longer be assigned`,
      );
    }
    await assertActiveUsers(tx, args.assigneeIds);
    await setAssignees(tx, args.id, scope.assigneeIds, args.assigneeIds);
    await tx.update(
      'work_orders',
      { id: args.id },
      { version: Number(row.version) + 1, updated_at: tx.now() },
    );
    await tx.emit('work_order.assigned', { workOrderId: args.id, assigneeIds: args.assigneeIds });
  },
);
