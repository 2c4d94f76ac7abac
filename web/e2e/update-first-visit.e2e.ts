import { build, nextBuild, startDeployProxy } from './deploy-proxy';
import { assert, eventually, type E2eTest } from './harness';

/**
 * A first visit: the service worker installed during it does not control the
 * page. A new version deployed while the page is open is offered, and Reload
 * must load it even so (the new worker's activation, not a change of
 * controller, is what the page can wait for).
 */
const test: E2eTest = async ({ baseUrl, browser, screenshot, log }) => {
  const proxy = await startDeployProxy(baseUrl);
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  try {
    await page.goto(proxy.url);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    assert(
      await page.evaluate(() => navigator.serviceWorker.controller === null),
      'the first visit is not controlled by the service worker',
    );
    assert((await build(page)) === null, 'the first version runs');

    await proxy.deploy();
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    const prompt = page.getByRole('alert').filter({ hasText: 'New version available' });
    await prompt.waitFor({ timeout: 60_000 });
    await screenshot(page, '01-update-prompt-first-visit');
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await eventually(
      async () => (await build(page).catch(() => null)) === nextBuild,
      'the page to reload into the new version',
      60,
    );
    assert((await prompt.count()) === 0, 'no prompt once the new version runs');
  } finally {
    await context.close();
    await proxy.close();
  }
};

export default test;
