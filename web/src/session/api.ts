import type { SessionUser, StoredSession } from './session-store';

/** The API's failure envelope (DESIGN §6). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Envelope<T> {
  data?: T;
  error?: { code: string; message: string };
}

/**
 * JSON request to the same-origin API; throws ApiError (or TypeError when
 * offline). Only for the sign-in, before a session (and so an HttpClient)
 * exists: it sends the token it is given and never refreshes.
 */
export async function apiJson<T>(
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const json = (await res.json().catch(() => ({}))) as Envelope<T>;
  if (!res.ok || json.data === undefined) {
    throw new ApiError(
      res.status,
      json.error?.code ?? 'INTERNAL',
      json.error?.message ?? `Request failed (${res.status})`,
    );
  }
  return json.data;
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

export async function login(email: string, password: string): Promise<StoredSession> {
  const pair = await apiJson<TokenPair>('/v1/auth/login', { body: { email, password } });
  const tables = await apiJson<{ table: string }[]>('/v1/sync/tables', {
    token: pair.accessToken,
  });
  return { ...pair, tables: tables.map((t) => t.table) };
}
