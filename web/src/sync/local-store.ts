import type { PGliteInterface, Transaction } from '@electric-sql/pglite';
import {
  parseMutation,
  recoverStoredJson,
  type Actor,
  type MutationArgs,
  type MutationName,
  type ParsedMutation,
} from '@plantkeep/shared';
import { clientMutationTx } from './client-tx';

export interface PendingMutation {
  seq: number;
  name: string;
  args: unknown;
  createdAt: string;
}

export interface Rejection {
  seq: number;
  name: string;
  args: unknown;
  code: string;
  message: string;
  details: unknown;
  createdAt: string;
}

/**
 * One user's local write path on one device (client id = install × user):
 * `mutate` runs the shared mutator over the replica's views and queues it in
 * the same local transaction, so a crash either keeps both or neither.
 * Acknowledgement arrives through sync (see the replica's triggers).
 */
export class LocalStore {
  constructor(
    readonly pg: PGliteInterface,
    readonly clientId: string,
    private actor: Actor,
  ) {}

  /** New permissions (e.g. a synced role change) apply to the next mutation. */
  setActor(actor: Actor): void {
    if (actor.userId !== this.actor.userId) throw new Error('a client id belongs to one user');
    this.actor = actor;
  }

  /** Applies a mutation optimistically and queues it. Throws the same errors the server would. */
  async mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<{ seq: number }> {
    return this.mutateParsed(parseMutation(name, args));
  }

  /**
   * Queues a mutation already checked by `parseMutation`: the path for a name
   * and arguments that come from data rather than code (the needs-attention
   * inbox resending a stored mutation). Parse first, then send.
   */
  async mutateParsed(parsed: ParsedMutation): Promise<{ seq: number }> {
    const { mutator, name } = parsed;
    return this.pg.transaction(async (tx) => {
      const [row] = (
        await tx.query<{ last_seq: number }>(
          `insert into client_seqs (client_id, last_seq) values ($1, 1)
           on conflict (client_id) do update set last_seq = client_seqs.last_seq + 1
           returning last_seq::int`,
          [this.clientId],
        )
      ).rows;
      const seq = Number(row?.last_seq);
      await mutator.run(
        clientMutationTx(tx, { actor: this.actor, clientId: this.clientId, seq }),
        parsed.args,
      );
      await tx.query(
        'insert into pending_mutations (client_id, seq, user_id, name, args) values ($1, $2, $3, $4, $5)',
        [this.clientId, seq, this.actor.userId, name, JSON.stringify(parsed.input)],
      );
      return { seq };
    });
  }

  async pending(limit = 1000): Promise<PendingMutation[]> {
    const { rows } = await this.pg.query<{
      seq: string;
      name: string;
      args: unknown;
      created_at: Date;
    }>(
      'select seq::text, name, args, created_at from pending_mutations p where p.client_id = $1 order by p.seq limit $2',
      [this.clientId, limit],
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      name: r.name,
      args: recoverStoredJson(r.args),
      createdAt: r.created_at.toISOString(),
    }));
  }

  /**
   * Rebuilds the overlay from the mutations still pending, replayed in order
   * over the synced state: after a rejection, its effects vanish even where a
   * later pending mutation touched the same row. A pending mutation that no
   * longer applies locally stays queued without effects; the server decides.
   */
  async rebuildOverlay(): Promise<void> {
    await this.pg.transaction(async (tx) => {
      await tx.query('delete from local_changes where client_id = $1', [this.clientId]);
      const { rows } = await tx.query<{ seq: string; name: string; args: unknown }>(
        'select p.seq::text as seq, p.name, p.args from pending_mutations p where p.client_id = $1 order by p.seq',
        [this.clientId],
      );
      for (const row of rows) await this.replay(tx, Number(row.seq), row.name, row.args);
    });
  }

  private async replay(tx: Transaction, seq: number, name: string, args: unknown): Promise<void> {
    let parsed: ParsedMutation;
    try {
      parsed = parseMutation(name, args);
    } catch {
      // Not valid here (e.g. queued by another app version): it stays queued without
      // local effects, and the server's answer lands in the needs-attention inbox.
      return;
    }
    await tx.exec('savepoint replay');
    try {
      await parsed.mutator.run(
        clientMutationTx(tx, { actor: this.actor, clientId: this.clientId, seq }),
        parsed.args,
      );
      await tx.exec('release savepoint replay');
    } catch {
      await tx.exec('rollback to savepoint replay');
    }
  }

  /** The needs-attention inbox: this client's rejected mutations not yet dismissed, with the original input. */
  async rejections(): Promise<Rejection[]> {
    const { rows } = await this.pg.query<{
      seq: string;
      name: string;
      args: unknown;
      code: string;
      message: string;
      details: unknown;
      created_at: string;
    }>(
      `select r.seq::text, r.name, r.args, r.code, r.message, r.details, r.created_at::text
         from synced.mutation_rejections_synced r
        where r.client_id = $1
          and not exists (select 1 from dismissed_rejections d where d.client_id = r.client_id and d.seq = r.seq)
        order by r.seq`,
      [this.clientId],
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      name: r.name,
      args: recoverStoredJson(r.args),
      code: r.code,
      message: r.message,
      details: r.details,
      createdAt: r.created_at,
    }));
  }

  /** Dismisses a rejection; with `resend`, queues the (edited, parsed) input again as a new mutation. */
  async resolveRejection(
    seq: number,
    resend?: ParsedMutation,
  ): Promise<{ seq: number } | undefined> {
    const queued = resend ? await this.mutateParsed(resend) : undefined;
    await this.pg.query(
      'insert into dismissed_rejections (client_id, seq) values ($1, $2) on conflict do nothing',
      [this.clientId, seq],
    );
    return queued;
  }

  /** Calls `onRejected` whenever sync brings a new rejection for this client (after the overlay rebuild). */
  async watchRejections(onRejected?: () => void): Promise<() => Promise<void>> {
    return this.pg.listen('plantkeep_rejected', (clientId) => {
      if (clientId !== this.clientId) return;
      this.rebuildOverlay().then(
        () => onRejected?.(),
        // The overlay is rebuilt again at the next rejection or restart.
        (error: unknown) => console.warn('could not rebuild the overlay after a rejection', error),
      );
    });
  }
}
