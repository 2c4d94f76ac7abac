import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { electricSync, type PGliteWithSync } from '@electric-sql/pglite-sync';
import {
  buildTestApp,
  createTestTenant,
  loginAs,
  type TestDatabaseTarget,
} from '@plantkeep/sync-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from './client-fixture';
import { FuzzDevice, resetReplica } from './fuzz-device';
import type { ServerHolder } from './faulty-network';
import { checkInvariants, quiesce, runScenario, type Ledger } from './fuzz-scenario';
import { prng } from './prng';

/**
 * Seeded fuzz of the whole write path (issue 5): devices act offline and
 * online, sends are lost, duplicated, delayed and cut by server restarts,
 * devices restart. Replay one run with FUZZ_SEED=<seed> (and FUZZ_RUNS=1).
 * Seeds that once failed are pinned in `regressions` below.
 */
const firstSeed = Number(process.env.FUZZ_SEED ?? 1);
const runs = Number(process.env.FUZZ_RUNS ?? 20);
const steps = Number(process.env.FUZZ_STEPS ?? 30);
const regressions: { seed: number; why: string }[] = [
  {
    seed: 3,
    why: 'a device restarted while pglite-sync had saved a shape offset beyond its committed LSN; the acknowledgement was lost',
  },
  // Postgres seed 65 of one CI run (not replayable: timing) failed on a duplicate key in a
  // replica commit after a restart; resume.test.ts pins both causes deterministically (CL-4, CL-5).
];

type Db = Awaited<ReturnType<TestDatabaseTarget['open']>>;

/** The fuzz suite against one server database (one test file per tier, so CI runs them in parallel). */
export function writePathFuzz(target: TestDatabaseTarget): void {
  describe(`write-path fuzz on ${target.name}`, () => {
    let db: Db;
    let server: ServerHolder & { notifierStop(): Promise<void> };
    const replicas: (PGlite & PGliteWithSync)[] = [];

    beforeAll(async () => {
      db = await target.open();
      let built = buildTestApp(db, undefined, { liveTimeoutMs: 300 });
      await built.startNotifier();
      server = {
        app: built.app,
        restart() {
          const previous = built;
          built = buildTestApp(db, undefined, { liveTimeoutMs: 300 });
          void previous.notifier.stop();
          void built.startNotifier();
          server.app = built.app;
        },
        notifierStop: () => built.notifier.stop(),
      };
      for (let i = 0; i < 3; i++)
        replicas.push(await PGlite.create({ extensions: { sync: electricSync() } }));
    }, 300_000);
    afterAll(async () => {
      await server.notifierStop();
      for (const pg of replicas) await pg.close();
      await db.close();
    });

    const runSeed = async (seed: number) => {
      const rng = prng(seed);
      const tenant = await createTestTenant(
        db,
        `fuzz-${target.name}-${seed}-${Date.now().toString(36)}`,
      );
      const roles = ['Supervisor', 'Admin', 'Technician'] as const;
      const devices: FuzzDevice[] = [];
      for (const [i, role] of roles.entries()) {
        const pg = replicas[i];
        if (!pg) throw new Error('missing replica');
        await resetReplica(pg);
        const session = (await loginAs(
          server.app as never,
          tenant.users[role].email,
        )) as unknown as Session;
        // Client ids are fresh per run (they bind to a user); every choice comes from the seed.
        const device = new FuzzDevice(pg, server, session, randomUUID(), rng.next);
        await device.start();
        devices.push(device);
      }
      const ledger: Ledger = { queued: new Map() };
      try {
        await runScenario(devices, rng, steps, ledger, () => {
          server.restart();
          return Promise.resolve();
        });
        await quiesce(devices, db);
        await checkInvariants(db, tenant.id, devices, ledger);
        return [...ledger.queued.values()].reduce((n, q) => n + q.length, 0);
      } finally {
        for (const d of devices) await d.stop();
      }
    };

    it(`MU-1..MU-5: seeds ${firstSeed}..${firstSeed + runs - 1} apply every mutation exactly once or reject it visibly, and converge`, async () => {
      let mutations = 0;
      for (let seed = firstSeed; seed < firstSeed + runs; seed++) {
        try {
          mutations += await runSeed(seed);
        } catch (error) {
          throw new Error(
            `FUZZ_SEED=${seed} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      expect(mutations).toBeGreaterThan(runs);
    }, 1_800_000);

    for (const { seed, why } of regressions) {
      it(`regression: seed ${seed} (${why})`, async () => {
        expect(await runSeed(seed)).toBeGreaterThanOrEqual(0);
      }, 300_000);
    }
  });
}
