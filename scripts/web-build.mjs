// Builds the web app (web/dist) when it is missing or older than its sources,
// so `npm start` serves the current app without rebuilding on every start.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './pnpm.mjs';

/** Newest modification time (ms) of a file or anything under a directory. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let max = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

/** What the bundle is made of: the app, and the workspace code it imports. */
const inputs = [
  'web/src',
  'web/public',
  'web/index.html',
  'web/vite.config.ts',
  'web/package.json',
  'shared/src',
  'migrations/src',
  'pnpm-lock.yaml',
];

export function webBuildReason(root) {
  const built = join(root, 'web/dist/index.html');
  if (!existsSync(built)) return 'web/dist is missing';
  const builtAt = statSync(built).mtimeMs;
  const changed = inputs.find((input) => newest(join(root, input)) > builtAt);
  return changed ? `${changed} changed since the last build` : undefined;
}

/** Builds web/dist if needed; resolves with an exit code (0 when nothing had to be done). */
export async function buildWebIfStale(root) {
  const reason = webBuildReason(root);
  if (!reason) return 0;
  process.stdout.write(`plantkeep: building the web app (${reason})…\n`);
  return run(
    process.execPath,
    [join(root, 'web/node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: join(root, 'web'),
    },
  );
}
