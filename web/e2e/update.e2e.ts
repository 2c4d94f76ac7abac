import { syncedTableRef } from '@plantkeep/migrations/replica';
import type { Page } from 'playwright-core';
import { build, nextBuild, startDeployProxy } from './deploy-proxy';
import { assert, eventually, pendingCount, serverRows, signIn, type E2eTest } from './harness';

// A seeded extra technician: logins are rate-limited per account, and other browser tests sign
// in as tech@ and tech2@ against the same server.
const technician = 'tech5@demo.test';
const olderLayout = 'e2e-older-layout';
const staleTitle = 'E2E stale synced copy';

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
 * Runs one SQL statement on the user's replica from the page, the way a tab
 * does: PGlite's multi-tab protocol (hold a tab-close lock, announce the tab
 * on the leader's broadcast channel, call execProtocol with a simple Query
 * message). Returns the first column of each row. Test-only: the app has no
 * such hook.
 */
async function replicaSql(page: Page, userId: string, sql: string): Promise<(string | null)[]> {
  return page.evaluate(
    async ({ userId, sql }) => {
      const tabId = crypto.randomUUID();
      // No named function expressions in here: the test's transpiler would wrap them in a helper
      // the page does not have.
      let releaseTab: (() => void) | undefined;
      await new Promise<void>((held) => {
        void navigator.locks.request(
          `pglite-tab-close:${tabId}`,
          () =>
            new Promise<void>((release) => {
              releaseTab = release;
              held();
            }),
        );
      });
      const broadcast = new BroadcastChannel(`pglite-broadcast:plantkeep-${userId}`);
      const tab = new BroadcastChannel(`pglite-tab:${tabId}`);
      try {
        await new Promise<void>((connected) => {
          const here = { type: 'tab-here', id: tabId };
          const timer = setInterval(() => broadcast.postMessage(here), 50);
          tab.addEventListener('message', (event: MessageEvent<{ type: string }>) => {
            if (event.data.type !== 'connected') return;
            clearInterval(timer);
            connected();
          });
          broadcast.postMessage(here);
        });
        const text = new TextEncoder().encode(`${sql}\0`);
        const query = new Uint8Array(5 + text.length);
        query[0] = 'Q'.charCodeAt(0);
        new DataView(query.buffer).setInt32(1, 4 + text.length);
        query.set(text, 5);
        type Reply = {
          type: string;
          callId?: string;
          result?: { messages: { name: string; fields?: (string | null)[] }[] };
          error?: { message: string };
        };
        // Alone on the shared connection: hold PGlite's transaction and query locks around it.
        const calls: [string, unknown[]][] = [
          ['_acquireTransactionLock', []],
          ['_acquireQueryLock', []],
          ['execProtocol', [query]],
          ['_releaseQueryLock', []],
          ['_releaseTransactionLock', []],
        ];
        const replies: Reply[] = [];
        for (const [method, args] of calls) {
          const callId = crypto.randomUUID();
          replies.push(
            await new Promise<Reply>((answered) => {
              tab.addEventListener('message', (event: MessageEvent<Reply>) => {
                if (event.data.callId === callId) answered(event.data);
              });
              tab.postMessage({ type: 'rpc-call', callId, method, args });
            }),
          );
        }
        const failed = replies.find((reply) => reply.type !== 'rpc-return');
        if (failed) throw new Error(failed.error?.message ?? 'rpc failed');
        return (replies[2]?.result?.messages ?? [])
          .filter((m) => m.name === 'dataRow')
          .map((m) => m.fields?.[0] ?? null);
      } finally {
        broadcast.close();
        tab.close();
        releaseTab?.();
      }
    },
    { userId, sql },
  );
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
    // A returning visit: the service worker installed by the first one controls the page.
    await page.goto(proxy.url);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    assert(
      await page.evaluate(() => navigator.serviceWorker.controller !== null),
      'the service worker controls the page',
    );
    await signIn(page, technician);
    assert((await build(page)) === null, 'the first version runs');

    // Offline, a change is queued.
    await context.setOffline(true);
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

    // Make the replica's synced layout look older than the new version's (SPEC CL-6), and
    // mark one synced row, so a rebuild of the synced schema from the server shows.
    const { userId } = await session(page);
    const workOrders = syncedTableRef('work_orders');
    const [markedId] = await replicaSql(page, userId, `select id from ${workOrders} limit 1`);
    assert(markedId, 'the replica holds synced work orders');
    await replicaSql(
      page,
      userId,
      `update ${workOrders} set title = '${staleTitle}' where id = '${markedId}'`,
    );
    await replicaSql(
      page,
      userId,
      `update replica_meta set value = '${olderLayout}' where key = 'synced_schema'`,
    );

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

    // The new version rebuilt the synced schema and synced it again; the queue was kept.
    const layout = await eventually(
      async () =>
        (
          await replicaSql(
            page,
            userId,
            `select value from replica_meta where key = 'synced_schema'`,
          )
        )[0],
      'the replica layout to be recorded',
    );
    assert(layout !== olderLayout, 'the replica was upgraded to the new layout');
    const resynced = await eventually(
      async () => {
        const [title] = await replicaSql(
          page,
          userId,
          `select title from ${workOrders} where id = '${markedId}'`,
        );
        return title !== undefined && title !== null && title !== staleTitle ? title : undefined;
      },
      'the synced rows to come again from the server',
      720,
    );
    assert((await pendingCount(page)) === 1, 'the pending change survived the rebuild');
    log(`replica rebuilt from ${olderLayout} to ${layout}; marked row back to "${resynced}"`);

    // The server is back: the queue drains and the server holds the change.
    proxy.holdMutations = false;
    await eventually(async () => (await pendingCount(page)) === 0, 'the queue to drain', 480);
    const { token } = await session(page);
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
