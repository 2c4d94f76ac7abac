// `npm test`: the full suite — typecheck, lint, format, then every test tier.
// Integration tests also run on Postgres when TEST_DATABASE_URL is set
// (.ci/run sets it).
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
for (const [name, args] of steps) {
  process.stdout.write(`\n▶ ${name}\n`);
  const code = await pnpm(args);
  if (code !== 0) {
    process.stderr.write(`plantkeep: ${name} failed\n`);
    process.exit(code);
  }
}
process.stdout.write('\nAll checks passed.\n');
