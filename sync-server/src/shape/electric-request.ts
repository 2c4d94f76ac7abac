import type { Context } from 'hono';
import type { AppEnv } from '../http/env';

/**
 * The upstream half of the Electric auth proxy (electric-proxy.ts): which shape is asked for,
 * which of the client's parameters and headers go upstream, and the `/v1/shape` URL.
 *
 * Request rules:
 * - Only {@link forwardedProtocolParams} are copied from the incoming query string (first value
 *   of each). `table`, `where`, `params[n]`, `columns` and `secret` come from the definition and
 *   options; anything else the client sends (`table`, `where`, `params[1]`, `columns`, `secret`,
 *   `api_secret`, `replica`, `subset__*`, unknown names) is never forwarded.
 * - Encoding follows `@electric-sql/client`: `params[1]=…&params[2]=…` (Electric's deepObject
 *   form), `columns` as a comma-separated list of always-quoted identifiers (`"id","tenant_id"`,
 *   inner `"` doubled). `table` is sent verbatim (it may be schema-qualified).
 * - Headers: only `If-None-Match` (Electric's etag revalidation) and `Accept` are forwarded, plus
 *   our `x-request-id` for correlation; never `Authorization` or cookies.
 */

/**
 * What a client may sync, decided by the server alone (never by the client's query string).
 *
 * `where` is SQL in Electric's where-clause subset with positional placeholders `$1, $2, …`;
 * `params[i]` is the value of `$${i + 1}`. `columns` must include the primary key; an empty list
 * means "all columns" (Electric's default), an empty `where` means "no filter".
 *
 * @example
 * { table: 'work_orders', columns: ['id', 'tenant_id', 'title'],
 *   where: 'tenant_id = $1 AND requester_id = $2', params: [tenantId, userId] }
 */
export interface ShapeDefinition {
  table: string;
  columns: string[];
  where: string;
  params: string[];
}

/**
 * The Electric protocol parameters a client may set (they only say *where in* the shape log it
 * is, never *what* the shape is). This is `ELECTRIC_PROTOCOL_QUERY_PARAMS` of
 * `@electric-sql/client` without the `subset__*` family: subset snapshots let a client send its
 * own WHERE / ORDER BY / LIMIT / OFFSET (and `subset__params`) to run against the database. Electric
 * ANDs them with the shape's where, so they cannot widen access, but they are client-authored SQL
 * run on demand (query-cost and abuse surface), the embedded shape log does not implement them,
 * and our clients never request subsets. So in this version clients cannot shape subsets.
 */
export const forwardedProtocolParams = [
  'offset',
  'handle',
  'live',
  'cursor',
  'live_sse',
  'experimental_live_sse',
  'log',
  'expired_handle',
  'cache-buster',
] as const;

/** Request headers passed upstream. Authorization, cookies and everything else stay here. */
const forwardedRequestHeaders = ['if-none-match', 'accept'] as const;

/** The upstream `/v1/shape` URL: the server's definition, the client's protocol parameters, our secret. */
export function upstreamRequestUrl(
  shapeUrl: string,
  incoming: URL,
  definition: ShapeDefinition,
  secret: string | undefined,
): URL {
  if (definition.table === '') throw new Error('ShapeDefinition.table must not be empty');
  const url = new URL(shapeUrl);
  const query = url.searchParams;
  query.set('table', definition.table);
  if (definition.columns.length > 0) {
    query.set('columns', definition.columns.map(quoteIdentifier).join(','));
  }
  if (definition.where !== '') query.set('where', definition.where);
  definition.params.forEach((value, index) => query.set(`params[${index + 1}]`, value));
  for (const name of forwardedProtocolParams) {
    const value = incoming.searchParams.get(name);
    if (value !== null) query.set(name, value);
  }
  if (secret !== undefined) query.set('secret', secret);
  return url;
}

/** The request headers sent upstream: {@link forwardedRequestHeaders} and our request id. */
export function upstreamRequestHeaders(c: Context<AppEnv>, requestId: string | undefined): Headers {
  const headers = new Headers();
  for (const name of forwardedRequestHeaders) {
    const value = c.req.header(name);
    if (value !== undefined) headers.set(name, value);
  }
  if (requestId !== undefined) headers.set('x-request-id', requestId);
  return headers;
}

export function upstreamShapeUrl(electricUrl: string): string {
  let base: URL;
  try {
    base = new URL(electricUrl);
  } catch {
    throw new Error(
      `ELECTRIC_URL "${electricUrl}" is not a URL (expected e.g. http://electric:3000)`,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`ELECTRIC_URL must be http(s), got ${base.protocol}`);
  }
  if (base.search || base.hash) throw new Error('ELECTRIC_URL must not have a query or fragment');
  // fetch refuses URLs with credentials; say so at startup rather than on every request.
  if (base.username || base.password) throw new Error('ELECTRIC_URL must not contain credentials');
  // Keep any path prefix (Electric mounted under a sub-path of a gateway).
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/v1/shape`;
  return base.href;
}

/** Like `quoteIdentifier` of @electric-sql/client: always quoted, inner quotes doubled. */
function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
