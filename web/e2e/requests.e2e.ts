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

/**
 * The top bar stays on one line at this width (1024 px: a tablet in
 * landscape), its links scrolling sideways rather than wrapping, and every
 * link and button stays a glove-sized target; the page never scrolls sideways.
 */
async function checkTopBar(page: Page, what: string): Promise<void> {
  const targets = await page
    .locator('header.top a.nav, header.top .user button')
    .evaluateAll((elements) =>
      elements.map((e) => {
        const box = e.getBoundingClientRect();
        return { text: e.textContent ?? '', top: Math.round(box.top), height: box.height };
      }),
    );
  const header = await page.locator('header.top').boundingBox();
  const pageWidth = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  const first = targets[0];
  assert(first && targets.length >= 8, `${what}: the top bar's links and buttons`);
  assert(
    targets.every((t) => t.top === first.top) && header && header.height < 2 * 44,
    `${what}: the top bar on one line (${JSON.stringify({ targets, header })})`,
  );
  assert(
    targets.every((t) => t.height >= 44),
    `${what}: top bar targets ≥ 44 px (${JSON.stringify(targets)})`,
  );
  assert(
    pageWidth[0]! <= pageWidth[1]!,
    `${what}: no sideways page scroll (${pageWidth.join(' > ')})`,
  );
}

const commentBodies = (page: Page) =>
  page.locator('[data-testid=comments] [data-testid=comment-body]').allInnerTexts();

async function postComment(page: Page, body: string, internal: boolean): Promise<void> {
  const form = page.locator('[data-testid=comments] > [data-testid=comment-form]');
  await form.locator('textarea[name=comment]').fill(body);
  await form.locator('input[name=internal]').setChecked(internal);
  await form.getByTestId('comment-submit').click();
  await eventually(async () => (await commentBodies(page)).includes(body), `comment “${body}”`);
}

/**
 * A requester files a request offline, choosing its asset with the asset
 * picker; once it syncs, a supervisor approves it from Requests and comments
 * on it (one internal, one public comment). The requester, whose device
 * does not hold the work order's Y.Doc, sees the public comment from the
 * synced rows and never the internal one.
 */
const test: E2eTest = async ({ baseUrl, browser, screenshot, log }) => {
  const requesterContext = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const supervisorContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  try {
    const page = await requesterContext.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(baseUrl);
    await signIn(page, 'requester@demo.test');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await requesterContext.setOffline(true);
    await page.goto(`${baseUrl}/#/requests/new`);
    const title = `E2E request ${Date.now().toString(36)}`;
    await page.locator('input[name=title]').fill(title);
    await page.locator('textarea[name=description]').fill('Leaking oil under the gearbox');
    await page.locator('select[name=priority]').selectOption('high');
    // The asset picker: searching by tag narrows the select to matching assets.
    const assetSelect = page.getByTestId('asset-select');
    const assetOptions = () =>
      assetSelect.locator('option').evaluateAll((options) =>
        options.map((o) => ({
          value: (o as HTMLOptionElement).value,
          label: o.textContent ?? '',
        })),
      );
    const [, someAsset] = await eventually(async () => {
      const options = await assetOptions();
      return options.length > 1 && options;
    }, 'the asset picker to list assets');
    assert(someAsset, 'an asset to choose');
    const tag = someAsset.label.split(' · ')[0] ?? '';
    await page.locator('input[name=asset-search]').fill(tag.toLowerCase());
    await eventually(async () => {
      const options = (await assetOptions()).filter((o) => o.value !== '');
      return (
        options.some((o) => o.value === someAsset.value) &&
        options.every((o) => o.label.toLowerCase().includes(tag.toLowerCase()))
      );
    }, `the assets matching “${tag}”`);
    await assetSelect.selectOption(someAsset.value);
    await screenshot(page, '01-request-form');
    await page.getByTestId('request-submit').click();
    await page.getByTestId('work-order-detail').waitFor();
    const id = decodeURIComponent(page.url().split('/work-orders/')[1] ?? '');
    assert((await page.getByTestId('wo-status').innerText()) === 'Requested', 'status requested');
    await eventually(async () => (await pendingCount(page)) === 1, 'one pending request');
    await requesterContext.setOffline(false);
    await eventually(async () => (await pendingCount(page)) === 0, 'the request to sync', 480);

    await checkTopBar(page, 'requester at 800 px');

    const boss = await supervisorContext.newPage();
    await boss.goto(baseUrl);
    await signIn(boss, 'supervisor@demo.test');
    await checkTopBar(boss, 'supervisor at 1024 px');
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
    const request = [...(await serverRows(baseUrl, token, 'work_orders')).values()].find(
      (r) => r.id === id,
    );
    assert(request?.asset_id === someAsset.value, 'the request names the chosen asset');

    // The supervisor comments: internal first, then public, so once the requester has
    // the public comment the internal one would have arrived too if it were sent.
    const internalNote = `Internal: check the budget ${Date.now().toString(36)}`;
    const publicNote = `We will look at it tomorrow ${Date.now().toString(36)}`;
    await boss.goto(`${baseUrl}/#/work-orders/${id}`);
    await boss.getByTestId('work-order-detail').waitFor();
    await postComment(boss, internalNote, true);
    await postComment(boss, publicNote, false);
    await eventually(
      async () => (await pendingCount(boss)) === 0,
      'the supervisor’s comments sent',
      480,
    );
    await eventually(
      async () => (await commentBodies(page)).includes(publicNote),
      'the requester to see the supervisor’s public comment',
      480,
    );
    assert(
      !(await commentBodies(page)).includes(internalNote),
      'the requester never sees the internal comment',
    );
    await screenshot(page, '03-requester-sees-public-thread');
    log(`request ${id} submitted offline with asset ${tag}, approved and answered`);
  } finally {
    await requesterContext.close();
    await supervisorContext.close();
  }
};

export default test;
