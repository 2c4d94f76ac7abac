import { AppError } from '@plantkeep/shared';
import type { Principal } from '../auth/principal';
import { withTenant, type Database, type Queryable } from '../db';
import { ensureHead, findHandle, registerHandle } from './handles';
import type { LiveNotifier } from './live-notifier';
import { LogReadCache } from './log-read-cache';
import { dependencyMoved, readHead, readLog } from './log-reader';
import { mustRefetch, snapshotEnd, upToDate, type Message } from './messages';
import { logOffset, parseOffset, snapshotOffset } from './offsets';
import { definitionHash, defineShape, type ShapeDefinition } from './shape-definition';
import { readSnapshotChunk } from './snapshot';
import { tableSchema, type TableSchema } from './table-schema';

export interface ShapeQuery {
  table: string;
  offset: string | undefined;
  handle: string | undefined;
  live: boolean;
  /**
   * A live request normally waits for a change (long-poll). `hold=false`
   * answers at once, up-to-date at the head, when nothing is new: clients
   * that learn of changes from one `GET /v1/sync/wait` use it (SH-10).
   */
  hold: boolean;
  cursor: string | undefined;
  clientId: string | undefined;
  replicaFull: boolean;
}

export interface ShapeResponse {
  status: number;
  headers: Record<string, string>;
  body: Message[];
}

export interface EmbeddedShapeOptions {
  /** Rows per initial-snapshot response. */
  snapshotChunkRows?: number;
  /** Changes per catch-up response (whole transactions are never split). */
  logChunkRows?: number;
  /** How long a live request is held before an empty up-to-date. */
  liveTimeoutMs?: number;
  now?: () => number;
  onLiveChange?: (delta: 1 | -1) => void;
}

interface Scoped {
  definition: ShapeDefinition;
  hash: string;
  schema: TableSchema;
}

/**
 * Electric's HTTP shape protocol served from the embedded shape log
 * (docs/SPEC.md SH-*). Stateless between requests: all state is in the
 * database (handles, snapshot chunk bounds, the log), so it survives restarts.
 */
export class EmbeddedShapes {
  private readonly snapshotChunkRows: number;
  private readonly logChunkRows: number;
  private readonly liveTimeoutMs: number;
  private readonly now: () => number;
  private readonly logReads = new LogReadCache();

  constructor(
    private readonly db: Database,
    private readonly notifier: LiveNotifier,
    private readonly options: EmbeddedShapeOptions = {},
  ) {
    this.snapshotChunkRows = options.snapshotChunkRows ?? 10_000;
    this.logChunkRows = options.logChunkRows ?? 10_000;
    this.liveTimeoutMs = options.liveTimeoutMs ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  async serve(principal: Principal, q: ShapeQuery, signal?: AbortSignal): Promise<ShapeResponse> {
    const definition = defineShape(principal, q.table, q.clientId);
    const offset = parseOffset(q.offset);
    if ((offset.kind === 'snapshot' || offset.kind === 'log') && !q.handle) {
      throw new AppError('VALIDATION', 'handle is required with an offset other than -1 or now');
    }
    const tenantId = principal.tenantId;
    const scope = async (tx: Queryable): Promise<Scoped> => ({
      definition,
      hash: definitionHash(definition),
      schema: await tableSchema(
        tx,
        definition.table,
        definition.hiddenColumns,
        definition.onlyColumns,
      ),
    });

    if (offset.kind === 'start' || offset.kind === 'now') {
      return withTenant(this.db, tenantId, async (tx) => {
        const s = await scope(tx);
        await ensureHead(tx, tenantId);
        const handle = await this.reusableOrNewHandle(tx, tenantId, s, q.handle);
        if (offset.kind === 'now') {
          const { head } = await readHead(tx, tenantId);
          return this.respond(s, handle, logOffset(head), [upToDate(head)], q);
        }
        return this.snapshotChunk(tx, tenantId, s, handle, 0, q);
      });
    }

    const handle = q.handle as string;
    if (offset.kind === 'snapshot') {
      return withTenant(this.db, tenantId, async (tx) => {
        const s = await scope(tx);
        if (!(await this.handleMatches(tx, handle, s))) return this.refetch(tx, tenantId, s);
        return this.snapshotChunk(tx, tenantId, s, handle, offset.chunk + 1, q);
      });
    }

    // Catch-up and live: each read is its own short transaction; nothing is held while waiting.
    const deadline = this.now() + this.liveTimeoutMs;
    if (q.live) this.options.onLiveChange?.(1);
    try {
      for (;;) {
        const version = this.notifier.version(tenantId);
        const result = await withTenant(this.db, tenantId, async (tx) => {
          const s = await scope(tx);
          if (!(await this.handleMatches(tx, handle, s))) return this.refetch(tx, tenantId, s);
          const { head, compactedBefore } = await readHead(tx, tenantId);
          if (offset.lsn < compactedBefore) return this.refetch(tx, tenantId, s);
          if (offset.lsn > head) {
            throw new AppError('VALIDATION', 'offset is ahead of the log', { offset: q.offset });
          }
          if (
            await dependencyMoved(tx, {
              tenantId,
              definition,
              afterLsn: offset.lsn,
              throughLsn: head,
            })
          ) {
            return this.refetch(tx, tenantId, s);
          }
          const readKey = JSON.stringify([
            tenantId,
            s.hash,
            s.schema.header,
            offset.lsn.toString(),
            head.toString(),
            this.logChunkRows,
            q.replicaFull,
          ]);
          const read = await this.logReads.read(readKey, () =>
            readLog(tx, {
              tenantId,
              definition,
              schema: s.schema,
              afterLsn: offset.lsn,
              throughLsn: head,
              limit: this.logChunkRows,
              replicaFull: q.replicaFull,
            }),
          );
          if (read.more) {
            return this.respond(
              s,
              handle,
              logOffset(read.throughLsn, read.lastPosition),
              read.messages,
              q,
            );
          }
          if (read.messages.length === 0 && q.live && q.hold) {
            return { quietThrough: head, scoped: s };
          }
          return this.respond(s, handle, logOffset(head), [...read.messages, upToDate(head)], q);
        });
        if (!('quietThrough' in result)) return result;
        const remaining = deadline - this.now();
        const outcome =
          remaining > 0
            ? await this.notifier.wait(tenantId, version, remaining, signal)
            : 'timeout';
        if (outcome !== 'changed') {
          // The up-to-date claims only the head this shape was last read quiet at. A change that
          // committed since (its notification not delivered yet) must stay above
          // global_last_seen_lsn, or pglite-sync drops it when the next poll brings it (SH-7).
          const { quietThrough, scoped } = result;
          return this.respond(
            scoped,
            handle,
            q.offset ?? logOffset(quietThrough),
            [upToDate(quietThrough)],
            q,
          );
        }
      }
    } finally {
      if (q.live) this.options.onLiveChange?.(-1);
    }
  }

  /**
   * Resolves with the tenant's head once it passes `after`, or with the
   * current head when the live timeout passes first (SH-10). One such
   * long-poll per device replaces one per synced table: a browser allows only
   * six HTTP/1.1 connections per origin, fewer than a device's shapes.
   */
  async waitForChange(tenantId: string, after: bigint, signal?: AbortSignal): Promise<bigint> {
    const deadline = this.now() + this.liveTimeoutMs;
    for (;;) {
      const version = this.notifier.version(tenantId);
      const { head } = await withTenant(this.db, tenantId, (tx) => readHead(tx, tenantId));
      const remaining = deadline - this.now();
      if (head > after || remaining <= 0) return head;
      const outcome = await this.notifier.wait(tenantId, version, remaining, signal);
      if (outcome !== 'changed') return head;
    }
  }

  private async snapshotChunk(
    tx: Queryable,
    tenantId: string,
    s: Scoped,
    handle: string,
    chunk: number,
    q: ShapeQuery,
  ): Promise<ShapeResponse> {
    const read = await readSnapshotChunk(tx, {
      tenantId,
      handle,
      definition: s.definition,
      schema: s.schema,
      chunk,
      size: this.snapshotChunkRows,
    });
    if (!read) return this.refetch(tx, tenantId, s);
    if (!read.final) return this.respond(s, handle, snapshotOffset(chunk), read.messages, q);
    const { compactedBefore } = await readHead(tx, tenantId);
    if (read.firstLsn < compactedBefore) return this.refetch(tx, tenantId, s);
    const moved = {
      tenantId,
      definition: s.definition,
      afterLsn: read.firstLsn,
      throughLsn: read.lsn,
    };
    if (await dependencyMoved(tx, moved)) return this.refetch(tx, tenantId, s);
    // Rows read by earlier chunks may have changed since: send those changes (SH-6).
    const catchUp =
      read.firstLsn < read.lsn
        ? await readLog(tx, {
            tenantId,
            definition: s.definition,
            schema: s.schema,
            afterLsn: read.firstLsn,
            throughLsn: read.lsn,
            limit: 2_147_483_647,
            replicaFull: q.replicaFull,
            snapshotHandle: handle,
          })
        : undefined;
    const [xmin = '0', xmax = '0', xip = ''] = read.pgSnapshot.split(':');
    // These changes complete the snapshot as of read.lsn, so they travel as snapshot messages
    // (no lsn): pglite-sync then commits them together with the chunks' rows. With their log
    // LSNs it would commit only those at or below the other shapes' progress, leaving this
    // table half old, half new in between.
    const completion = (catchUp?.messages ?? []).map(({ key, value, headers }) => ({
      key,
      value,
      headers: { operation: headers.operation, relation: headers.relation },
    }));
    return this.respond(
      s,
      handle,
      logOffset(read.lsn),
      [
        ...read.messages,
        ...completion,
        snapshotEnd(xmin, xmax, xip === '' ? [] : xip.split(',')),
        upToDate(read.lsn),
      ],
      q,
    );
  }

  private async handleMatches(tx: Queryable, handle: string, s: Scoped): Promise<boolean> {
    const row = await findHandle(tx, handle);
    return (
      row !== undefined && row.table_name === s.definition.table && row.definition_hash === s.hash
    );
  }

  /** After a 409 the client asks for offset -1 with the new handle: use it if it is fresh. */
  private async reusableOrNewHandle(
    tx: Queryable,
    tenantId: string,
    s: Scoped,
    handle: string | undefined,
  ) {
    if (handle) {
      const [row] = await tx.query<{ unused: boolean }>(
        `select not exists (select 1 from shape_snapshot_chunks c where c.handle = h.handle) as unused
           from shape_handles h where h.handle = $1 and h.table_name = $2 and h.definition_hash = $3`,
        [handle, s.definition.table, s.hash],
      );
      if (row?.unused) return handle;
    }
    return registerHandle(tx, tenantId, s.definition.table, s.hash);
  }

  private async refetch(tx: Queryable, tenantId: string, s: Scoped): Promise<ShapeResponse> {
    const handle = await registerHandle(tx, tenantId, s.definition.table, s.hash);
    return { status: 409, headers: { 'electric-handle': handle }, body: mustRefetch };
  }

  private respond(
    s: Scoped,
    handle: string,
    offset: string,
    body: Message[],
    q: ShapeQuery,
  ): ShapeResponse {
    const headers: Record<string, string> = {
      'electric-handle': handle,
      'electric-offset': offset,
      'electric-schema': s.schema.header,
    };
    const last = body[body.length - 1];
    if (last && 'control' in last.headers && last.headers.control === 'up-to-date') {
      headers['electric-up-to-date'] = '';
    }
    if (q.live) headers['electric-cursor'] = nextCursor(this.now(), q.cursor);
    return { status: 200, headers, body };
  }
}

/** Changes between long-poll windows, and always differs from the cursor the client sent. */
function nextCursor(now: number, previous: string | undefined): string {
  const cursor = Math.floor(now / 20_000);
  return String(previous === String(cursor) ? cursor + 1 : cursor);
}
