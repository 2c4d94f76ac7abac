/**
 * The server under benchmark, run in a child process by sync-read.ts so that
 * its memory and CPU are its own: opens PGlite in `--data-dir`, migrates,
 * seeds one tenant (`--scale`, `--seed`, `--slug`), then serves the real app
 * over HTTP on a free port and answers the parent's IPC requests
 * (protocol.ts). Run with `node --expose-gc --import tsx` so memory figures
 * can be taken after a full collection.
 */
import { PGlite } from '@electric-sql/pglite';
import { serve } from '@hono/node-server';
import { migrate, quoteIdent } from '@plantkeep/migrations';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app';
import { AccessTokens } from '../src/auth/access-token';
import { loadPrincipal } from '../src/auth/principal';
import { startSession } from '../src/auth/sessions';
import { withTenant, type Database, type Queryable } from '../src/db';
import { Metrics } from '../src/http/metrics';
import { createLogger } from '../src/logger';
import { memoryMailer } from '../src/mail/memory-mailer';
import { seedTenant } from '../src/seed';
import { LiveNotifier } from '../src/shape/live-notifier';
import { defineShape } from '../src/shape/shape-definition';
import {
  wallNow,
  type CopiedTable,
  type CopyTable,
  type Envelope,
  type Ready,
  type ServerReply,
  type ServerRequest,
} from './protocol';
import { used as unlimitedRateLimits } from './unlimited-rate-limits';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    slug: { type: 'string', default: 'bench' },
    /** 'off' needs unlimited-hook.ts preloaded (server-process.ts does that). */
    'rate-limits': { type: 'string', default: 'production' },
    /** Node's http.Server keepAliveTimeout in ms; unset = Node's default (5 s), as src/server.ts. */
    'keep-alive-ms': { type: 'string' },
  },
});

function wrap(q: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

/** Transactions through the database: PGlite runs them one at a time, the rest queue. */
const txStats = { count: 0, waitMs: 0, runMs: 0, maxWaitMs: 0 };

/**
 * As openPglite (src/db/pglite.ts), keeping the PGlite handle for COPY ... TO
 * '/dev/blob', and timing how long each transaction queued and ran.
 */
async function openServerDb(dataDir: string | undefined): Promise<{ pg: PGlite; db: Database }> {
  const pg = await PGlite.create(dataDir ? { dataDir } : {});
  const db: Database = {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn) => {
      const queued = performance.now();
      return pg.transaction(async (tx) => {
        const started = performance.now();
        const wait = started - queued;
        txStats.count += 1;
        txStats.waitMs += wait;
        txStats.maxWaitMs = Math.max(txStats.maxWaitMs, wait);
        try {
          return await fn(wrap(tx));
        } finally {
          txStats.runMs += performance.now() - started;
        }
      });
    },
    listen: (channel, onPayload) => pg.listen(channel, onPayload),
    close: () => pg.close(),
  };
  return { pg, db };
}

const sqlLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

async function main(): Promise<void> {
  const { pg, db } = await openServerDb(args['data-dir']);
  await migrate(db);
  // A restart on the same data directory finds the tenant already there.
  const [existing] = await db.query<{ id: string }>('select id from tenants where slug = $1', [
    args.slug,
  ]);
  const seed = existing
    ? undefined
    : await seedTenant(db, {
        scale: Number(args.scale),
        seed: Number(args.seed),
        slug: args.slug,
        name: `Bench ${args.slug}`,
      });
  const tenantId = existing?.id ?? seed?.tenantId ?? '';

  const jwtKey = randomBytes(32);
  const tokens = new AccessTokens(jwtKey);
  const metrics = new Metrics();
  const notifier = new LiveNotifier();
  await notifier.start(db);
  const app = createApp({
    db,
    logger: createLogger('silent'),
    config: {
      publicUrl: 'http://127.0.0.1',
      corsOrigins: [],
      // The benchmark's clients stand for separate devices: each sends its own X-Forwarded-For.
      trustProxy: true,
      metricsToken: undefined,
      metricsLoopbackOnly: false,
      electricUrl: undefined,
      electricSecret: undefined,
    },
    notifier,
    jwtKey,
    mailer: memoryMailer(),
    metrics,
  });
  const unlimited = unlimitedRateLimits.count > 0;
  if (unlimited !== (args['rate-limits'] === 'off')) {
    throw new Error(
      `asked for rate limits ${args['rate-limits']}, got ${unlimited ? 'off' : 'production'}`,
    );
  }

  const shapeResponses: Record<string, number> = {};
  const slow = { maxShapeMs: 0, slowCount: 0 };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const fetch = async (request: Request): Promise<Response> => {
    const started = performance.now();
    const response = await app.fetch(request);
    if (new URL(request.url).pathname === '/v1/shape') {
      const status = String(response.status);
      shapeResponses[status] = (shapeResponses[status] ?? 0) + 1;
      const ms = performance.now() - started;
      slow.maxShapeMs = Math.max(slow.maxShapeMs, ms);
      if (ms > 25_000) slow.slowCount += 1;
    }
    return response;
  };

  const sockets = new Set<Socket>();
  let closedWritten = 0;
  let closedRead = 0;
  const port = await new Promise<number>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    const keepAlive = args['keep-alive-ms'];
    if (keepAlive !== undefined && 'keepAliveTimeout' in server) {
      server.keepAliveTimeout = Number(keepAlive);
    }
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => {
        sockets.delete(socket);
        closedWritten += socket.bytesWritten;
        closedRead += socket.bytesRead;
      });
    });
  });

  async function copyOut(token: string, dir: string, tables: CopyTable[]) {
    const claims = await tokens.verify(token);
    const principal = await withTenant(db, claims.tenantId, (tx) => loadPrincipal(tx, claims));
    if (!principal) throw new Error('copy-out: the session is not valid');
    let seconds = 0;
    const copied: CopiedTable[] = [];
    for (const { table, columns, clientId } of tables) {
      // The same rows the shape serves this user: its where clause, parameters inlined.
      const definition = defineShape(principal, table, clientId);
      const where = definition.where.replace(/\$(\d+)/g, (_, n: string) =>
        sqlLiteral(definition.params[Number(n) - 1] ?? ''),
      );
      const select = `select ${columns.map(quoteIdent).join(', ')} from ${quoteIdent(table)} where ${where}`;
      const started = performance.now();
      const result = await pg.query(`COPY (${select}) TO '/dev/blob'`);
      const bytes = new Uint8Array((await result.blob?.arrayBuffer()) ?? new ArrayBuffer(0));
      seconds += (performance.now() - started) / 1000;
      let rows = 0;
      for (const byte of bytes) if (byte === 10) rows += 1;
      const file = join(dir, `${table}.copy`);
      await writeFile(file, bytes);
      copied.push({ table, file, bytes: bytes.byteLength, rows });
    }
    return { seconds, tables: copied };
  }

  async function handle(request: ServerRequest): Promise<ServerReply> {
    switch (request.type) {
      case 'stats': {
        let bytesWritten = closedWritten;
        let bytesRead = closedRead;
        for (const socket of sockets) {
          bytesWritten += socket.bytesWritten;
          bytesRead += socket.bytesRead;
        }
        const cpu = process.cpuUsage();
        const reply: ServerReply = {
          type: 'stats',
          stats: {
            liveRequests: metrics.shapeLiveRequests.get(),
            openSockets: sockets.size,
            bytesWritten,
            bytesRead,
            shapeResponses: { ...shapeResponses },
            cpuSeconds: (cpu.user + cpu.system) / 1e6,
            transactions: txStats.count,
            transactionWaitMs: txStats.waitMs,
            transactionRunMs: txStats.runMs,
            maxTransactionWaitMs: txStats.maxWaitMs,
            maxShapeRequestMs: slow.maxShapeMs,
            slowShapeRequests: slow.slowCount,
            loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
            loopDelayMaxMs: loopDelay.max / 1e6,
          },
        };
        if (request.reset) {
          txStats.maxWaitMs = 0;
          slow.maxShapeMs = 0;
          slow.slowCount = 0;
          loopDelay.reset();
        }
        return reply;
      }
      case 'memory': {
        globalThis.gc?.();
        globalThis.gc?.();
        const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
        return { type: 'memory', memory: { rss, heapUsed, heapTotal, external, arrayBuffers } };
      }
      case 'work-orders': {
        const rows = await db.query<{ id: string }>(
          'select id from work_orders where tenant_id = $1 order by id limit $2',
          [tenantId, request.limit],
        );
        return { type: 'work-orders', ids: rows.map((r) => r.id) };
      }
      case 'sessions': {
        // One session per simulated device, as a login would start it (without the password hash).
        const minted: string[] = [];
        for (let i = 0; i < request.count; i++) {
          const { sessionId } = await withTenant(db, tenantId, (tx) =>
            startSession(tx, tenantId, request.userId, { deviceName: `bench device ${i}` }),
          );
          minted.push(await tokens.sign({ tenantId, userId: request.userId, sessionId }));
        }
        return { type: 'sessions', tokens: minted };
      }
      case 'write': {
        await withTenant(db, tenantId, (tx) =>
          tx.query('update work_orders set title = $2 where id = $1', [
            request.workOrderId,
            request.title,
          ]),
        );
        return { type: 'write', committedAt: wallNow() };
      }
      case 'copy-out':
        return { type: 'copy-out', ...(await copyOut(request.token, request.dir, request.tables)) };
    }
  }

  process.on('message', (message: Envelope<ServerRequest>) => {
    handle(message.body).then(
      (body) => process.send?.({ id: message.id, body } satisfies Envelope<ServerReply>),
      (error: unknown) =>
        process.send?.({
          id: message.id,
          body: { type: 'error', message: error instanceof Error ? error.message : String(error) },
        } satisfies Envelope<ServerReply>),
    );
  });
  // The parent going away (or closing the channel) ends the server.
  process.on('disconnect', () => {
    void notifier.stop().finally(() => process.exit(0));
  });

  const ready: Ready = {
    type: 'ready',
    port,
    tenantId,
    slug: args.slug,
    seed: seed && {
      seconds: seed.seconds,
      totalRows: seed.totalRows,
      workOrders: seed.rows.work_orders ?? 0,
    },
  };
  process.send?.(ready);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
