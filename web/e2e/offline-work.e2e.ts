import type { Page } from 'playwright-core';
import {
  apiLogin,
  assert,
  demoPassword,
  eventually,
  pendingCount,
  serverRows,
  type E2eTest,
} from './harness';

const technician = 'tech@demo.test';

async function myWorkTitles(page: Page): Promise<string[]> {
  // The first visit creates the replica (initdb in the browser) before any screen shows.
  await page.getByTestId('my-work').waitFor({ timeout: 180_000 });
  return eventually(
    async () => {
      const titles = await page.locator('[data-testid=my-work] .wo-title').allInnerTexts();
      return titles.length > 0 ? titles : undefined;
      // The first sync of a replica commits in one transaction; allow for a larger tenant.
    },
    'My work to list work orders',
    720,
  );
}

/**
 * First visit online → offline → reload from the service worker cache with the
 * replica's data → change a status and create a work order offline → online:
 * the queue drains and the server holds both changes.
 */
const test: E2eTest = async ({ baseUrl, browser, screenshot, log }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  let page = await context.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  try {
    await page.goto(baseUrl);
    await page.locator('input[name=email]').fill(technician);
    await page.locator('input[name=password]').fill(demoPassword);
    await screenshot(page, '01-login');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const online = await myWorkTitles(page);
    log(`My work lists ${online.length} work orders after the initial sync`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await screenshot(page, '02-my-work');

    await page.getByRole('link', { name: 'Work orders', exact: true }).click();
    await page.getByTestId('work-order-list').locator('.wo-item').first().waitFor();
    await page.locator('select').nth(0).selectOption('open');
    await screenshot(page, '03-work-order-list');

    await page.getByRole('link', { name: 'My work', exact: true }).click();
    await myWorkTitles(page);

    // Offline from here: the reload is served by the service worker, the data by the replica.
    await context.setOffline(true);
    await page.reload();
    const offline = await myWorkTitles(page);
    assert(
      JSON.stringify(offline) === JSON.stringify(online),
      'My work shows the same work orders offline',
    );
    await eventually(
      async () => (await page.getByTestId('status-online').innerText()) === 'Offline',
      'the status bar to say Offline',
    );
    assert((await pendingCount(page)) === 0, 'nothing pending before the offline work');
    await screenshot(page, '04-my-work-offline');

    // Change a status offline.
    const item = page.locator('[data-testid=my-work] .wo-item').filter({ hasText: 'Open' }).first();
    await item.click();
    await page.getByTestId('work-order-detail').waitFor();
    const workOrderId = decodeURIComponent(page.url().split('/work-orders/')[1] ?? '');
    await page.getByTestId('action-in_progress').click();
    await eventually(
      async () => (await page.getByTestId('wo-status').innerText()) === 'In progress',
      'the status to change locally',
    );
    await eventually(async () => (await pendingCount(page)) === 1, 'one pending change');
    await screenshot(page, '05-work-order-detail-offline');

    // Create a work order offline.
    const title = `E2E offline check ${Date.now().toString(36)}`;
    await page.getByRole('link', { name: 'New', exact: true }).click();
    await page.locator('input[name=title]').fill(title);
    await page.locator('select[name=priority]').selectOption('high');
    await screenshot(page, '06-create-work-order');
    await page.getByTestId('create-submit').click();
    await page.getByTestId('work-order-detail').waitFor();
    const createdId = decodeURIComponent(page.url().split('/work-orders/')[1] ?? '');
    assert((await page.locator('h1').innerText()).includes('WO-pending'), 'no number yet offline');
    await eventually(async () => (await pendingCount(page)) === 2, 'two pending changes');
    await screenshot(page, '07-created-offline');

    // Saved means on disk (SPEC CL-7): once the status bar has no unsaved write, a tab
    // that goes away (its database worker terminated, no close) loses nothing.
    await eventually(
      async () => (await page.getByTestId('status-bar').getAttribute('data-unsaved')) === '0',
      'the writes to be saved on the device',
    );
    await page.close({ runBeforeUnload: false });
    page = await context.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(`${baseUrl}/#/work-orders/${encodeURIComponent(workOrderId)}`);
    await eventually(
      async () => (await page.getByTestId('wo-status').innerText()) === 'In progress',
      'the status change to survive the closed tab',
    );
    await page.goto(`${baseUrl}/#/work-orders/${encodeURIComponent(createdId)}`);
    await eventually(
      async () => (await page.locator('h1').innerText()).includes(title),
      'the new work order to survive the closed tab',
    );
    await eventually(async () => (await pendingCount(page)) === 2, 'both still pending');

    // Back online: the queue drains (acknowledged through sync) and the server has both changes.
    await context.setOffline(false);
    await eventually(async () => (await pendingCount(page)) === 0, 'the queue to drain', 480);
    await eventually(
      async () => /WO-\d+/.test(await page.locator('h1').innerText()),
      'the server-assigned number to arrive',
    );
    await screenshot(page, '08-synced');

    const token = await apiLogin(baseUrl, technician);
    const workOrders = await serverRows(baseUrl, token, 'work_orders');
    const byId = (id: string) => [...workOrders.values()].find((row) => row.id === id);
    assert(byId(workOrderId)?.status === 'in_progress', 'the server holds the status change');
    const created = byId(createdId);
    assert(created?.title === title, 'the server holds the new work order');
    assert(created.priority === 'high' && created.number !== null, 'with its fields and a number');
    log(`server: ${workOrderId} in_progress, ${createdId} created as WO-${created.number}`);
  } finally {
    await context.close();
  }
};

export default test;
