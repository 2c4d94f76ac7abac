import { PGlite } from '@electric-sql/pglite';
import { electricSync } from '@electric-sql/pglite-sync';
import type { Permission } from '@plantkeep/shared';
import { randomUUID } from 'node:crypto';
import { LocalStore } from '../local-store';
import { prepareReplica } from '../replica';
import { Sender, type Transport } from '../sender';
import { syncReplica } from '../sync-replica';

export interface ServerApp {
  request(input: Request | string, init?: RequestInit): Response | Promise<Response>;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; tenantId: string; permissions: string[] };
}

/** POST /v1/mutations in process, as the sender does over the network. */
export function postMutations(app: ServerApp, token: string, body: unknown): Promise<Response> {
  return Promise.resolve(
    app.request('/v1/mutations', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** Polls `check` until it holds (bounded attempts, never a wall-clock assertion). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  what: string,
  attempts = 400,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A device for tests: a PGlite replica with the real schema, pglite-sync
 * following the server through `app.request`, a LocalStore and a Sender.
 * `online` gates every request, so a test can take the device offline.
 */
export async function createDevice(
  app: ServerApp,
  session: Session,
  options: { tables?: string[]; dataDir?: string; clientId?: string } = {},
) {
  const pg = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    extensions: { sync: electricSync() },
  });
  await prepareReplica(pg);
  const clientId = options.clientId ?? randomUUID();
  const state = { online: true, session };
  const offline = () => Promise.reject(new TypeError('fetch failed (offline)'));
  const fetchClient = (input: string | URL | Request, init?: RequestInit) =>
    state.online ? Promise.resolve(app.request(new Request(input, init))) : offline();
  const actor = {
    userId: session.user.id,
    tenantId: session.user.tenantId,
    permissions: new Set(session.user.permissions as Permission[]),
  };
  const store = new LocalStore(pg, clientId, actor);
  const transport: Transport = ({ token, body }) =>
    state.online ? postMutations(app, token, body) : offline();
  const refresh = async () => {
    if (!state.online) return false;
    const res = await app.request('/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: state.session.refreshToken }),
    });
    if (!res.ok) return false;
    state.session = ((await res.json()) as { data: Session }).data;
    return true;
  };
  const sender = new Sender(store, session.user.id, transport, {
    accessToken: () => state.session.accessToken,
    refresh,
  });
  const tables = options.tables ?? [
    'work_orders',
    'work_order_assignees',
    'assets',
    'users',
    'sync_clients',
    'mutation_rejections',
  ];
  const sync = await syncReplica(pg, {
    baseUrl: 'http://plantkeep.test',
    tables,
    clientId,
    accessToken: () => state.session.accessToken,
    key: `replica-${clientId}`,
    fetchClient,
  });
  const stopWatching = await store.watchRejections();
  return {
    pg,
    store,
    sender,
    state,
    clientId,
    sync,
    async pendingCount() {
      return (await store.pending()).length;
    },
    async close() {
      sync.unsubscribe();
      await stopWatching();
      await pg.close();
    },
  };
}

export type Device = Awaited<ReturnType<typeof createDevice>>;
