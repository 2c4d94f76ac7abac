import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildTestApp,
  createTestTenant,
  loginAs,
  type TestDatabaseTarget,
  type TestTenant,
} from '@plantkeep/sync-server/testing';
import { afterAll, beforeAll } from 'vitest';
import { createDevice, type Device, type Session } from './client-fixture';

// Registers Vitest hooks, so it stays apart from client-fixture.ts (benchmarks import that outside Vitest).

type Db = Awaited<ReturnType<TestDatabaseTarget['open']>>;

/**
 * The preamble of a device test, as hooks of the enclosing `describe`: before
 * all, a fresh migrated database on `target`, the sync server over it
 * (`buildTestApp` with live shape requests answered after `liveTimeoutMs`, its
 * notifier started) and the tenant `acme`; after all, every device made by
 * `device()` is closed, the notifier stopped, the database closed and every
 * `tempDir()` removed. Read the parts through the returned object inside
 * hooks and tests only.
 */
export function deviceServer(target: TestDatabaseTarget, options: { liveTimeoutMs: number }) {
  let db: Db | undefined;
  let built: ReturnType<typeof buildTestApp> | undefined;
  let acme: TestTenant | undefined;
  const devices: Device[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    db = await target.open();
    built = buildTestApp(db, undefined, { liveTimeoutMs: options.liveTimeoutMs });
    await built.startNotifier();
    acme = await createTestTenant(db, 'acme');
  });
  afterAll(async () => {
    for (const d of devices) await d.close();
    await built?.notifier.stop();
    await db?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const ready = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`deviceServer: ${name} is read before its beforeAll`);
    return part;
  };
  const backend = {
    get db(): Db {
      return ready(db, 'db');
    },
    get app() {
      return ready(built, 'app').app;
    },
    get acme(): TestTenant {
      return ready(acme, 'acme');
    },
    /** Signs in as `email` (password TEST_PASSWORD), as a device's session. */
    session: async (email: string): Promise<Session> =>
      (await loginAs(backend.app, email)) as unknown as Session,
    /** A device signed in as `email` (see `createDevice`), closed after all tests. */
    device: async (email: string, deviceOptions?: Parameters<typeof createDevice>[2]) => {
      const d = await createDevice(backend.app, await backend.session(email), deviceOptions);
      devices.push(d);
      return d;
    },
    /** A new temporary directory (e.g. a replica's dataDir), removed after all tests. */
    tempDir: (prefix: string): string => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
  };
  return backend;
}
