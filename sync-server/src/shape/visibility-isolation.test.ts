import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { mutationServer } from '../testing/mutation-fixture';

/**
 * What a requester's device really receives through GET /v1/shape
 * (docs/SPEC.md VI-6, SH-9): the names of the people on their own requests,
 * and nobody's email or phone, their own included.
 */
describe.each(testDatabases)('requester isolation on $name', (target) => {
  const server = mutationServer(target, { signIn: ['Requester', 'Supervisor'] });
  const clientId = randomUUID();

  const shape = (query: string) =>
    call(server.app, 'GET', `/v1/shape?${query}&client_id=${clientId}`, {
      token: server.token('Requester'),
    });

  it("VI-6, VI-1: no synced table brings the requester anyone's email or phone", async () => {
    const { acme } = server;
    await server.db.query(
      `update users set phone = '+1 555 01' || right(id::text, 2) where tenant_id = $1`,
      [acme.id],
    );
    const request = randomUUID();
    expect(
      (await server.client('Requester').sendOne('request.submit', { id: request, title: 'Leak' }))
        .status,
    ).toBe('applied');
    const secrets = (
      await server.db.query<{ email: string; phone: string }>(
        'select email, phone from users where tenant_id = $1',
        [acme.id],
      )
    ).flatMap((u) => [u.email, u.phone]);
    expect(secrets.length).toBeGreaterThanOrEqual(10);

    const listed = await call(server.app, 'GET', '/v1/sync/tables', {
      token: server.token('Requester'),
    });
    const tables = (listed.body.data as { table: string }[]).map((t) => t.table);
    for (const t of ['parts', 'inventory_movements', 'pm_schedules', 'roles', 'ydoc_updates']) {
      expect(tables, t).not.toContain(t);
    }
    expect(tables).toContain('users');
    for (const table of tables) {
      const res = await shape(`table=${table}&offset=-1`);
      expect(res.status, table).toBe(200);
      const text = JSON.stringify(res.body) + (res.headers.get('electric-schema') ?? '');
      for (const secret of secrets) expect(text, `${table} leaks ${secret}`).not.toContain(secret);
      if (table === 'users') {
        const rows = (res.body as unknown as { value?: Record<string, string> }[]).flatMap((m) =>
          m.value ? [m.value] : [],
        );
        expect(rows.map((r) => r.id)).toEqual([acme.users.Requester.id]);
        expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['id', 'name', 'tenant_id']);
      }
    }
    const refused = await shape('table=parts&offset=-1');
    expect(refused.status).toBe(403);
    expect((refused.body.error as { code: string }).code).toBe('AUTHZ');
  });

  it('SH-9, VI-6: assigning someone to the request moves their name onto the device (409, then the row)', async () => {
    const { acme } = server;
    const request = randomUUID();
    await server.client('Requester').sendOne('request.submit', { id: request, title: 'Squeak' });
    const first = await shape('table=users&offset=-1');
    const handle = first.headers.get('electric-handle') ?? '';
    const offset = first.headers.get('electric-offset') ?? '';
    const assigned = await server
      .client('Supervisor')
      .sendOne('workOrder.assign', { id: request, assigneeIds: [acme.users.Technician.id] });
    expect(assigned.status).toBe('applied');
    const next = await shape(`table=users&offset=${offset}&handle=${handle}`);
    expect(next.status).toBe(409);
    const again = await shape(
      `table=users&offset=-1&handle=${next.headers.get('electric-handle') ?? ''}`,
    );
    const ids = (again.body as unknown as { value?: { id: string } }[]).flatMap((m) =>
      m.value ? [m.value.id] : [],
    );
    expect(ids.sort()).toEqual([acme.users.Requester.id, acme.users.Technician.id].sort());
  });
});
