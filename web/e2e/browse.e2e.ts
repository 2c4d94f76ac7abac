import type { Page } from 'playwright-core';
import {
  apiLogin,
  assert,
  eventually,
  pendingCount,
  serverRows,
  signIn,
  type E2eTest,
} from './harness';

const technician = 'tech2@demo.test';
const supervisor = 'supervisor@demo.test';

/** Applies one mutation on the server as `email`, from a fresh client (another device). */
async function serverMutate(baseUrl: string, email: string, name: string, args: unknown) {
  const token = await apiLogin(baseUrl, email);
  const res = await fetch(`${baseUrl}/v1/mutations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: crypto.randomUUID(), mutations: [{ seq: 1, name, args }] }),
  });
  const json = (await res.json()) as { data?: { results: { status: string }[] } };
  assert(json.data?.results[0]?.status === 'applied', `${name} applied on the server`);
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
  const started = performance.now();
  const step = (what: string) =>
    log(`${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s  ${what}`);
  try {
    await page.goto(baseUrl);
    await signIn(page, technician);
    await page.getByTestId('my-work').waitFor();
    step('signed in and synced');
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
    step(`asset page for ${tag} (${assetId})`);
    await screenshot(page, '03-asset-page');

    // QR labels: the print view shows this asset's label, encoding its page's URL.
    await page.getByRole('button', { name: 'Print label' }).click();
    await page.getByTestId('labels').waitFor();
    await eventually(async () => (await page.getByTestId('label').count()) === 1, 'one label');
    const qr = await page.locator('[data-testid=label] svg').getAttribute('data-qr');
    assert(qr === `${baseUrl}/#/assets/${assetId}`, `the label encodes the asset URL (${qr})`);
    assert((await page.getByTestId('label').innerText()).includes(tag), 'the label shows the tag');
    await page.emulateMedia({ media: 'print' });
    assert(!(await page.locator('.top').isVisible()), 'print hides the navigation');
    await screenshot(page, '03b-label-print');
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${baseUrl}/#/labels`);
    await eventually(
      async () => (await page.getByTestId('label').count()) > 10 || undefined,
      'labels for all assets',
    );
    await screenshot(page, '03c-labels');
    step('labels');

    // New work order for this asset, offline.
    await context.setOffline(true);
    await eventually(
      async () => (await page.getByTestId('status-online').innerText()) === 'Offline',
      'the status bar to say Offline',
    );
    // Manual tag entry works offline (the camera is not available in this browser).
    await page.getByRole('link', { name: 'Scan', exact: true }).click();
    await page.getByTestId('scan').waitFor();
    await page.getByTestId('scan-tag').fill(tag.toLowerCase());
    await screenshot(page, '03d-scan');
    await page.getByTestId('scan-open').click();
    await page.getByTestId('asset-page').waitFor();
    assert(page.url().endsWith(`/assets/${assetId}`), 'the typed tag opens the asset');
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
    step('work order created offline');
    await context.setOffline(false);
    await eventually(async () => (await pendingCount(page)) === 0, 'the queue to drain', 480);
    const token = await apiLogin(baseUrl, technician);
    const rows = await serverRows(baseUrl, token, 'work_orders');
    const created = [...rows.values()].find((r) => r.id === createdId);
    assert(created?.asset_id === assetId, 'the server holds the work order on the asset');
    step('queue drained');

    // Needs attention: two offline changes the server refuses.
    await page.goto(`${baseUrl}/#/assets/${assetId}`);
    await page.getByTestId('asset-page').waitFor();
    const originalName = await page.getByTestId('asset-name').innerText();
    await context.setOffline(true);
    await page.getByTestId('asset-edit').click();
    await page.locator('input[name=asset-name]').fill(`${originalName} (tablet)`);
    await page.getByTestId('asset-save').click();
    await eventually(
      async () => (await page.getByTestId('asset-name').innerText()).endsWith('(tablet)'),
      'the local rename',
    );
    await page.goto(`${baseUrl}/#/work-orders/${createdId}`);
    await page.getByTestId('action-in_progress').click();
    await eventually(async () => (await pendingCount(page)) === 2, 'two pending changes');
    // Meanwhile, on other devices: the same field renamed, the work order cancelled.
    await serverMutate(baseUrl, supervisor, 'asset.update', {
      id: assetId,
      changes: { name: `${originalName} (office)` },
    });
    await serverMutate(baseUrl, supervisor, 'workOrder.transition', {
      id: createdId,
      to: 'cancelled',
      reason: 'duplicate',
    });
    await context.setOffline(false);
    const attention = page.getByTestId('status-attention');
    await eventually(
      async () => ((await attention.count()) > 0 ? await attention.innerText() : undefined),
      'the needs-attention count',
      480,
    ).then((text) => assert(text.startsWith('2 '), `two need attention (${text})`));
    step('rejections arrived');
    await attention.click();
    await page.getByTestId('attention').waitFor();
    const items = page.getByTestId('rejection');
    await eventually(async () => (await items.count()) === 2, 'two rejections in the inbox');
    const conflict = items.filter({ has: page.getByTestId('conflicts') });
    const conflictText = await conflict.getByTestId('conflicts').innerText();
    assert(
      conflictText.includes(`${originalName} (office)`) &&
        conflictText.includes(`${originalName} (tablet)`),
      'the conflict shows the server value and mine',
    );
    await screenshot(page, '06-needs-attention');

    // Discard the refused status change.
    await items.filter({ hasText: 'Set a work order' }).getByTestId('rejection-discard').click();
    await eventually(async () => (await items.count()) === 1, 'one rejection left');

    // Edit and resend the rename: it now wins over the office's name.
    await conflict.getByTestId('rejection-edit').click();
    const nameField = page.locator('[data-testid=resend-form] input[name="changes.name"]');
    assert(
      (await nameField.inputValue()) === `${originalName} (tablet)`,
      'the form holds my input',
    );
    await nameField.fill(`${originalName} (resent)`);
    await screenshot(page, '07-edit-and-resend');
    await page.getByTestId('resend-submit').click();
    await page.getByTestId('attention-empty').waitFor();
    await eventually(async () => (await attention.count()) === 0, 'the count to clear');
    await eventually(async () => (await pendingCount(page)) === 0, 'the resend to drain', 480);
    await screenshot(page, '08-inbox-empty');
    const assets = await serverRows(baseUrl, token, 'assets');
    const renamed = [...assets.values()].find((r) => r.id === assetId);
    assert(renamed?.name === `${originalName} (resent)`, 'the server holds the resent name');
    step('inbox: conflict resent, refused transition discarded');
  } catch (error) {
    await screenshot(page, 'failure').catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
};

export default test;
