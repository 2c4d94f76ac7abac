import { randomUUID } from 'node:crypto';
import type { DefaultRoleName } from '@plantkeep/shared';
import { afterAll, beforeAll } from 'vitest';
import type { App } from '../app';
import type { Database } from '../db';
import { buildTestApp, call, createTestTenant, loginAs, type TestTenant } from './app-fixture';
import type { TestDatabaseTarget } from './databases';

// Registers Vitest hooks, so it is not exported from ./index (benchmarks import that outside Vitest).

/** One mutation's outcome in a POST /v1/mutations answer. */
export interface MutationResult {
  seq: number;
  status: string;
  error?: { code: string; message: string; details?: unknown };
}

/** A signed-in device as the server sees it: a client id, its seq counter, and ways to send. */
export function mutationClient(app: App, token: string, clientId: string = randomUUID()) {
  let seq = 0;
  /** POST /v1/mutations with the mutations exactly as given (seqs included). */
  const raw = (mutations: unknown[]) =>
    call(app, 'POST', '/v1/mutations', { token, body: { clientId, mutations } });
  /** One batch, numbered from the next seq; `results` is empty when the batch was refused whole. */
  const send = async (...mutations: { name: string; args: unknown }[]) => {
    const res = await raw(mutations.map((m) => ({ ...m, seq: ++seq })));
    return {
      ...res,
      results: (res.body.data as { results?: MutationResult[] } | undefined)?.results ?? [],
    };
  };
  return {
    clientId,
    /** The last seq sent (0 before the first). */
    get seq() {
      return seq;
    },
    raw,
    send,
    /** One mutation alone; a batch refused whole reads as status `http <code>`. */
    sendOne: async (name: string, args: unknown): Promise<MutationResult> => {
      const res = await send({ name, args });
      return res.results[0] ?? { seq, status: `http ${res.status}` };
    },
    /** Makes the next send use seq `next + 1` (to repeat or skip seqs). */
    setSeq: (next: number) => {
      seq = next;
    },
  };
}

export type MutationClient = ReturnType<typeof mutationClient>;

/**
 * The preamble of a server mutation test, as hooks of the enclosing
 * `describe`: before all, a fresh migrated database on `target`, the app
 * (`buildTestApp`), the tenant `acme` (one user per default role) and a
 * sign-in of each role in `signIn`; after all, the database is closed.
 * Read the parts through the returned object inside hooks and tests only.
 */
export function mutationServer(
  target: TestDatabaseTarget,
  options: { signIn?: readonly DefaultRoleName[] } = {},
) {
  let db: Database | undefined;
  let built: ReturnType<typeof buildTestApp> | undefined;
  let acme: TestTenant | undefined;
  const tokens = new Map<DefaultRoleName, string>();
  const clients = new Map<DefaultRoleName, MutationClient>();

  beforeAll(async () => {
    db = await target.open();
    built = buildTestApp(db);
    acme = await createTestTenant(db, 'acme');
    for (const role of options.signIn ?? []) {
      tokens.set(role, (await loginAs(built.app, acme.users[role].email)).accessToken);
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  const ready = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`mutationServer: ${name} is read before its beforeAll`);
    return part;
  };
  const server = {
    get db(): Database {
      return ready(db, 'db');
    },
    get app(): App {
      return ready(built, 'app').app;
    },
    get acme(): TestTenant {
      return ready(acme, 'acme');
    },
    /** The access token of `role` in acme; the role must be in `signIn`. */
    token: (role: DefaultRoleName): string => {
      const token = tokens.get(role);
      if (token === undefined) throw new Error(`mutationServer: ${role} is not in signIn`);
      return token;
    },
    /** The one client of `role` for the whole describe block: its seq carries on across tests. */
    client: (role: DefaultRoleName): MutationClient => {
      let client = clients.get(role);
      if (!client) {
        client = mutationClient(server.app, server.token(role));
        clients.set(role, client);
      }
      return client;
    },
    /** A new device of `role` (a fresh client id unless one is given). */
    device: (role: DefaultRoleName, clientId?: string): MutationClient =>
      mutationClient(server.app, server.token(role), clientId),
    /** The first row of a query on the server database, as the owner. */
    one: async <T>(sql: string, params: unknown[]): Promise<T | undefined> =>
      (await server.db.query<T>(sql, params))[0],
  };
  return server;
}
