import { describe, expect, it } from 'vitest';
import { HttpClient, type HttpSession, type RefreshOutcome } from './http-client';

/** A session whose refresh answers from a script and swaps in the next token. */
function fakeSession(outcomes: RefreshOutcome[]) {
  let token = 'token-1';
  const refreshedFrom: (string | undefined)[] = [];
  const session: HttpSession = {
    accessToken: () => token,
    refreshTokens: (stale) => {
      refreshedFrom.push(stale);
      const outcome = outcomes.shift() ?? 'refused';
      if (outcome === 'refreshed') token = `token-${refreshedFrom.length + 1}`;
      return Promise.resolve(outcome);
    },
  };
  return { session, refreshedFrom };
}

/** A network that answers with the scripted statuses and records the bearer of each request. */
function fakeNetwork(statuses: number[]) {
  const bearers: (string | null)[] = [];
  const fetch = (_input: string, init: RequestInit) => {
    bearers.push(new Headers(init.headers).get('authorization'));
    return Promise.resolve(new Response('{}', { status: statuses.shift() ?? 200 }));
  };
  return { fetch, bearers };
}

describe('HttpClient (the authenticated client of the web app)', () => {
  it('sends the access token as a bearer header', async () => {
    const { session } = fakeSession([]);
    const net = fakeNetwork([200]);
    const client = new HttpClient(session, { fetch: net.fetch });
    const res = await client.fetch('/v1/x', { headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(200);
    expect(net.bearers).toEqual(['Bearer token-1']);
  });

  it('on a 401 refreshes once and retries with the new token', async () => {
    const { session, refreshedFrom } = fakeSession(['refreshed']);
    const net = fakeNetwork([401, 200]);
    let signedOut = 0;
    const client = new HttpClient(session, { fetch: net.fetch, onSignedOut: () => signedOut++ });
    const res = await client.fetch('/v1/x');
    expect(res.status).toBe(200);
    expect(refreshedFrom).toEqual(['token-1']);
    expect(net.bearers).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(signedOut).toBe(0);
  });

  it('a refused refresh signs out and sends nothing more', async () => {
    const { session, refreshedFrom } = fakeSession(['refused']);
    const net = fakeNetwork([401, 200]);
    let signedOut = 0;
    const client = new HttpClient(session, { fetch: net.fetch, onSignedOut: () => signedOut++ });
    const res = await client.fetch('/v1/x');
    expect(res.status).toBe(401);
    expect(refreshedFrom).toHaveLength(1);
    expect(net.bearers).toHaveLength(1);
    expect(signedOut).toBe(1);
  });

  it('a 401 again after a refresh signs out without a second refresh (no loop)', async () => {
    const { session, refreshedFrom } = fakeSession(['refreshed', 'refreshed']);
    const net = fakeNetwork([401, 401, 401, 401]);
    let signedOut = 0;
    const client = new HttpClient(session, { fetch: net.fetch, onSignedOut: () => signedOut++ });
    const res = await client.fetch('/v1/x');
    expect(res.status).toBe(401);
    expect(refreshedFrom).toHaveLength(1);
    expect(net.bearers).toHaveLength(2);
    expect(signedOut).toBe(1);
  });

  it('a refresh that cannot reach the server keeps the session (offline is not signed out)', async () => {
    const { session } = fakeSession(['unavailable']);
    const net = fakeNetwork([401]);
    let signedOut = 0;
    const client = new HttpClient(session, { fetch: net.fetch, onSignedOut: () => signedOut++ });
    const res = await client.fetch('/v1/x');
    expect(res.status).toBe(401);
    expect(net.bearers).toHaveLength(1);
    expect(signedOut).toBe(0);
  });

  it('a network error is thrown to the caller, with no refresh', async () => {
    const { session, refreshedFrom } = fakeSession([]);
    const client = new HttpClient(session, {
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(client.fetch('/v1/x')).rejects.toThrow('Failed to fetch');
    expect(refreshedFrom).toEqual([]);
  });
});
