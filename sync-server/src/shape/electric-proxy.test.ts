import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { ErrorBody } from '@plantkeep/shared';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppEnv } from '../http/env';
import type { Logger, LogFields } from '../logger';
import {
  createElectricProxy,
  type ElectricProxyOptions,
  type ShapeDefinition,
} from './electric-proxy';

// A fake Electric: a real HTTP server on loopback that records what it receives and answers
// whatever the current test scripts. It stands in for the one module boundary under test.

interface Received {
  rawUrl: string;
  url: URL;
  headers: IncomingMessage['headers'];
  res: ServerResponse;
  /** Resolves when the upstream connection closes; `finished` says whether the answer was done. */
  closed: Promise<{ finished: boolean }>;
}

type Script = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
let script: Script;
let received: Received[] = [];
let waiters: Array<(r: Received) => void> = [];

function nextRequest(): Promise<Received> {
  return new Promise((resolve) => waiters.push(resolve));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    // One connection per request, so no test's request lands on a socket an earlier test closed.
    res.shouldKeepAlive = false;
    const closed = new Promise<{ finished: boolean }>((resolve) =>
      res.on('close', () => resolve({ finished: res.writableFinished })),
    );
    const record: Received = {
      rawUrl: req.url ?? '',
      url: new URL(req.url ?? '/', 'http://upstream'),
      headers: req.headers,
      res,
      closed,
    };
    received.push(record);
    for (const waiter of waiters.splice(0)) waiter(record);
    script(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  // Scripts that stall never finish their answer; end those exchanges (only those: idle pooled
  // sockets must stay usable, or the next test could race a close the client has not seen yet).
  for (const request of received) if (!request.res.writableFinished) request.res.destroy();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface LogEntry {
  level: string;
  msg: string;
  fields?: LogFields;
}
let logs: LogEntry[] = [];
const logger: Logger = {
  debug: (msg, fields) => logs.push({ level: 'debug', msg, fields }),
  info: (msg, fields) => logs.push({ level: 'info', msg, fields }),
  warn: (msg, fields) => logs.push({ level: 'warn', msg, fields }),
  error: (msg, fields) => logs.push({ level: 'error', msg, fields }),
};

beforeEach(() => {
  received = [];
  waiters = [];
  logs = [];
  script = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('[]');
  };
});

const tenantId = '11111111-1111-4111-8111-111111111111';
const userId = '22222222-2222-4222-8222-222222222222';

const workOrders: ShapeDefinition = {
  table: 'work_orders',
  columns: ['id', 'tenant_id', 'title'],
  where: 'tenant_id = $1 AND requester_id = $2',
  params: [tenantId, userId],
};

function makeApp(options: Partial<ElectricProxyOptions> = {}, definition = workOrders) {
  const proxy = createElectricProxy({ electricUrl: base, ...options });
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('requestId', 'req-test-1');
    c.set('logger', logger);
    await next();
  });
  app.get('/v1/shape', (c) => proxy.forward(c, definition));
  return app;
}

function sortedEntries(params: URLSearchParams): Array<[string, string]> {
  return [...params.entries()].sort(([a], [b]) => a.localeCompare(b));
}

const decoder = new TextDecoder();

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
}

function bodyReader(res: Response): ReadableStreamDefaultReader<Uint8Array> {
  expect(res.body).not.toBeNull();
  return (res.body as ReadableStream<Uint8Array>).getReader();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('createElectricProxy: the upstream request', () => {
  it('forwards only protocol params and injects the server-side shape, params and secret', async () => {
    const app = makeApp({ secret: 'electric-s3cret' });
    const query = new URLSearchParams([
      // protocol parameters: forwarded
      ['offset', '26800584_4'],
      ['handle', '3833821-1721812114261'],
      ['live', 'true'],
      ['cursor', '123456'],
      ['live_sse', 'false'],
      ['experimental_live_sse', 'false'],
      ['log', 'full'],
      ['expired_handle', 'old-handle'],
      ['cache-buster', 'cb-1'],
      // shape-defining or foreign parameters: never forwarded
      ['table', 'users'],
      ['where', '1 = 1'],
      ['columns', 'password_hash'],
      ['params[1]', 'another-tenant'],
      ['params[3]', 'x'],
      ['params', '{"1":"another-tenant"}'],
      ['secret', 'client-guess'],
      ['api_secret', 'client-guess'],
      ['replica', 'full'],
      ['subset__where', 'true'],
      ['subset__limit', '5'],
      ['subset__params', '{"1":"x"}'],
      ['source_id', 'other-source'],
      ['foo', 'bar'],
    ]);
    const res = await app.request(`/v1/shape?${query.toString()}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('[]');

    expect(received).toHaveLength(1);
    const [upstream] = received as [Received];
    expect(upstream.url.pathname).toBe('/v1/shape');
    expect(sortedEntries(upstream.url.searchParams)).toEqual(
      sortedEntries(
        new URLSearchParams([
          ['table', 'work_orders'],
          ['columns', '"id","tenant_id","title"'],
          ['where', 'tenant_id = $1 AND requester_id = $2'],
          ['params[1]', tenantId],
          ['params[2]', userId],
          ['offset', '26800584_4'],
          ['handle', '3833821-1721812114261'],
          ['live', 'true'],
          ['cursor', '123456'],
          ['live_sse', 'false'],
          ['experimental_live_sse', 'false'],
          ['log', 'full'],
          ['expired_handle', 'old-handle'],
          ['cache-buster', 'cb-1'],
          ['secret', 'electric-s3cret'],
        ]),
      ),
    );
    // Electric's deepObject encoding, as @electric-sql/client puts it on the wire.
    expect(upstream.rawUrl).toContain(`params%5B1%5D=${tenantId}`);
    expect(upstream.rawUrl).toContain(`params%5B2%5D=${userId}`);
    expect(upstream.rawUrl).not.toContain('client-guess');
    expect(upstream.rawUrl).not.toContain('another-tenant');
    expect(upstream.rawUrl).not.toContain('subset__');
  });

  it('never forwards Authorization or cookies; forwards If-None-Match and the request id', async () => {
    const app = makeApp();
    await app.request('/v1/shape?offset=-1', {
      headers: {
        authorization: 'Bearer client-token',
        cookie: 'session=abc',
        'if-none-match': '"etag-1"',
        'x-custom': 'nope',
      },
    });
    const [upstream] = received as [Received];
    expect(upstream.headers.authorization).toBeUndefined();
    expect(upstream.headers.cookie).toBeUndefined();
    expect(upstream.headers['x-custom']).toBeUndefined();
    expect(upstream.headers['if-none-match']).toBe('"etag-1"');
    expect(upstream.headers['x-request-id']).toBe('req-test-1');
  });

  it('quotes columns like the official client and omits what the definition leaves empty', async () => {
    const app = makeApp(
      { electricUrl: `${base}/electric/` },
      {
        table: 'app.Meter "Readings"',
        columns: ['id', 'Weird"Name', 'a,b'],
        where: '',
        params: [],
      },
    );
    await app.request('/v1/shape?offset=-1&where=evil');
    const [upstream] = received as [Received];
    expect(upstream.url.pathname).toBe('/electric/v1/shape');
    expect(sortedEntries(upstream.url.searchParams)).toEqual([
      ['columns', '"id","Weird""Name","a,b"'],
      ['offset', '-1'],
      ['table', 'app.Meter "Readings"'],
    ]);
  });

  it('rejects an unusable configuration up front', () => {
    expect(() => createElectricProxy({ electricUrl: 'not a url' })).toThrow(/not a URL/);
    expect(() => createElectricProxy({ electricUrl: 'ftp://electric' })).toThrow(/http/);
    expect(() => createElectricProxy({ electricUrl: 'http://u:p@electric:3000' })).toThrow(
      /credentials/,
    );
    expect(() => createElectricProxy({ electricUrl: base, upstreamTimeoutMs: 0 })).toThrow(
      /upstreamTimeoutMs/,
    );
  });
});

describe('createElectricProxy: the relayed response', () => {
  it('keeps electric-*, etag, cache-control, content-type; drops the rest; adds Vary', async () => {
    const json = '[{"headers":{"control":"up-to-date","global_last_seen_lsn":"42"}}]';
    const gzipped = gzipSync(Buffer.from(json));
    script = (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-encoding': 'gzip',
        'content-length': String(gzipped.length),
        'electric-handle': 'h-1',
        'electric-offset': '0_0',
        'electric-schema': '{"id":{"type":"uuid","pk_index":0}}',
        'electric-cursor': '987',
        'electric-up-to-date': '',
        etag: '"h-1:-1:0_0"',
        'cache-control': 'public, max-age=60, stale-while-revalidate=300',
        vary: 'Accept-Encoding',
        'set-cookie': 'tracking=1',
        location: 'http://elsewhere.example/',
        'access-control-allow-origin': '*',
        'x-powered-by': 'Elixir',
        server: 'electric',
        connection: 'keep-alive',
      });
      res.end(gzipped);
    };
    const res = await makeApp().request('/v1/shape?offset=-1');
    expect(res.status).toBe(200);
    // fetch decoded the gzip body, so the encoding and length headers had to go.
    expect(await res.text()).toBe(json);
    expect(res.headers.get('electric-handle')).toBe('h-1');
    expect(res.headers.get('electric-offset')).toBe('0_0');
    expect(res.headers.get('electric-schema')).toBe('{"id":{"type":"uuid","pk_index":0}}');
    expect(res.headers.get('electric-cursor')).toBe('987');
    expect(res.headers.has('electric-up-to-date')).toBe(true);
    expect(res.headers.get('etag')).toBe('"h-1:-1:0_0"');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Authorization');
    for (const dropped of [
      'content-encoding',
      'content-length',
      'transfer-encoding',
      'connection',
      'set-cookie',
      'location',
      'access-control-allow-origin',
      'x-powered-by',
      'server',
    ]) {
      expect(res.headers.get(dropped), dropped).toBeNull();
    }
  });

  it('adds Vary: Authorization when upstream sends no Vary', async () => {
    const res = await makeApp().request('/v1/shape?offset=-1');
    expect(res.headers.get('vary')).toBe('Authorization');
  });

  it('streams: the first chunk reaches the client before the upstream has finished', async () => {
    let releaseSecond = () => {};
    const gate = new Promise<void>((resolve) => (releaseSecond = resolve));
    let upstreamDone = false;
    script = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'electric-handle': 'h' });
      res.write('[{"key":"a"}');
      void gate
        .then(() => sleep(50))
        .then(() => {
          upstreamDone = true;
          res.end(',{"key":"b"}]');
        });
    };
    const res = await makeApp().request('/v1/shape?offset=-1');
    expect(res.status).toBe(200);
    const reader = bodyReader(res);
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(decoder.decode(first.value)).toBe('[{"key":"a"}');
    expect(upstreamDone).toBe(false);
    releaseSecond();
    expect(await readAll(reader)).toBe(',{"key":"b"}]');
    expect(upstreamDone).toBe(true);
  });

  it('passes 409 must-refetch through unchanged, body and new handle included', async () => {
    const body = '[{"headers":{"control":"must-refetch"}}]';
    script = (_req, res) => {
      res.writeHead(409, {
        'content-type': 'application/json',
        'electric-handle': 'new-handle',
        'cache-control': 'public, max-age=60, must-revalidate',
      });
      res.end(body);
    };
    const res = await makeApp().request('/v1/shape?offset=5_0&handle=old-handle');
    expect(res.status).toBe(409);
    expect(await res.text()).toBe(body);
    expect(res.headers.get('electric-handle')).toBe('new-handle');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('vary')).toBe('Authorization');
  });

  it('passes 304 Not Modified through with no body', async () => {
    script = (req, res) => {
      if (req.headers['if-none-match'] === '"etag-1"') {
        res.writeHead(304, { etag: '"etag-1"', 'cache-control': 'public, max-age=60' });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('[]');
      }
    };
    const res = await makeApp().request('/v1/shape?offset=-1', {
      headers: { 'if-none-match': '"etag-1"' },
    });
    expect(res.status).toBe(304);
    expect(res.body).toBeNull();
    expect(res.headers.get('etag')).toBe('"etag-1"');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('vary')).toBe('Authorization');
  });
});

describe('createElectricProxy: upstream failures', () => {
  async function errorBody(res: Response): Promise<ErrorBody> {
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    return (await res.json()) as ErrorBody;
  }

  it('upstream unreachable → 503 INTERNAL "Sync service unavailable", no stack', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const res = await makeApp({ electricUrl: `http://127.0.0.1:${closedPort}` }).request(
      '/v1/shape?offset=-1',
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('vary')).toBe('Authorization');
    const raw = JSON.stringify(await errorBody(res));
    expect(JSON.parse(raw)).toEqual({
      error: {
        code: 'INTERNAL',
        message: 'Sync service unavailable',
        requestId: 'req-test-1',
        details: { reason: 'unreachable' },
      },
    });
    expect(raw).not.toMatch(/stack|ECONNREFUSED|127\.0\.0\.1/);
    expect(logs.some((l) => l.level === 'error' && l.fields?.reason === 'unreachable')).toBe(true);
  });

  it('upstream silent beyond the timeout → 503, and the upstream request is cancelled', async () => {
    script = () => {}; // never answers
    const started = Date.now();
    const res = await makeApp({ upstreamTimeoutMs: 150 }).request('/v1/shape?offset=-1');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.status, JSON.stringify(logs)).toBe(503);
    const body = await errorBody(res);
    expect(body.error).toMatchObject({
      code: 'INTERNAL',
      message: 'Sync service unavailable',
      details: { reason: 'timeout' },
    });
    const [upstream] = received as [Received];
    await expect(upstream.closed).resolves.toEqual({ finished: false });
  });

  it('the timeout is an idle timeout: a slow but steady stream is not cut', async () => {
    const parts = ['[', '1', ',2', ',3', ',4', ',5', ',6', ']'];
    script = (_req, res) => {
      void (async () => {
        await sleep(100);
        res.writeHead(200, { 'content-type': 'application/json' });
        for (const part of parts) {
          res.write(part);
          await sleep(100);
        }
        res.end();
      })();
    };
    // ~900 ms in total, well over the timeout, but never more than ~100 ms of silence.
    const started = Date.now();
    const res = await makeApp({ upstreamTimeoutMs: 500 }).request('/v1/shape?offset=-1');
    expect(res.status, JSON.stringify(logs)).toBe(200);
    expect(await res.text()).toBe(parts.join(''));
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it('an upstream that stalls mid-body is cut after the timeout', async () => {
    script = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"key":"a"}');
    };
    const res = await makeApp({ upstreamTimeoutMs: 150 }).request('/v1/shape?offset=-1');
    expect(res.status, JSON.stringify(logs)).toBe(200);
    const reader = bodyReader(res);
    expect(decoder.decode((await reader.read()).value)).toBe('[{"key":"a"}');
    await expect(reader.read()).rejects.toThrow(/interrupted/);
    const [upstream] = received as [Received];
    await expect(upstream.closed).resolves.toEqual({ finished: false });
  });

  it('upstream 5xx → 503 INTERNAL with the upstream status, Retry-After kept', async () => {
    script = (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
      res.end('{"message":"Stack not ready","stack":"internal detail"}');
    };
    const res = await makeApp().request('/v1/shape?offset=-1');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = await errorBody(res);
    expect(body.error).toEqual({
      code: 'INTERNAL',
      message: 'Sync service unavailable',
      requestId: 'req-test-1',
      details: { upstreamStatus: 503 },
    });

    script = (_req, res) => {
      res.writeHead(500);
      res.end('boom');
    };
    const res500 = await makeApp().request('/v1/shape?offset=-1');
    expect(res500.status).toBe(503);
    expect((await errorBody(res500)).error.details).toEqual({ upstreamStatus: 500 });
  });

  it('upstream 401 (our secret is wrong) → 503, never a 401 the client would act on', async () => {
    script = (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"message":"Unauthorized"}');
    };
    const res = await makeApp({ secret: 'wrong' }).request('/v1/shape?offset=-1');
    expect(res.status).toBe(503);
    expect((await errorBody(res)).error.details).toEqual({ upstreamStatus: 401 });
    expect(logs.some((l) => l.level === 'error' && l.fields?.upstreamStatus === 401)).toBe(true);
  });

  it('upstream 400 → 400 VALIDATION with the upstream body as details', async () => {
    const upstreamBody = { message: 'Invalid request', errors: { offset: ['has invalid format'] } };
    script = (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(upstreamBody));
    };
    const res = await makeApp().request('/v1/shape?offset=garbage');
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await errorBody(res);
    expect(body.error).toMatchObject({
      code: 'VALIDATION',
      requestId: 'req-test-1',
      details: { upstream: upstreamBody },
    });
  });

  it('upstream 400 with a text body keeps the text, with the secret redacted', async () => {
    script = (req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`bad request: ${req.url}`);
    };
    const res = await makeApp({ secret: 'top-secret-value' }).request('/v1/shape?offset=x');
    expect(res.status).toBe(400);
    const body = await errorBody(res);
    expect(body.error.code).toBe('VALIDATION');
    const details = body.error.details as { upstream: string };
    expect(details.upstream).toMatch(/^bad request: \/v1\/shape\?/);
    expect(details.upstream).toContain('secret=[redacted]');
    expect(JSON.stringify(body)).not.toContain('top-secret-value');
  });

  it('upstream 429 → 429 RATE_LIMIT with Retry-After', async () => {
    script = (_req, res) => {
      res.writeHead(429, { 'retry-after': '3' });
      res.end();
    };
    const res = await makeApp().request('/v1/shape?offset=-1');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect((await errorBody(res)).error.code).toBe('RATE_LIMIT');
  });
});

describe('createElectricProxy: client disconnects', () => {
  it('a client abort before the upstream answers cancels the upstream request', async () => {
    script = () => {}; // a live long-poll that has nothing to say yet
    const abort = new AbortController();
    const arrived = nextRequest();
    const pending = makeApp().request(
      new Request('http://localhost/v1/shape?offset=-1&live=true', { signal: abort.signal }),
    );
    const upstream = await arrived;
    abort.abort();
    await expect(upstream.closed).resolves.toEqual({ finished: false });
    const res = await pending;
    expect(res.status).toBe(499);
    expect(logs.some((l) => l.level === 'error')).toBe(false);
  });

  it('a client abort mid-stream cancels the upstream request', async () => {
    script = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"headers":{"control":"up-to-date"}}\n\n');
    };
    const abort = new AbortController();
    const res = await makeApp().request(
      new Request('http://localhost/v1/shape?offset=-1&live=true&live_sse=true', {
        signal: abort.signal,
      }),
    );
    const reader = bodyReader(res);
    expect(decoder.decode((await reader.read()).value)).toContain('up-to-date');
    abort.abort();
    const [upstream] = received as [Received];
    await expect(upstream.closed).resolves.toEqual({ finished: false });
    await expect(reader.read()).rejects.toThrow();
  });

  it('cancelling the response body cancels the upstream request', async () => {
    script = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"key":"a"}');
    };
    const res = await makeApp().request('/v1/shape?offset=-1');
    const reader = bodyReader(res);
    await reader.read();
    await reader.cancel();
    const [upstream] = received as [Received];
    await expect(upstream.closed).resolves.toEqual({ finished: false });
  });
});
