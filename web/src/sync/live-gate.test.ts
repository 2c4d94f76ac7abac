import { describe, expect, it } from 'vitest';
import { LiveGate } from './live-gate';

/** A scripted server: records every request; `/v1/sync/wait` answers when told to. */
function fakeServer() {
  const requests: string[] = [];
  const waits: { after: string; answer(head: number | 'missing' | 'offline'): void }[] = [];
  const fetch = (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requests.push(url.pathname + url.search);
    if (url.pathname === '/v1/sync/wait') {
      return new Promise((resolve, reject) => {
        waits.push({
          after: url.searchParams.get('after') ?? '',
          answer: (head) => {
            if (head === 'offline') reject(new TypeError('fetch failed'));
            else if (head === 'missing') resolve(new Response('{}', { status: 404 }));
            else resolve(Response.json({ data: { head: String(head) } }));
          },
        });
      });
    }
    return Promise.resolve(Response.json([]));
  };
  const gate = new LiveGate({ baseUrl: 'http://h', fetch, accessToken: () => 't' });
  return { gate, requests, waits };
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const shape = (offset: string, live = true) =>
  `http://h/v1/shape?table=work_orders&offset=${offset}&handle=h1${live ? '&live=true' : ''}`;

describe('LiveGate (SH-10)', () => {
  it('passes snapshot and catch-up requests straight through', async () => {
    const { gate, requests } = fakeServer();
    await gate.fetch(shape('-1', false));
    await gate.fetch(shape('12_0', false));
    expect(requests).toEqual([
      '/v1/shape?table=work_orders&offset=-1&handle=h1',
      '/v1/shape?table=work_orders&offset=12_0&handle=h1',
    ]);
  });

  it('holds live requests on one wait, then sends those the head passed with hold=false', async () => {
    const { gate, requests, waits } = fakeServer();
    const sent: string[] = [];
    const a = gate.fetch(shape('12_0')).then(() => sent.push('a'));
    const b = gate.fetch(shape('15_0')).then(() => sent.push('b'));
    await flush();
    expect(waits.map((w) => w.after)).toEqual(['12']);
    expect(requests.filter((r) => r.startsWith('/v1/shape'))).toEqual([]);

    waits[0]?.answer(14); // past a's offset, not b's
    await a;
    await flush();
    expect(sent).toEqual(['a']);
    expect(requests).toContain(
      '/v1/shape?table=work_orders&offset=12_0&handle=h1&live=true&hold=false',
    );
    expect(waits.map((w) => w.after)).toEqual(['12', '15']);

    waits[1]?.answer(16);
    await b;
    expect(sent).toEqual(['a', 'b']);
    // A later request below the known head goes out without another wait.
    await gate.fetch(shape('15_0'));
    expect(waits).toHaveLength(2);
  });

  it('falls back to plain long-polls when the server has no wait endpoint', async () => {
    const { gate, requests, waits } = fakeServer();
    const held = gate.fetch(shape('3_0'));
    await flush();
    waits[0]?.answer('missing');
    await held;
    await gate.fetch(shape('4_0'));
    expect(requests.slice(-2)).toEqual([
      '/v1/shape?table=work_orders&offset=3_0&handle=h1&live=true',
      '/v1/shape?table=work_orders&offset=4_0&handle=h1&live=true',
    ]);
  });

  it('lets held requests go (and fail on their own) when the wait cannot be made', async () => {
    const { gate, requests, waits } = fakeServer();
    const held = gate.fetch(shape('3_0'));
    await flush();
    waits[0]?.answer('offline');
    await held;
    expect(requests.at(-1)).toBe(
      '/v1/shape?table=work_orders&offset=3_0&handle=h1&live=true&hold=false',
    );
  });

  it('rejects a held request whose stream is torn down', async () => {
    const { gate } = fakeServer();
    const abort = new AbortController();
    const held = gate.fetch(shape('3_0'), { signal: abort.signal });
    abort.abort(new Error('unsubscribed'));
    await expect(held).rejects.toThrow('unsubscribed');
  });
});
