/**
 * Messages between the benchmark (parent) and the server it runs in a child
 * process (server-entry.ts), over Node's IPC channel.
 */

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export interface ServerStats {
  /** Shape long-polls currently held (plantkeep_shape_live_requests). */
  liveRequests: number;
  /** Open TCP connections to the server. */
  openSockets: number;
  /** Bytes the server wrote to / read from all sockets so far (headers and framing included). */
  bytesWritten: number;
  bytesRead: number;
  /** GET /v1/shape responses so far, by status. */
  shapeResponses: Record<string, number>;
  /** Process CPU time so far, seconds (user + system). */
  cpuSeconds: number;
  /** Database transactions so far (PGlite runs one at a time), with their total queueing and running time. */
  transactions: number;
  transactionWaitMs: number;
  transactionRunMs: number;
  /** Since the last `reset`: the longest queueing for a transaction and the longest GET /v1/shape. */
  maxTransactionWaitMs: number;
  maxShapeRequestMs: number;
  /** Since the last `reset`: GET /v1/shape requests that took over 25 s (the server holds a long-poll 20 s). */
  slowShapeRequests: number;
  /** Since the last `reset`: event-loop delay, ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface ServerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface CopyTable {
  table: string;
  columns: string[];
  /** For own_client tables. */
  clientId?: string;
}

export interface CopiedTable {
  table: string;
  file: string;
  bytes: number;
  rows: number;
}

export type ServerRequest =
  | { type: 'stats'; reset?: boolean }
  | { type: 'memory' }
  | { type: 'work-orders'; limit: number }
  | { type: 'sessions'; userId: string; count: number }
  | { type: 'write'; workOrderId: string; title: string }
  | { type: 'copy-out'; token: string; dir: string; tables: CopyTable[] };

export type ServerReply =
  | { type: 'stats'; stats: ServerStats }
  | { type: 'memory'; memory: ServerMemory }
  | { type: 'work-orders'; ids: string[] }
  | { type: 'sessions'; tokens: string[] }
  | { type: 'write'; committedAt: number }
  | { type: 'copy-out'; seconds: number; tables: CopiedTable[] }
  | { type: 'error'; message: string };

export interface Ready {
  type: 'ready';
  port: number;
  tenantId: string;
  slug: string;
  /** Undefined when the tenant was already there (a restart). */
  seed: { seconds: number; totalRows: number; workOrders: number } | undefined;
}

/** A request with its correlation id, and the reply to it. */
export interface Envelope<T> {
  id: number;
  body: T;
}
