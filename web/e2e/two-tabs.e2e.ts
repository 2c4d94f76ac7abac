import {
  apiLogin,
  assert,
  eventually,
  pendingCount,
  serverRows,
  signIn,
  type E2eTest,
} from './harness';

// A seeded extra technician (other browser tests sign in as tech@ and tech2@).
const technician = 'tech3@demo.test';

/**
 * Two tabs of one user share one database, run by the first tab's worker.
 * When that tab closes, the second tab's worker takes over with a new
 * Postgres session: the second tab's screens must keep updating (its live
 * queries subscribe again), and its changes must still be sent.
 */
const test: E2eTest = async ({ baseUrl, browser, screenshot, log }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  try {
    const first = await context.newPage();
    first.on('pageerror', (error) => log(`first tab: page error: ${error.stack ?? error.message}`));
    await first.goto(baseUrl);
    await signIn(first, technician);

    const second = await context.newPage();
    second.on('pageerror', (error) =>
      log(`second tab: page error: ${error.stack ?? error.message}`),
    );
    await second.goto(`${baseUrl}/#/`);
    const item = second
      .locator('[data-testid=my-work] .wo-item')
      .filter({ hasText: 'Open' })
      .first();
    await item.waitFor({ timeout: 60_000 });
    await item.click();
    await second.getByTestId('work-order-detail').waitFor();
    const workOrderId = decodeURIComponent(second.url().split('/work-orders/')[1] ?? '');

    // The tab running the database goes away (no unload handlers: as if it crashed).
    await first.close({ runBeforeUnload: false });

    await second.getByTestId('action-in_progress').click();
    await eventually(
      async () => (await second.getByTestId('wo-status').innerText()) === 'In progress',
      'the second tab to show its change after the leader left',
    );
    await screenshot(second, '01-second-tab-after-leader-left');
    await eventually(
      async () => (await pendingCount(second)) === 0,
      'the change to be sent from the second tab',
      480,
    );
    const token = await apiLogin(baseUrl, technician);
    const row = [...(await serverRows(baseUrl, token, 'work_orders')).values()].find(
      (r) => r.id === workOrderId,
    );
    assert(row?.status === 'in_progress', 'the server holds the change made after the leader left');
    log(`work order ${workOrderId} changed in the second tab reached the server`);
  } finally {
    await context.close();
  }
};

export default test;
