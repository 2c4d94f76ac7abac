// Runs pnpm 10 through npx (corepack cannot verify signatures on every machine).
import { spawn } from 'node:child_process';

/** Runs a command with inherited stdio; resolves with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
    child.on('error', (error) => {
      process.stderr.write(`plantkeep: could not run ${command}: ${error.message}\n`);
      resolve(1);
    });
  });
}

export function pnpm(args, options) {
  return run('npx', ['-y', 'pnpm@10', ...args], options);
}

/** Installs the workspace exactly as the lockfile says. */
export async function install() {
  const code = await pnpm([
    'install',
    '--frozen-lockfile',
    '--prefer-offline',
    '--reporter=silent',
  ]);
  if (code !== 0) {
    process.stderr.write('plantkeep: dependency installation failed (see above)\n');
    process.exit(code);
  }
}
