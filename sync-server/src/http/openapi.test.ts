import { createRoute, z } from '@hono/zod-openapi';
import type { ErrorBody } from '@plantkeep/shared';
import { Hono } from 'hono';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import type { AppEnv } from './env';
import { notFound, onError } from './errors';
import { bearerAuth, createApiRouter, docsRoutes, errorContent, jsonContent } from './openapi';
import { docsScript } from './openapi-docs';
import { requestContext } from './request-context';

const WorkOrderInput = z
  .object({
    title: z.string().min(1).max(200).openapi({ example: 'Pump P-101 leaks' }),
    priority: z.enum(['low', 'normal', 'high']),
    lines: z.array(z.object({ partId: z.string(), quantity: z.number().int().positive() })),
  })
  .openapi('WorkOrderInput');

const createWorkOrder = createRoute({
  method: 'post',
  path: '/v1/work-orders',
  summary: 'Create a work order',
  security: bearerAuth,
  // No `required: true`: createApiRouter makes declared bodies required by default.
  request: { body: jsonContent(WorkOrderInput, 'The new work order') },
  responses: {
    201: jsonContent(z.object({ data: z.object({ title: z.string() }) }), 'Created'),
    400: errorContent('Invalid input'),
  },
});

function app() {
  const api = createApiRouter().openapi(createWorkOrder, (c) => {
    const input = c.req.valid('json');
    return c.json({ data: { title: input.title } }, 201);
  });
  docsRoutes(api);
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(createLogger('silent')));
  app.route('/', api);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}

const post = (body: string) =>
  app().request('/v1/work-orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('createApiRouter', () => {
  it('hands a valid body to the handler', async () => {
    const res = await post(JSON.stringify({ title: 'Leak', priority: 'high', lines: [] }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ data: { title: 'Leak' } });
  });

  it('answers a schema violation with 400 VALIDATION and the issues', async () => {
    const res = await post(
      JSON.stringify({ title: '', priority: 'urgent', lines: [{ partId: 'p1', quantity: 0 }] }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toBe('Invalid request body');
    expect(body.error.requestId).toBeTruthy();
    const details = body.error.details as { path: string; message: string }[];
    expect(details.map((issue) => issue.path).sort()).toEqual([
      'lines.0.quantity',
      'priority',
      'title',
    ]);
    for (const issue of details) expect(issue.message).toEqual(expect.any(String));
  });

  it('does not let a request without a body skip validation', async () => {
    for (const init of [{}, { headers: { 'content-type': 'application/json' } }]) {
      const res = await app().request('/v1/work-orders', { method: 'POST', ...init });
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('VALIDATION');
    }
  });

  it('answers malformed JSON with 400 VALIDATION', async () => {
    const res = await post('{"title":');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('VALIDATION');
  });
});

describe('docsRoutes', () => {
  it('serves an OpenAPI 3.1 document with the route and the bearer scheme', async () => {
    const res = await app().request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: { title: string };
      paths: Record<
        string,
        Record<
          string,
          { summary?: string; security?: unknown; requestBody?: { required?: boolean } }
        >
      >;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Plantkeep API');
    const op = doc.paths['/v1/work-orders']?.post;
    expect(op?.summary).toBe('Create a work order');
    expect(op?.security).toEqual([{ bearer: [] }]);
    expect(op?.requestBody?.required).toBe(true);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['WorkOrderInput', 'Error']),
    );
  });

  it('serves /docs as HTML that loads a same-origin script (no inline script)', async () => {
    const res = await app().request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<script src="docs/app.js" defer></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = await app().request('/docs/app.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('has a docs script that renders the document', async () => {
    const doc = await (await app().request('/openapi.json')).json();
    interface FakeNode {
      tag: string;
      textContent: string;
      className: string;
      href: string;
      children: FakeNode[];
      append(...nodes: FakeNode[]): void;
      replaceChildren(...nodes: FakeNode[]): void;
    }
    const node = (tag: string): FakeNode => ({
      tag,
      textContent: '',
      className: '',
      href: '',
      children: [],
      append(...nodes) {
        this.children.push(...nodes);
      },
      replaceChildren(...nodes) {
        this.children = nodes;
      },
    });
    const root = node('main');
    const document = { title: '', getElementById: () => root, createElement: node };
    const fetch = () => Promise.resolve({ ok: true, json: () => Promise.resolve(doc) });
    runInNewContext(docsScript, { document, fetch });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const text = (n: FakeNode): string => n.textContent + n.children.map(text).join(' ');
    const rendered = text(root);
    expect(document.title).toBe('Plantkeep API v1');
    expect(rendered).toContain('/v1/work-orders');
    expect(rendered).toContain('Create a work order');
    expect(rendered).toContain('WorkOrderInput');
  });
});
