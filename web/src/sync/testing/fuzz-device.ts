import type { PGlite } from '@electric-sql/pglite';
import type { PGliteWithSync } from '@electric-sql/pglite-sync';
import type { Permission } from '@plantkeep/shared';
import { LocalStore } from '../local-store';
import { prepareReplica } from '../replica';
import { Sender } from '../sender';
import { syncReplica } from '../sync-replica';
import type { Session } from './client-fixture';
import { FaultyNetwork, type ServerHolder } from './faulty-network';

export const FUZZ_TABLES = [
  'work_orders',
  'work_order_assignees',
  'sync_clients',
  'mutation_rejections',
];

/** Empties a replica for the next fuzz run (creating PGlite is the slow part, so it is reused). */
export async function resetReplica(pg: PGlite): Promise<void> {
  await pg.exec(`
    DROP SCHEMA IF EXISTS synced CASCADE;
    DROP TABLE IF EXISTS pending_mutations, local_changes, client_seqs, dismissed_rejections CASCADE;
    DO $$ BEGIN
      IF to_regclass('electric.subscriptions_metadata') IS NOT NULL THEN DELETE FROM electric.subscriptions_metadata; END IF;
    END $$;`);
  await prepareReplica(pg);
}

/**
 * One fuzzed device: a replica, its queue and sender, and live sync, all
 * rebuilt from the database by `restart()` — the in-memory state a crash
 * loses (the sender's confirmations, sync's buffers) is lost here too.
 */
export class FuzzDevice {
  readonly network: FaultyNetwork;
  store!: LocalStore;
  sender!: Sender;
  private sync: { unsubscribe(): void; readonly isUpToDate: boolean } | undefined;
  private stopWatching: (() => Promise<void>) | undefined;

  constructor(
    readonly pg: PGlite & PGliteWithSync,
    private readonly server: ServerHolder,
    readonly session: Session,
    readonly clientId: string,
    random: () => number,
  ) {
    this.network = new FaultyNetwork(server, random);
  }

  get isUpToDate(): boolean {
    return this.sync?.isUpToDate ?? false;
  }

  async start(): Promise<void> {
    const actor = {
      userId: this.session.user.id,
      tenantId: this.session.user.tenantId,
      permissions: new Set(this.session.user.permissions as Permission[]),
    };
    this.store = new LocalStore(this.pg, this.clientId, actor);
    this.sender = new Sender(this.store, actor.userId, this.network.transport, {
      accessToken: () => this.session.accessToken,
      refresh: () => Promise.resolve(false),
    });
    const fetchClient = (input: string | URL | Request, init?: RequestInit) =>
      this.network.online
        ? Promise.resolve(this.server.app.request(new Request(input, init)))
        : Promise.reject(new TypeError('fetch failed (offline)'));
    this.sync = await syncReplica(this.pg, {
      baseUrl: 'http://plantkeep.test',
      tables: FUZZ_TABLES,
      clientId: this.clientId,
      accessToken: () => this.session.accessToken,
      key: `fuzz-${this.clientId}`,
      fetchClient,
    });
    this.stopWatching = await this.store.watchRejections();
  }

  async stop(): Promise<void> {
    this.sync?.unsubscribe();
    this.sync = undefined;
    await this.stopWatching?.();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
