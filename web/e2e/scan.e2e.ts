import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { qrLuma } from '../src/app/scan/qr-matrix';
import { assetUrl } from '../src/app/assets/asset-links';
import {
  apiLogin,
  assert,
  chromiumArgs,
  chromiumPath,
  eventually,
  serverRows,
  signIn,
  type E2eTest,
} from './harness';

// A seeded extra technician: logins are rate-limited per account, and other browser tests sign
// in as tech@, tech2@ … tech5@ against the same server.
const technician = 'tech6@demo.test';

/**
 * A camera that films a printed label: `frames` frames of a white 640×480
 * picture with the QR code for `text` in the middle (8 px per module, the
 * quiet zone included), as a Y4M file for chromium's fake capture device.
 * Y4M 4:2:0 stores each frame as the Y plane then quarter-size U and V
 * planes; U = V = 128 is grey, so the picture is the Y plane.
 */
function labelVideo(text: string, file: string, frames = 5): void {
  const width = 640;
  const height = 480;
  const { side, luma } = qrLuma(text, 8);
  assert(side <= height, `the code fits the frame (${side} px)`);
  const y = new Uint8Array(width * height).fill(255);
  const left = (width - side) / 2;
  const top = (height - side) / 2;
  for (let row = 0; row < side; row++) {
    y.set(luma.subarray(row * side, (row + 1) * side), (top + row) * width + left);
  }
  const chroma = new Uint8Array((width * height) / 4).fill(128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

/**
 * Camera scanning without the BarcodeDetector API (as on iPads, Firefox,
 * Windows and Linux): a chromium whose fake camera films a real asset's QR
 * label; the scan screen reads it with the jsQR fallback and opens that
 * asset. A foreign address typed into the field is refused, not followed.
 */
const test: E2eTest = async ({ baseUrl, screenshot, log }) => {
  const token = await apiLogin(baseUrl, technician);
  const asset = [...(await serverRows(baseUrl, token, 'assets')).values()]
    .filter((a) => a.id && a.tag && !a.archived_at)
    .sort((a, b) => (a.tag! < b.tag! ? -1 : 1))[0];
  assert(asset?.id && asset.tag, 'the technician sees a seeded asset');
  const label = assetUrl(baseUrl, asset.id);
  log(`label of ${asset.tag}: ${label}`);

  const dir = mkdtempSync(join(tmpdir(), 'plantkeep-scan-'));
  const video = join(dir, 'label.y4m');
  labelVideo(label, video);
  // The runner's browser has no camera: this one films the label.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      ...chromiumArgs,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1024, height: 768 },
      permissions: ['camera'],
    });
    await context.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      // Whatever this chromium has, the page sees a browser without the API: the fallback runs.
      w.scanNativeDetector = 'BarcodeDetector' in window;
      delete w.BarcodeDetector;
      // Keep the camera streams the page opens, to check it stops them.
      const streams: MediaStream[] = [];
      w.scanStreams = streams;
      const media = navigator.mediaDevices as MediaDevices | undefined;
      if (media) {
        const open = media.getUserMedia.bind(media);
        media.getUserMedia = async (constraints) => {
          const stream = await open(constraints);
          streams.push(stream);
          return stream;
        };
      }
      // Which decoder the scan screen reports, even if it navigates away at once.
      w.scanDecoders = [];
      new MutationObserver((records) => {
        for (const r of records) {
          const value = (r.target as Element).getAttribute('data-decoder');
          if (value) (w.scanDecoders as string[]).push(value);
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-decoder'] });
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    try {
      await page.goto(baseUrl);
      await signIn(page, technician);
      log(
        `signed in and synced; this chromium ${(await page.evaluate(() => (window as unknown as { scanNativeDetector: boolean }).scanNativeDetector)) ? 'has' : 'has no'} BarcodeDetector (hidden from the page)`,
      );

      await page.getByRole('link', { name: 'Scan', exact: true }).click();
      await page.getByTestId('scan').waitFor();
      // An address elsewhere is refused with a message naming it, and nothing opens.
      await page.getByTestId('scan-tag').fill(assetUrl('https://elsewhere.example', asset.id));
      await page.getByTestId('scan-open').click();
      const refusal = await page.getByTestId('scan-problem').innerText();
      assert(
        refusal.includes('elsewhere.example') && refusal.includes('not opened'),
        `a foreign address is refused (${refusal})`,
      );
      assert(page.url().endsWith('#/scan'), `still on the scan screen (${page.url()})`);
      await screenshot(page, '01-foreign-address-refused');

      await page.getByTestId('scan-tag').fill('');
      const started = performance.now();
      await page.getByTestId('scan-camera').click();
      await page
        .locator('[data-testid=asset-page], [data-testid=scan-camera-unavailable]')
        .first()
        .waitFor({ timeout: 60_000 });
      const unavailable = page.getByTestId('scan-camera-unavailable');
      if (await unavailable.count()) {
        throw new Error(`the camera scan gave up: ${await unavailable.innerText()}`);
      }
      log(`camera to asset page in ${Math.round(performance.now() - started)} ms`);
      assert(
        decodeURIComponent(page.url()).endsWith(`#/assets/${asset.id}`),
        `the scan opens the filmed asset (${page.url()})`,
      );
      assert(
        (await page.getByTestId('asset-tag').innerText()) === asset.tag,
        `the page shows ${asset.tag}`,
      );
      const decoders = await page.evaluate(
        () => (window as unknown as { scanDecoders: string[] }).scanDecoders,
      );
      assert(
        decoders.length > 0 && decoders.every((d) => d === 'jsqr'),
        `jsQR read the code (${decoders.join(', ') || 'no decoder reported'})`,
      );
      await eventually(
        () =>
          page.evaluate(() => {
            const streams = (window as unknown as { scanStreams: MediaStream[] }).scanStreams;
            return (
              streams.length === 1 &&
              streams.every((s) => s.getTracks().every((t) => t.readyState === 'ended'))
            );
          }),
        'the camera to be stopped after the scan',
        40,
      );
      await screenshot(page, '02-scanned-asset');
    } catch (error) {
      await screenshot(page, 'failure').catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

export default test;
