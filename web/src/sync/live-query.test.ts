import { PGlite } from '@electric-sql/pglite';
import { live, type PGliteWithLive } from '@electric-sql/pglite/live';
import type { Permission } from '@plantkeep/shared';
import { syncedTableRef } from '@plantkeep/migrations/replica';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from './local-store';
import { prepareReplica } from './replica';
import { eventually } from './testing/client-fixture';

/**
 * The app's screens are live queries over the overlay views. PGlite finds a
 * live query's tables by walking view dependencies by name, so a view that
 * shares its name with its synced table made it loop forever (LQ-1 in SPEC).
 */
describe('live queries over the overlay views (LQ-1)', () => {
  let pg: PGlite & PGliteWithLive;
  afterEach(async () => {
    await pg.close();
  });

  it('LQ-1: settles, then follows optimistic writes and synced rows', async () => {
    pg = await PGlite.create({ extensions: { live } });
    await prepareReplica(pg);
    const tenantId = randomUUID();
    const userId = randomUUID();
    const store = new LocalStore(pg, randomUUID(), {
      tenantId,
      userId,
      permissions: new Set<Permission>(['work_orders:create', 'work_orders:read_all']),
    });
    let latest: string[] = [];
    const query = await pg.live.query<{ title: string }>(
      'select title from work_orders order by title',
      [],
      (result) => {
        latest = result.rows.map((r) => r.title);
      },
    );
    expect(query.initialResults.rows).toEqual([]);

    await store.mutate('workOrder.create', {
      id: randomUUID(),
      title: 'Local job',
      type: 'corrective',
      priority: 'low',
    });
    await eventually(() => latest.includes('Local job'), 'the optimistic row in the live query');

    // A row arriving through sync (written into the synced table) shows up too.
    await pg.query(
      `insert into ${syncedTableRef('work_orders')} (tenant_id, id, title, type, priority, status, number, planned, created_by, created_at, updated_at, version)
       values ($1, $2, 'Synced job', 'corrective', 'low', 'open', 7, false, $3, now(), now(), 1)`,
      [tenantId, randomUUID(), userId],
    );
    await eventually(() => latest.includes('Synced job'), 'the synced row in the live query');
    expect(latest).toEqual(['Local job', 'Synced job']);
    await query.unsubscribe();
  });
});
