import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import {
  assert,
  demoPassword,
  eventually,
  pendingCount,
  serverRows,
  type E2eTest,
} from './harness';

const technician = 'tech2@demo.test';
const nextBuild = 'e2e-next-version';

/**
 * The app's origin for this test: a proxy in front of the real server that
 * can "deploy a new version" without touching web/dist (other tests serve
 * it): from `deploy()` on, index.html carries a build marker and sw.js a new
 * revision for it, exactly what a rebuild with a changed page changes. While
 * `holdMutations` is set it answers POST /v1/mutations with 503, as a server
 * being redeployed might, so the queue is still pending when the user
 * reloads into the new version.
 */
async function startDeployProxy(upstream: string) {
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

const build = (page: Page) =>
  page.evaluate(
    () => document.querySelector('meta[name=plantkeep-build]')?.getAttribute('content') ?? null,
  );

/** The signed-in user's id and access token, from the session the app keeps. */
async function session(page: Page): Promise<{ userId: string; token: string }> {
  return page.evaluate(() => {
    const userId = localStorage.getItem('plantkeep.currentUser') ?? '';
    const stored = JSON.parse(localStorage.getItem(`plantkeep.session.${userId}`) ?? '{}') as {
      accessToken?: string;
    };
    return { userId, token: stored.accessToken ?? '' };
  });
}

/**
 * A new version is deployed while a technician has an offline change queued:
 * on reconnect the app notices it and offers to reload; after Reload the new
 * version runs with the queue intact, and the change reaches the server.
 */
const test: E2eTest = async ({ baseUrl, browser, screenshot, log }) => {
  const proxy = await startDeployProxy(baseUrl);
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  try {
    await page.goto(proxy.url);
    await page.locator('input[name=email]').fill(technician);
    await page.locator('input[name=password]').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .locator('[data-testid=status-synced][data-initial-sync=done]')
      .waitFor({ timeout: 120_000 });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    assert((await build(page)) === null, 'the first version runs');

    // Offline: the page now comes from the service worker; a change is queued.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('user-name').waitFor({ timeout: 120_000 });
    assert(
      await page.evaluate(() => navigator.serviceWorker.controller !== null),
      'the service worker controls the page',
    );
    const title = `E2E update ${Date.now().toString(36)}`;
    await page.getByRole('link', { name: 'New', exact: true }).click();
    await page.locator('input[name=title]').fill(title);
    await page.getByTestId('create-submit').click();
    await page.getByTestId('work-order-detail').waitFor();
    const workOrderId = decodeURIComponent(page.url().split('/work-orders/')[1] ?? '');
    await eventually(async () => (await pendingCount(page)) === 1, 'one pending change');

    // A new version is deployed; the server takes no mutations while it restarts.
    proxy.holdMutations = true;
    await proxy.deploy();
    await context.setOffline(false);
    const prompt = page.getByRole('alert').filter({ hasText: 'New version available' });
    await prompt.waitFor({ timeout: 60_000 });
    assert((await pendingCount(page)) === 1, 'the change is still pending when the prompt shows');
    await screenshot(page, '01-update-prompt');
    await prompt.getByRole('button', { name: 'Reload' }).click();

    // The new version runs, with the queue intact.
    await eventually(
      async () => (await build(page)) === nextBuild,
      'the page to reload into the new version',
    );
    await page.getByTestId('user-name').waitFor({ timeout: 120_000 });
    await eventually(async () => (await pendingCount(page)) === 1, 'the pending change kept');
    await page.getByTestId('work-order-detail').waitFor();
    assert((await page.locator('h1').innerText()).includes(title), 'the change is shown');
    assert((await prompt.count()) === 0, 'no prompt once the new version runs');
    await screenshot(page, '02-new-version-pending');

    // The server is back: the queue drains and the server holds the change.
    proxy.holdMutations = false;
    await eventually(async () => (await pendingCount(page)) === 0, 'the queue to drain', 480);
    const { userId, token } = await session(page);
    const created = [...(await serverRows(baseUrl, token, 'work_orders')).values()].find(
      (row) => row.id === workOrderId,
    );
    assert(created?.title === title, 'the server holds the work order made before the update');
    assert(created.created_by === userId, 'created by the technician');
    log(`work order ${workOrderId} survived the update and reached the server`);
  } catch (error) {
    await screenshot(page, 'failure').catch(() => undefined);
    throw error;
  } finally {
    await context.close();
    await proxy.close();
  }
};

export default test;
