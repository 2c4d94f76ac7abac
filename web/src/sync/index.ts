export { prepareReplica } from './replica';
export { LocalStore, type PendingMutation, type Rejection } from './local-store';
export { Sender, tokenSubject, type FlushOutcome, type SenderAuth, type Transport } from './sender';
export { SendLoop, type Flusher, type SendLoopOptions } from './send-loop';
export { syncReplica, type SyncReplicaOptions } from './sync-replica';
export {
  commentOnWorkOrder,
  editWorkOrderDoc,
  loadWorkOrderDoc,
  readWorkOrderDoc,
} from './work-order-doc';
