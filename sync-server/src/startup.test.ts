import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'plantkeep-startup-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  exit: Promise<{ code: number | null; stderr: string }>;
  kill(): void;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PLANTKEEP_SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    exit: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr }))),
    kill: () => child.kill('SIGTERM'),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function expectOneLineFailure(env: Record<string, string>, message: RegExp) {
  const { code, stderr } = await start(env).exit;
  expect(code).toBe(1);
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^plantkeep: /);
  expect(lines[0]).toMatch(message);
}

describe('start-up', () => {
  it('answers /health and /ready, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = start({ PORT: String(port) });
    let exited = false;
    void server.exit.then(() => (exited = true));
    let health: Response | undefined;
    // Start-up migrates a fresh database first (tens of seconds on a loaded machine): poll
    // until it answers or the process ends, not for a fixed number of attempts.
    for (let attempt = 0; attempt < 1500 && !health && !exited; attempt++) {
      health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (!health) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(health?.status, exited ? (await server.exit).stderr : 'no answer').toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(await ready.json()).toEqual({ data: { status: 'ready', database: 'pglite' } });
    server.kill();
    expect((await server.exit).code).toBe(0);
  }, 240_000);

  it('stops with one line for a malformed DATABASE_URL', async () => {
    await expectOneLineFailure(
      { DATABASE_URL: 'postgres//nohost' },
      /DATABASE_URL is not a valid URL/,
    );
  });

  it('stops with one line for an unreachable database', async () => {
    await expectOneLineFailure(
      { DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' },
      /cannot connect to DATABASE_URL \(127\.0\.0\.1:1\/none\)/,
    );
  });

  it('stops with one line for an unwritable DATA_DIR', async () => {
    await expectOneLineFailure(
      { DATA_DIR: '/dev/null/plantkeep' },
      /DATA_DIR \/dev\/null\/plantkeep is not a writable directory/,
    );
  });

  it('stops with one line for a taken port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expectOneLineFailure(
        { PORT: String(port) },
        new RegExp(`port ${port} is already in use`),
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
