// The browser tier: builds the web app, starts the real sync-server (embedded
// PGlite, fresh DATA_DIR, free port) serving it, and runs every
// web/e2e/*.e2e.ts against Debian's chromium through playwright-core.
// Usage: npx tsx web/e2e/run.ts [name-filter]   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { chromiumArgs, chromiumPath, type E2eTest } from './harness';
import { freePort, startServer, withTimeout } from './test-server';

const e2eDir = fileURLToPath(new URL('.', import.meta.url));
const webDir = join(e2eDir, '..');
const screenshotDir = join(e2eDir, 'screenshots');
const testTimeoutMs = 5 * 60_000;

async function main(): Promise<number> {
  if (!existsSync(chromiumPath)) {
    process.stdout.write(`browser tier skipped: no chromium at ${chromiumPath}\n`);
    return 0;
  }
  const filter = process.argv[2] ?? '';
  const files = readdirSync(e2eDir)
    .filter((f) => f.endsWith('.e2e.ts') && f.includes(filter))
    .sort();
  process.stdout.write('building the web app…\n');
  await build({ root: webDir, logLevel: 'warn', configFile: join(webDir, 'vite.config.ts') });
  const dataDir = mkdtempSync(join(tmpdir(), 'plantkeep-e2e-'));
  mkdirSync(screenshotDir, { recursive: true });
  const port = await freePort();
  const server = await startServer(dataDir, port);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  let failed = 0;
  try {
    for (const file of files) {
      const name = file.replace(/\.e2e\.ts$/, '');
      const started = performance.now();
      const mod = (await import(pathToFileURL(join(e2eDir, file)).href)) as {
        default: E2eTest;
        /** A test may ask for more than the default time. */
        timeoutMs?: number;
      };
      try {
        await withTimeout(
          mod.default({
            baseUrl: `http://127.0.0.1:${port}`,
            browser,
            screenshot: async (page: Page, shot: string) => {
              await page.screenshot({ path: join(screenshotDir, `${name}-${shot}.png`) });
            },
            log: (message) => process.stdout.write(`    ${message}\n`),
          }),
          mod.timeoutMs ?? testTimeoutMs,
          name,
        );
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        process.stdout.write(`  ✓ ${name} (${seconds} s)\n`);
      } catch (error) {
        failed += 1;
        process.stdout.write(
          `  ✗ ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(
    `${files.length - failed} of ${files.length} browser tests passed; screenshots in ${screenshotDir}\n`,
  );
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `plantkeep e2e: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
