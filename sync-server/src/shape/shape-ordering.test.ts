import { isChangeMessage, isControlMessage, ShapeStream, type Row } from '@electric-sql/client';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Database } from '../db';
import { buildTestApp, createTestTenant, loginAs, type TestClock } from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import {
  createReplica,
  expectReplicaEqualsServer,
  replicaMatches,
  syncOptions,
  type Replica,
  type ShapeSpec,
} from '../testing/replica';
import { bearer, fastBackoff, ShapeRouter, waitFor } from '../testing/shape-client';
import { assetValues, insertRows, workOrderValues } from '../testing/shape-data';

const realClock: TestClock = { now: () => Date.now(), advance: () => undefined };

const WRITERS = 8;
const TRANSACTIONS = 30;
const ACCOUNTS = 4;
const START_CENTS = 100_000;

/** What one committed transaction did; `version` (its commit position) is the key. */
interface Commit {
  from: string;
  to: string;
  cents: number;
  inserted: string;
  deleted: string | undefined;
}

/** One state of the synced rows as a follower saw it. */
interface Observed {
  source: string;
  /** Commit counter as carried by the assets table, and by the work_orders table. */
  assetsVersion: number | undefined;
  ledgerVersion: number | undefined;
  balances: Map<string, number>;
  ledger: Set<string> | undefined;
}

const cents = (numeric: string) => Math.round(Number(numeric) * 100);

describe.each(testDatabases)('commit order under concurrent writers ($name)', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('SL-2, SL-4, SH-5, SH-6, SH-7: followers only ever see whole, commit-ordered prefixes; replicas end equal to the server', async () => {
    const tenant = await createTestTenant(db, `o${randomUUID().slice(0, 8)}`);
    const noise = await createTestTenant(db, `n${randomUUID().slice(0, 8)}`);
    const built = buildTestApp(db, realClock, {
      liveTimeoutMs: 1000,
      snapshotChunkRows: 8,
      logChunkRows: 16,
    });
    await built.startNotifier();
    const token = (await loginAs(built.app, tenant.users.Technician.email)).accessToken;
    const who = { tenantId: tenant.id, userId: tenant.users.Technician.id };

    // Accounts (transfers keep their total), a version row per table, ledger rows inserted and deleted.
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) =>
      assetValues(tenant.id, { tag: `ACC-${i}`, purchase_cost: (START_CENTS / 100).toFixed(2) }),
    );
    const versionAsset = assetValues(tenant.id, { tag: 'VERSION', version: 0 });
    const versionOrder = workOrderValues(tenant.id, { title: 'version', number: 0, version: 0 });
    const noiseAsset = assetValues(noise.id);
    await insertRows(db, tenant.id, [
      ...accounts.map((a) => ['assets', a] as [string, Record<string, unknown>]),
      ['assets', versionAsset],
      ['work_orders', versionOrder],
    ]);
    await insertRows(db, noise.id, [['assets', noiseAsset]]);
    const accountIds = accounts.map((a) => a.id as string);
    const versionId = versionAsset.id as string;
    const versionOrderId = versionOrder.id as string;

    const observed: Observed[] = [];
    const shapes: ShapeSpec[] = [{ table: 'assets' }, { table: 'work_orders' }];
    const stops: (() => Promise<void>)[] = [];

    // Follower 1: pglite-sync, live from before the first write.
    const replicas: { name: string; replica: Replica; sync: { isUpToDate: boolean } }[] = [];
    async function startReplica(name: string) {
      const replica = await createReplica(['assets', 'work_orders']);
      const router = new ShapeRouter(built.app);
      const sync = await replica.pg.electric.syncShapesToTables({
        key: null,
        shapes: syncOptions(replica, router, token, shapes),
      });
      stops.push(async () => {
        sync.unsubscribe();
        await router.drain();
        await replica.pg.close();
      });
      replicas.push({ name, replica, sync });
    }
    await startReplica('replica-1');
    await waitFor('replica-1 initial sync', async () => {
      const first = replicas[0];
      return (
        !!first && first.sync.isUpToDate && (await replicaMatches(db, first.replica, who, shapes))
      );
    });

    // Follower 2: a ShapeStream on assets; its state is recorded after every transaction and up-to-date.
    const streamRouter = new ShapeRouter(built.app);
    const controller = new AbortController();
    const stream = new ShapeStream<Row>({
      url: streamRouter.url,
      params: { table: 'assets' },
      headers: bearer(token),
      fetchClient: streamRouter.fetchClient,
      backoffOptions: fastBackoff,
      signal: controller.signal,
    });
    stops.push(async () => {
      stream.unsubscribeAll();
      controller.abort();
      await streamRouter.drain();
    });
    const streamRows = new Map<string, Row>();
    let streamLive = false;
    const recordStream = () => {
      const balances = new Map<string, number>();
      let version: number | undefined;
      for (const row of streamRows.values()) {
        const id = typeof row.id === 'string' ? row.id : '';
        if (id === versionId) version = Number(row.version);
        else if (accountIds.includes(id) && typeof row.purchase_cost === 'string') {
          balances.set(id, cents(row.purchase_cost));
        }
      }
      observed.push({
        source: 'stream',
        assetsVersion: version,
        ledgerVersion: undefined,
        balances,
        ledger: undefined,
      });
    };
    stream.subscribe((messages) => {
      for (const m of messages) {
        if (isChangeMessage(m)) {
          if (m.headers.operation === 'insert') streamRows.set(m.key, m.value);
          if (m.headers.operation === 'update')
            streamRows.set(m.key, { ...streamRows.get(m.key), ...m.value });
          if (m.headers.operation === 'delete') streamRows.delete(m.key);
          if (streamLive && m.headers.last === true) recordStream();
        } else if (isControlMessage(m) && m.headers.control === 'up-to-date') {
          streamLive = true;
          recordStream();
        }
      }
    });
    await waitFor('stream up to date', () => stream.isUpToDate);

    // Replicas are read (one local transaction each) throughout the run.
    let polling = true;
    const readReplica = async (name: string, replica: Replica) => {
      const state = await replica.pg.transaction(async (tx) => {
        const assets = await tx.query<{ id: string; cost: string | null; version: number }>(
          'select id::text, purchase_cost::text as cost, version from assets where tenant_id = $1',
          [tenant.id],
        );
        const orders = await tx.query<{ id: string; title: string; version: number }>(
          'select id::text, title, version from work_orders where tenant_id = $1',
          [tenant.id],
        );
        return { assets: assets.rows, orders: orders.rows };
      });
      const balances = new Map<string, number>();
      for (const a of state.assets)
        if (accountIds.includes(a.id)) balances.set(a.id, cents(a.cost ?? '0'));
      observed.push({
        source: name,
        assetsVersion: state.assets.find((a) => a.id === versionId)?.version,
        ledgerVersion: state.orders.find((o) => o.id === versionOrderId)?.version,
        balances,
        ledger: new Set(state.orders.filter((o) => o.title === 'ledger').map((o) => o.id)),
      });
    };
    const poller = (async () => {
      while (polling) {
        for (const { name, replica } of [...replicas]) await readReplica(name, replica);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();

    // The writers: each transaction moves money between two accounts (one statement), appends
    // a ledger row, sometimes deletes the oldest one, and bumps both version rows last. On
    // Postgres they run on separate pool connections and sleep inside, so their transactions
    // overlap; LSN order must still be commit order (SL-2).
    const history = new Map<number, Commit>();
    const slow = db.kind === 'postgres';
    async function writer(w: number) {
      for (let i = 0; i < TRANSACTIONS; i++) {
        const from = accountIds[Math.floor(Math.random() * ACCOUNTS)] as string;
        const others = accountIds.filter((id) => id !== from);
        const to = others[Math.floor(Math.random() * others.length)] as string;
        const amount = 1 + Math.floor(Math.random() * 5000);
        const inserted = randomUUID();
        const result = await withTenant(db, tenant.id, async (tx) => {
          if (slow) await tx.query('select pg_sleep($1::float8)', [Math.random() * 0.003]);
          await tx.query(
            `update assets set purchase_cost = purchase_cost + case when id = $1 then -$3::numeric else $3::numeric end
                where id in ($1, $2)`,
            [from, to, (amount / 100).toFixed(2)],
          );
          if (slow) await tx.query('select pg_sleep($1::float8)', [Math.random() * 0.002]);
          await tx.query(
            `insert into work_orders (tenant_id, id, number, title, type, estimated_hours)
               values ($1, $2, $3, 'ledger', 'corrective', $4::numeric)`,
            [tenant.id, inserted, (w + 1) * 1000 + i, (amount / 100).toFixed(2)],
          );
          let deleted: string | undefined;
          if (i % 3 === 2) {
            const rows = await tx.query<{ id: string }>(
              `delete from work_orders where id = (
                   select id from work_orders where title = 'ledger' and id <> $1 order by number limit 1)
                 returning id::text`,
              [inserted],
            );
            deleted = rows[0]?.id;
          }
          await tx.query('update work_orders set version = version + 1 where id = $1', [
            versionOrderId,
          ]);
          const [row] = await tx.query<{ version: number }>(
            'update assets set version = version + 1 where id = $1 returning version',
            [versionId],
          );
          return { version: Number(row?.version), deleted };
        });
        history.set(result.version, { from, to, cents: amount, inserted, deleted: result.deleted });
        if (w === 0 && i === Math.floor(TRANSACTIONS / 3)) {
          // Follower 3 joins mid-run: a chunked snapshot taken under concurrent writes.
          await startReplica('replica-2');
        }
      }
    }
    async function noiseWriter() {
      for (let i = 0; i < TRANSACTIONS; i++) {
        await withTenant(db, noise.id, (tx) =>
          tx.query('update assets set version = version + 1 where id = $1', [noiseAsset.id]),
        );
      }
    }
    try {
      await Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), noiseWriter()]);

      // Every transaction committed once, numbered 1..N in commit order.
      const total = WRITERS * TRANSACTIONS;
      expect([...history.keys()].sort((a, b) => a - b)).toEqual(
        Array.from({ length: total }, (_, i) => i + 1),
      );

      // Replicas and the stream converge to the server.
      for (const { name, replica, sync } of replicas) {
        await waitFor(
          `${name} to equal the server`,
          async () => sync.isUpToDate && (await replicaMatches(db, replica, who, shapes)),
          400,
        );
        await expectReplicaEqualsServer(db, replica, who, shapes);
      }
      await waitFor(
        'stream to see the last commit',
        () => {
          const v = [...streamRows.values()].find((r) => r.id === versionId)?.version;
          return stream.isUpToDate && Number(v) === total;
        },
        400,
      );
      polling = false;
      await poller;
      for (const { name, replica } of replicas) await readReplica(name, replica);

      // The states each commit left behind.
      const balancesAt: Map<string, number>[] = [];
      const ledgerAt: Set<string>[] = [];
      let balances = new Map(accountIds.map((id) => [id, START_CENTS]));
      let ledger = new Set<string>();
      balancesAt.push(balances);
      ledgerAt.push(ledger);
      for (let v = 1; v <= total; v++) {
        const c = history.get(v) as Commit;
        balances = new Map(balances);
        balances.set(c.from, (balances.get(c.from) ?? 0) - c.cents);
        balances.set(c.to, (balances.get(c.to) ?? 0) + c.cents);
        ledger = new Set(ledger);
        ledger.add(c.inserted);
        if (c.deleted) ledger.delete(c.deleted);
        balancesAt.push(balances);
        ledgerAt.push(ledger);
      }

      // Every state any follower saw is one the server passed through (no torn or reordered
      // transactions): balances sum to the same total and equal the prefix of commits up to the
      // version the state carries; the ledger likewise.
      const sources = new Set<string>();
      let checked = 0;
      for (const state of observed) {
        if (state.assetsVersion === undefined) continue;
        const v = state.assetsVersion;
        const total = [...state.balances.values()].reduce((sum, b) => sum + b, 0);
        expect(total, `${state.source}: transfers keep the total`).toBe(ACCOUNTS * START_CENTS);
        expect(
          Object.fromEntries(state.balances),
          `${state.source} balances at version ${v}`,
        ).toEqual(Object.fromEntries(balancesAt[v] ?? new Map()));
        if (state.ledger && state.ledgerVersion !== undefined) {
          const lv = state.ledgerVersion;
          expect([...state.ledger].sort(), `${state.source} ledger at version ${lv}`).toEqual(
            [...(ledgerAt[lv] ?? new Set<string>())].sort(),
          );
          // pglite-sync commits all shapes up to one LSN: both tables at the same commit.
          // (Only a replica's very first commit, its initial snapshots, may hold tables read at
          // different moments; replica-1 synced before the writes began.)
          if (state.source === 'replica-1') {
            expect(lv, `${state.source}: both tables at one commit`).toBe(v);
          }
        }
        sources.add(state.source);
        checked += 1;
      }
      expect([...sources].sort()).toEqual(['replica-1', 'replica-2', 'stream']);
      expect(checked).toBeGreaterThan(20);
      const streamStates = observed.filter(
        (s) => s.source === 'stream' && s.assetsVersion !== undefined,
      );
      expect(streamStates.length).toBeGreaterThan(5);
    } finally {
      polling = false;
      await poller;
      for (const stop of stops.reverse()) await stop();
      await built.notifier.stop();
    }
  }, 120_000);

  it.skipIf(target.name === 'pglite')(
    'SL-2: change capture adds no deadlock: writers locking rows in one order both commit',
    async () => {
      const tenant = await createTestTenant(db, `d${randomUUID().slice(0, 8)}`);
      const a = assetValues(tenant.id);
      const b = assetValues(tenant.id);
      await insertRows(db, tenant.id, [
        ['assets', a],
        ['assets', b],
      ]);
      // T1 updates a, then b; T2 updates only b. The row locks are taken in one order, so
      // without change capture T2 simply waits for T1 (or T1 for T2) and both commit.
      let t1HoldsA!: () => void;
      const t1Ready = new Promise<void>((resolve) => (t1HoldsA = resolve));
      let t2Waiting!: () => void;
      const t2Ready = new Promise<void>((resolve) => (t2Waiting = resolve));
      const t1 = withTenant(db, tenant.id, async (tx) => {
        await tx.query('update assets set name = $2 where id = $1', [a.id, 't1']);
        t1HoldsA();
        await t2Ready;
        await tx.query('update assets set name = $2 where id = $1', [b.id, 't1']);
      });
      const t2 = (async () => {
        await t1Ready;
        return withTenant(db, tenant.id, async (tx) => {
          const update = tx.query('update assets set name = $2 where id = $1', [b.id, 't2']);
          await waitFor('T2 to block', async () => {
            const [row] = await db.query<{ n: number }>(
              "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
            );
            return (row?.n ?? 0) > 0;
          });
          t2Waiting();
          await update;
        });
      })();
      const outcomes = await Promise.allSettled([t1, t2]);
      expect(
        outcomes.map((o) =>
          o.status === 'fulfilled' ? 'committed' : String((o.reason as Error).message),
        ),
      ).toEqual(['committed', 'committed']);
    },
  );
});
