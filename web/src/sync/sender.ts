import {
  MUTATION_PROTOCOL_VERSION,
  mutationResponseSchema,
  unsupportedVersionOf,
  type MutationRequest,
} from '@plantkeep/shared';
import type { LocalStore } from './local-store';

export interface SenderAuth {
  /** The current access token, if any (may be expired: the server says so). */
  accessToken(): string | undefined;
  /** Exchanges the refresh token; false when the user must sign in again. */
  refresh(): Promise<boolean>;
}

export type Transport = (request: { token: string; body: MutationRequest }) => Promise<Response>;

export type FlushOutcome =
  | { kind: 'idle' }
  | { kind: 'sent'; throughSeq: number }
  | { kind: 'retry'; reason: string }
  | { kind: 'signed-out' }
  | { kind: 'fatal'; reason: string };

/** The user id inside a JWT (not verified here: the server verifies; this only guards identity). */
export function tokenSubject(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
      sub?: unknown;
    };
    return typeof json.sub === 'string' ? json.sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the user is told when the server does not speak this app's protocol
 * (MU-12): usually the app is older than the server, and reloading fetches the
 * new one; the queue waits meanwhile, nothing is lost.
 */
export function versionProblem(supported: readonly number[]): string {
  return supported.every((v) => v > MUTATION_PROTOCOL_VERSION)
    ? 'This app is out of date: reload the page to update it, then your changes will be sent'
    : `The server does not speak this app's version yet (it speaks ${supported.join(', ')}); your changes wait until it does`;
}

/**
 * Sends pending mutations in order, in batches. It only decides *when* to
 * send; what was applied is learned through sync (acknowledgement), so a lost
 * response costs a duplicate send, never a lost or doubled write. Offline, or
 * with an expired session, it waits; local work continues meanwhile.
 */
export class Sender {
  /** Highest seq the server has confirmed receiving in this session (avoids resending while acks travel). */
  private confirmedThrough = 0;

  constructor(
    private readonly store: LocalStore,
    private readonly userId: string,
    private readonly transport: Transport,
    private readonly auth: SenderAuth,
    private readonly batchSize = 100,
  ) {}

  /** One attempt to send the next batch. The caller decides when to call again (see SendLoop). */
  async flushOnce(): Promise<FlushOutcome> {
    const pending = (await this.store.pending(this.batchSize * 4)).filter(
      (m) => m.seq > this.confirmedThrough,
    );
    const batch = pending.slice(0, this.batchSize);
    if (batch.length === 0) return { kind: 'idle' };
    let token = this.auth.accessToken();
    if (!token || tokenSubject(token) !== this.userId) {
      // Never send one user's queue under another identity: wait for this user's sign-in.
      if (!(await this.auth.refresh())) return { kind: 'signed-out' };
      token = this.auth.accessToken();
      if (!token || tokenSubject(token) !== this.userId) return { kind: 'signed-out' };
    }
    const body: MutationRequest = {
      protocolVersion: MUTATION_PROTOCOL_VERSION,
      clientId: this.store.clientId,
      mutations: batch.map((m) => ({ seq: m.seq, name: m.name, args: m.args })),
    };
    let res: Response;
    try {
      res = await this.transport({ token, body });
    } catch (error) {
      return {
        kind: 'retry',
        reason: `network: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (res.status === 401) {
      await res.body?.cancel();
      return (await this.auth.refresh())
        ? { kind: 'retry', reason: 'refreshed' }
        : { kind: 'signed-out' };
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (res.ok) {
      const answer = mutationResponseSchema.safeParse(json);
      if (!answer.success) return { kind: 'retry', reason: 'unreadable answer from the server' };
      const through = Math.max(
        ...answer.data.data.results.map((r) => r.seq),
        this.confirmedThrough,
      );
      this.confirmedThrough = through;
      return { kind: 'sent', throughSeq: through };
    }
    const supported = unsupportedVersionOf(json);
    if (supported) return { kind: 'fatal', reason: versionProblem(supported) };
    const error = (
      json as {
        error?: { code?: string; message?: string; details?: { expectedSeq?: number } };
      } | null
    )?.error;
    if (res.status === 409 && typeof error?.details?.expectedSeq === 'number') {
      const expected = error.details.expectedSeq;
      // The server already has everything below `expected`; sync will acknowledge it.
      if (expected > (batch[0]?.seq ?? 0)) {
        this.confirmedThrough = expected - 1;
        return { kind: 'retry', reason: 'server ahead' };
      }
      return {
        kind: 'fatal',
        reason: `server expects seq ${expected}, which this device no longer holds`,
      };
    }
    if (res.status === 429 || res.status >= 500)
      return { kind: 'retry', reason: `status ${res.status}` };
    return {
      kind: 'fatal',
      reason: `${error?.message ?? `status ${res.status}`} (seq ${batch[0]?.seq}..${batch[batch.length - 1]?.seq})`,
    };
  }

  /** After a reconnect or restart, resend everything not yet acknowledged (the server answers duplicates). */
  forgetConfirmations(): void {
    this.confirmedThrough = 0;
  }
}
