import type { z } from 'zod';
import { createAsset, createLocation, updateAsset } from './assets';
import { adjustStock, issueStock, receiveStock, transferStock } from './inventory';
import {
  addMeterReading,
  addPartUsed,
  addSignature,
  addTimeLog,
  endDowntime,
  startDowntime,
  stopTimeLog,
} from './work-log';
import {
  assignWorkOrder,
  createWorkOrder,
  submitRequest,
  transitionWorkOrder,
  updateWorkOrder,
} from './work-orders';
import { updateYdoc } from './ydoc';

/**
 * Every mutation by name: the client runs them optimistically, the server
 * authoritatively. Keys are the mutators' own names, so the two cannot drift;
 * `MutationName` and `MutationArgs` are derived from this one object, which
 * makes `mutate(name, args)` checked by the compiler.
 */
export const mutators = {
  [createWorkOrder.name]: createWorkOrder,
  [updateWorkOrder.name]: updateWorkOrder,
  [transitionWorkOrder.name]: transitionWorkOrder,
  [assignWorkOrder.name]: assignWorkOrder,
  [submitRequest.name]: submitRequest,
  [createAsset.name]: createAsset,
  [updateAsset.name]: updateAsset,
  [createLocation.name]: createLocation,
  [receiveStock.name]: receiveStock,
  [issueStock.name]: issueStock,
  [transferStock.name]: transferStock,
  [adjustStock.name]: adjustStock,
  [addTimeLog.name]: addTimeLog,
  [stopTimeLog.name]: stopTimeLog,
  [addMeterReading.name]: addMeterReading,
  [startDowntime.name]: startDowntime,
  [endDowntime.name]: endDowntime,
  [addSignature.name]: addSignature,
  [addPartUsed.name]: addPartUsed,
  [updateYdoc.name]: updateYdoc,
} as const;

export type MutationName = keyof typeof mutators;

/** What a caller passes to `mutate(name, args)`: the schema's input type (before defaults and transforms). */
export type MutationArgs<N extends MutationName> = z.input<(typeof mutators)[N]['args']>;
