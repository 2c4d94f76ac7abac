import { createAsset, createLocation, updateAsset } from './assets';
import type { Mutator } from './define';
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

/** Every mutation by name: the client runs them optimistically, the server authoritatively. */
export const mutators: ReadonlyMap<string, Mutator> = new Map(
  (
    [
      createWorkOrder,
      updateWorkOrder,
      transitionWorkOrder,
      assignWorkOrder,
      submitRequest,
      createAsset,
      updateAsset,
      createLocation,
      receiveStock,
      issueStock,
      transferStock,
      adjustStock,
      addTimeLog,
      stopTimeLog,
      addMeterReading,
      startDowntime,
      endDowntime,
      addSignature,
      addPartUsed,
      updateYdoc,
    ] as Mutator[]
  ).map((m) => [m.name, m]),
);

export { defineMutator, type Mutator } from './define';
export type { MutationTx, Row } from './tx';
export { assertNoConflicts, sameValue, type FieldConflict } from './conflicts';
export { memoryMutationTx, copyTables, runAtomically, type MemoryTables } from './memory-tx';
