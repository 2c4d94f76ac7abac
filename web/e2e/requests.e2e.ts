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

async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(baseUrl);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await eventually(
    async () =>
      (await page.getByTestId('status-synced').getAttribute('data-initial-sync')) === 'done',
    'the initial sync',
    480,
  );
}

/** A requester files a request offline; once it syncs, a supervisor approves it from Requests. */
const test: E2eTest = async ({ baseUrl, browser, screenshot, log }) => {
  const requesterContext = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const supervisorContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  try {
    const page = await requesterContext.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await signIn(page, baseUrl, 'requester@demo.test');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await requesterContext.setOffline(true);
    await page.goto(`${baseUrl}/#/requests/new`);
    const title = `E2E request ${Date.now().toString(36)}`;
    await page.locator('input[name=title]').fill(title);
    await page.locator('textarea[name=description]').fill('Leaking oil under the gearbox');
    await page.locator('select[name=priority]').selectOption('high');
    await screenshot(page, '01-request-form');
    await page.getByTestId('request-submit').click();
    await page.getByTestId('work-order-detail').waitFor();
    const id = decodeURIComponent(page.url().split('/work-orders/')[1] ?? '');
    assert((await page.getByTestId('wo-status').innerText()) === 'Requested', 'status requested');
    await eventually(async () => (await pendingCount(page)) === 1, 'one pending request');
    await requesterContext.setOffline(false);
    await eventually(async () => (await pendingCount(page)) === 0, 'the request to sync', 480);

    const boss = await supervisorContext.newPage();
    await signIn(boss, baseUrl, 'supervisor@demo.test');
    await boss.getByRole('link', { name: 'Requests', exact: true }).click();
    const item = boss.getByTestId('request-item').filter({ hasText: title });
    await item.waitFor();
    await screenshot(boss, '02-requests');
    await item.getByTestId('request-approve').click();
    await eventually(async () => (await item.count()) === 0, 'the request to leave the list');
    const token = await apiLogin(baseUrl, 'supervisor@demo.test');
    await eventually(
      async () => {
        const rows = await serverRows(baseUrl, token, 'work_orders');
        return [...rows.values()].find((r) => r.id === id)?.status === 'open' || undefined;
      },
      'the server to hold the approval',
      120,
      1000,
    );
    log(`request ${id} submitted offline and approved`);
  } finally {
    await requesterContext.close();
    await supervisorContext.close();
  }
};

export default test;
