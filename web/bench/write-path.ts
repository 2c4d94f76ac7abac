/**
 * Write-path benchmark (issue 5). Prints:
 * 1. validated mutations per second through POST /v1/mutations versus the
 *    raw-SQL floor (the same inserts and updates through the driver, one
 *    transaction each, in the same run) and their ratio;
 * 2. seconds to flush 1,000 mutations queued offline until the replica has
 *    them acknowledged;
 * 3. local optimistic write → live query result, ms p50/p95.
 * Run: npx tsx web/bench/write-path.ts [--mutations 2000] [--offline 1000] [--writes 200]
 */
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { live } from '@electric-sql/pglite/live';
import { migrate } from '@plantkeep/migrations';
import type { Permission } from '@plantkeep/shared';
import { openPglite, withTenant } from '@plantkeep/sync-server/db';
import { buildTestApp, createTestTenant, loginAs } from '@plantkeep/sync-server/testing';
import { LocalStore } from '../src/sync/local-store';
import { prepareReplica } from '../src/sync/replica';
import { createDevice, eventually, type Session } from '../src/sync/testing/client-fixture';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const db = await openPglite();
await migrate(db);
const t = buildTestApp(db, undefined, { liveTimeoutMs: 1000 });
await t.startNotifier();
const tenant = await createTestTenant(db, 'bench');
const session = (await loginAs(t.app, tenant.users.Supervisor.email)) as unknown as Session;

// 1. Server throughput versus the raw-SQL floor.
const total = arg('mutations', 2000);
const ids = Array.from({ length: total / 2 }, () => randomUUID());
const clientId = randomUUID();
let seq = 0;
const started = performance.now();
for (let i = 0; i < ids.length; i += 50) {
  const slice = ids.slice(i, i + 50);
  const mutations = slice.flatMap((id) => [
    {
      seq: ++seq,
      name: 'workOrder.create',
      args: { id, title: 'Bench job', type: 'corrective', priority: 'low' },
    },
    {
      seq: ++seq,
      name: 'workOrder.update',
      args: { id, changes: { title: 'Bench job (edited)' }, seen: { title: 'Bench job' } },
    },
  ]);
  const res = await t.app.request('/v1/mutations', {
    method: 'POST',
    headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, mutations }),
  });
  if (!res.ok) throw new Error(`batch failed: ${res.status} ${await res.text()}`);
}
const serverSeconds = (performance.now() - started) / 1000;
const rawIds = Array.from({ length: total / 2 }, () => randomUUID());
const rawStarted = performance.now();
for (const id of rawIds) {
  await withTenant(db, tenant.id, (tx) =>
    tx.query(
      `insert into work_orders (tenant_id, id, title, type, priority, status, created_by, created_at, updated_at)
       values ($1, $2, 'Bench job', 'corrective', 'low', 'open', $3, now(), now())`,
      [tenant.id, id, tenant.users.Supervisor.id],
    ),
  );
  await withTenant(db, tenant.id, (tx) =>
    tx.query(
      `update work_orders set title = 'Bench job (edited)', version = version + 1, updated_at = now() where id = $1`,
      [id],
    ),
  );
}
const rawSeconds = (performance.now() - rawStarted) / 1000;
console.log(
  `server: ${total} validated mutations in ${round(serverSeconds, 2)} s = ${Math.round(total / serverSeconds)}/s; ` +
    `raw SQL floor (same writes, one transaction each, change capture on): ${Math.round(total / rawSeconds)}/s; ` +
    `ratio ${round(serverSeconds / rawSeconds, 2)}x`,
);

// 2. Flush mutations queued offline until acknowledged through sync.
const offline = arg('offline', 1000);
const device = await createDevice(t.app, session, {
  tables: ['work_orders', 'sync_clients', 'mutation_rejections'],
});
await eventually(() => device.sync.isUpToDate, 'initial sync', 2000);
device.state.online = false;
for (let i = 0; i < offline; i++) {
  await device.store.mutate('workOrder.create', {
    id: randomUUID(),
    title: `Offline ${i}`,
    type: 'corrective',
    priority: 'low',
  });
}
device.state.online = true;
const flushStarted = performance.now();
for (;;) {
  const outcome = await device.sender.flushOnce();
  if (outcome.kind === 'idle') break;
  if (outcome.kind !== 'sent') throw new Error(`flush: ${JSON.stringify(outcome)}`);
}
const sentSeconds = (performance.now() - flushStarted) / 1000;
await eventually(async () => (await device.pendingCount()) === 0, 'acknowledgement', 4000);
const flushSeconds = (performance.now() - flushStarted) / 1000;
console.log(
  `offline flush: ${offline} queued mutations sent in ${round(sentSeconds, 2)} s, acknowledged through sync after ${round(flushSeconds, 2)} s`,
);
await device.close();

// 3. Optimistic write → a live query over the overlay view (what a screen
// subscribes to) delivers it: the time from calling mutate() to the live
// query's callback holding the new row.
const pg = await PGlite.create({ extensions: { live } });
await prepareReplica(pg);
const store = new LocalStore(pg, randomUUID(), {
  userId: session.user.id,
  tenantId: session.user.tenantId,
  permissions: new Set(session.user.permissions as Permission[]),
});
let waiting: { title: string; resolve: () => void } | undefined;
const screen = await pg.live.query<{ title: string }>(
  'select id, title, status from work_orders order by created_at desc limit 50',
  [],
  (result) => {
    if (waiting && result.rows.some((r) => r.title === waiting?.title)) waiting.resolve();
  },
);
const writes = arg('writes', 200);
const latencies: number[] = [];
for (let i = 0; i < writes; i++) {
  const title = `Local ${i}`;
  const seen = new Promise<void>((resolve) => (waiting = { title, resolve }));
  const at = performance.now();
  await store.mutate('workOrder.create', {
    id: randomUUID(),
    title,
    type: 'corrective',
    priority: 'low',
  });
  await seen;
  latencies.push(performance.now() - at);
}
console.log(
  `optimistic write → live query result: p50 ${round(percentile(latencies, 50))} ms, ` +
    `p95 ${round(percentile(latencies, 95))} ms (${writes} writes)`,
);
await screen.unsubscribe();
await pg.close();
await t.notifier.stop();
await db.close();
