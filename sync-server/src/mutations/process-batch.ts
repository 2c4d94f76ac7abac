import {
  AppError,
  parseMutation,
  type ErrorCode,
  type MutationInput,
  type MutationResult,
} from '@plantkeep/shared';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal';
import { withTenant, type Database, type Queryable } from '../db';
import { serverMutationTx } from './server-tx';
import { storableJson, storableText } from '@plantkeep/shared';

export interface BatchContext {
  principal: Principal;
  clientId: string;
  requestId: string | undefined;
  /** Called once per mutation whose transaction committed (a repeat is not counted again). */
  onOutcome?: (status: 'applied' | 'rejected', code?: ErrorCode) => void;
}

/** Postgres errors caused by the data (integrity, invalid values): permanent, so recorded and skipped. */
function permanentDatabaseError(error: unknown): AppError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === '23505') return new AppError('CONFLICT', 'This conflicts with an existing record');
  if (code.startsWith('23'))
    return new AppError('VALIDATION', 'This refers to data that does not exist or is not allowed');
  if (code.startsWith('22'))
    return new AppError('VALIDATION', 'A value is out of range or malformed');
  return undefined;
}

/**
 * Binds the client id to its user on first use and locks its row, so one
 * client's mutations are applied strictly one after another.
 */
async function lockClient(tx: Queryable, ctx: BatchContext): Promise<number> {
  const [row] = await tx.query<{ user_id: string; last: string }>(
    'select user_id, last_mutation_seq::text as last from sync_clients where client_id = $1 for update',
    [ctx.clientId],
  );
  if (row) {
    if (row.user_id !== ctx.principal.userId) {
      throw new AppError('AUTHZ', 'This client id belongs to another user; generate a new one');
    }
    return Number(row.last);
  }
  const inserted = await tx.query(
    `insert into sync_clients (tenant_id, client_id, user_id) values ($1, $2, $3)
     on conflict do nothing returning 1`,
    [ctx.principal.tenantId, ctx.clientId, ctx.principal.userId],
  );
  // The id exists but is invisible here: another tenant's client.
  if (inserted.length === 0)
    throw new AppError('AUTHZ', 'This client id belongs to another user; generate a new one');
  return 0;
}

async function advance(tx: Queryable, clientId: string, seq: number): Promise<void> {
  await tx.query(
    'update sync_clients set last_mutation_seq = $2, last_seen_at = now() where client_id = $1',
    [clientId, seq],
  );
}

async function storedOutcome(
  tx: Queryable,
  clientId: string,
  seq: number,
): Promise<MutationResult> {
  const [rejection] = await tx.query<{ code: ErrorCode; message: string; details: unknown }>(
    'select code, message, details from mutation_rejections where client_id = $1 and seq = $2',
    [clientId, seq],
  );
  if (!rejection) return { seq, status: 'duplicate' };
  return {
    seq,
    status: 'rejected',
    error: {
      code: rejection.code,
      message: rejection.message,
      ...(rejection.details ? { details: rejection.details } : {}),
    },
  };
}

/**
 * Applies one client's batch in order (docs/SPEC.md MU-*). Each mutation is
 * its own transaction: tenant scope, validation, the shared mutator, audit,
 * outbox and the sequence advance commit together or not at all. A repeated
 * seq answers its stored outcome; a gap is refused; a permanent error is
 * recorded as a rejection and the sequence still advances.
 */
export async function processBatch(
  db: Database,
  ctx: BatchContext,
  mutations: readonly MutationInput[],
): Promise<MutationResult[]> {
  mutations.forEach((m, i) => {
    const previous = mutations[i - 1];
    if (previous && m.seq !== previous.seq + 1) {
      throw new AppError('VALIDATION', 'A batch must hold consecutive sequence numbers', {
        seq: m.seq,
      });
    }
  });
  const results: MutationResult[] = [];
  for (const mutation of mutations) {
    const { result, fresh } = await withTransientRetry(() =>
      withTenant(db, ctx.principal.tenantId, (tx) => processOne(tx, ctx, mutation)),
    );
    // Counted once committed: a transaction that fails at or after the mutator counts nothing.
    if (fresh && result.status === 'applied') ctx.onOutcome?.('applied');
    if (fresh && result.status === 'rejected') ctx.onOutcome?.('rejected', result.error.code);
    results.push(result);
  }
  return results;
}

/** Postgres lock conflicts (serialization failure, deadlock): the whole transaction may simply run again. */
const transientCodes: ReadonlySet<string> = new Set(['40001', '40P01']);
const transientAttempts = 5;

/**
 * Runs one mutation's transaction again when Postgres aborts it for a lock
 * conflict (docs/SPEC.md MU-9), after a short randomized pause so the two
 * colliding transactions do not meet again; the last failure propagates.
 */
export async function withTransientRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= transientAttempts || typeof code !== 'string' || !transientCodes.has(code))
        throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** One mutation's outcome; `fresh` when decided now rather than read back for a repeated seq. */
interface Processed {
  result: MutationResult;
  fresh: boolean;
}

async function processOne(tx: Queryable, ctx: BatchContext, m: MutationInput): Promise<Processed> {
  const last = await lockClient(tx, ctx);
  if (m.seq <= last) return { result: await storedOutcome(tx, ctx.clientId, m.seq), fresh: false };
  if (m.seq > last + 1) {
    throw new AppError('CONFLICT', `Mutations must arrive in order: expected seq ${last + 1}`, {
      expectedSeq: last + 1,
    });
  }
  await tx.exec('savepoint mutation');
  try {
    await runMutator(tx, ctx, m);
    await tx.exec('release savepoint mutation');
    await advance(tx, ctx.clientId, m.seq);
    const [row] = await tx.query<{ txid: string }>('select txid_current()::text as txid');
    return {
      result: { seq: m.seq, status: 'applied', ...(row ? { txid: row.txid } : {}) },
      fresh: true,
    };
  } catch (thrown) {
    const error = thrown instanceof AppError ? thrown : permanentDatabaseError(thrown);
    if (!error) throw thrown;
    await tx.exec('rollback to savepoint mutation');
    await tx.query(
      `insert into mutation_rejections (tenant_id, id, client_id, user_id, seq, name, args, code, message, details)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        ctx.principal.tenantId,
        randomUUID(),
        ctx.clientId,
        ctx.principal.userId,
        m.seq,
        storableText(String(m.name)),
        JSON.stringify(storableJson(m.args ?? null)),
        error.code,
        storableText(error.message, 2000),
        error.details === undefined ? null : JSON.stringify(storableJson(error.details)),
      ],
    );
    await advance(tx, ctx.clientId, m.seq);
    return {
      result: {
        seq: m.seq,
        status: 'rejected',
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      },
      fresh: true,
    };
  }
}

async function runMutator(tx: Queryable, ctx: BatchContext, m: MutationInput): Promise<void> {
  const parsed = parseMutation(m.name, m.args);
  const [clock] = await tx.query<{ now: string }>(
    `select to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`,
  );
  const serverTx = serverMutationTx(tx, {
    actor: ctx.principal,
    clientId: ctx.clientId,
    seq: m.seq,
    requestId: ctx.requestId,
    now: clock?.now ?? new Date().toISOString(),
  });
  await parsed.mutator.run(serverTx, parsed.args);
}
