import { isAbsolute, resolve } from 'node:path';

export interface Config {
  port: number;
  /** Absolute path; the embedded database lives in `<dataDir>/pglite`. */
  dataDir: string;
  databaseUrl: string | undefined;
  electricUrl: string | undefined;
  jwtSecret: string | undefined;
  smtpUrl: string | undefined;
  logLevel: LogLevel;
  production: boolean;
  /** Origin the app is reached at; used in mailed links. */
  publicUrl: string;
  /** Other origins allowed to call the API from a browser (CORS). */
  corsOrigins: string[];
  /** Trust X-Forwarded-For (only behind our own reverse proxy). */
  trustProxy: boolean;
  /** Electric's ELECTRIC_SECRET, sent upstream in proxy mode. */
  electricSecret: string | undefined;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** No token in production: GET /metrics answers loopback peers only (SPEC AC-3). */
  metricsLoopbackOnly: boolean;
  /** Seed the demo tenant into an empty database (never in production). */
  seedDemo: boolean;
}

export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A configuration problem, reported to the operator as one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 1 to 65535, got "${raw}"`);
  }
  return port;
}

function parseUrl(name: string, raw: string | undefined, protocols: string[]): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL (expected ${protocols[0]}//…)`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(
      `${name} must start with ${protocols.join(' or ')}//, got "${url.protocol}"`,
    );
  }
  if (url.hostname === '' && url.protocol !== 'file:') {
    throw new ConfigError(`${name} has no host name`);
  }
  return raw;
}

/**
 * Reads and validates the environment. Throws ConfigError with a message
 * naming the variable and the problem; never a stack trace for the operator.
 * `cwd` resolves a relative DATA_DIR against where the user ran the command.
 */
export function loadConfig(env: Env, cwd: string): Config {
  const production = env.NODE_ENV === 'production';
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(
      `LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${env.LOG_LEVEL}"`,
    );
  }
  const jwtSecret = env.JWT_SECRET === '' ? undefined : env.JWT_SECRET;
  if (production && jwtSecret === undefined) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  }
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters long');
  }
  const port = parsePort(env.PORT);
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  for (const origin of corsOrigins) {
    parseUrl('CORS_ORIGINS', origin, ['http:', 'https:']);
  }
  const metricsToken = env.METRICS_TOKEN === '' ? undefined : env.METRICS_TOKEN;
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN must be at least 16 characters long');
  }
  const rawDataDir = env.DATA_DIR === undefined || env.DATA_DIR === '' ? './data' : env.DATA_DIR;
  return {
    port,
    publicUrl: (
      parseUrl('PUBLIC_URL', env.PUBLIC_URL, ['http:', 'https:']) ?? `http://localhost:${port}`
    ).replace(/\/+$/, ''),
    corsOrigins,
    trustProxy: env.TRUST_PROXY === 'true',
    metricsToken,
    metricsLoopbackOnly: production && metricsToken === undefined,
    electricSecret: env.ELECTRIC_SECRET === '' ? undefined : env.ELECTRIC_SECRET,
    dataDir: isAbsolute(rawDataDir) ? rawDataDir : resolve(cwd, rawDataDir),
    databaseUrl: parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:']),
    electricUrl: parseUrl('ELECTRIC_URL', env.ELECTRIC_URL, ['http:', 'https:']),
    jwtSecret,
    smtpUrl: parseUrl('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']),
    logLevel,
    production,
    seedDemo: !production && env.PLANTKEEP_SEED_DEMO !== 'false',
  };
}
