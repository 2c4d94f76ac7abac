import { z } from 'zod';
import { can, canUpdateWorkOrder } from '../auth/access';
import { signaturePurposes } from '../domain/enums';
import { AppError } from '../errors';
import { decimal, id, isoTime, positiveDecimal, requiredText, text } from './args';
import { defineMutator, forbidden, notFound } from './define';
import type { MutationTx } from './tx';
import {
  assertReadableWorkOrder,
  isReadableWorkOrder,
  lockReadableWorkOrder,
} from './work-order-access';

/**
 * Facts recorded while working: time, readings, downtime, signatures, parts.
 * They are appended, never merged, so offline devices never conflict.
 */
/** The work order work is logged on: locked (its assignees decide who may log), readable, updatable. */
async function workOrderForWork(tx: MutationTx, workOrderId: string) {
  const { row, scope } = await lockReadableWorkOrder(tx, workOrderId);
  if (!canUpdateWorkOrder(tx.actor, scope))
    throw forbidden('You may only log work on work assigned to you');
  return row;
}

async function assertNew(tx: MutationTx, table: Parameters<MutationTx['get']>[0], rowId: string) {
  if (await tx.get(table, { id: rowId }))
    throw new AppError('CONFLICT', 'A record with this id already exists');
}

const notBefore = (start: string, end: string | undefined) => {
  if (end !== undefined && Date.parse(end) < Date.parse(start)) {
    throw new AppError('VALIDATION', 'The end is before the start');
  }
};

export const addTimeLog = defineMutator(
  {
    name: 'timeLog.add',
    label: 'Time logged on a work order',
  },
  z.strictObject({
    id,
    workOrderId: id,
    startedAt: isoTime,
    endedAt: isoTime.optional(),
    note: text(2000).optional(),
  }),
  async (tx, a) => {
    await workOrderForWork(tx, a.workOrderId);
    await assertNew(tx, 'time_logs', a.id);
    notBefore(a.startedAt, a.endedAt);
    await tx.insert('time_logs', {
      id: a.id,
      work_order_id: a.workOrderId,
      user_id: tx.actor.userId,
      started_at: a.startedAt,
      ended_at: a.endedAt ?? null,
      note: a.note ?? null,
      created_at: tx.now(),
    });
  },
);

export const stopTimeLog = defineMutator(
  {
    name: 'timeLog.stop',
    label: 'Timer stopped',
  },
  z.strictObject({ id, endedAt: isoTime }),
  async (tx, a) => {
    const log = await tx.getForUpdate('time_logs', { id: a.id });
    if (!log) throw notFound('Time log');
    if (log.user_id !== tx.actor.userId) {
      // Someone else's timer on work the actor may not read does not exist for them (MU-10).
      if (!(await isReadableWorkOrder(tx, String(log.work_order_id)))) throw notFound('Time log');
      throw forbidden('You may only stop your own timer');
    }
    if (log.ended_at) throw new AppError('CONFLICT', 'This timer is already stopped');
    notBefore(String(log.started_at), a.endedAt);
    await tx.update('time_logs', { id: a.id }, { ended_at: a.endedAt });
  },
);

export const addMeterReading = defineMutator(
  {
    name: 'meterReading.add',
    label: 'Meter reading',
    describe: (a) => `Meter reading ${a.value}`,
  },
  z.strictObject({
    id,
    meterId: id,
    value: decimal,
    readAt: isoTime,
    workOrderId: id.optional(),
    note: text(2000).optional(),
  }),
  async (tx, a) => {
    if (!can(tx.actor, 'work_orders:update') && !can(tx.actor, 'assets:update')) {
      throw forbidden('You may not record meter readings');
    }
    if (!(await tx.get('meters', { id: a.meterId }))) throw notFound('Meter');
    if (a.workOrderId) await assertReadableWorkOrder(tx, a.workOrderId);
    await assertNew(tx, 'meter_readings', a.id);
    await tx.insert('meter_readings', {
      id: a.id,
      meter_id: a.meterId,
      value: a.value,
      read_at: a.readAt,
      recorded_by: tx.actor.userId,
      work_order_id: a.workOrderId ?? null,
      note: a.note ?? null,
      created_at: tx.now(),
    });
  },
);

export const startDowntime = defineMutator(
  {
    name: 'downtime.start',
    label: 'Downtime started',
  },
  z.strictObject({
    id,
    assetId: id,
    startedAt: isoTime,
    planned: z.boolean().optional(),
    cause: text(2000).optional(),
    failureCode: text(100).optional(),
    workOrderId: id.optional(),
  }),
  async (tx, a) => {
    if (!can(tx.actor, 'work_orders:update') && !can(tx.actor, 'assets:update')) {
      throw forbidden('You may not record downtime');
    }
    // The asset's status follows its open downtimes: its writers serialize on the asset (MU-8).
    if (!(await tx.getForUpdate('assets', { id: a.assetId }))) throw notFound('Asset');
    if (a.workOrderId) await assertReadableWorkOrder(tx, a.workOrderId);
    await assertNew(tx, 'asset_downtime', a.id);
    const now = tx.now();
    await tx.insert('asset_downtime', {
      id: a.id,
      asset_id: a.assetId,
      started_at: a.startedAt,
      planned: a.planned ?? false,
      cause: a.cause ?? null,
      failure_code: a.failureCode ?? null,
      work_order_id: a.workOrderId ?? null,
      reported_by: tx.actor.userId,
      created_at: now,
      updated_at: now,
    });
    await tx.update('assets', { id: a.assetId }, { status: 'down', updated_at: now });
  },
);

export const endDowntime = defineMutator(
  {
    name: 'downtime.end',
    label: 'Downtime ended',
  },
  z.strictObject({
    id,
    endedAt: isoTime,
    cause: text(2000).optional(),
    failureCode: text(100).optional(),
  }),
  async (tx, a) => {
    if (!can(tx.actor, 'work_orders:update') && !can(tx.actor, 'assets:update')) {
      throw forbidden('You may not record downtime');
    }
    const seen = await tx.get('asset_downtime', { id: a.id });
    if (!seen) throw notFound('Downtime');
    // Asset first, then the downtime: the order startDowntime locks in (MU-8).
    await tx.getForUpdate('assets', { id: seen.asset_id });
    const downtime = await tx.getForUpdate('asset_downtime', { id: a.id });
    if (!downtime) throw notFound('Downtime');
    if (downtime.ended_at) throw new AppError('CONFLICT', 'This downtime has already ended');
    notBefore(String(downtime.started_at), a.endedAt);
    const now = tx.now();
    await tx.update(
      'asset_downtime',
      { id: a.id },
      {
        ended_at: a.endedAt,
        ...(a.cause === undefined ? {} : { cause: a.cause }),
        ...(a.failureCode === undefined ? {} : { failure_code: a.failureCode }),
        updated_at: now,
      },
    );
    const stillDown = (await tx.list('asset_downtime', { asset_id: downtime.asset_id })).some(
      (d) => d.id !== a.id && !d.ended_at,
    );
    if (!stillDown)
      await tx.update(
        'assets',
        { id: downtime.asset_id },
        { status: 'operational', updated_at: now },
      );
  },
);

export const addSignature = defineMutator(
  {
    name: 'signature.add',
    label: 'Signature',
    describe: (a) => `Signature by ${a.signerName}`,
  },
  z.strictObject({
    id,
    workOrderId: id,
    signerName: requiredText(200),
    purpose: z.enum(signaturePurposes),
    image: requiredText(200_000),
    signedAt: isoTime,
  }),
  async (tx, a) => {
    await workOrderForWork(tx, a.workOrderId);
    await assertNew(tx, 'signatures', a.id);
    await tx.insert('signatures', {
      id: a.id,
      work_order_id: a.workOrderId,
      signer_id: tx.actor.userId,
      signer_name: a.signerName,
      purpose: a.purpose,
      image: a.image,
      signed_at: a.signedAt,
      created_at: tx.now(),
    });
  },
);

/** Records a part used on a work order and the ledger issue it causes, together. */
export const addPartUsed = defineMutator(
  {
    name: 'partUsed.add',
    label: 'Part used on a work order',
    describe: (a) => `Part used on a work order (${a.quantity})`,
  },
  z.strictObject({
    id,
    movementId: id,
    workOrderId: id,
    partId: id,
    stockLocationId: id,
    quantity: positiveDecimal,
    usedAt: isoTime,
  }),
  async (tx, a) => {
    await workOrderForWork(tx, a.workOrderId);
    // The ledger's writers serialize on the part (as in inventory.ts).
    const part = await tx.getForUpdate('parts', { id: a.partId });
    if (!part) throw notFound('Part');
    if (!(await tx.get('stock_locations', { id: a.stockLocationId })))
      throw notFound('Stock location');
    await assertNew(tx, 'parts_used', a.id);
    if (a.id === a.movementId)
      throw new AppError('VALIDATION', 'The usage and its ledger entry need different ids');
    const now = tx.now();
    await tx.insert('inventory_movements', {
      id: a.movementId,
      part_id: a.partId,
      stock_location_id: a.stockLocationId,
      kind: 'issue',
      quantity: a.quantity.startsWith('-') ? a.quantity : `-${a.quantity}`,
      unit_cost: part.unit_cost ?? null,
      work_order_id: a.workOrderId,
      actor_id: tx.actor.userId,
      occurred_at: a.usedAt,
      created_at: now,
    });
    await tx.insert('parts_used', {
      id: a.id,
      work_order_id: a.workOrderId,
      part_id: a.partId,
      stock_location_id: a.stockLocationId,
      quantity: a.quantity,
      unit_cost: part.unit_cost ?? null,
      inventory_movement_id: a.movementId,
      recorded_by: tx.actor.userId,
      used_at: a.usedAt,
      created_at: now,
    });
  },
);
