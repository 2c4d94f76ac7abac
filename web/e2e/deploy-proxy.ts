// A proxy in front of the real server that can "deploy a new version" of the
// web app, for the browser tests of the update flow.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { assert } from './harness';

/** The build marker a "deployed" index.html carries. */
export const nextBuild = 'e2e-next-version';

/**
 * The app's origin for this test: a proxy in front of the real server that
 * can "deploy a new version" without touching web/dist (other tests serve
 * it): from `deploy()` on, index.html carries a build marker and sw.js a new
 * revision for it, exactly what a rebuild with a changed page changes. While
 * `holdMutations` is set it answers POST /v1/mutations with 503, as a server
 * being redeployed might, so the queue is still pending when the user
 * reloads into the new version.
 */
export async function startDeployProxy(upstream: string) {
  const target = new URL(upstream);
  const next = new Map<string, { type: string; body: string }>();
  let holdMutations = false;

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const upstreamReq = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => res.destroy());
    res.on('close', () => upstreamReq.destroy());
    req.pipe(upstreamReq);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    if (holdMutations && path === '/v1/mutations') {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'deploying' } }));
      return;
    }
    const replaced = next.get(path === '/' ? '/index.html' : path);
    if (replaced && req.method === 'GET') {
      res.writeHead(200, { 'content-type': replaced.type, 'cache-control': 'no-cache' });
      res.end(replaced.body);
      return;
    }
    forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    set holdMutations(hold: boolean) {
      holdMutations = hold;
    },
    async deploy(): Promise<void> {
      const html = await (await fetch(`${upstream}/index.html`)).text();
      const sw = await (await fetch(`${upstream}/sw.js`)).text();
      const revision = /url:"index\.html",revision:"([^"]+)"/.exec(sw)?.[1];
      assert(revision, 'sw.js precaches index.html with a revision');
      next.set('/index.html', {
        type: 'text/html; charset=utf-8',
        body: html.replace(
          '<head>',
          `<head>\n    <meta name="plantkeep-build" content="${nextBuild}" />`,
        ),
      });
      next.set('/sw.js', {
        type: 'text/javascript; charset=utf-8',
        body: sw.replace(
          `url:"index.html",revision:"${revision}"`,
          `url:"index.html",revision:"${revision}-next"`,
        ),
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The build marker of the page's version (null for the version built from the sources). */
export const build = (page: Page) =>
  page.evaluate(
    () => document.querySelector('meta[name=plantkeep-build]')?.getAttribute('content') ?? null,
  );
