/**
 * Benchmark of the sync read path (GET /v1/shape from the embedded shape log).
 * Not a test: it prints figures and asserts nothing about time.
 *
 *   npx tsx sync-server/bench/sync-read.ts [--scale 20] [--subscribers 1000] [--writes 200]
 *     [--probes 5] [--baseline-writes 20] [--gap 20] [--write-seconds 180]
 *     [--insert-method json|csv|insert] [--rate-limits production|off] [--keep-alive-ms N] [--seed 1]
 *
 * The server runs in a child process (server-entry.ts): PGlite in a temporary
 * data directory, migrated, one tenant seeded at --scale, the real app served
 * over HTTP on a free port. This process is the clients:
 *   1. initial sync of every synced table into a fresh PGlite replica with
 *      pglite-sync, against a plain COPY of the same rows (the floor);
 *   2. write → visible latency at an observer with N live ShapeStreams open,
 *      and the time until all N have seen a write (on a restarted server);
 *   3. the server's memory per live subscriber.
 * `--subscribers 0` runs part 1 only. Results: docs/benchmarks.md.
 */
import { PGlite } from '@electric-sql/pglite';
import { electricSync, type InitialInsertMethod } from '@electric-sql/pglite-sync';
import {
  BackoffDefaults,
  isChangeMessage,
  ShapeStream,
  type Message,
  type Row,
} from '@electric-sql/client';
import { quoteIdent, replicaTables, replicaTablesSql } from '@plantkeep/migrations';
import { syncedTableName } from '@plantkeep/migrations/replica';
import {
  syncedTables,
  usesClientId,
  type SyncedTable,
  type SyncedTableName,
} from '@plantkeep/shared';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { cpus, tmpdir } from 'node:os';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { wallNow, type ServerMemory, type ServerStats } from './protocol';
import { ServerProcess } from './server-process';

const { values: opts } = parseArgs({
  options: {
    scale: { type: 'string', default: '20' },
    subscribers: { type: 'string', default: '1000' },
    writes: { type: 'string', default: '200' },
    /** Isolated writes whose fan-out to all N subscribers is timed. */
    probes: { type: 'string', default: '5' },
    /** Writes with only the observer connected (the idle baseline). */
    'baseline-writes': { type: 'string', default: '20' },
    /** Pause after the observer has seen a write, before the next one (ms). */
    gap: { type: 'string', default: '20' },
    /** Stop the W writes early after this long (the run stays bounded when fan-out is slow). */
    'write-seconds': { type: 'string', default: '180' },
    'insert-method': { type: 'string', default: 'json' },
    /** production: the server's own limits; off: unlimited-rate-limits.ts (see docs/benchmarks.md). */
    'rate-limits': { type: 'string', default: 'production' },
    /** The server's keepAliveTimeout (ms); by default Node's 5 s, as the real server (src/server.ts). */
    'keep-alive-ms': { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});

const scale = Number(opts.scale);
const subscriberCount = Number(opts.subscribers);
const writeCount = Number(opts.writes);
const probeCount = Number(opts.probes);
const baselineCount = Number(opts['baseline-writes']);
const gapMs = Number(opts.gap);
const keepAliveMs = opts['keep-alive-ms'] === undefined ? undefined : Number(opts['keep-alive-ms']);
const writeSeconds = Number(opts['write-seconds']);
const rateLimits = ((value: string | undefined): 'production' | 'off' => {
  if (value !== 'production' && value !== 'off')
    throw new Error('--rate-limits must be production or off');
  return value;
})(opts['rate-limits']);
const insertMethod = opts['insert-method'] as InitialInsertMethod;
if (!['json', 'csv', 'insert'].includes(insertMethod)) {
  throw new Error('--insert-method must be json, csv or insert');
}
for (const [name, value] of Object.entries({ scale, subscriberCount, writeCount, probeCount })) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`bad --${name}`);
}

// pglite-sync puts one abort listener per shape on a shared signal (29 shapes): not a leak.
EventEmitter.defaultMaxListeners = 64;

// ---------------------------------------------------------------- helpers

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MiB`;
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? NaN;
}

const summary = (values: number[]) =>
  `p50 ${fmt(percentile(values, 50), 1)} ms, p95 ${fmt(percentile(values, 95), 1)} ms, ` +
  `p99 ${fmt(percentile(values, 99), 1)} ms, max ${fmt(percentile(values, 100), 1)} ms (n=${values.length})`;

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const out = (line = '') => process.stdout.write(`${line}\n`);

let ipCounter = 0;
/** A distinct client address: each client stands for its own device (the server trusts X-Forwarded-For). */
function deviceIp(): string {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

interface Session {
  token: string;
  userId: string;
  tenantId: string;
}

async function login(base: string, slug: string): Promise<Session> {
  const res = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': deviceIp() },
    body: JSON.stringify({ email: 'admin@demo.test', password: 'demo-password', tenant: slug }),
  });
  const body = (await res.json()) as {
    data?: { accessToken: string; user: { id: string; tenantId: string } };
  };
  if (res.status !== 200 || !body.data) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return {
    token: body.data.accessToken,
    userId: body.data.user.id,
    tenantId: body.data.user.tenantId,
  };
}

/** fetch that reads each response body whole and counts its bytes (the server does not compress). */
function countingFetch() {
  const counter = { bytes: 0, responses: 0, lastResponseAt: 0 };
  const fetchClient: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const body = await res.arrayBuffer();
    counter.bytes += body.byteLength;
    counter.responses += 1;
    counter.lastResponseAt = performance.now();
    return new Response([101, 204, 205, 304].includes(res.status) ? null : body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
  return { counter, fetchClient };
}

/**
 * Creates the replica's synced tables (replicaTablesSql) and returns, per
 * server table name, where sync writes it (schema and table, e.g.
 * `synced.work_orders_synced`), read back from the catalog.
 */
async function createReplicaTables(
  pg: PGlite,
): Promise<Map<string, { schema: string; table: string; sql: string }>> {
  await pg.exec(replicaTablesSql().join(';\n'));
  const byStoredName = new Map(replicaTables().map((t) => [syncedTableName(t.name), t.name]));
  const { rows } = await pg.query<{ schema: string; name: string }>(
    `select table_schema::text as schema, table_name::text as name from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema', 'electric')`,
  );
  return new Map(
    rows.map((r) => [
      byStoredName.get(r.name) ?? r.name,
      { schema: r.schema, table: r.name, sql: `${quoteIdent(r.schema)}.${quoteIdent(r.name)}` },
    ]),
  );
}

interface TableContents {
  rows: number;
  /** Order-independent digest of the rows' text forms. */
  digest: string;
}

/** Rows and a digest of every synced table in a replica, to check two replicas hold the same rows. */
async function tableContents(
  pg: PGlite,
  names: Map<string, { sql: string }>,
): Promise<Map<string, TableContents>> {
  const contents = new Map<string, TableContents>();
  for (const t of replicaTables()) {
    const sql = names.get(t.name)?.sql ?? quoteIdent(t.name);
    const [row] = (
      await pg.query<{ n: number; digest: string | null }>(
        `select count(*)::int as n, sum(hashtextextended(t::text, 0)::numeric)::text as digest from ${sql} t`,
      )
    ).rows;
    contents.set(t.name, { rows: row?.n ?? 0, digest: row?.digest ?? '' });
  }
  return contents;
}

const totalRows = (contents: Map<string, TableContents>) =>
  [...contents.values()].reduce((n, c) => n + c.rows, 0);

const isOwnClient = (table: string) => {
  const entry = syncedTables[table as SyncedTableName] as SyncedTable | undefined;
  return entry !== undefined && usesClientId(entry.rows);
};

function shapeErrors(stats: ServerStats): string {
  const failed = Object.entries(stats.shapeResponses).filter(([status]) => status !== '200');
  return failed.length === 0 ? 'none' : failed.map(([s, n]) => `${n} × ${s}`).join(', ');
}

/** What the server did between two stats readings (`after` taken after a reset at `before`). */
function serverLoad(before: ServerStats, after: ServerStats, seconds: number): string {
  const n = after.transactions - before.transactions;
  const wait = (after.transactionWaitMs - before.transactionWaitMs) / Math.max(1, n);
  const run = (after.transactionRunMs - before.transactionRunMs) / Math.max(1, n);
  return (
    `${fmt(n)} transactions (${fmt(n / seconds)}/s), each queued ${fmt(wait, 1)} ms and ran ` +
    `${fmt(run, 2)} ms on average (longest queueing ${fmt(after.maxTransactionWaitMs)} ms); ` +
    `event-loop delay p99 ${fmt(after.loopDelayP99Ms)} ms, max ${fmt(after.loopDelayMaxMs)} ms; ` +
    `longest shape request ${fmt(after.maxShapeRequestMs / 1000, 1)} s, ${after.slowShapeRequests} over 25 s`
  );
}

function diffResponses(after: ServerStats, before: ServerStats): ServerStats {
  const shapeResponses: Record<string, number> = {};
  for (const [status, n] of Object.entries(after.shapeResponses)) {
    const d = n - (before.shapeResponses[status] ?? 0);
    if (d > 0) shapeResponses[status] = d;
  }
  return { ...after, shapeResponses };
}

// ---------------------------------------------------------------- 1. initial sync and the COPY floor

async function initialSync(base: string, session: Session, server: ServerProcess) {
  const tables = replicaTables();
  const replica = await PGlite.create({ extensions: { electric: electricSync() } });
  const names = await createReplicaTables(replica);
  const { counter, fetchClient } = countingFetch();
  const clientId = randomUUID();
  const headers = { Authorization: `Bearer ${session.token}`, 'x-forwarded-for': deviceIp() };
  const shapes = Object.fromEntries(
    tables.map((t) => [
      t.name,
      {
        shape: {
          url: `${base}/v1/shape`,
          params: { table: t.name, ...(isOwnClient(t.name) ? { client_id: clientId } : {}) },
          headers,
          fetchClient,
        },
        table: names.get(t.name)?.table ?? t.name,
        schema: names.get(t.name)?.schema ?? 'public',
        primaryKey: t.primaryKey,
      },
    ]),
  );

  const statsBefore = (await server.call({ type: 'stats', reset: true })).stats;
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  let resolveSynced: () => void = () => undefined;
  let rejectSynced: (error: Error) => void = () => undefined;
  const synced = new Promise<void>((resolve, reject) => {
    resolveSynced = resolve;
    rejectSynced = reject;
  });
  const sync = await replica.electric.syncShapesToTables({
    key: null,
    shapes,
    initialInsertMethod: insertMethod,
    onInitialSync: () => resolveSynced(),
    onError: (error) => rejectSynced(error),
  });
  await synced;
  const seconds = (performance.now() - started) / 1000;
  const transferSeconds = (counter.lastResponseAt - started) / 1000;
  const clientCpu = cpuSeconds() - cpuBefore;
  const statsAfter = (await server.call({ type: 'stats' })).stats;
  sync.unsubscribe();

  const contents = await tableContents(replica, names);
  await replica.close();
  const delta = diffResponses(statsAfter, statsBefore);
  return {
    seconds,
    transferSeconds,
    rows: totalRows(contents),
    contents,
    bodyBytes: counter.bytes,
    responses: counter.responses,
    socketBytes: statsAfter.bytesWritten - statsBefore.bytesWritten,
    serverCpu: statsAfter.cpuSeconds - statsBefore.cpuSeconds,
    clientCpu,
    shapeResponses: shapeErrors(delta),
    load: serverLoad(statsBefore, statsAfter, seconds),
    clientId,
  };
}

async function copyFloor(session: Session, server: ServerProcess, clientId: string) {
  const dir = await mkdtemp(join(tmpdir(), 'plantkeep-bench-copy-'));
  try {
    const tables = replicaTables();
    const copied = await server.call({
      type: 'copy-out',
      token: session.token,
      dir,
      tables: tables.map((t) => ({
        table: t.name,
        columns: t.columns.map((c) => c.name),
        ...(isOwnClient(t.name) ? { clientId } : {}),
      })),
    });
    const target = await PGlite.create();
    const names = await createReplicaTables(target);
    let inSeconds = 0;
    let bytes = 0;
    for (const c of copied.tables) {
      const columns = tables.find((t) => t.name === c.table)?.columns.map((x) => x.name) ?? [];
      const data = await readFile(c.file);
      bytes += data.byteLength;
      const started = performance.now();
      await target.query(
        `COPY ${names.get(c.table)?.sql ?? quoteIdent(c.table)} (${columns.map(quoteIdent).join(', ')}) FROM '/dev/blob'`,
        [],
        { blob: new Blob([data]) },
      );
      inSeconds += (performance.now() - started) / 1000;
    }
    const contents = await tableContents(target, names);
    await target.close();
    const rows = copied.tables.reduce((n, t) => n + t.rows, 0);
    return { outSeconds: copied.seconds, inSeconds, rows, bytes, contents };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- 2. live subscribers

interface WriteRecord {
  title: string;
  committedAt: number;
  observerAt?: number;
  seen: number;
  allSeenAt?: number;
  /** When each subscriber (not the observer) saw it. */
  seenAt: number[];
}

class Writes {
  readonly byTitle = new Map<string, WriteRecord>();
  subscribers = 0;

  constructor(private readonly runId: string) {}

  /** Called by every stream with its messages; the observer is flagged. */
  onMessages(messages: Message<Row<unknown>>[], observer: boolean): void {
    const at = wallNow();
    for (const m of messages) {
      if (!isChangeMessage(m) || m.headers.operation !== 'update') continue;
      const title = m.value.title;
      if (typeof title !== 'string') continue;
      const record = this.byTitle.get(title);
      if (!record) continue;
      if (observer) {
        record.observerAt ??= at;
      } else {
        record.seen += 1;
        record.seenAt.push(at);
        if (record.seen === this.subscribers) record.allSeenAt = at;
      }
    }
  }

  async write(server: ServerProcess, workOrderId: string, i: number): Promise<WriteRecord> {
    const title = `bench ${this.runId} write ${i}`;
    const record: WriteRecord = { title, committedAt: Infinity, seen: 0, seenAt: [] };
    this.byTitle.set(title, record);
    const { committedAt } = await server.call({ type: 'write', workOrderId, title });
    record.committedAt = committedAt;
    return record;
  }
}

/** What the subscribers' HTTP did: requests, failed fetches by message, client retries. */
class Transport {
  requests = 0;
  retries = 0;
  readonly failures = new Map<string, number>();

  readonly fetchClient: typeof fetch = async (input, init) => {
    this.requests += 1;
    try {
      return await fetch(input, init);
    } catch (error) {
      const name = error instanceof Error ? error.name : 'error';
      if (name !== 'AbortError') {
        const cause =
          error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        const key = `${error instanceof Error ? error.message : String(error)}${cause}`;
        this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
      }
      throw error;
    }
  };

  describe(): string {
    const failures = [...this.failures].map(([m, n]) => `${n} × ${m}`).join('; ');
    return `${fmt(this.requests)} requests, ${this.retries} retries, failed fetches: ${failures || 'none'}`;
  }
}

function openStream(
  base: string,
  token: string,
  writes: Writes,
  observer: boolean,
  errors: string[],
  transport: Transport,
): ShapeStream<Row<unknown>> {
  const stream = new ShapeStream<Row<unknown>>({
    url: `${base}/v1/shape`,
    params: { table: 'work_orders' },
    offset: 'now',
    headers: { Authorization: `Bearer ${token}`, 'x-forwarded-for': deviceIp() },
    fetchClient: transport.fetchClient,
    backoffOptions: { ...BackoffDefaults, onFailedAttempt: () => (transport.retries += 1) },
    onError: (error) => {
      errors.push(error.message);
      return {};
    },
  });
  stream.subscribe(
    (messages) => writes.onMessages(messages, observer),
    (error) => errors.push(error.message),
  );
  return stream;
}

/**
 * The server's memory after gc, once its RSS has settled: V8 and the allocator
 * hand pages back seconds after activity stops, so one reading can be tens of MiB high.
 */
async function settledMemory(
  server: ServerProcess,
): Promise<{ memory: ServerMemory; rss: number }> {
  const readings: number[] = [];
  for (;;) {
    const { memory } = await server.call({ type: 'memory' });
    const rss = server.procRss();
    readings.push(rss);
    const last = readings.slice(-10);
    const settled = last.length === 10 && Math.max(...last) - Math.min(...last) < 2 ** 20;
    if (settled || readings.length >= 45) return { memory, rss };
    await sleep(1_000);
  }
}

/** One live cycle of every subscriber: the server answers an idle long-poll after 20 s. */
const IDLE_WINDOW_MS = 20_000;

async function liveSubscribers(base: string, slug: string, server: ServerProcess) {
  const session = await login(base, slug);
  // Every stream is its own device with its own session (the server limits shape requests per session).
  const { tokens } = await server.call({
    type: 'sessions',
    userId: session.userId,
    count: subscriberCount + 1,
  });
  let tokenIndex = 0;
  const deviceToken = () => tokens[tokenIndex++] ?? session.token;
  const writes = new Writes(randomUUID().slice(0, 8));
  const errors: string[] = [];
  const transport = new Transport();
  const stats = async (reset = false) => (await server.call({ type: 'stats', reset })).stats;
  const ids = (await server.call({ type: 'work-orders', limit: 1000 })).ids;
  if (ids.length === 0) throw new Error('no work orders to update');
  let writeIndex = 0;
  const nextWorkOrder = () => ids[writeIndex % ids.length] as string;

  const observer = openStream(base, deviceToken(), writes, true, errors, transport);
  const observerLive = async () => observer.isUpToDate && (await stats()).liveRequests >= 1;
  await waitUntil('the observer to be live', observerLive, 30_000);

  async function timedWrite(): Promise<WriteRecord> {
    const record = await writes.write(server, nextWorkOrder(), writeIndex++);
    const what = `the observer to see write ${writeIndex}`;
    await waitUntil(what, () => record.observerAt !== undefined, 300_000);
    return record;
  }
  const latency = (r: WriteRecord) => (r.observerAt ?? NaN) - r.committedAt;
  const fanOut = (r: WriteRecord) => (r.allSeenAt ?? NaN) - r.committedAt;
  const each = (records: WriteRecord[]) =>
    records.flatMap((r) => r.seenAt.map((at) => at - r.committedAt));

  // Idle baseline: only the observer is connected.
  const baseline: number[] = [];
  for (let i = 0; i < baselineCount; i++) {
    baseline.push(latency(await timedWrite()));
    await sleep(gapMs);
  }
  await waitUntil('the observer to be live again', observerLive, 30_000);
  await sleep(1_000);
  const { memory: memBefore, rss: rssBefore } = await settledMemory(server);
  const statsBefore = await stats();

  // N subscribers connect at once, each from offset=now straight into live mode.
  const connectStarted = performance.now();
  writes.subscribers = subscriberCount;
  const streams: ShapeStream<Row<unknown>>[] = [];
  for (let i = 0; i < subscriberCount; i++) {
    streams.push(openStream(base, deviceToken(), writes, false, errors, transport));
  }
  const allLive = async () =>
    streams.every((s) => s.isUpToDate) && (await stats()).liveRequests >= subscriberCount + 1;
  await waitUntil(`${subscriberCount} subscribers to be live`, allLive, 300_000);
  const connectSeconds = (performance.now() - connectStarted) / 1000;

  // Idle for one long-poll cycle: what merely holding N subscribers costs.
  const statsIdleStart = await stats(true);
  await sleep(IDLE_WINDOW_MS);
  const statsIdleEnd = await stats(true);
  const { memory: memAfter, rss: rssAfter } = await settledMemory(server);

  // Probes: isolated writes (everyone live, nothing pending), timed until all N have them.
  const probes: WriteRecord[] = [];
  const probesStarted = performance.now();
  const statsBeforeProbes = await stats(true);
  for (let i = 0; i < probeCount; i++) {
    await waitUntil('all subscribers live again', allLive, 300_000);
    await sleep(500);
    const record = await timedWrite();
    await waitUntil(
      'every subscriber to see the probe',
      () => record.allSeenAt !== undefined,
      300_000,
    );
    probes.push(record);
  }

  const statsAfterProbes = await stats();
  const probesSeconds = (performance.now() - probesStarted) / 1000;

  // W writes, each after the observer has seen the previous one and a short pause.
  await waitUntil('all subscribers live again', allLive, 300_000);
  const statsBeforeWrites = await stats(true);
  const cpuBeforeWrites = cpuSeconds();
  const writesStarted = performance.now();
  const loaded: WriteRecord[] = [];
  for (let i = 0; i < writeCount; i++) {
    if (performance.now() - writesStarted > writeSeconds * 1000) break;
    loaded.push(await timedWrite());
    await sleep(gapMs);
  }
  const writesSeconds = (performance.now() - writesStarted) / 1000;
  const drainStarted = performance.now();
  const everyoneSawLoaded = () => loaded.every((r) => r.allSeenAt !== undefined);
  await waitUntil('every subscriber to see every write', everyoneSawLoaded, 600_000);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const statsAfterWrites = await stats();
  const clientCpuWrites = cpuSeconds() - cpuBeforeWrites;

  for (const s of [observer, ...streams]) s.unsubscribeAll();
  const delta = diffResponses(statsAfterWrites, statsBeforeWrites);
  const idle = diffResponses(statsIdleEnd, statsIdleStart);
  const count = (st: ServerStats) => Object.values(st.shapeResponses).reduce((a, b) => a + b, 0);
  return {
    baseline,
    connectSeconds,
    statsLive: statsIdleStart,
    idleResponses: count(idle),
    idleServerCpu: statsIdleEnd.cpuSeconds - statsIdleStart.cpuSeconds,
    idleLoad: serverLoad(statsIdleStart, statsIdleEnd, IDLE_WINDOW_MS / 1000),
    probesLoad: serverLoad(statsBeforeProbes, statsAfterProbes, probesSeconds),
    memBefore,
    memAfter,
    rssBefore,
    rssAfter,
    probes: probes.map(latency),
    probesFanOut: probes.map(fanOut),
    probesEach: each(probes),
    loaded: loaded.map(latency),
    loadedFanOut: loaded.map(fanOut),
    loadedEach: each(loaded),
    writesSeconds,
    drainSeconds,
    writesLoad: serverLoad(
      statsBeforeWrites,
      statsAfterWrites,
      (performance.now() - writesStarted) / 1000,
    ),
    responsesDuringWrites: count(delta),
    bytesDuringWrites: statsAfterWrites.bytesWritten - statsBeforeWrites.bytesWritten,
    serverCpuWrites: statsAfterWrites.cpuSeconds - statsBeforeWrites.cpuSeconds,
    clientCpuWrites,
    shapeStatuses: shapeErrors(diffResponses(await stats(), statsBefore)),
    transport: transport.describe(),
    errors,
  };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const startedAll = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'plantkeep-bench-server-'));
  const slug = `bench-${String(scale).replace('.', '-')}x`;
  const cpu = cpus()[0]?.model ?? '?';
  out(`sync read path benchmark — ${new Date().toISOString()}`);
  out(
    `scale ${scale}, subscribers ${subscriberCount}, writes ${writeCount} (+${probeCount} probes, ` +
      `${baselineCount} baseline), gap ${gapMs} ms, initialInsertMethod '${insertMethod}', ` +
      `rate limits ${rateLimits}, server keepAliveTimeout ` +
      `${keepAliveMs === undefined ? "Node's default (5 s)" : `${keepAliveMs} ms`}`,
  );
  out(`machine: ${cpus().length} cores (${cpu}), Node ${process.version}`);
  out();

  const start = () =>
    ServerProcess.start({ dataDir, scale, seed: Number(opts.seed), slug, rateLimits, keepAliveMs });
  let server: ServerProcess | undefined;
  try {
    const seedStarted = performance.now();
    server = await start();
    const seeded = server.ready.seed;
    let base = `http://127.0.0.1:${server.ready.port}`;
    out(
      `server: child pid ${server.pid}, PGlite in ${dataDir}; seeded ${fmt(seeded?.totalRows ?? 0)} rows ` +
        `(${fmt(seeded?.workOrders ?? 0)} work orders) in ${fmt(seeded?.seconds ?? 0, 1)} s ` +
        `(start-up ${fmt((performance.now() - seedStarted) / 1000, 1)} s)`,
    );
    out();

    // 1.
    const session = await login(base, slug);
    const sync = await initialSync(base, session, server);
    const copy = await copyFloor(session, server, sync.clientId);
    const copySeconds = copy.outSeconds + copy.inSeconds;
    const applySeconds = sync.seconds - sync.transferSeconds;
    out('1. initial sync of every synced table into a fresh in-memory PGlite (pglite-sync)');
    out(`   rows                  ${fmt(sync.rows)} in ${sync.contents.size} tables`);
    out(
      `   time to onInitialSync ${fmt(sync.seconds, 2)} s = ${fmt(sync.rows / sync.seconds)} rows/s ` +
        `(last response at ${fmt(sync.transferSeconds, 2)} s, then ${fmt(applySeconds, 2)} s applying)`,
    );
    out(
      `   on the wire           ${mib(sync.bodyBytes)} of response bodies in ${fmt(sync.responses)} responses ` +
        `= ${fmt(sync.bodyBytes / sync.rows)} B/row (${mib(sync.socketBytes)} written to sockets)`,
    );
    out(
      `   CPU                   server ${fmt(sync.serverCpu, 1)} s, client ${fmt(sync.clientCpu, 1)} s; ` +
        `shape responses other than 200: ${sync.shapeResponses}`,
    );
    out(`   server                ${sync.load}`);
    out(
      `   COPY floor            ${fmt(copySeconds, 2)} s = COPY TO blob on the server ${fmt(copy.outSeconds, 2)} s ` +
        `+ COPY FROM blob into a fresh PGlite ${fmt(copy.inSeconds, 2)} s; ${fmt(copy.rows)} rows, ` +
        `${mib(copy.bytes)} of COPY text`,
    );
    out(`   sync / COPY           ${fmt(sync.seconds / copySeconds, 1)}×`);
    const differ = [...sync.contents].filter(([table, c]) => {
      const other = copy.contents.get(table);
      return other?.rows !== c.rows || other.digest !== c.digest;
    });
    out(
      `   replica = COPY        ${differ.length === 0 ? 'yes (row counts and digests of every table)' : `NO: ${differ.map(([t]) => t).join(', ')}`}`,
    );
    out();

    if (subscriberCount === 0) {
      out('(--subscribers 0: parts 2 and 3 skipped)');
      out(`total ${fmt((performance.now() - startedAll) / 1000)} s`);
      return;
    }

    // 2. and 3. on a fresh server process (same data), so its memory is not that of phase 1.
    await server.stop();
    server = await start();
    base = `http://127.0.0.1:${server.ready.port}`;
    const live = await liveSubscribers(base, slug, server);
    const n = subscriberCount;
    const perWriteSub = (x: number) => x / Math.max(1, live.loaded.length * n);
    out(
      `2. write → visible (commit on the server → message delivered to a ShapeStream on work_orders)`,
    );
    out(`   observer, idle server          ${summary(live.baseline)}`);
    out(
      `   ${n} subscribers connected (offset=now, then live) in ${fmt(live.connectSeconds, 1)} s; ` +
        `the server holds ${live.statsLive.liveRequests} long-polls on ${live.statsLive.openSockets} sockets`,
    );
    out(
      `   idle with ${n} subscribers: ${fmt(live.idleResponses)} shape responses and ` +
        `${fmt(live.idleServerCpu, 1)} s server CPU in ${IDLE_WINDOW_MS / 1000} s`,
    );
    out(`     server: ${live.idleLoad}`);
    out(`   isolated write, observer       ${summary(live.probes)}`);
    out(`   isolated write, all ${n} saw it ${summary(live.probesFanOut)}`);
    out(`   isolated write, each subscriber ${summary(live.probesEach)}`);
    out(`     server: ${live.probesLoad}`);
    out(
      `   ${live.loaded.length} of ${writeCount} writes in ${fmt(live.writesSeconds, 1)} s (budget ${writeSeconds} s), ` +
        `each after the observer saw the previous one + ${gapMs} ms:`,
    );
    out(`     observer                     ${summary(live.loaded)}`);
    out(`     each subscriber              ${summary(live.loadedEach)}`);
    out(`     all ${n} saw it               ${summary(live.loadedFanOut)}`);
    out(
      `     after the last write, ${fmt(live.drainSeconds, 1)} s until every subscriber had every write; ` +
        `${fmt(perWriteSub(live.responsesDuringWrites), 2)} shape responses, ` +
        `${fmt(perWriteSub(live.bytesDuringWrites))} B and ${fmt(perWriteSub(live.serverCpuWrites) * 1000, 2)} ms ` +
        `server CPU per write per subscriber (server CPU ${fmt(live.serverCpuWrites, 1)} s, ` +
        `client CPU ${fmt(live.clientCpuWrites, 1)} s)`,
    );
    out(`     server: ${live.writesLoad}`);
    out(
      `   shape responses other than 200: ${live.shapeStatuses}; client errors: ${live.errors.length}` +
        `${live.errors.length > 0 ? ` (first: ${live.errors[0]})` : ''}`,
    );
    out(`   subscribers' HTTP: ${live.transport}`);
    out();
    out(
      `3. server memory per live subscriber (child process, after gc, RSS settled; ` +
        `after = after one idle long-poll cycle)`,
    );
    const perSub = (a: number, b: number) => (b - a) / Math.max(1, n);
    out(
      `   RSS       ${mib(live.rssBefore)} → ${mib(live.rssAfter)}: ${kib(perSub(live.rssBefore, live.rssAfter))} per subscriber`,
    );
    out(
      `   heapUsed  ${mib(live.memBefore.heapUsed)} → ${mib(live.memAfter.heapUsed)}: ` +
        `${kib(perSub(live.memBefore.heapUsed, live.memAfter.heapUsed))} per subscriber`,
    );
    out(
      `   external  ${mib(live.memBefore.external)} → ${mib(live.memAfter.external)}: ` +
        `${kib(perSub(live.memBefore.external, live.memAfter.external))} per subscriber (PGlite's WASM memory is here)`,
    );
    out();
    out(`total ${fmt((performance.now() - startedAll) / 1000)} s`);
  } finally {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`sync-read: ${message}\n`);
    process.exit(1);
  },
);
