import { randomUUID } from 'node:crypto';
import { parseMutation } from '@plantkeep/shared';
import { testDatabases } from '@plantkeep/sync-server/testing';
import { describe, expect, it } from 'vitest';
import { createDevice, eventually, postMutations, type Device } from './testing/client-fixture';
import { deviceServer } from './testing/device-server';

describe.each(testDatabases)('client write path against the server on $name', (target) => {
  const backend = deviceServer(target, { liveTimeoutMs: 500 });
  const { device, session } = backend;
  const workOrderView = async (d: Device, id: string) =>
    (
      await d.pg.query<{ title: string; number: number | null; status: string }>(
        'select title, number, status from work_orders where id = $1',
        [id],
      )
    ).rows[0];

  it('shows an offline write at once, then swaps it for the server row in one commit (no flicker)', async () => {
    const { acme } = backend;
    const tech = await device(acme.users.Supervisor.email);
    await eventually(() => tech.sync.isUpToDate, 'initial sync');
    tech.state.online = false;
    const id = randomUUID();
    await tech.store.mutate('workOrder.create', {
      id,
      title: 'Offline job',
      type: 'corrective',
      priority: 'high',
    });
    expect(await workOrderView(tech, id)).toMatchObject({
      title: 'Offline job',
      number: null,
      status: 'open',
    });
    expect(await tech.pendingCount()).toBe(1);
    expect(await tech.sender.flushOnce()).toMatchObject({ kind: 'retry' });

    tech.state.online = true;
    const seen: (string | undefined)[] = [];
    const watcher = setInterval(() => {
      void workOrderView(tech, id).then((row) => seen.push(row?.title));
    }, 5);
    expect(await tech.sender.flushOnce()).toMatchObject({ kind: 'sent' });
    await eventually(async () => (await tech.pendingCount()) === 0, 'acknowledgement through sync');
    clearInterval(watcher);
    expect(seen.every((title) => title === 'Offline job')).toBe(true);
    const row = await workOrderView(tech, id);
    expect(row?.number).toBeGreaterThan(0);
    const overlay = await tech.pg.query('select * from local_changes');
    expect(overlay.rows).toEqual([]);
  });

  it('queues and sends many offline mutations in numeric seq order (not text order)', async () => {
    const { acme } = backend;
    const d = await device(acme.users.Supervisor.email);
    d.state.online = false;
    for (let i = 0; i < 25; i++) {
      await d.store.mutate('workOrder.create', {
        id: randomUUID(),
        title: `Batch ${i}`,
        type: 'corrective',
        priority: 'low',
      });
    }
    expect((await d.store.pending()).map((m) => m.seq)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    d.state.online = true;
    expect(await d.sender.flushOnce()).toEqual({ kind: 'sent', throughSeq: 25 });
    await eventually(async () => (await d.pendingCount()) === 0, 'all 25 acknowledged');
  });

  it('acknowledges through sync even when the HTTP response was lost', async () => {
    const { db, acme } = backend;
    const d = await device(acme.users.Supervisor.email);
    await eventually(() => d.sync.isUpToDate, 'initial sync');
    const id = randomUUID();
    await d.store.mutate('workOrder.create', {
      id,
      title: 'Lost response',
      type: 'inspection',
      priority: 'low',
    });
    // The server applies the batch, the device never hears back.
    const original = d.state.online;
    const pending = await d.store.pending();
    await postMutations(backend.app, d.state.session.accessToken, {
      clientId: d.clientId,
      mutations: pending.map((m) => ({ seq: m.seq, name: m.name, args: m.args })),
    });
    d.state.online = original;
    await eventually(async () => (await d.pendingCount()) === 0, 'ack without a response');
    // A resend (as after a crash) is answered as a duplicate and changes nothing.
    expect(await d.sender.flushOnce()).toEqual({ kind: 'idle' });
    const [count] = await db.query<{ n: number }>(
      'select count(*)::int as n from work_orders where id = $1',
      [id],
    );
    expect(count?.n).toBe(1);
  });

  it('removes a rejected effect even under a later pending edit, and keeps the input for the inbox', async () => {
    const { acme } = backend;
    const a = await device(acme.users.Supervisor.email);
    const b = await device(acme.users.Admin.email);
    await eventually(() => a.sync.isUpToDate && b.sync.isUpToDate, 'initial sync');
    const id = randomUUID();
    await a.store.mutate('workOrder.create', {
      id,
      title: 'Shared',
      type: 'corrective',
      priority: 'low',
    });
    await a.sender.flushOnce();
    await eventually(
      async () => (await workOrderView(b, id)) !== undefined,
      'b sees the work order',
    );

    a.state.online = false;
    await a.store.mutate('workOrder.update', {
      id,
      changes: { title: 'A title' },
      seen: { title: 'Shared' },
    });
    await a.store.mutate('workOrder.update', {
      id,
      changes: { priority: 'high' },
      seen: { priority: 'low' },
    });
    await b.store.mutate('workOrder.update', {
      id,
      changes: { title: 'B title' },
      seen: { title: 'Shared' },
    });
    await b.sender.flushOnce();
    expect(await workOrderView(a, id)).toMatchObject({ title: 'A title' });

    a.state.online = true;
    await a.sender.flushOnce();
    await eventually(async () => (await a.pendingCount()) === 0, 'a acknowledged');
    await eventually(
      async () => (await workOrderView(a, id))?.title === 'B title',
      'rejected title gone',
    );
    const rows = await a.pg.query<{ priority: string }>(
      'select priority from work_orders where id = $1',
      [id],
    );
    expect(rows.rows[0]?.priority).toBe('high');
    const inbox = await a.store.rejections();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      name: 'workOrder.update',
      code: 'CONFLICT',
      args: { id, changes: { title: 'A title' } },
    });
    // Edit and resend: the user keeps their title after seeing B's.
    await a.store.resolveRejection(
      inbox[0]?.seq ?? 0,
      parseMutation('workOrder.update', {
        id,
        changes: { title: 'A title (kept)' },
        seen: { title: 'B title' },
      }),
    );
    expect(await a.store.rejections()).toEqual([]);
    await a.sender.flushOnce();
    await eventually(
      async () => (await workOrderView(b, id))?.title === 'A title (kept)',
      'resent edit reaches b',
    );
  });

  it('keeps pending mutations across a client restart and sends them after', async () => {
    const { acme } = backend;
    const dir = backend.tempDir('plantkeep-replica-');
    const clientId = randomUUID();
    const first = await createDevice(backend.app, await session(acme.users.Supervisor.email), {
      dataDir: dir,
      clientId,
    });
    first.state.online = false;
    const id = randomUUID();
    await first.store.mutate('workOrder.create', {
      id,
      title: 'Survives restart',
      type: 'corrective',
      priority: 'low',
    });
    await first.close();

    const second = await device(acme.users.Supervisor.email, { dataDir: dir, clientId });
    expect(await second.pendingCount()).toBe(1);
    expect(await workOrderView(second, id)).toMatchObject({ title: 'Survives restart' });
    await second.sender.flushOnce();
    await eventually(async () => (await second.pendingCount()) === 0, 'sent after restart');
  });

  it('never sends one user’s queue with another user’s token, and waits for a new sign-in', async () => {
    const { acme } = backend;
    const d = await device(acme.users.Technician.email);
    await d.store.mutate('request.submit', { id: randomUUID(), title: 'Noisy fan' });
    const other = await session(acme.users.Viewer.email);
    d.state.session = { ...other, refreshToken: 'revoked.refresh-token' };
    expect(await d.sender.flushOnce()).toEqual({ kind: 'signed-out' });
    expect(await d.pendingCount()).toBe(1);
    d.state.session = await session(acme.users.Technician.email);
    expect(await d.sender.flushOnce()).toMatchObject({ kind: 'sent' });
  });

  it('refreshes an expired session on reconnect, then flushes', async () => {
    const { acme } = backend;
    const d = await device(acme.users.Supervisor.email);
    d.state.online = false;
    await d.store.mutate('workOrder.create', {
      id: randomUUID(),
      title: 'After refresh',
      type: 'corrective',
      priority: 'low',
    });
    d.state.online = true;
    d.state.session = {
      ...d.state.session,
      accessToken: `${d.state.session.accessToken.slice(0, -4)}AAAA`,
    };
    expect(await d.sender.flushOnce()).toMatchObject({ kind: 'retry', reason: 'refreshed' });
    expect(await d.sender.flushOnce()).toMatchObject({ kind: 'sent' });
  });
});
