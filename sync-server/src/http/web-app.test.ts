import { Hono } from 'hono';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './env';
import { notFound } from './errors';
import { hasWebApp, webAppRoutes } from './web-app';
import { requestContext } from './request-context';
import { createLogger } from '../logger';

const root = mkdtempSync(join(tmpdir(), 'plantkeep-web-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(root, 'sw.js'), 'self.x = 1;');
writeFileSync(join(root, 'assets', 'pglite-abc123.wasm'), new Uint8Array([0, 97, 115, 109]));
writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'plantkeep-outside.txt'), 'secret');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function app() {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(createLogger('silent')));
  app.get('/health', (c) => c.json({ data: { status: 'ok' } }));
  app.route('/', webAppRoutes(root));
  app.notFound(notFound);
  return app;
}
const html = { headers: { accept: 'text/html' } };

describe('webAppRoutes', () => {
  it('detects a built app', () => {
    expect(hasWebApp(root)).toBe(true);
    expect(hasWebApp(join(root, 'assets'))).toBe(false);
    expect(hasWebApp(undefined)).toBe(false);
  });

  it('serves index.html at / and as the SPA fallback, never cached', async () => {
    for (const path of ['/', '/work-orders/123']) {
      const res = await app().request(path, html);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>app</title>');
    }
  });

  it('serves wasm with its content type and hashed assets with a long cache', async () => {
    const wasm = await app().request('/assets/pglite-abc123.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('cache-control')).toContain('immutable');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
    const js = await app().request('/assets/index-abc123.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
  });

  it('revalidates the service worker on every load', async () => {
    const res = await app().request('/sw.js');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('leaves the API, missing files and paths outside the root alone', async () => {
    expect((await app().request('/health', html)).status).toBe(200);
    expect((await app().request('/v1/nope', html)).status).toBe(404);
    expect((await app().request('/assets/missing.js')).status).toBe(404);
    expect(
      (await app().request('/work-orders', { headers: { accept: 'application/json' } })).status,
    ).toBe(404);
    expect((await app().request('/../plantkeep-outside.txt')).status).toBe(404);
    expect((await app().request('/%2e%2e/plantkeep-outside.txt')).status).toBe(404);
  });
});
