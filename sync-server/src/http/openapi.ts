import { OpenAPIHono, z, type OpenAPIHonoOptions, type RouteConfig } from '@hono/zod-openapi';
import { errorStatus, type ErrorCode } from '@plantkeep/shared';
import type { AppEnv } from './env';
import { errorResponse } from './errors';
import { docsHtml, docsScript } from './openapi-docs';

/** One validation problem, as clients see it in `error.details`. */
export interface ValidationIssue {
  /** Dotted path inside the validated part, e.g. `lines.0.quantity`; '' for the whole value. */
  path: string;
  message: string;
}

const targetNames: Record<string, string> = {
  json: 'request body',
  form: 'form body',
  query: 'query parameters',
  param: 'path parameters',
  header: 'request headers',
  cookie: 'cookies',
};

export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => String(part)).join('.'),
    message: issue.message,
  }));
}

/**
 * Every route validated by its zod schema fails the same way: 400 VALIDATION in our error body
 * with the issues listed, instead of the library's default (a raw ZodError as JSON).
 */
const defaultHook: OpenAPIHonoOptions<AppEnv>['defaultHook'] = (result, c) => {
  if (result.success) return;
  const where = targetNames[result.target] ?? result.target;
  return errorResponse(c, 'VALIDATION', `Invalid ${where}`, 400, toIssues(result.error));
};

/**
 * The API router. Routes registered with `.openapi(createRoute(...), handler)` are validated
 * and appear in /openapi.json; mount feature routers built with this same function through
 * `api.route(prefix, router)` so their definitions are merged into the one document.
 */
export function createApiRouter() {
  const api = new OpenAPIHono<AppEnv>({ defaultHook });
  // Same signature and types (the cast); only the route definition passes through requireBody.
  const register = api.openapi;
  api.openapi = ((route: RouteConfig, handler: never, hook?: never) =>
    register(requireBody(route), handler, hook)) as typeof api.openapi;
  return api;
}

/**
 * zod-openapi validates a JSON body only when the route declares it `required: true`; otherwise
 * a POST with no body (or no content type) reaches the handler as `{}`, typed as if it had
 * passed the schema. So a declared body is required unless the route says `required: false`.
 */
function requireBody(route: RouteConfig): RouteConfig {
  const body = route.request?.body;
  if (body === undefined || body.required !== undefined) return route;
  return { ...route, request: { ...route.request, body: { ...body, required: true } } };
}

const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

/** The error body every endpoint may answer with (`{ error: { code, message, ... } }`). */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .openapi('Error');

/** `responses: { 200: jsonContent(WorkOrder, 'The work order') }` instead of the nested literal. */
export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

/** An error response entry, e.g. `404: errorContent('No such work order')`. */
export const errorContent = (description: string) => jsonContent(ErrorSchema, description);

/** `security: bearerAuth` on a route that needs a signed-in user. */
export const bearerAuth = [{ bearer: [] }];

/**
 * GET /openapi.json (generated on demand from the registered route schemas, so it cannot drift
 * from what the validators enforce), GET /docs and its script. The docs page is self-contained:
 * swagger-ui would load assets from a CDN, which the CSP forbids and offline installs lack.
 */
export function docsRoutes(api: OpenAPIHono<AppEnv>) {
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Access token from the sign-in endpoint',
  });
  return api
    .get('/openapi.json', (c) =>
      c.json(
        api.getOpenAPI31Document({
          openapi: '3.1.0',
          info: {
            title: 'Plantkeep API',
            version: '1',
            description: 'Local-first maintenance management: sync, mutations and admin.',
          },
        }),
      ),
    )
    .get('/docs', (c) => c.html(docsHtml))
    .get('/docs/app.js', (c) =>
      c.body(docsScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
    );
}
