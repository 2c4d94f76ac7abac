// `npm start`: install what is needed, then run the sync-server (API + web app
// on one origin, embedded PGlite under DATA_DIR, demo tenant on first run).
import { fileURLToPath } from 'node:url';
import { install, run } from './pnpm.mjs';
import { buildWebIfStale } from './web-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// A relative DATA_DIR means relative to where the user ran the command.
const userCwd = process.env.INIT_CWD ?? process.cwd();
process.chdir(root);
await install();
// The web app is built on the first start and again only when its sources changed.
if ((await buildWebIfStale(root)) !== 0) {
  process.stderr.write('plantkeep: building the web app failed (see above)\n');
  process.exit(1);
}
process.exitCode = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: `${root}sync-server`,
  env: { ...process.env, INIT_CWD: userCwd },
});
