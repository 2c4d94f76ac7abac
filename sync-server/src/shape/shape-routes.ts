import { AppError, columnSubset, syncableTables } from '@plantkeep/shared';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { bearerAuth, jsonContent } from '../http/openapi';
import { withTenant, type Database } from '../db';
import { principalOf } from '../http/authenticate';
import type { AppEnv } from '../http/env';
import type { ElectricProxy } from './electric-proxy';
import type { EmbeddedShapes, ShapeQuery } from './embedded-shapes';
import { defineShape } from './shape-definition';
import { tableSchema } from './table-schema';

/** Parameters that would let a client choose its own shape: refused, never obeyed (SH-1). */
const clientShapeParams = /^(where|columns|params(\[\d+\])?|params\.\d+)$/;

function shapeQuery(url: URL): ShapeQuery {
  for (const name of url.searchParams.keys()) {
    if (clientShapeParams.test(name)) {
      throw new AppError(
        'VALIDATION',
        `The server decides each shape; the ${name} parameter is not accepted`,
        {
          parameter: name,
        },
      );
    }
  }
  const get = (name: string) => url.searchParams.get(name) ?? undefined;
  const table = get('table');
  if (!table) throw new AppError('VALIDATION', 'table is required');
  const replica = get('replica');
  if (replica !== undefined && replica !== 'default' && replica !== 'full') {
    throw new AppError('VALIDATION', 'replica must be default or full');
  }
  const handle = get('handle');
  if (handle !== undefined && !/^[A-Za-z0-9_-]{1,100}$/.test(handle)) {
    throw new AppError('VALIDATION', 'handle is malformed');
  }
  return {
    table,
    offset: get('offset'),
    handle,
    live: get('live') === 'true',
    hold: get('hold') !== 'false',
    cursor: get('cursor'),
    clientId: get('client_id'),
    replicaFull: replica === 'full',
  };
}

export type ShapeSource =
  { kind: 'embedded'; shapes: EmbeddedShapes } | { kind: 'proxy'; proxy: ElectricProxy };

/** GET /v1/shape (Electric's protocol, scoped by the server) and GET /v1/sync/tables. */
export function shapeRoutes(db: Database, source: ShapeSource) {
  return new Hono<AppEnv>()
    .get('/v1/shape', async (c) => {
      const principal = principalOf(c);
      const q = shapeQuery(new URL(c.req.url));
      if (source.kind === 'proxy') {
        const definition = defineShape(principal, q.table, q.clientId);
        const schema = await withTenant(db, principal.tenantId, (tx) =>
          tableSchema(tx, definition.table, definition.hiddenColumns, definition.onlyColumns),
        );
        return source.proxy.forward(c, {
          table: definition.table,
          columns: schema.columns,
          where: definition.where,
          params: definition.params,
        });
      }
      const res = await source.shapes.serve(principal, q, c.req.raw.signal);
      return new Response(JSON.stringify(res.body), {
        status: res.status,
        headers: {
          ...res.headers,
          'content-type': 'application/json',
          'cache-control': 'no-store',
        },
      });
    })
    .get('/v1/sync/wait', async (c) => {
      const principal = principalOf(c);
      if (source.kind === 'proxy') {
        throw new AppError('NOT_FOUND', 'Change waits are served by the embedded shape log only');
      }
      const after = c.req.query('after') ?? '';
      if (!/^\d{1,19}$/.test(after)) {
        throw new AppError('VALIDATION', 'after must be a log position (digits)', { after });
      }
      const head = await source.shapes.waitForChange(
        principal.tenantId,
        BigInt(after),
        c.req.raw.signal,
      );
      return c.json({ data: { head: head.toString() } }, 200, { 'cache-control': 'no-store' });
    })
    .get('/v1/sync/tables', (c) => {
      const principal = principalOf(c);
      const data = syncableTables(principal).map((table) => ({
        table,
        columns: columnSubset(principal, table) ?? 'all',
      }));
      return c.json({ data });
    });
}

/** Documents the shape routes in the OpenAPI registry (they stream Electric's protocol, not our JSON envelope). */
export function documentShapeRoutes(registry: OpenAPIHono<AppEnv>['openAPIRegistry']): void {
  registry.registerPath({
    method: 'get',
    path: '/v1/shape',
    tags: ['sync'],
    summary: "Electric's HTTP shape protocol, scoped by the server (docs/SPEC.md SH-1..SH-9)",
    security: bearerAuth,
    request: {
      query: z.object({
        table: z.string().describe('A synced table, see GET /v1/sync/tables'),
        offset: z.string().optional().describe('-1, now, 0_<k> or <lsn>_<op>'),
        handle: z.string().optional(),
        live: z.enum(['true', 'false']).optional(),
        hold: z
          .enum(['true', 'false'])
          .optional()
          .describe('false: a live request answers at once when nothing is new (SH-10)'),
        cursor: z.string().optional(),
        client_id: z
          .string()
          .uuid()
          .optional()
          .describe('Required for sync_clients and mutation_rejections'),
        replica: z.enum(['default', 'full']).optional(),
      }),
    },
    responses: {
      200: { description: 'A JSON array of change and control messages' },
      409: { description: 'must-refetch: start again from offset -1 with the new electric-handle' },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/sync/wait',
    tags: ['sync'],
    summary:
      "Waits until the caller's tenant has a change after `after`, then answers the head (docs/SPEC.md SH-10)",
    security: bearerAuth,
    request: {
      query: z.object({
        after: z
          .string()
          .regex(/^\d{1,19}$/)
          .describe('A log position: the LSN of a shape offset'),
      }),
    },
    responses: {
      200: jsonContent(z.object({ data: z.object({ head: z.string() }) }), 'The head'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/sync/tables',
    tags: ['sync'],
    summary:
      "The tables the caller's role may sync, with the columns it receives (docs/SPEC.md VI-1)",
    security: bearerAuth,
    responses: {
      200: jsonContent(
        z.object({
          data: z.array(
            z.object({
              table: z.string(),
              columns: z.union([z.literal('all'), z.array(z.string())]),
            }),
          ),
        }),
        'Tables',
      ),
    },
  });
}
