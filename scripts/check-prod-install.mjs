// Reproduces the sync-server image without a Docker engine (CI has none):
// reads sync-server/Dockerfile, copies what its `manifests` stage copies into
// a temporary folder, runs its `prod-deps` install there (production
// dependencies only), copies what its `runtime` stage copies, then starts the
// image's CMD with the image's environment on an empty DATA_DIR (PGlite) and
// waits for /ready. Fails if the install or the start fails, e.g. because a
// package imports at run time what it lists only as a devDependency.
//
// The steps are read from the Dockerfile itself, so the image and this check
// cannot drift apart. Usage: node scripts/check-prod-install.mjs
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './pnpm.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dockerfile = join(root, 'sync-server/Dockerfile');
const readyTimeoutMs = 120_000;

function fail(message) {
  process.stderr.write(`check-prod-install: ${message}\n`);
  process.exit(1);
}

/** The Dockerfile's instructions grouped by stage name (continuation lines joined). */
function stages(text) {
  const byName = new Map();
  let current;
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      current = [];
      if (from[1]) byName.set(from[1], current);
      continue;
    }
    current?.push(line);
  }
  return byName;
}

function stage(all, name) {
  const found = all.get(name);
  if (!found) fail(`sync-server/Dockerfile has no stage "${name}"`);
  return found;
}

/** COPY <src>... <dest> from the build context (the repository root) into `into`. */
function copyFromContext(instruction, into) {
  const words = instruction.split(/\s+/).slice(1);
  if (words.some((w) => w.startsWith('--from='))) return false;
  const dest = words.at(-1);
  for (const src of words.slice(0, -1)) {
    const target = dest.endsWith('/')
      ? join(into, dest, src.endsWith('/') ? '' : basename(src))
      : join(into, dest);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(root, src), target, {
      recursive: true,
      // What .dockerignore keeps out of the build context.
      filter: (path) =>
        !/(^|\/)(node_modules|dist|\.test-data|data)(\/|$)/.test(path.slice(root.length)),
    });
  }
  return true;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const all = stages(readFileSync(dockerfile, 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'plantkeep-prod-'));
const app = join(work, 'app');
const dataDir = join(work, 'data');
mkdirSync(app);
mkdirSync(dataDir);
let server;
const cleanUp = () => {
  server?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
};
process.on('exit', cleanUp);

// 1. manifests: the files pnpm needs to resolve the workspace.
for (const line of stage(all, 'manifests')) {
  if (/^COPY\s/i.test(line)) copyFromContext(line, app);
}

// 2. prod-deps: the image's install command, run as written (through npx for pnpm 10).
const installs = stage(all, 'prod-deps').filter((l) => /^RUN\s+pnpm\s+install\b/i.test(l));
if (installs.length !== 1 || !/\s--prod\b/.test(installs[0]))
  fail('expected one `RUN pnpm install … --prod …` in the prod-deps stage');
const installArgs = installs[0]
  .replace(/^RUN\s+pnpm\s+/i, '')
  .match(/"[^"]*"|\S+/g)
  .map((a) => a.replace(/^"|"$/g, ''));
process.stdout.write(`production install: pnpm ${installArgs.join(' ')}\n`);
const installCode = await run('npx', ['-y', 'pnpm@10', ...installArgs, '--prefer-offline'], {
  cwd: app,
  env: { ...process.env, CI: 'true' },
});
if (installCode !== 0) fail(`the production install failed (exit ${installCode})`);

// 3. runtime: the workspace sources the image copies (the web build is not needed to start).
const runtime = stage(all, 'runtime');
for (const line of runtime) {
  if (/^COPY\s/i.test(line)) copyFromContext(line, app);
}
const workdir = runtime
  .filter((l) => /^WORKDIR\s/i.test(l))
  .at(-1)
  ?.split(/\s+/)[1];
const cmdLine = runtime.find((l) => /^CMD\s/i.test(l));
if (!workdir?.startsWith('/app') || !cmdLine)
  fail('the runtime stage needs a WORKDIR under /app and a CMD');
const cmd = JSON.parse(cmdLine.replace(/^CMD\s+/i, ''));
const imageEnv = Object.fromEntries(
  runtime
    .filter((l) => /^ENV\s/i.test(l))
    .flatMap((l) => l.replace(/^ENV\s+/i, '').split(/\s+/))
    .map((pair) => pair.split('=')),
);

// 4. Start it as the image does, on an empty DATA_DIR (PGlite), and wait for /ready.
const port = await freePort();
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  ...imageEnv,
  PORT: String(port),
  DATA_DIR: dataDir,
  JWT_SECRET: 'check-prod-install-secret-0123456789abcdef',
};
process.stdout.write(`starting: ${cmd.join(' ')} (in ${workdir}, NODE_ENV=${env.NODE_ENV})\n`);
server = spawn(cmd[0], cmd.slice(1), {
  cwd: join(app, workdir.slice('/app'.length)),
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
});
let exited;
server.on('exit', (code, signal) => (exited = signal ?? code));
const deadline = Date.now() + readyTimeoutMs;
for (;;) {
  if (exited !== undefined) fail(`the server exited (${exited}) before it was ready`);
  if (Date.now() > deadline) fail(`the server was not ready within ${readyTimeoutMs / 1000} s`);
  const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
    (r) => r.ok,
    () => false, // not listening yet: try again
  );
  if (ready) break;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
process.stdout.write('the production install starts and answers /ready\n');
process.exit(0);
