import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { syncedTableRef } from '@plantkeep/migrations/replica';
import { testDatabases } from '@plantkeep/sync-server/testing';
import { describe, expect, it } from 'vitest';
import { createDevice, eventually, type Device } from './testing/client-fixture';
import { deviceServer } from './testing/device-server';

const TABLES = ['work_orders', 'sync_clients', 'mutation_rejections'];

/**
 * Restarting a replica from whatever pglite-sync saved last must neither fail
 * nor diverge. These tests put the saved subscription state into the two
 * shapes a crash can leave behind, then restart and check convergence.
 */
describe.each(testDatabases)('replica restart from saved sync state on $name', (target) => {
  const backend = deviceServer(target, { liveTimeoutMs: 300 });
  /** Not closed by the fixture: each test closes its devices (a restart reopens their files). */
  const start = async (dir: string, clientId: string) => {
    const session = await backend.session(backend.acme.users.Supervisor.email);
    return createDevice(backend.app, session, { dataDir: dir, clientId, tables: TABLES });
  };
  const createAndAck = async (d: Device, title: string) => {
    const id = randomUUID();
    await d.store.mutate('workOrder.create', { id, title, type: 'corrective', priority: 'low' });
    await d.sender.flushOnce();
    await eventually(async () => (await d.pendingCount()) === 0, `${title} acknowledged`);
    return id;
  };
  const titles = async (d: Device) =>
    (await d.pg.query<{ title: string }>('select title from work_orders order by title')).rows.map(
      (r) => r.title,
    );
  const serverTitles = async () =>
    (
      await backend.db.query<{ title: string }>(
        'select title from work_orders where tenant_id = $1 order by title',
        [backend.acme.id],
      )
    ).map((r) => r.title);

  /** Opens the stopped replica's files, applies `edit`, closes them. */
  const editStopped = async (dir: string, edit: (pg: PGlite) => Promise<void>) => {
    const pg = await PGlite.create({ dataDir: dir });
    await edit(pg);
    await pg.close();
  };
  const fresh = async () => {
    const dir = backend.tempDir('plantkeep-resume-');
    const clientId = randomUUID();
    const first = await start(dir, clientId);
    await eventually(() => first.sync.isUpToDate, 'initial sync');
    return { dir, clientId, first };
  };

  it('CL-5: resuming below rows the snapshot already committed replays their inserts as updates', async () => {
    const { db, acme } = backend;
    const { dir, clientId, first } = await fresh();
    const id = await createAndAck(first, 'Replayed insert');
    await first.close();
    const [row] = await db.query<{ lsn: string }>(
      `select min(lsn)::text as lsn from shape_log
        where tenant_id = $1 and table_name = 'work_orders' and new_row->>'id' = $2`,
      [acme.id, id],
    );
    const below = (BigInt(row?.lsn ?? '0') - 1n).toString();
    // What the resume guard (CL-3) leaves when the snapshot covered more than the commit did.
    await editStopped(dir, async (pg) => {
      await pg.query(
        `update electric.subscriptions_metadata
            set last_lsn = $1, shape_metadata = jsonb_set(shape_metadata, '{work_orders,offset}', to_jsonb($2::text))`,
        [below, `${below}_0`],
      );
    });

    const second = await start(dir, clientId);
    await createAndAck(second, 'After restart');
    expect(await titles(second)).toEqual(await serverTitles());
    expect(await titles(second)).toContain('Replayed insert');
    await second.close();
  });

  it('CL-4: a shape saved mid-refetch (offset -1, old rows kept) starts over from an empty table', async () => {
    const { acme } = backend;
    const { dir, clientId, first } = await fresh();
    await createAndAck(first, 'Kept across refetch');
    await first.close();
    await editStopped(dir, async (pg) => {
      await pg.query(
        `update electric.subscriptions_metadata
            set shape_metadata = jsonb_set(shape_metadata, '{work_orders,offset}', '"-1"')`,
      );
      // A row the server no longer has: the refetch would have removed it.
      await pg.query(
        `insert into ${syncedTableRef('work_orders')} (tenant_id, id, title, type, priority, status, planned, created_by, created_at, updated_at, version)
         values ($1, $2, 'Ghost', 'corrective', 'low', 'open', false, $3, now(), now(), 1)`,
        [acme.id, randomUUID(), acme.users.Supervisor.id],
      );
    });

    const second = await start(dir, clientId);
    await createAndAck(second, 'After refetch restart');
    expect(await titles(second)).toEqual(await serverTitles());
    expect(await titles(second)).not.toContain('Ghost');
    await second.close();
  });
});
