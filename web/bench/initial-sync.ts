/**
 * First sync of a fresh device (issue 7's cold start depends on it): a
 * generated tenant on an embedded server, the technician's tables synced into
 * the real replica schema (synced tables, overlay views, triggers) through
 * pglite-sync, timed to the first commit, for each initial insert method.
 * Prints rows, seconds and rows/s, and the floor: the same rows loaded into
 * an identical replica by one json_populate_recordset insert per table.
 * Run: npx tsx web/bench/initial-sync.ts [--scale 1]
 */
import { PGlite } from '@electric-sql/pglite';
import { electricSync } from '@electric-sql/pglite-sync';
import { migrate } from '@plantkeep/migrations';
import { syncedTableRef } from '@plantkeep/migrations/replica';
import { openPglite } from '@plantkeep/sync-server/db';
import { buildTestApp, loginAs } from '@plantkeep/sync-server/testing';
import { seedTenant, DEMO_PASSWORD } from '@plantkeep/sync-server/seed';
import { prepareReplica } from '../src/sync/replica';
import { syncReplica } from '../src/sync/sync-replica';
import { eventually } from '../src/sync/testing/client-fixture';
import { appTables } from '../src/db/worker-meta';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const scale = arg('scale', 1);
const db = await openPglite();
await migrate(db);
await seedTenant(db, { scale, seed: 1, slug: 'bench', name: 'Bench Plant' });
const t = buildTestApp(db, undefined, { liveTimeoutMs: 1000 });
await t.startNotifier();
const session = await loginAs(t.app, 'tech@demo.test', DEMO_PASSWORD);
const tables = [...appTables];
const fetchClient = (input: string | URL | Request, init?: RequestInit) =>
  Promise.resolve(t.app.request(new Request(input, init)));

async function countRows(pg: PGlite) {
  let rows = 0;
  for (const table of tables) {
    const { rows: r } = await pg.query<{ n: number }>(
      `select count(*)::int as n from ${syncedTableRef(table)}`,
    );
    rows += r[0]?.n ?? 0;
  }
  return rows;
}

for (const method of ['json', 'insert'] as const) {
  const pg = await PGlite.create({ extensions: { sync: electricSync() } });
  await prepareReplica(pg);
  const started = performance.now();
  let synced = false;
  const sub = await syncReplica(pg, {
    baseUrl: 'http://plantkeep.test',
    tables,
    clientId: crypto.randomUUID(),
    accessToken: () => session.accessToken,
    key: `bench-${method}`,
    fetchClient,
    initialInsertMethod: method,
    onInitialSync: () => (synced = true),
  });
  await eventually(() => synced, 'initial sync', 100_000);
  const seconds = (performance.now() - started) / 1000;
  const rows = await countRows(pg);
  console.log(
    `initial sync (${method}): ${rows} rows in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds)} rows/s`,
  );
  sub.unsubscribe();

  if (method === 'json') {
    // Floor: the same rows, one json_populate_recordset insert per table, into a fresh replica.
    const floor = await PGlite.create();
    await prepareReplica(floor);
    const dumps: [string, string][] = [];
    for (const table of tables) {
      const ref = syncedTableRef(table);
      const { rows: r } = await pg.query<{ j: string | null }>(
        `select json_agg(t)::text as j from ${ref} t`,
      );
      dumps.push([ref, r[0]?.j ?? '[]']);
    }
    const floorStarted = performance.now();
    await floor.transaction(async (tx) => {
      for (const [ref, json] of dumps) {
        await tx.query(
          `insert into ${ref} select * from json_populate_recordset(null::${ref}, $1::json)`,
          [json],
        );
      }
    });
    const floorSeconds = (performance.now() - floorStarted) / 1000;
    console.log(
      `floor (same rows, one json_populate_recordset insert per table): ${floorSeconds.toFixed(2)} s; ratio ${(seconds / floorSeconds).toFixed(1)}x`,
    );
    await floor.close();
  }
  await pg.close();
}
await t.notifier.stop();
await db.close();
