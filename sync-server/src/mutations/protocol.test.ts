import { MUTATION_PROTOCOL_VERSION, mutationResponseSchema } from '@plantkeep/shared';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { mutationServer } from '../testing/mutation-fixture';

const newWorkOrder = (extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  title: 'Replace pump seal',
  type: 'corrective',
  priority: 'high',
  ...extra,
});

describe.each(testDatabases)('the mutation protocol on $name', (target) => {
  const server = mutationServer(target, { signIn: ['Supervisor'] });
  const post = (body: unknown) =>
    call(server.app, 'POST', '/v1/mutations', { token: server.token('Supervisor'), body });
  const batch = (mutations: unknown[], extra: Record<string, unknown> = {}) => ({
    clientId: randomUUID(),
    mutations,
    ...extra,
  });

  it('MU-12: speaks version 1, with or without the version in the request, and answers the shared response schema', async () => {
    for (const version of [{}, { protocolVersion: MUTATION_PROTOCOL_VERSION }]) {
      const res = await post(
        batch([{ seq: 1, name: 'workOrder.create', args: newWorkOrder() }], version),
      );
      expect(res.status).toBe(200);
      const parsed = mutationResponseSchema.parse(res.body);
      expect(parsed.data.results).toMatchObject([{ seq: 1, status: 'applied' }]);
    }
  });

  it('MU-12: documents /v1/mutations in /openapi.json from the shared protocol schemas', async () => {
    const doc = await call(server.app, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    const paths = doc.body.paths as Record<string, { post?: Record<string, unknown> }>;
    const post = paths['/v1/mutations']?.post;
    const text = JSON.stringify(post);
    for (const part of ['protocolVersion', 'clientId', 'applied', 'rejected', 'duplicate'])
      expect(text).toContain(part);
  });

  it('MU-12: refuses an unknown major version with VALIDATION naming the versions it speaks, before reading the rest', async () => {
    // A future body may be shaped differently: the answer is about the version, not its shape.
    for (const body of [
      batch([{ seq: 1, name: 'workOrder.create', args: newWorkOrder() }], { protocolVersion: 2 }),
      { protocolVersion: 2, changes: [{ id: 1 }] },
      { protocolVersion: '1', clientId: randomUUID(), mutations: [] },
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION',
        details: { reason: 'unsupported-protocol-version', supported: [1] },
      });
    }
  });

  it('MU-13: a client one version ahead (an argument this server does not know) gets a recorded VALIDATION rejection naming it, and nothing is written', async () => {
    const d = server.device('Supervisor');
    const args = newWorkOrder({ shift: 'night' });
    const [result] = (await d.send({ name: 'workOrder.create', args })).results;
    expect(result).toMatchObject({
      seq: 1,
      status: 'rejected',
      error: { code: 'VALIDATION', details: { unknownKeys: ['shift'] } },
    });
    expect(result?.error?.message).toContain('shift');
    const stored = await server.one<{ code: string; args: { shift?: string } }>(
      'select code, args from mutation_rejections where client_id = $1 and seq = 1',
      [d.clientId],
    );
    // The inbox gets the original input back, the unknown argument included.
    expect(stored).toMatchObject({ code: 'VALIDATION', args: { shift: 'night' } });
    const written = await server.one<{ n: number }>(
      'select count(*)::int as n from work_orders where id = $1',
      [args.id],
    );
    expect(written?.n).toBe(0);
    // The same applies inside nested arguments (an update's changes).
    const [nested] = (
      await d.send({
        name: 'workOrder.update',
        args: { id: args.id, changes: { title: 'x', shift: 'night' } },
      })
    ).results;
    expect(nested).toMatchObject({
      status: 'rejected',
      error: { code: 'VALIDATION', details: { unknownKeys: ['changes.shift'] } },
    });
  });

  it('MU-13: a client one version behind (without a newer optional argument) is applied', async () => {
    const d = server.device('Supervisor');
    // `category` and `estimatedHours` joined workOrder.create after its first version.
    const args = newWorkOrder();
    const [result] = (await d.send({ name: 'workOrder.create', args })).results;
    expect(result).toMatchObject({ seq: 1, status: 'applied' });
    const row = await server.one<{ category: string | null; estimated_hours: string | null }>(
      'select category, estimated_hours::text from work_orders where id = $1',
      [args.id],
    );
    expect(row).toEqual({ category: null, estimated_hours: null });
  });
});
