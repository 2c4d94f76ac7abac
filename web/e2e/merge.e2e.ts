import type { Page } from 'playwright-core';
import {
  assert,
  demoPassword,
  eventually,
  pendingCount,
  serverRows,
  signIn,
  type E2eTest,
} from './harness';

const technician = 'tech@demo.test';
const supervisor = 'supervisor@demo.test';

async function login(baseUrl: string, email: string): Promise<{ token: string; userId: string }> {
  const res = await fetch(`${baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: demoPassword }),
  });
  const json = (await res.json()) as { data: { accessToken: string; user: { id: string } } };
  return { token: json.data.accessToken, userId: json.data.user.id };
}

interface SeenStep {
  id: string;
  title: string;
  done: boolean;
}

/** The checklist as the screen shows it (view mode). */
async function stepsOnScreen(page: Page): Promise<SeenStep[]> {
  return page.locator('[data-testid=checklist] [data-testid=step]').evaluateAll((items) =>
    items.map((li) => ({
      id: li.getAttribute('data-step-id') ?? '',
      title: li.querySelector('[data-testid=step-title]')?.textContent ?? '',
      done: li.getAttribute('data-done') === 'true',
    })),
  );
}

const commentsOnScreen = (page: Page) =>
  page.locator('[data-testid=comments] [data-testid=comment-body]').allInnerTexts();

const mainCommentForm = (page: Page) =>
  page.locator('[data-testid=comments] > [data-testid=comment-form]');

async function comment(page: Page, body: string): Promise<void> {
  await mainCommentForm(page).locator('textarea[name=comment]').fill(body);
  await mainCommentForm(page).getByTestId('comment-submit').click();
  await eventually(async () => (await commentsOnScreen(page)).includes(body), `comment “${body}”`);
}

/**
 * issue 7 item 5: the technician works offline on a seeded work order
 * (ticks a step, comments, changes the status, creates a work order) while
 * a supervisor edits the same work order's checklist (retitles a step and
 * makes it a measurement with limits, adds a step) and comments online;
 * after reconnecting both screens show the same merged document and the
 * server holds every change.
 */
const test: E2eTest = async ({ baseUrl, browser, screenshot, log }) => {
  // A seeded open work order of the technician's with at least two unticked check steps.
  const tech = await login(baseUrl, technician);
  const [orders, assignees, steps] = await Promise.all([
    serverRows(baseUrl, tech.token, 'work_orders'),
    serverRows(baseUrl, tech.token, 'work_order_assignees'),
    serverRows(baseUrl, tech.token, 'work_order_steps'),
  ]);
  const mine = new Set(
    [...assignees.values()].filter((a) => a.user_id === tech.userId).map((a) => a.work_order_id),
  );
  const stepsOf = (woId: string) =>
    [...steps.values()]
      .filter((s) => s.work_order_id === woId)
      .sort((a, b) => Number(a.position) - Number(b.position));
  const target = [...orders.values()].find(
    (w) =>
      w.status === 'open' &&
      mine.has(w.id ?? null) &&
      stepsOf(w.id ?? '').filter((s) => s.kind === 'check' && s.done !== 'true').length >= 2,
  );
  assert(target?.id, 'the seed has an open work order of the technician with check steps');
  const woId = target.id;
  const [tickStepRow, renameStepRow] = stepsOf(woId).filter(
    (s) => s.kind === 'check' && s.done !== 'true',
  );
  assert(tickStepRow?.id && renameStepRow?.id, 'two unticked check steps');
  log(
    `work order ${woId} (WO-${target.number}): tick ${tickStepRow.id}, rename ${renameStepRow.id}`,
  );

  const techContext = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const supContext = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const techPage = await techContext.newPage();
  const supPage = await supContext.newPage();
  techPage.on('pageerror', (error) => log(`technician page error: ${error.message}`));
  supPage.on('pageerror', (error) => log(`supervisor page error: ${error.message}`));
  const suffix = Date.now().toString(36);
  const techComment = `Tech offline note ${suffix}`;
  const supComment = `Supervisor note ${suffix}`;
  const renamed = `Renamed by supervisor ${suffix}`;
  const added = `Added by supervisor ${suffix}`;
  const createdTitle = `Created offline during merge ${suffix}`;
  try {
    // Both sign in at once (separate browser contexts, so separate connection pools).
    await Promise.all([
      techPage.goto(baseUrl).then(() => signIn(techPage, technician)),
      supPage.goto(baseUrl).then(() => signIn(supPage, supervisor)),
    ]);
    // Technician: first visit online, then offline with a reload from the service worker.
    await techPage.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await techPage.goto(`${baseUrl}/#/work-orders/${woId}`);
    await eventually(
      async () => (await stepsOnScreen(techPage)).length === stepsOf(woId).length,
      'the technician to see the checklist online',
    );
    await techContext.setOffline(true);
    await techPage.reload();
    await techPage.getByTestId('work-order-detail').waitFor();
    await eventually(
      async () => (await stepsOnScreen(techPage)).length === stepsOf(woId).length,
      'the checklist after the offline reload',
    );
    await eventually(
      async () => (await techPage.getByTestId('status-online').innerText()) === 'Offline',
      'the status bar to say Offline',
    );

    // Offline work: tick a step, comment, start work, create a work order.
    const tickItem = techPage.locator(`[data-testid=step][data-step-id="${tickStepRow.id}"]`);
    await tickItem.getByTestId('step-tick').click();
    await eventually(
      async () => (await tickItem.getAttribute('data-done')) === 'true',
      'the step to show ticked',
    );
    await comment(techPage, techComment);
    await techPage.getByTestId('action-in_progress').click();
    await eventually(
      async () => (await techPage.getByTestId('wo-status').innerText()) === 'In progress',
      'the status to change locally',
    );
    await eventually(async () => (await pendingCount(techPage)) === 3, 'three pending changes');
    await screenshot(techPage, '01-technician-offline-detail');

    await techPage.getByRole('link', { name: 'New', exact: true }).click();
    await techPage.locator('input[name=title]').fill(createdTitle);
    await techPage.getByTestId('create-submit').click();
    await techPage.getByTestId('work-order-detail').waitFor();
    const createdId = decodeURIComponent(techPage.url().split('/work-orders/')[1] ?? '');
    await eventually(async () => (await pendingCount(techPage)) === 4, 'four pending changes');

    // Meanwhile the supervisor, online, edits the same checklist and comments.
    await supPage.goto(`${baseUrl}/#/work-orders/${woId}`);
    await eventually(
      async () => (await stepsOnScreen(supPage)).length === stepsOf(woId).length,
      'the supervisor to see the checklist',
      480,
    );
    await supPage.getByTestId('edit-checklist').click();
    const renameItem = supPage.locator(`[data-testid=step][data-step-id="${renameStepRow.id}"]`);
    await renameItem.getByTestId('step-title-input').fill(renamed);
    await renameItem.getByRole('button', { name: 'Rename' }).click();
    await supPage.locator('input[name=step-title]').fill(added);
    await supPage.getByTestId('add-step-submit').click();
    await eventually(
      async () =>
        (await supPage.getByTestId('step-title-input').count()) === stepsOf(woId).length + 1,
      'the added step',
    );
    // The renamed step becomes a measurement; limits the shared rule refuses are not sent.
    const kindForm = renameItem.getByTestId('step-kind-form');
    await kindForm.getByTestId('step-kind-select').selectOption('measurement');
    await kindForm.locator('input[name=step-unit]').fill('bar');
    await kindForm.locator('input[name=step-min]').fill('10');
    await kindForm.locator('input[name=step-max]').fill('2');
    await kindForm.getByTestId('step-kind-save').click();
    await kindForm.getByTestId('step-kind-problem').waitFor();
    await kindForm.locator('input[name=step-min]').fill('2');
    await kindForm.locator('input[name=step-max]').fill('10');
    await kindForm.getByTestId('step-kind-save').click();
    await eventually(
      () => kindForm.getByTestId('step-kind-save').isDisabled(),
      'the step’s new kind and limits saved',
    );
    await screenshot(supPage, '02-supervisor-editing-checklist');
    await supPage.getByTestId('edit-checklist').click();
    await comment(supPage, supComment);
    // Every synced table long-polls its own request and Chrome allows six connections per
    // HTTP/1.1 origin, so a send and its acknowledgement can wait for a free connection.
    await eventually(
      async () => (await pendingCount(supPage)) === 0,
      'the supervisor’s edits sent',
      720,
    );
    await screenshot(supPage, '03-supervisor-before-merge');

    // The technician still sees only their own version, then reconnects.
    assert(
      !(await stepsOnScreen(techPage)).some((s) => s.title === added),
      'offline, the technician does not see the supervisor’s step',
    );
    await techPage.goto(`${baseUrl}/#/work-orders/${woId}`);
    await techContext.setOffline(false);
    await eventually(async () => (await pendingCount(techPage)) === 0, 'the queue to drain', 720);

    // Both screens converge on the same merged document.
    const merged = async (page: Page) => {
      const seen = await stepsOnScreen(page);
      const bodies = await commentsOnScreen(page);
      const ok =
        seen.some((s) => s.title === added) &&
        seen.some((s) => s.id === renameStepRow.id && s.title === renamed) &&
        seen.some((s) => s.id === tickStepRow.id && s.done) &&
        bodies.includes(techComment) &&
        bodies.includes(supComment);
      return ok ? { seen, bodies } : undefined;
    };
    const techView = await eventually(
      () => merged(techPage),
      'the technician to see the merge',
      720,
    );
    const supView = await eventually(() => merged(supPage), 'the supervisor to see the merge', 720);
    assert(
      JSON.stringify(techView.seen) === JSON.stringify(supView.seen),
      'both see the same steps in the same order',
    );
    assert(
      JSON.stringify([...techView.bodies].sort()) === JSON.stringify([...supView.bodies].sort()),
      'both see the same comments',
    );
    await eventually(
      async () => (await supPage.getByTestId('wo-status').innerText()) === 'In progress',
      'the supervisor to see the status change',
    );
    const limitsOf = (page: Page) =>
      page
        .locator(
          `[data-testid=checklist] [data-testid=step][data-step-id="${renameStepRow.id}"] [data-testid=step-limits]`,
        )
        .innerText();
    await eventually(
      async () => (await limitsOf(techPage)) === 'Limits 2–10 bar',
      'the technician to see the step’s new limits',
    );
    await screenshot(techPage, '04-technician-merged');
    await screenshot(supPage, '05-supervisor-merged');

    // The server holds every change: status, new work order, steps and comments.
    const sup = await login(baseUrl, supervisor);
    const [wos, stepRows, commentRows] = await Promise.all([
      serverRows(baseUrl, sup.token, 'work_orders'),
      serverRows(baseUrl, sup.token, 'work_order_steps'),
      serverRows(baseUrl, sup.token, 'work_order_comments'),
    ]);
    const wo = [...wos.values()].find((w) => w.id === woId);
    assert(wo?.status === 'in_progress', 'the server holds the status change');
    const created = [...wos.values()].find((w) => w.id === createdId);
    assert(created?.title === createdTitle, 'the server holds the work order created offline');
    const serverSteps = [...stepRows.values()]
      .filter((s) => s.work_order_id === woId)
      .sort((a, b) => Number(a.position) - Number(b.position));
    assert(
      JSON.stringify(serverSteps.map((s) => s.title)) ===
        JSON.stringify(techView.seen.map((s) => s.title)),
      'the server’s steps are the merged steps, in order',
    );
    const measuredRow = serverSteps.find((s) => s.id === renameStepRow.id);
    assert(
      measuredRow?.kind === 'measurement' &&
        measuredRow.unit === 'bar' &&
        Number(measuredRow.min_value) === 2 &&
        Number(measuredRow.max_value) === 10,
      `the server holds the step's kind and limits (${JSON.stringify(measuredRow)})`,
    );
    const tickedRow = serverSteps.find((s) => s.id === tickStepRow.id);
    assert(tickedRow?.done === 'true' || tickedRow?.done === 't', 'the server holds the tick');
    assert(tickedRow.done_by === tech.userId, 'done by the technician');
    const bodies = [...commentRows.values()]
      .filter((c) => c.work_order_id === woId)
      .map((c) => c.body);
    assert(
      bodies.includes(techComment) && bodies.includes(supComment),
      'the server holds both comments',
    );
    log(
      `merged: ${serverSteps.length} steps, ${bodies.length} comments; created ${createdId} as WO-${created.number}`,
    );
  } catch (error) {
    await screenshot(techPage, 'failed-technician').catch(() => undefined);
    await screenshot(supPage, 'failed-supervisor').catch(() => undefined);
    throw error;
  } finally {
    await techContext.close();
    await supContext.close();
  }
};

export default test;
/** Two first syncs and three round trips over HTTP/1.1 long-polls (see above). */
export const timeoutMs = 10 * 60_000;
