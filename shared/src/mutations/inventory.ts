import { z } from 'zod';
import { can } from '../auth/access';
import type { MovementKind } from '../domain/enums';
import { AppError } from '../errors';
import { decimal, id, isoTime, positiveDecimal, text } from './args';
import { defineMutator, forbidden, notFound } from './define';
import type { MutationTx, Row } from './tx';
import { assertReadableWorkOrder } from './work-order-access';

/**
 * Inventory is an append-only ledger: every mutation adds movements, none
 * rewrites them, so offline devices never conflict. Stock may go negative
 * (the part was physically used); that is flagged by reports, not refused.
 */
async function appendMovement(
  tx: MutationTx,
  movement: {
    id: string;
    partId: string;
    stockLocationId: string;
    kind: MovementKind;
    quantity: string;
  } & Row,
) {
  const { id: movementId, partId, stockLocationId, kind, quantity, ...rest } = movement;
  await tx.insert('inventory_movements', {
    id: movementId,
    part_id: partId,
    stock_location_id: stockLocationId,
    kind,
    quantity,
    actor_id: tx.actor.userId,
    occurred_at: tx.now(),
    created_at: tx.now(),
    ...rest,
  });
}

/**
 * The part is locked: every writer of its ledger serializes on it, so a count's
 * delta is taken against the stock the other writers left (MU-8).
 */
async function assertStock(tx: MutationTx, partId: string, ...stockLocationIds: string[]) {
  if (!(await tx.getForUpdate('parts', { id: partId }))) throw notFound('Part');
  for (const stockLocationId of stockLocationIds) {
    if (!(await tx.get('stock_locations', { id: stockLocationId })))
      throw notFound('Stock location');
  }
}

const negate = (quantity: string) =>
  quantity.startsWith('-') ? quantity.slice(1) : `-${quantity}`;
const base = {
  partId: id,
  stockLocationId: id,
  reference: text(200).optional(),
  note: text(2000).optional(),
};

export const receiveStock = defineMutator(
  {
    name: 'inventory.receive',
    label: 'Stock received',
    describe: (a) => `Stock received (${a.quantity})`,
  },
  z.strictObject({ id, ...base, quantity: positiveDecimal, unitCost: decimal.optional() }),
  async (tx, a) => {
    if (!can(tx.actor, 'inventory:adjust')) throw forbidden('You may not receive stock');
    await assertStock(tx, a.partId, a.stockLocationId);
    await appendMovement(tx, {
      id: a.id,
      partId: a.partId,
      stockLocationId: a.stockLocationId,
      kind: 'receive',
      quantity: a.quantity,
      unit_cost: a.unitCost ?? null,
      reference: a.reference ?? null,
      note: a.note ?? null,
    });
  },
);

export const issueStock = defineMutator(
  {
    name: 'inventory.issue',
    label: 'Stock issued',
    describe: (a) => `Stock issued (${a.quantity})`,
  },
  z.strictObject({ id, ...base, quantity: positiveDecimal, workOrderId: id.optional() }),
  async (tx, a) => {
    if (!can(tx.actor, 'inventory:adjust')) throw forbidden('You may not issue stock');
    await assertStock(tx, a.partId, a.stockLocationId);
    if (a.workOrderId) await assertReadableWorkOrder(tx, a.workOrderId);
    await appendMovement(tx, {
      id: a.id,
      partId: a.partId,
      stockLocationId: a.stockLocationId,
      kind: 'issue',
      quantity: negate(a.quantity),
      work_order_id: a.workOrderId ?? null,
      reference: a.reference ?? null,
      note: a.note ?? null,
    });
  },
);

export const transferStock = defineMutator(
  {
    name: 'inventory.transfer',
    label: 'Stock transfer',
    describe: (a) => `Stock transfer (${a.quantity})`,
  },
  z.strictObject({
    id,
    inId: id,
    partId: id,
    fromStockLocationId: id,
    toStockLocationId: id,
    quantity: positiveDecimal,
    note: text(2000).optional(),
  }),
  async (tx, a) => {
    if (!can(tx.actor, 'inventory:transfer')) throw forbidden('You may not transfer stock');
    if (a.fromStockLocationId === a.toStockLocationId) {
      throw new AppError('VALIDATION', 'Transfer between two different stock locations');
    }
    if (a.id === a.inId)
      throw new AppError('VALIDATION', 'The two ledger entries need different ids');
    await assertStock(tx, a.partId, a.fromStockLocationId, a.toStockLocationId);
    const common = {
      partId: a.partId,
      kind: 'transfer' as const,
      transfer_id: a.id,
      note: a.note ?? null,
    };
    await appendMovement(tx, {
      ...common,
      id: a.id,
      stockLocationId: a.fromStockLocationId,
      quantity: negate(a.quantity),
    });
    await appendMovement(tx, {
      ...common,
      id: a.inId,
      stockLocationId: a.toStockLocationId,
      quantity: a.quantity,
    });
  },
);

/** A correction by a signed quantity, or a physical count (`countedQuantity`) recorded with its delta. */
export const adjustStock = defineMutator(
  {
    name: 'inventory.adjust',
    label: 'Stock adjustment',
    describe: (a) =>
      a.countedQuantity === undefined
        ? `Stock adjustment (${a.quantity})`
        : `Stock count (${a.countedQuantity})`,
  },
  z
    .strictObject({
      id,
      ...base,
      quantity: decimal.optional(),
      countedQuantity: decimal.optional(),
      countedAt: isoTime.optional(),
    })
    .refine(
      (a) => (a.quantity === undefined) !== (a.countedQuantity === undefined),
      'give either quantity or countedQuantity',
    ),
  async (tx, a) => {
    if (!can(tx.actor, 'inventory:adjust')) throw forbidden('You may not adjust stock');
    await assertStock(tx, a.partId, a.stockLocationId);
    if (a.quantity !== undefined) {
      if (Number(a.quantity) === 0)
        throw new AppError('VALIDATION', 'An adjustment needs a non-zero quantity');
      await appendMovement(tx, {
        id: a.id,
        partId: a.partId,
        stockLocationId: a.stockLocationId,
        kind: 'adjust',
        quantity: a.quantity,
        reference: a.reference ?? null,
        note: a.note ?? null,
      });
      return;
    }
    // Devices do not hold the ledger (SPEC VI-10): the server computes the count's delta; the
    // device's pending row carries 0 until the server's row arrives.
    const ledger =
      tx.location === 'server'
        ? await tx.list('inventory_movements', {
            part_id: a.partId,
            stock_location_id: a.stockLocationId,
          })
        : undefined;
    const counted = Number(a.countedQuantity);
    const onHand = ledger?.reduce((sum, m) => sum + Number(m.quantity), 0) ?? counted;
    await appendMovement(tx, {
      id: a.id,
      partId: a.partId,
      stockLocationId: a.stockLocationId,
      kind: 'count',
      quantity: String(Math.round((counted - onHand) * 1000) / 1000),
      counted_quantity: a.countedQuantity,
      occurred_at: a.countedAt ?? tx.now(),
      reference: a.reference ?? null,
      note: a.note ?? null,
    });
  },
);
