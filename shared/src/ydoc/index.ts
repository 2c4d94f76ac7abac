export * from './layout';
export { readDoc, isUuid } from './read';
export * from './edit';
export { diffReadings, hasChanges, type DocChanges, type RecordChange } from './diff';
export { authorizeDocChanges, canComment, canEditStepDefinitions } from './authorize';
export {
  parseStepLimits,
  stepLimitsProblem,
  type ParsedStepLimits,
  type StepLimits,
} from './step-limits';
export {
  applyClientUpdate,
  byteaBytes,
  compactUpdates,
  decodeUpdateArg,
  docFromUpdates,
  fromBase64,
  isBase64,
  toBase64,
} from './codec';
export {
  commentRow,
  materializeChanges,
  materializedRows,
  stepRow,
  valueText,
} from './materialize';
