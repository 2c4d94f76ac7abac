import { migrate } from '@plantkeep/migrations';
import { ConfigError, loadConfig } from '../config';
import { ensureWritableDir } from '../data-dir';
import { openConfiguredDatabase } from '../db';
import { SeedConflictError, seedTenant } from '../seed';

/**
 * `pnpm seed --scale 1 --seed 1 [--slug x] [--name "Acme"] [--anchor ISO]`:
 * migrates, then writes one generated tenant into DATABASE_URL or the
 * embedded database under DATA_DIR. Accepts `--flag value` and `--flag=value`
 * (pnpm forwards arguments after a literal `--`, which is skipped).
 */

const USAGE =
  'usage: pnpm seed --scale <n> --seed <int> [--slug <slug>] [--name <name>] [--anchor <iso>]';

class UsageError extends Error {}

interface Args {
  scale: number;
  seed: number;
  slug: string;
  name: string;
  anchor: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}"`);
    const [, key, inline] = match as unknown as [string, string, string | undefined];
    if (!['scale', 'seed', 'slug', 'name', 'anchor'].includes(key))
      throw new UsageError(`unknown option --${key}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${key} needs a value`);
    values.set(key, value);
  }
  const scale = Number(values.get('scale') ?? '1');
  if (!Number.isFinite(scale) || scale <= 0) throw new UsageError('--scale must be a number > 0');
  const seed = Number(values.get('seed') ?? '1');
  if (!Number.isSafeInteger(seed)) throw new UsageError('--seed must be an integer');
  const slug = values.get('slug') ?? `bench-${String(scale).replace('.', '-')}x-seed${seed}`;
  const name =
    values.get('name') ??
    slug.replace(
      /(^|-)([a-z0-9])/g,
      (_, dash: string, c: string) => `${dash ? ' ' : ''}${c.toUpperCase()}`,
    );
  return { scale, seed, slug, name, anchor: values.get('anchor') };
}

const fmt = (n: number) => n.toLocaleString('en-US');

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // INIT_CWD: pnpm --filter runs us in sync-server/, but a relative DATA_DIR means the user's directory.
  const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
  if (config.databaseUrl === undefined) ensureWritableDir(config.dataDir);
  const db = await openConfiguredDatabase(config);
  try {
    await migrate(db);
    const report = await seedTenant(db, { ...args, anchor: args.anchor });
    const target = config.databaseUrl ? 'Postgres' : `PGlite at ${config.dataDir}`;
    const out = [
      `seeded tenant ${report.slug} (${report.tenantId}) into ${target}, scale ${args.scale}, seed ${args.seed}`,
    ];
    for (const [table, count] of Object.entries(report.rows))
      out.push(`  ${table.padEnd(26)}${fmt(count).padStart(12)}`);
    const rate = Math.round(report.totalRows / report.seconds);
    out.push(
      `total ${fmt(report.totalRows)} rows in ${report.seconds.toFixed(1)} s (${fmt(rate)} rows/s)`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await db.close();
  }
}

run().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) process.stderr.write(`plantkeep seed: ${message}\n${USAGE}\n`);
  else if (error instanceof SeedConflictError)
    process.stderr.write(`plantkeep seed: ${message}; choose another --slug\n`);
  else
    process.stderr.write(
      `plantkeep seed: ${error instanceof ConfigError ? '' : 'failed: '}${message}\n`,
    );
  process.exit(1);
});
