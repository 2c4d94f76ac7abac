import {
  apiLogin,
  assert,
  eventually,
  pendingCount,
  serverRows,
  signIn,
  type E2eTest,
} from './harness';

const technician = 'tech@demo.test';
/** A 1×1 PNG: what the camera input hands over in this test. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Offline on a work order: start the timer, record a part, sign, take a
 * photo; reload (the photo and the running timer survive), stop the timer;
 * online: the queue drains, the photo uploads, and the server holds all of it.
 */
const test: E2eTest = async ({ baseUrl, browser, screenshot, log }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  try {
    await page.goto(baseUrl);
    await signIn(page, technician);
    await page.locator('[data-testid=my-work] .wo-item').first().waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const mine = page.locator('[data-testid=my-work] .wo-item');
    await mine.filter({ hasText: 'In progress' }).first().click();
    await page.getByTestId('work-order-detail').waitFor();
    const woId = decodeURIComponent(page.url().split('/work-orders/')[1] ?? '');
    await page.getByTestId('parts-used').waitFor();

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('time-log').waitFor();

    await page.getByTestId('timer-start').click();
    await page.getByTestId('timer').waitFor();

    const partSelect = page.locator('select[name=part]');
    await eventually(async () => (await partSelect.locator('option').count()) > 1, 'parts to list');
    const partValue = await partSelect.locator('option').nth(1).getAttribute('value');
    await partSelect.selectOption(partValue ?? '');
    await page.locator('input[name=quantity]').fill('2');
    await page.getByTestId('part-add').click();

    await page.getByTestId('signature-open').click();
    const pad = page.getByTestId('signature-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    assert(box, 'the signature pad is on screen');
    await page.mouse.move(box.x + 20, box.y + 100);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++)
      await page.mouse.move(box.x + 20 + i * 15, box.y + 100 + ((i % 4) - 2) * 20);
    await page.mouse.up();
    await page.getByTestId('signature-save').click();
    await page.getByTestId('signature').first().waitFor();

    await page.getByTestId('photo-input').setInputFiles({
      name: 'leak.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await page.locator('[data-testid=photo][data-state=pending]').first().waitFor();
    await eventually(
      async () => (await pendingCount(page)) === 3,
      'timer, part and signature queued',
    );

    // Nothing captured is lost across a reload offline.
    await page.reload();
    await page.locator('[data-testid=photo][data-state=pending]').first().waitFor();
    await page.getByTestId('timer').waitFor();
    await page.getByTestId('timer-stop').click();
    await page.getByTestId('timer-start').waitFor();
    await page.getByTestId('signatures').scrollIntoViewIfNeeded();
    await screenshot(page, '01-work-log-offline');

    await context.setOffline(false);
    await eventually(async () => (await pendingCount(page)) === 0, 'the queue to drain', 720);
    await page
      .locator('[data-testid=photo][data-state=uploaded]')
      .first()
      .waitFor({ timeout: 180_000 });
    await eventually(
      async () => (await page.locator('[data-testid=photo][data-state=pending]').count()) === 0,
      'the local copy to go once the attachment synced',
    );
    await page.getByTestId('photos').scrollIntoViewIfNeeded();
    await screenshot(page, '02-work-log-synced');

    const token = await apiLogin(baseUrl, technician);
    const [logs, parts, signatures, attachments] = await Promise.all([
      serverRows(baseUrl, token, 'time_logs'),
      serverRows(baseUrl, token, 'parts_used'),
      serverRows(baseUrl, token, 'signatures'),
      serverRows(baseUrl, token, 'attachments'),
    ]);
    const of = (rows: Map<string, Record<string, string | null>>, column = 'work_order_id') =>
      [...rows.values()].filter((r) => r[column] === woId);
    assert(
      of(logs).some((l) => l.ended_at !== null),
      'the server holds the stopped time log',
    );
    assert(
      of(parts).some((p) => p.part_id === partValue && Number(p.quantity) === 2),
      'the part',
    );
    assert(
      of(signatures).some((s) => s.image?.startsWith('data:image/png')),
      'the signature',
    );
    const photo = of(attachments, 'owner_id')[0];
    assert(photo?.uploaded_at, 'the attachment row');
    const content = await fetch(`${baseUrl}/v1/attachments/${photo.id}/content`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert(content.ok, 'the photo can be fetched back');
    log(`work order ${woId}: photo ${photo.id} (${photo.content_type}, ${photo.size_bytes} bytes)`);
  } catch (error) {
    await screenshot(page, 'failed').catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
};

export default test;
/** Sends and acknowledgements wait for connections (see merge.e2e.ts). */
export const timeoutMs = 8 * 60_000;
