import type { Page } from 'playwright-core';
import { assert, eventually, pendingCount, serverRows, signIn, type E2eTest } from './harness';

// Two of the seeded extra technicians: logins are rate-limited per account, and other browser
// tests sign in as tech@ and tech2@ against the same server.
const technician = { email: 'tech3@demo.test', name: '' };
const colleague = { email: 'tech4@demo.test', name: '' };

/** A user signed in on this tablet: id and current access token, from the sessions the app keeps. */
async function signedInUser(page: Page, email: string): Promise<{ id: string; token: string }> {
  const user = await page.evaluate((wanted) => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith('plantkeep.session.')) continue;
      const session = JSON.parse(localStorage.getItem(key) ?? '{}') as {
        accessToken?: string;
        user?: { id: string; email: string };
      };
      if (session.user?.email === wanted && session.accessToken)
        return { id: session.user.id, token: session.accessToken };
    }
    return undefined;
  }, email);
  assert(user !== undefined, `a session for ${email} on the tablet`);
  return user;
}

/** Signs in on the login screen (online) and waits for the user's first sync. */

/** The shell is up for the signed-in user and their pending count is known. */
async function waitForUser(page: Page, name?: string): Promise<void> {
  await page.getByTestId('user-name').waitFor({ timeout: 120_000 });
  if (name !== undefined) {
    await eventually(
      async () => (await page.getByTestId('user-name').innerText()) === name,
      `${name} to be signed in`,
    );
  }
  await eventually(async () => (await pendingCount(page)) !== undefined, 'the pending count');
}

async function switchTo(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Switch user' }).click();
  await page.getByRole('heading', { name: 'Continue as' }).waitFor();
  await page.getByRole('button', { name, exact: true }).click();
  await waitForUser(page, name);
}

async function createWorkOrder(page: Page, title: string): Promise<string> {
  await page.getByRole('link', { name: 'New', exact: true }).click();
  await page.locator('input[name=title]').fill(title);
  await page.getByTestId('create-submit').click();
  await page.getByTestId('work-order-detail').waitFor();
  return decodeURIComponent(page.url().split('/work-orders/')[1] ?? '');
}

/**
 * A shared tablet: a technician's offline change stays queued in their own
 * replica while a colleague takes the tablet (still offline) and works; each
 * sees only their own queue, and each queue goes out under its owner's
 * identity only, nothing lost.
 */
const test: E2eTest = async ({ baseUrl, browser, screenshot, log }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => {
    problems.push(error.message);
    log(`page error: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  try {
    // Both have signed in on this tablet before (signing in needs a connection once).
    await page.goto(baseUrl);
    await signIn(page, colleague.email);
    await waitForUser(page);
    colleague.name = await page.getByTestId('user-name').innerText();
    await page.getByRole('button', { name: 'Switch user' }).click();
    await signIn(page, technician.email);
    await waitForUser(page);
    technician.name = await page.getByTestId('user-name').innerText();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    await context.setOffline(true);
    const title = `E2E shared tablet ${Date.now().toString(36)}`;
    const techWorkOrder = await createWorkOrder(page, title);
    await eventually(async () => (await pendingCount(page)) === 1, "tech's change queued");

    // The colleague takes the tablet, still offline.
    await page.getByRole('button', { name: 'Switch user' }).click();
    await page.getByRole('heading', { name: 'Continue as' }).waitFor();
    await screenshot(page, '01-continue-as');
    await page.getByRole('button', { name: colleague.name, exact: true }).click();
    await waitForUser(page, colleague.name);
    assert((await pendingCount(page)) === 0, "tech2 sees an empty queue, not tech's change");
    const colleagueWorkOrder = await createWorkOrder(page, `${title} (tech2)`);
    await eventually(async () => (await pendingCount(page)) === 1, "tech2's change queued");
    await screenshot(page, '02-second-user-offline');

    // Back to the technician: their change is still waiting.
    await switchTo(page, technician.name);
    await eventually(async () => (await pendingCount(page)) === 1, "tech's change still queued");
    await page.goto(`${baseUrl}/#/work-orders/${encodeURIComponent(techWorkOrder)}`);
    await page.getByTestId('work-order-detail').waitFor();
    assert((await page.locator('h1').innerText()).includes(title), "tech's work order is shown");

    // Online: only the technician's queue goes out, under the technician.
    await context.setOffline(false);
    await eventually(async () => (await pendingCount(page)) === 0, "tech's queue to drain", 480);
    await screenshot(page, '03-first-user-synced');
    // Logins are rate-limited per account (the whole browser tier shares one server): read the
    // server's rows with the tablet's own sessions. Each work order is assigned to its creator.
    const tech = (await signedInUser(page, technician.email)).id;
    const tech2 = (await signedInUser(page, colleague.email)).id;
    const serverWorkOrder = async (id: string, as: string) => {
      const { token } = await signedInUser(page, as);
      const rows = await serverRows(baseUrl, token, 'work_orders');
      return [...rows.values()].find((row) => row.id === id);
    };
    const first = await serverWorkOrder(techWorkOrder, technician.email);
    assert(first?.title === title, "the server holds tech's work order");
    assert(first.created_by === tech, 'created by tech');
    assert(
      (await serverWorkOrder(colleagueWorkOrder, colleague.email)) === undefined,
      "tech2's change was not sent under tech's session",
    );

    // The colleague's queue goes out when they come back, under their own identity.
    await switchTo(page, colleague.name);
    await eventually(async () => (await pendingCount(page)) === 0, "tech2's queue to drain", 480);
    const second = await eventually(
      () => serverWorkOrder(colleagueWorkOrder, colleague.email),
      "tech2's work order on the server",
    );
    assert(second.title === `${title} (tech2)`, "the server holds tech2's work order");
    assert(second.created_by === tech2, 'created by tech2');
    assert(
      (await serverWorkOrder(techWorkOrder, technician.email))?.created_by === tech,
      "tech's work order unchanged",
    );
    const closed = problems.filter((p) => /BroadcastChannel|closed/i.test(p));
    assert(closed.length === 0, `no errors from closed channels: ${closed.join('; ')}`);
    log(`tech's ${techWorkOrder} and tech2's ${colleagueWorkOrder} each sent by its own user`);
  } catch (error) {
    await screenshot(page, 'failure').catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
};

export default test;
