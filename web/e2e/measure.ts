// Browser measurements of the web app (issue 7, item 6); prints figures, asserts nothing.
// Usage: npx tsx web/e2e/measure.ts [--runs 5] [--actions 10]   (CHROMIUM_PATH overrides /usr/bin/chromium)
//
// Builds the app, starts the real sync-server on a fresh DATA_DIR (the scale-1
// demo tenant is seeded on the empty database) and a free port, then with
// Debian's chromium through playwright-core:
// 1. offline cold start: first visit online as a technician, full initial sync,
//    service worker ready; then offline, and per run a new tab (the previous one
//    closed, so the new tab's worker opens the IndexedDB replica again) loading
//    #/work-orders → first work-order row in the DOM, timed in the page from
//    navigation start (checked on every DOM mutation);
// 2. local action → visible: on a work order, offline, a status change
//    (click/submit → the status badge's text changes), timed in the page with
//    performance.now() around the click and a MutationObserver;
//    2b. the same for ticking and unticking a checklist step (a Yjs edit);
// 3. JS bundle size: every .js file in web/dist, raw and gzip (node:zlib,
//    level 9), without the PGlite wasm/data files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { signIn } from './harness';
import { freePort, startServer, withTimeout as within } from './test-server';

const e2eDir = fileURLToPath(new URL('.', import.meta.url));
const webDir = join(e2eDir, '..');
const distDir = join(webDir, 'dist');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
const runs = option('runs', 5);
const actions = option('actions', 10);
const technician = 'tech@demo.test';

const out = (line = '') => process.stdout.write(`${line}\n`);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at]!;
}
const ms = (v: number) => `${v.toFixed(0)} ms`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function coldStart(context: BrowserContext, baseUrl: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const open of context.pages()) await open.close();
    const page = await context.newPage();
    page.on('console', (m) => {
      // Offline, failed sync requests are expected; anything else is worth seeing.
      if (m.type() === 'error' && !m.text().includes('ERR_INTERNET_DISCONNECTED'))
        out(`  console: ${m.text()}`);
    });
    await page.goto(`${baseUrl}/#/work-orders`, { waitUntil: 'domcontentloaded' });
    // In the page: performance.now() counts from navigation start; a MutationObserver sees the row.
    const at = await within(
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            if (document.querySelector('[data-testid=wo-item]')) return resolve(performance.now());
            const observer = new MutationObserver(() => {
              if (!document.querySelector('[data-testid=wo-item]')) return;
              observer.disconnect();
              resolve(performance.now());
            });
            observer.observe(document.body, { childList: true, subtree: true });
          }),
      ),
      120_000,
      'the first work-order row',
    ).catch(async (error: unknown) => {
      await page.screenshot({ path: join(tmpdir(), 'plantkeep-measure-failure.png') });
      throw error;
    });
    times.push(at);
    out(`  run ${i + 1}: ${ms(at)}`);
  }
  return times;
}

/** Clicks `selector` and resolves with the ms until the status badge reads `expected`. */
async function timeAction(page: Page, selector: string, expected: string): Promise<number> {
  await page.locator(selector).waitFor();
  return within(timeActionInPage(page, selector, expected), 30_000, `${selector} → ${expected}`);
}

function timeActionInPage(page: Page, selector: string, expected: string): Promise<number> {
  return page.evaluate(
    ({ selector, expected }) =>
      new Promise<number>((resolve, reject) => {
        const root = document.querySelector('[data-testid=work-order-detail]');
        const button = document.querySelector<HTMLElement>(selector);
        if (!root || !button) return reject(new Error(`no ${selector}`));
        let started = 0;
        const observer = new MutationObserver(() => {
          const badge = document.querySelector('[data-testid=wo-status]');
          if (badge?.textContent === expected) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        });
        observer.observe(root, { childList: true, subtree: true, characterData: true });
        started = performance.now();
        button.click();
      }),
    { selector, expected },
  );
}

async function localActions(page: Page): Promise<number[]> {
  await page.getByRole('link', { name: 'My work', exact: true }).click();
  const item = page.locator('[data-testid=my-work] .wo-item').filter({ hasText: 'Open' }).first();
  await item.waitFor();
  await item.click();
  await page.getByTestId('action-in_progress').waitFor();
  out(`  on ${page.url().split('#')[1] ?? ''}`);
  const times: number[] = [];
  times.push(await timeAction(page, '[data-testid=action-in_progress]', 'In progress'));
  for (let i = 1; i < actions; i++) {
    if (i % 2 === 1) {
      await page.getByTestId('action-on_hold').click();
      await page.locator('form.reason input').fill('waiting for parts');
      times.push(await timeAction(page, 'form.reason button[type=submit]', 'On hold'));
    } else {
      times.push(await timeAction(page, '[data-testid=action-in_progress]', 'In progress'));
    }
  }
  out(`  ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  return times;
}

/** Ticks and unticks a checklist step (a Yjs edit) and times click → the step showing it. */
async function checklistTicks(page: Page): Promise<number[] | undefined> {
  const step = page
    .locator('[data-testid=step]:has([data-testid=step-tick]:not([disabled]))')
    .first();
  if ((await step.count()) === 0) return undefined;
  const stepId = await step.getAttribute('data-step-id');
  const times: number[] = [];
  for (let i = 0; i < actions; i++) {
    times.push(
      await page.evaluate(
        (stepId) =>
          new Promise<number>((resolve, reject) => {
            const item = document.querySelector(`[data-testid=step][data-step-id="${stepId}"]`);
            const button = item?.querySelector<HTMLElement>('[data-testid=step-tick]');
            if (!item || !button) return reject(new Error(`no step ${stepId}`));
            const expected = item.getAttribute('data-done') === 'true' ? 'false' : 'true';
            let started = 0;
            const observer = new MutationObserver(() => {
              const now = document.querySelector(`[data-testid=step][data-step-id="${stepId}"]`);
              if (now?.getAttribute('data-done') === expected) {
                observer.disconnect();
                resolve(performance.now() - started);
              }
            });
            observer.observe(document.body, { subtree: true, attributes: true, childList: true });
            started = performance.now();
            button.click();
          }),
        stepId,
      ),
    );
  }
  out(`  ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  return times;
}

function bundleSizes(): void {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  walk(distDir);
  const index = readFileSync(join(distDir, 'index.html'), 'utf8');
  let total = 0;
  let totalGzip = 0;
  let shell = 0;
  const rows = files
    .map((path) => {
      const raw = readFileSync(path);
      const gz = gzipSync(raw, { level: 9 }).length;
      const name = relative(distDir, path);
      total += raw.length;
      totalGzip += gz;
      if (index.includes(name)) shell += gz;
      return { name, raw: raw.length, gz };
    })
    .sort((a, b) => b.gz - a.gz);
  for (const r of rows)
    out(`  ${r.name.padEnd(52)} ${kib(r.raw).padStart(11)} ${kib(r.gz).padStart(11)}`);
  out(
    `  ${'all JavaScript (app, worker, service worker)'.padEnd(52)} ${kib(total).padStart(11)} ${kib(totalGzip).padStart(11)}`,
  );
  out(
    `  ${'of which loaded by index.html'.padEnd(52)} ${''.padStart(11)} ${kib(shell).padStart(11)}`,
  );
  const wasm = readdirSync(join(distDir, 'assets')).filter(
    (f) => f.endsWith('.wasm') || f.endsWith('.data'),
  );
  const wasmBytes = wasm.reduce((n, f) => n + statSync(join(distDir, 'assets', f)).size, 0);
  out(`  (not counted: PGlite wasm/data ${wasm.join(', ')}: ${kib(wasmBytes)} raw)`);
}

async function main(): Promise<void> {
  out(`web app measurements — ${new Date().toISOString()}`);
  out(
    `machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  out('building the web app…');
  await build({ root: webDir, logLevel: 'warn', configFile: join(webDir, 'vite.config.ts') });
  out();
  out('3. JS bundle size (web/dist, gzip level 9)            raw        gzip');
  bundleSizes();

  const dataDir = mkdtempSync(join(tmpdir(), 'plantkeep-measure-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const server = await startServer(dataDir, port);
  out();
  out(
    `server: fresh DATA_DIR, demo tenant (scale 1) seeded, ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
  );
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const visit = performance.now();
    await page.goto(baseUrl);
    await signIn(page, technician, 600_000);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    out(
      `first visit online → signed in, initial sync done, service worker ready: ${((performance.now() - visit) / 1000).toFixed(1)} s (${technician})`,
    );

    await context.setOffline(true);
    out();
    out(`1. offline cold start: new tab → #/work-orders → first work-order row (${runs} runs)`);
    const cold = await coldStart(context, baseUrl);
    out(
      `  p50 ${ms(quantile(cold, 0.5))}, min ${ms(Math.min(...cold))}, max ${ms(Math.max(...cold))}`,
    );

    out();
    out(`2. local action → visible (offline status changes, ${actions} actions)`);
    const [last] = context.pages();
    const acted = await localActions(last!);
    out(
      `  p50 ${ms(quantile(acted, 0.5))}, p95 ${ms(quantile(acted, 0.95))}, max ${ms(Math.max(...acted))}`,
    );

    out();
    out(`2b. checklist tick → visible (offline, a Yjs edit, ${actions} ticks and unticks)`);
    const ticked = await checklistTicks(last!);
    if (ticked)
      out(
        `  p50 ${ms(quantile(ticked, 0.5))}, p95 ${ms(quantile(ticked, 0.95))}, max ${ms(Math.max(...ticked))}`,
      );
    else out('  (this work order has no check step)');
    await context.close();
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `plantkeep measure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
