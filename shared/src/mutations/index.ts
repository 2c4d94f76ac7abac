export { mutators, type MutationName, type MutationArgs } from './catalog';
export { findMutator, parseMutation, type ParsedMutation } from './parse';
export { describeMutation } from './describe';
export { defineMutator, fieldWords, type Mutator, type MutatorInfo } from './define';
export type { MutationTx, Row } from './tx';
export { assertNoConflicts, sameValue, type FieldConflict } from './conflicts';
export {
  memoryMutationTx,
  copyTables,
  runAtomically,
  type MemoryCounters,
  type MemoryTables,
} from './memory-tx';
