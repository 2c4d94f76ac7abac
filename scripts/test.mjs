// `npm test`: the full suite — typecheck, lint, format, then every test tier.
// Integration tests also run on Postgres when TEST_DATABASE_URL is set
// (.ci/run sets it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { install, pnpm } from './pnpm.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
await install();
const steps = [
  ['typecheck', ['run', 'typecheck']],
  ['lint', ['run', 'lint']],
  ['format', ['run', 'format:check']],
  ['tests', ['exec', 'vitest', 'run']],
];
// The browser tier (web/e2e): built app, real server, Debian's chromium via playwright-core.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(chromium)) steps.push(['browser tests', ['exec', 'tsx', 'web/e2e/run.ts']]);
for (const [name, args] of steps) {
  process.stdout.write(`\n▶ ${name}\n`);
  const code = await pnpm(args);
  if (code !== 0) {
    process.stderr.write(`plantkeep: ${name} failed\n`);
    process.exit(code);
  }
}
if (!existsSync(chromium)) {
  process.stdout.write(
    `\nbrowser tier skipped: no chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)\n`,
  );
}
process.stdout.write('\nAll checks passed.\n');
