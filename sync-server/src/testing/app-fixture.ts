import { randomUUID } from 'node:crypto';
import { defaultRoleNames, type DefaultRoleName } from '@plantkeep/shared';
import { createApp, type App, type AppDeps } from '../app';
import { LiveNotifier } from '../shape/live-notifier';
import { hashPassword } from '../auth/password';
import type { Database } from '../db';
import { createLogger } from '../logger';
import { memoryMailer } from '../mail/memory-mailer';
import { createDefaultRoles } from '../tenancy/default-roles';

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

export function testClock(start = Date.now()): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/**
 * The app over a real database, with in-memory mail, a fixed key and a
 * controllable clock. Call `startNotifier` before live shape requests.
 */
export function buildTestApp(
  db: Database,
  clock: TestClock = testClock(),
  shapeOptions?: AppDeps['shapeOptions'],
  attachments?: AppDeps['attachments'],
) {
  const mailer = memoryMailer();
  const notifier = new LiveNotifier();
  const app = createApp({
    db,
    logger: createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent'),
    config: {
      publicUrl: 'http://plantkeep.test',
      corsOrigins: ['http://allowed.test'],
      trustProxy: true,
      metricsToken: undefined,
      metricsLoopbackOnly: false,
      electricUrl: undefined,
      electricSecret: undefined,
    },
    notifier,
    shapeOptions,
    jwtKey: new TextEncoder().encode('test-secret-test-secret-test-secret-0123'),
    mailer,
    attachments,
    now: clock.now,
  });
  return { app, mailer, clock, notifier, startNotifier: () => notifier.start(db) };
}

export interface TestTenant {
  id: string;
  slug: string;
  roles: Record<DefaultRoleName, string>;
  /** One user per default role; email `<role>@<slug>.test`. */
  users: Record<DefaultRoleName, { id: string; email: string }>;
}

/** A tenant with one user per default role, written directly (as the owner) for speed. */
export async function createTestTenant(db: Database, slug: string): Promise<TestTenant> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const id = randomUUID();
  return db.transaction(async (tx) => {
    await tx.query('insert into tenants (id, slug, name) values ($1, $2, $2)', [id, slug]);
    const roles = await createDefaultRoles(tx, id);
    const users = {} as TestTenant['users'];
    for (const role of defaultRoleNames) {
      const user = { id: randomUUID(), email: `${role.toLowerCase()}@${slug}.test` };
      await tx.query(
        'insert into users (tenant_id, id, email, name, password_hash) values ($1, $2, $3, $4, $5)',
        [id, user.id, user.email, `${role} of ${slug}`, hash],
      );
      await tx.query('insert into user_roles (tenant_id, user_id, role_id) values ($1, $2, $3)', [
        id,
        user.id,
        roles[role],
      ]);
      users[role] = user;
    }
    return { id, slug, roles, users };
  });
}

let ipCounter = 0;
/** A distinct client address per call, so per-address rate limits do not couple tests. */
export function freshIp(): string {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export async function call(
  app: App,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; ip?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = {
    'x-forwarded-for': options.ip ?? freshIp(),
    ...options.headers,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body, headers: res.headers };
}

export async function loginAs(app: App, email: string, password = TEST_PASSWORD) {
  const res = await call(app, 'POST', '/v1/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${JSON.stringify(res.body)}`);
  return (
    res.body as {
      data: { accessToken: string; refreshToken: string; user: { id: string; tenantId: string } };
    }
  ).data;
}
