import type { Transport } from '../sender';
import { postMutations } from './client-fixture';

export type Fault = 'none' | 'drop-request' | 'drop-response' | 'duplicate' | 'partial' | 'hold';

export interface ServerHolder {
  app: { request(input: Request | string, init?: RequestInit): Response | Promise<Response> };
  /** Replaces the app over the same database: a server restart. */
  restart(): void;
}

/**
 * The mutation transport of one fuzzed device: each send suffers the fault
 * set for it. `partial` delivers only the first part of a batch and restarts
 * the server (a crash in the middle of a batch); `hold` loses the request now
 * and delivers it later, out of order, when `releaseHeld` is called.
 */
export class FaultyNetwork {
  online = true;
  nextFault: Fault = 'none';
  private held: (() => Promise<unknown>)[] = [];

  constructor(
    private readonly server: ServerHolder,
    private readonly random: () => number,
  ) {}

  private post(token: string, body: unknown): Promise<Response> {
    return postMutations(this.server.app, token, body);
  }

  readonly transport: Transport = async ({ token, body }) => {
    if (!this.online) throw new TypeError('fetch failed (offline)');
    const fault = this.nextFault;
    this.nextFault = 'none';
    switch (fault) {
      case 'none':
        return this.post(token, body);
      case 'drop-request':
        throw new TypeError('fetch failed (request lost)');
      case 'drop-response':
        await (await this.post(token, body)).text();
        throw new TypeError('fetch failed (response lost)');
      case 'duplicate':
        await (await this.post(token, body)).text();
        return this.post(token, body);
      case 'partial': {
        const batch = body as { clientId: string; mutations: unknown[] };
        const cut = Math.floor(this.random() * batch.mutations.length);
        if (cut > 0)
          await (
            await this.post(token, { ...batch, mutations: batch.mutations.slice(0, cut) })
          ).text();
        this.server.restart();
        throw new TypeError('fetch failed (server restarted mid-batch)');
      }
      case 'hold':
        this.held.push(() => this.post(token, body).then((res) => res.text()));
        throw new TypeError('fetch failed (request delayed)');
    }
  };

  /** Delivers every held (stale) request now, oldest last: out of order on purpose. */
  async releaseHeld(): Promise<void> {
    const held = this.held.reverse();
    this.held = [];
    for (const send of held) await send();
  }
}
