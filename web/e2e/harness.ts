import type { Browser, Page } from 'playwright-core';

/** What every e2e test gets from the runner. */
export interface E2eEnv {
  /** Origin of the real sync-server serving the built app, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  browser: Browser;
  /** Saves a screenshot under the screenshots directory. */
  screenshot: (page: Page, name: string) => Promise<void>;
  log: (message: string) => void;
}

export type E2eTest = (env: E2eEnv) => Promise<void>;

export const demoPassword = 'demo-password';

/** Debian's chromium unless CHROMIUM_PATH names another binary (browser downloads are not used). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags every browser of the tier runs with (run.ts; tests that launch their own add theirs). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Signs in on the login screen the page shows, and waits until the user's
 * initial sync is done (the replica holds their rows, as offline work and
 * the local mutators need).
 */
export async function signIn(page: Page, email: string, syncWithinMs = 180_000): Promise<void> {
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .locator('[data-testid=status-synced][data-initial-sync=done]')
    .waitFor({ timeout: syncWithinMs });
}

/** Polls until `check` returns a value (bounded attempts; never asserts on elapsed time). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  attempts = 240,
  intervalMs = 250,
): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `timed out waiting for ${what}${lastError instanceof Error ? ` (last error: ${lastError.message})` : ''}`,
  );
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** One API session per account per run: the server allows 5 logins per account and address in 15 minutes. */
const apiSessions = new Map<string, Promise<string>>();

export function apiLogin(baseUrl: string, email: string): Promise<string> {
  const key = `${baseUrl}|${email}`;
  let session = apiSessions.get(key);
  if (!session) {
    session = (async () => {
      const res = await fetch(`${baseUrl}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: demoPassword }),
      });
      if (!res.ok)
        throw new Error(`API login as ${email} failed: ${res.status} ${await res.text()}`);
      const json = (await res.json()) as { data: { accessToken: string } };
      return json.data.accessToken;
    })();
    apiSessions.set(key, session);
    session.catch(() => apiSessions.delete(key));
  }
  return session;
}

type ShapeMessage = {
  key?: string;
  value?: Record<string, string | null>;
  headers: { operation?: string; control?: string };
};

/**
 * The server's current rows of a table as this user may see them, read
 * through the public shape endpoint (snapshot chunks until up-to-date).
 */
export async function serverRows(
  baseUrl: string,
  token: string,
  table: string,
): Promise<Map<string, Record<string, string | null>>> {
  const rows = new Map<string, Record<string, string | null>>();
  let offset = '-1';
  let handle: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const url = new URL('/v1/shape', baseUrl);
    url.searchParams.set('table', table);
    url.searchParams.set('offset', offset);
    if (handle) url.searchParams.set('handle', handle);
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`shape ${table}: status ${res.status}`);
    handle = res.headers.get('electric-handle') ?? handle;
    offset = res.headers.get('electric-offset') ?? offset;
    const messages = (await res.json()) as ShapeMessage[];
    for (const m of messages) {
      if (!m.key || !m.value) continue;
      if (m.headers.operation === 'delete') rows.delete(m.key);
      else rows.set(m.key, { ...rows.get(m.key), ...m.value });
    }
    if (messages.some((m) => m.headers.control === 'up-to-date')) return rows;
  }
  throw new Error(`shape ${table} never reached up-to-date`);
}

/** The number in the status bar's pending pill. */
export async function pendingCount(page: Page): Promise<number | undefined> {
  const raw = await page.getByTestId('status-pending').getAttribute('data-count');
  return raw === null || raw === '' ? undefined : Number(raw);
}
