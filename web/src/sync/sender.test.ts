import {
  MUTATION_PROTOCOL_VERSION,
  UNSUPPORTED_PROTOCOL_VERSION,
  type MutationRequest,
} from '@plantkeep/shared';
import { describe, expect, it } from 'vitest';
import type { LocalStore } from './local-store';
import { Sender, versionProblem, type Transport } from './sender';

const userId = 'u-1';
const token = `x.${btoa(JSON.stringify({ sub: userId }))}.y`;
const store = {
  clientId: '0b6f3a52-3c1e-4d38-9a57-0d3f5f8c2e11',
  pending: () =>
    Promise.resolve([{ seq: 1, name: 'workOrder.assign', args: {}, createdAt: '2026-01-01' }]),
} as unknown as LocalStore;
const auth = { accessToken: () => token, refresh: () => Promise.resolve(true) };
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * A server speaking `supported`: applies the batch, or refuses it as the real
 * route does (sync-server/src/mutations/protocol.test.ts checks that answer).
 */
function serverAnswer(body: MutationRequest, supported: number[]): Response {
  if (supported.includes(body.protocolVersion ?? 1))
    return json(200, { data: { results: [{ seq: 1, status: 'applied', txid: '7' }] } });
  const details = {
    reason: UNSUPPORTED_PROTOCOL_VERSION,
    protocolVersion: body.protocolVersion,
    supported,
  };
  return json(400, {
    error: { code: 'VALIDATION', message: 'unsupported version', details, requestId: 'r' },
  });
}

describe('Sender and the protocol version (MU-12)', () => {
  it('sends its protocol version with every batch and reads the shared response schema', async () => {
    const sent: MutationRequest[] = [];
    const transport: Transport = ({ body }) => {
      sent.push(body);
      return Promise.resolve(serverAnswer(body, [MUTATION_PROTOCOL_VERSION]));
    };
    const outcome = await new Sender(store, userId, transport, auth).flushOnce();
    expect(outcome).toEqual({ kind: 'sent', throughSeq: 1 });
    expect(sent[0]).toMatchObject({
      protocolVersion: MUTATION_PROTOCOL_VERSION,
      clientId: store.clientId,
    });
  });

  it('tells the user to update the app when the server no longer speaks its version, not that a parse failed', async () => {
    const transport: Transport = ({ body }) =>
      Promise.resolve(serverAnswer(body, [MUTATION_PROTOCOL_VERSION + 1]));
    const outcome = await new Sender(store, userId, transport, auth).flushOnce();
    expect(outcome).toEqual({
      kind: 'fatal',
      reason:
        'This app is out of date: reload the page to update it, then your changes will be sent',
    });
  });

  it('says the server is behind when it speaks only older versions', () => {
    expect(versionProblem([MUTATION_PROTOCOL_VERSION - 1])).toMatch(
      /server does not speak this app's version yet/,
    );
  });
});
