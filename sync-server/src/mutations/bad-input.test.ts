import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../testing/databases';
import { mutationServer } from '../testing/mutation-fixture';
import { recoverStoredJson } from '@plantkeep/shared';

const create = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  title: 'Replace pump seal',
  type: 'corrective',
  priority: 'high',
  ...overrides,
});

describe.each(testDatabases)('MU-4: permanent bad input never jams a queue on $name', (target) => {
  const server = mutationServer(target, { signIn: ['Supervisor'] });

  /** Sends `first` then a good mutation: the first is a recorded VALIDATION, the second applies. */
  async function expectRecordedThenNext(first: { name: string; args: unknown }) {
    const d = server.device('Supervisor');
    const { status, results } = await d.send(first, { name: 'workOrder.create', args: create() });
    expect(status).toBe(200);
    expect(results[0]).toMatchObject({ seq: 1, status: 'rejected', error: { code: 'VALIDATION' } });
    expect(results[1]).toMatchObject({ seq: 2, status: 'applied' });
    const row = await server.one<{ args: unknown }>(
      'select args from mutation_rejections where client_id = $1 and seq = 1',
      [d.clientId],
    );
    return row?.args;
  }

  it('MU-4: a NUL in a title is a rejection whose stored args give the input back', async () => {
    const args = create({ title: 'pump\u0000seal' });
    expect(
      recoverStoredJson(await expectRecordedThenNext({ name: 'workOrder.create', args })),
    ).toEqual(args);
  });

  it('MU-4: a NUL in a mutation name, and a name of any length', async () => {
    await expectRecordedThenNext({ name: 'workOrder.cre\u0000ate', args: create() });
    await expectRecordedThenNext({ name: 'x'.repeat(500), args: create() });
  });

  it('MU-4: a NUL in an args key', async () => {
    const args = { ...create(), ['ti\u0000tle']: 'x' };
    expect(
      recoverStoredJson(await expectRecordedThenNext({ name: 'workOrder.create', args })),
    ).toEqual(args);
  });

  it('MU-4: a lone surrogate in a rejected mutation and in a title (refused, not stored as U+FFFD)', async () => {
    const rejected = { ...create(), extra: 'a\uD800b' };
    expect(
      recoverStoredJson(await expectRecordedThenNext({ name: 'workOrder.create', args: rejected })),
    ).toEqual(rejected);
    const title = create({ title: 'seal \uDC00' });
    expect(
      recoverStoredJson(await expectRecordedThenNext({ name: 'workOrder.create', args: title })),
    ).toEqual(title);
    const stored = await server.one('select 1 from work_orders where id = $1', [title.id]);
    expect(stored).toBeUndefined();
  });

  it('MU-4: args nested 10,000 levels deep', async () => {
    const d = server.device('Supervisor');
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const body = `{"clientId":"${d.clientId}","mutations":[{"seq":1,"name":"workOrder.create","args":${deep}},{"seq":2,"name":"workOrder.create","args":${JSON.stringify(create())}}]}`;
    const res = await server.app.request('/v1/mutations', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.token('Supervisor')}`,
        'content-type': 'application/json',
        'x-forwarded-for': '10.99.0.1',
      },
      body,
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { results: { status: string }[] } };
    expect(data.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    const row = await server.one<{ args: unknown }>(
      'select args from mutation_rejections where client_id = $1 and seq = 1',
      [d.clientId],
    );
    expect(row?.args).toEqual({ 'plantkeep:truncated': 'depth' });
  });
});
