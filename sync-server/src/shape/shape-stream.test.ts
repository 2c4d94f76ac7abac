import {
  isChangeMessage,
  Shape,
  ShapeStream,
  type Message,
  type Offset,
  type Row,
} from '@electric-sql/client';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import {
  buildTestApp,
  createTestTenant,
  loginAs,
  type TestClock,
  type TestTenant,
} from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import type { ShapeUser } from '../testing/replica';
import {
  bearer,
  fastBackoff,
  ShapeRouter,
  waitFor,
  type RoutedRequest,
} from '../testing/shape-client';
import {
  assetValues,
  commentValues,
  headLsn,
  insertRows,
  workOrderValues,
  write,
} from '../testing/shape-data';
import { catalogColumns, clientRows, expectedClientRows } from '../testing/shape-values';
import type { EmbeddedShapeOptions } from './embedded-shapes';

const realClock: TestClock = { now: () => Date.now(), advance: () => undefined };

interface ChangeHeaders {
  operation?: string;
  lsn?: string;
  last?: boolean;
  control?: string;
  global_last_seen_lsn?: string;
}

/** Messages of a logged response body (the server's JSON, unparsed by any client). */
function bodyOf(
  r: RoutedRequest,
): { key?: string; value?: Record<string, unknown>; headers: ChangeHeaders }[] {
  return r.body ? (JSON.parse(r.body) as { headers: ChangeHeaders }[]) : [];
}

describe.each(testDatabases)(
  'ShapeStream and Shape against the embedded shape log ($name)',
  (target) => {
    let db: Database;
    const cleanups: (() => Promise<void> | void)[] = [];

    beforeAll(async () => {
      db = await target.open();
    });
    afterEach(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      cleanups.length = 0;
    });
    afterAll(async () => {
      await db.close();
    });

    /** A fresh tenant and app (notifier started), a router for the clients, a technician's token. */
    async function setup(shapeOptions: EmbeddedShapeOptions = {}) {
      const tenant = await createTestTenant(db, `s${randomUUID().slice(0, 8)}`);
      const built = buildTestApp(db, realClock, { liveTimeoutMs: 1000, ...shapeOptions });
      await built.startNotifier();
      cleanups.push(() => built.notifier.stop());
      const router = new ShapeRouter(built.app);
      cleanups.push(() => router.drain());
      const tech = await loginAs(built.app, tenant.users.Technician.email);
      const who: ShapeUser = { tenantId: tenant.id, userId: tenant.users.Technician.id };
      return { tenant, app: built.app, router, token: tech.accessToken, who };
    }

    function startStream(
      router: ShapeRouter,
      token: string,
      table: string,
      extra: { offset?: Offset; handle?: string; clientId?: string } = {},
    ) {
      const controller = new AbortController();
      const stream = new ShapeStream<Row>({
        url: router.url,
        params: { table, ...(extra.clientId ? { client_id: extra.clientId } : {}) },
        headers: bearer(token),
        fetchClient: router.fetchClient,
        backoffOptions: fastBackoff,
        signal: controller.signal,
        ...(extra.offset ? { offset: extra.offset } : {}),
        ...(extra.handle ? { handle: extra.handle } : {}),
      });
      const stop = () => {
        stream.unsubscribeAll();
        controller.abort();
      };
      cleanups.push(stop);
      return { stream, stop };
    }

    function startShape(router: ShapeRouter, token: string, table: string, clientId?: string) {
      const { stream, stop } = startStream(router, token, table, clientId ? { clientId } : {});
      return { shape: new Shape(stream), stream, stop };
    }

    /** Waits until the Shape is up to date and holds exactly the server's rows of the user's shape, parsed. */
    async function shapeConverges(
      shape: Shape<Row>,
      who: ShapeUser,
      table: string,
      clientId?: string,
    ): Promise<void> {
      const columns = await catalogColumns(db, table, who);
      let expected: Record<string, unknown>[] = [];
      let actual: Record<string, unknown>[] = [];
      try {
        await waitFor(`${table} shape to converge`, async () => {
          if (!shape.isUpToDate) return false;
          expected = await expectedClientRows(db, who, table, clientId);
          actual = clientRows(columns, shape.currentRows);
          return isDeepStrictEqual(actual, expected);
        });
      } finally {
        expect(actual, `${table} as the client parsed it`).toEqual(expected);
      }
    }

    it('SH-6, SH-4: the initial data is every row of the shape, hidden columns never sent', async () => {
      const { tenant, router, token, who } = await setup();
      await insertRows(
        db,
        tenant.id,
        Array.from(
          { length: 5 },
          () => ['assets', assetValues(tenant.id)] as [string, Record<string, unknown>],
        ),
      );
      const users = startShape(router, token, 'users');
      const assets = startShape(router, token, 'assets');
      await shapeConverges(users.shape, who, 'users');
      await shapeConverges(assets.shape, who, 'assets');
      expect(users.shape.currentRows).toHaveLength(5);
      for (const row of users.shape.currentRows) expect(row).not.toHaveProperty('password_hash');
      expect(router.log.some((r) => r.body?.includes('password_hash'))).toBe(false);
      const first = router.log.find((r) => r.url.searchParams.get('offset') === '-1');
      expect(first?.headers?.get('electric-schema')).toBeTruthy();
    });

    it('SH-7, SL-1: live inserts, updates and deletes reach the Shape', async () => {
      const { tenant, router, token, who } = await setup();
      const a = assetValues(tenant.id);
      const b = assetValues(tenant.id);
      await insertRows(db, tenant.id, [['assets', a]]);
      const { shape } = startShape(router, token, 'assets');
      await shapeConverges(shape, who, 'assets');

      await insertRows(db, tenant.id, [['assets', b]]);
      await shapeConverges(shape, who, 'assets');
      expect(shape.currentRows).toHaveLength(2);

      await write(db, tenant.id, [
        ['update assets set name = $2, status = $3 where id = $1', [a.id, 'Renamed', 'down']],
      ]);
      await shapeConverges(shape, who, 'assets');
      expect(shape.currentRows.find((r) => r.id === a.id)).toMatchObject({
        name: 'Renamed',
        status: 'down',
      });

      await write(db, tenant.id, [['delete from assets where id = $1', [b.id]]]);
      await shapeConverges(shape, who, 'assets');
      expect(shape.currentRows.map((r) => r.id)).toEqual([a.id]);

      // Several changes in one transaction arrive together.
      const c = assetValues(tenant.id);
      await write(db, tenant.id, [
        [
          'insert into assets (tenant_id, id, tag, name) values ($1, $2, $3, $4)',
          [tenant.id, c.id, c.tag, c.name],
        ],
        ['update assets set name = $2 where id = $1', [c.id, 'Made and renamed']],
        ['update assets set description = $2 where id = $1', [a.id, 'Same transaction']],
      ]);
      await shapeConverges(shape, who, 'assets');
      const live = router.requests('live', 'true').filter((r) => r.status === 200);
      expect(live.length).toBeGreaterThan(0);
    });

    it('SL-1, SH-4: every type parses on the client to the server value (int8, numeric, bool, jsonb, arrays, enums, timestamptz, date, bytea, null)', async () => {
      const { tenant, router, token, who } = await setup();
      const tech = tenant.users.Technician.id;
      const clientId = randomUUID();
      const specs = {
        nested: { list: [1, 2.5, null, true, 'x'], deeper: { empty: {}, none: [] } },
        'quo"te': 'it\'s "quoted" \\ back\\slash',
        unicode: 'Größe – 温度 🌡️ ñ',
        newline: 'line1\nline2\ttab',
      };
      const asset = assetValues(tenant.id, {
        purchase_cost: '12345678.90',
        purchase_date: '2024-02-29',
        installed_at: null,
        specs: JSON.stringify(specs),
        status: 'in_maintenance',
        criticality: 'critical',
        archived_at: '2024-03-10T12:34:56.789Z',
        description: null,
      });
      const wo = workOrderValues(tenant.id, {
        number: 7,
        status: 'in_progress',
        priority: 'high',
        planned: true,
        estimated_hours: '2.50',
        due_date: '2024-05-01T08:00:00Z',
        pm_due_on: '2024-05-02',
        asset_id: asset.id,
        requester_id: tenant.users.Requester.id,
      });
      const mentions = [tenant.users.Admin.id, tenant.users.Viewer.id];
      const withMentions = commentValues(tenant.id, wo.id as string, tech, {
        mentions,
        internal: true,
      });
      const noMentions = commentValues(tenant.id, wo.id as string, tech, {
        body: 'Ünïcødé "body" \\',
      });
      const update = Buffer.from([0, 1, 2, 0x5c, 0x27, 254, 255]);
      await insertRows(db, tenant.id, [
        ['assets', asset],
        ['work_orders', wo],
        ['work_order_comments', withMentions],
        ['work_order_comments', noMentions],
        [
          'sync_clients',
          {
            tenant_id: tenant.id,
            client_id: clientId,
            user_id: tech,
            last_mutation_seq: '9007199254740993',
            user_agent: 'Agent "quoted" ünï',
          },
        ],
        [
          'ydoc_updates',
          {
            tenant_id: tenant.id,
            id: randomUUID(),
            doc_id: wo.id,
            update,
            mutation_seq: '-9223372036854775808',
            client_id: clientId,
            actor_id: tech,
          },
        ],
      ]);
      const shapes = {
        assets: startShape(router, token, 'assets').shape,
        work_orders: startShape(router, token, 'work_orders').shape,
        work_order_comments: startShape(router, token, 'work_order_comments').shape,
        sync_clients: startShape(router, token, 'sync_clients', clientId).shape,
        ydoc_updates: startShape(router, token, 'ydoc_updates').shape,
      };
      for (const [table, shape] of Object.entries(shapes)) {
        await shapeConverges(shape, who, table, table === 'sync_clients' ? clientId : undefined);
      }

      // The values, spelled out.
      const a = shapes.assets.currentRows[0];
      expect(a).toMatchObject({
        purchase_cost: '12345678.90',
        purchase_date: '2024-02-29',
        installed_at: null,
        description: null,
        status: 'in_maintenance',
        criticality: 'critical',
        archived_at: '2024-03-10 12:34:56.789+00',
        version: 1,
      });
      expect(a?.specs).toEqual(specs);
      const w = shapes.work_orders.currentRows[0];
      expect(w).toMatchObject({
        number: 7,
        status: 'in_progress',
        planned: true,
        estimated_hours: '2.50',
        due_date: '2024-05-01 08:00:00+00',
        pm_due_on: '2024-05-02',
      });
      const comments = shapes.work_order_comments.currentRows;
      expect(comments.find((c) => c.id === withMentions.id)).toMatchObject({
        mentions,
        internal: true,
      });
      expect(comments.find((c) => c.id === noMentions.id)).toMatchObject({
        mentions: [],
        internal: false,
        body: 'Ünïcødé "body" \\',
      });
      expect(shapes.sync_clients.currentRows[0]?.last_mutation_seq).toBe(9007199254740993n);
      expect(shapes.sync_clients.currentRows[0]?.user_agent).toBe('Agent "quoted" ünï');
      const y = shapes.ydoc_updates.currentRows[0];
      expect(y?.update).toBe(`\\x${update.toString('hex')}`);
      expect(y?.mutation_seq).toBe(-9223372036854775808n);
      expect(y?.compacted_from).toBeNull();

      // Live updates carry only the changed columns; merged, the rows still equal the server's.
      const specs2 = { replaced: 'yes', 'emoji🔧': ['a', { b: 'c"d' }] };
      await write(db, tenant.id, [
        [
          'update assets set specs = $2, purchase_cost = null, status = $3 where id = $1',
          [asset.id, JSON.stringify(specs2), 'down'],
        ],
        ['update work_order_comments set mentions = $2 where id = $1', [withMentions.id, '{}']],
        [
          'update work_order_comments set mentions = $2 where id = $1',
          [noMentions.id, `{${tech}}`],
        ],
        [
          'update sync_clients set last_mutation_seq = last_mutation_seq + 1 where client_id = $1',
          [clientId],
        ],
        [
          'update work_orders set planned = false, status = $2, completed_at = $3 where id = $1',
          [wo.id, 'completed', '2024-05-03T10:00:00.5+02:00'],
        ],
      ]);
      for (const [table, shape] of Object.entries(shapes)) {
        await shapeConverges(shape, who, table, table === 'sync_clients' ? clientId : undefined);
      }
      expect(shapes.assets.currentRows[0]?.specs).toEqual(specs2);
      expect(shapes.assets.currentRows[0]?.purchase_cost).toBeNull();
      expect(shapes.sync_clients.currentRows[0]?.last_mutation_seq).toBe(9007199254740994n);
      expect(shapes.work_orders.currentRows[0]).toMatchObject({
        planned: false,
        status: 'completed',
        completed_at: '2024-05-03 08:00:00.5+00',
      });
      const updates = router.log
        .filter((r) => r.url.searchParams.get('table') === 'assets')
        .flatMap(bodyOf)
        .filter((m) => m.headers.operation === 'update');
      expect(updates).toHaveLength(1);
      expect(Object.keys(updates[0]?.value ?? {}).sort()).toEqual(
        ['id', 'purchase_cost', 'specs', 'status', 'tenant_id'].sort(),
      );
    });

    it('SH-5: a client offline during many changes catches up, in chunks cut at transaction boundaries', async () => {
      const { tenant, router, token, who } = await setup({ logChunkRows: 4 });
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const a = assetValues(tenant.id);
        ids.push(a.id as string);
        await insertRows(db, tenant.id, [['assets', a]]);
      }
      const { shape } = startShape(router, token, 'assets');
      await shapeConverges(shape, who, 'assets');
      router.offline = true;
      await waitFor('a request to fail offline', () =>
        router.log.some((r) => r.failed === 'offline'),
      );

      for (let i = 0; i < 30; i++) {
        const a = assetValues(tenant.id);
        if (i % 3 === 0) {
          // A transaction of three changes.
          await write(db, tenant.id, [
            [
              'insert into assets (tenant_id, id, tag, name) values ($1, $2, $3, $4)',
              [tenant.id, a.id, a.tag, a.name],
            ],
            ['update assets set version = version + 1 where id = $1', [ids[0]]],
            ['update assets set name = $2 where id = $1', [a.id, `renamed ${i}`]],
          ]);
          ids.push(a.id as string);
        } else if (i % 3 === 1) {
          const victim = ids.splice(1, 1)[0];
          await write(db, tenant.id, [['delete from assets where id = $1', [victim]]]);
        } else {
          await insertRows(db, tenant.id, [['assets', a]]);
          ids.push(a.id as string);
        }
      }
      const caughtUpFrom = router.log.length;
      router.offline = false;
      await shapeConverges(shape, who, 'assets');

      // Several catch-up responses were needed, none split a transaction.
      const catchUp = router.log.slice(caughtUpFrom).filter((r) => r.status === 200);
      const partial = catchUp.filter((r) => !r.headers?.has('electric-up-to-date'));
      expect(partial.length).toBeGreaterThanOrEqual(2);
      const seen = new Map<string, number>();
      catchUp.forEach((r, index) => {
        const changes = bodyOf(r).filter((m) => m.headers.lsn !== undefined);
        for (const m of changes) {
          const lsn = m.headers.lsn as string;
          expect(seen.get(lsn) ?? index, `transaction ${lsn} split across responses`).toBe(index);
          seen.set(lsn, index);
        }
        // `last` marks exactly the final change of each transaction in the response.
        changes.forEach((m, i) => {
          expect(m.headers.last).toBe(changes[i + 1]?.headers.lsn !== m.headers.lsn);
        });
      });
      expect(new Set(seen.keys()).size).toBe(30);
    });

    it('SH-5, SH-3: a new ShapeStream resumes from a saved offset and handle and receives only the new changes', async () => {
      const { tenant, router, token, who } = await setup({ logChunkRows: 3 });
      const a = assetValues(tenant.id);
      await insertRows(db, tenant.id, [
        ['assets', a],
        ['assets', assetValues(tenant.id)],
      ]);
      const first = startStream(router, token, 'assets');
      const rows = new Map<string, Row>();
      const apply = (messages: Message<Row>[]) => {
        for (const m of messages) {
          if (!isChangeMessage(m)) continue;
          if (m.headers.operation === 'insert') rows.set(m.key, m.value);
          if (m.headers.operation === 'update') rows.set(m.key, { ...rows.get(m.key), ...m.value });
          if (m.headers.operation === 'delete') rows.delete(m.key);
        }
      };
      first.stream.subscribe(apply);
      await waitFor('first stream up to date', () => first.stream.isUpToDate);
      const saved = { offset: first.stream.lastOffset, handle: first.stream.shapeHandle ?? '' };
      first.stop();
      await router.drain();

      const b = assetValues(tenant.id);
      await insertRows(db, tenant.id, [['assets', b]]);
      for (let i = 0; i < 8; i++) {
        await write(db, tenant.id, [
          ['update assets set version = version + 1 where id = $1', [a.id]],
        ]);
      }
      await write(db, tenant.id, [['delete from assets where id = $1', [a.id]]]);

      const resumedFrom = router.log.length;
      const second = startStream(router, token, 'assets', saved);
      const received: Message<Row>[] = [];
      second.stream.subscribe((messages) => {
        received.push(...messages);
        apply(messages);
      });
      const columns = await catalogColumns(db, 'assets');
      await waitFor('resumed stream to converge', async () => {
        if (!second.stream.isUpToDate) return false;
        const expected = await expectedClientRows(db, who, 'assets');
        return isDeepStrictEqual(clientRows(columns, [...rows.values()]), expected);
      });
      const resumed = router.log.slice(resumedFrom);
      expect(resumed.some((r) => r.url.searchParams.get('offset') === '-1')).toBe(false);
      expect(resumed[0]?.url.searchParams.get('handle')).toBe(saved.handle);
      const changes = received.filter((m) => isChangeMessage(m));
      expect(changes).toHaveLength(10);
      expect(
        resumed.filter((r) => r.status === 200 && !r.headers?.has('electric-up-to-date')).length,
      ).toBeGreaterThan(0);
    });

    it('SH-2: a retired handle gets 409 must-refetch with a new handle and the Shape recovers to the right rows', async () => {
      const { tenant, router, token, who } = await setup();
      const keep = assetValues(tenant.id);
      const gone = assetValues(tenant.id);
      await insertRows(db, tenant.id, [
        ['assets', keep],
        ['assets', gone],
      ]);
      const { shape, stream } = startShape(router, token, 'assets');
      await shapeConverges(shape, who, 'assets');
      const oldHandle = stream.shapeHandle;
      expect(oldHandle).toBeTruthy();

      // Retire the handle as the owner, then change rows: the old view must not survive.
      await db.query('delete from shape_handles where handle = $1', [oldHandle]);
      await write(db, tenant.id, [['delete from assets where id = $1', [gone.id]]]);
      await insertRows(db, tenant.id, [['assets', assetValues(tenant.id)]]);
      await shapeConverges(shape, who, 'assets');

      const refetch = router.log.find((r) => r.status === 409);
      expect(refetch).toBeDefined();
      expect(refetch?.headers?.get('content-type')).toContain('application/json');
      expect(JSON.parse(refetch?.body ?? 'null')).toEqual([
        { headers: { control: 'must-refetch' } },
      ]);
      const newHandle = refetch?.headers?.get('electric-handle');
      expect(newHandle).toBeTruthy();
      expect(newHandle).not.toBe(oldHandle);
      expect(stream.shapeHandle).toBe(newHandle);
      expect(shape.currentRows.map((r) => r.id)).not.toContain(gone.id);
    });

    it('SH-1, SH-2: a role change changes the definition: 409, then the rows of the new scope', async () => {
      const { tenant, app, router } = await setup();
      const requester = tenant.users.Requester;
      const token = (await loginAs(app, requester.email)).accessToken;
      const who: ShapeUser = { tenantId: tenant.id, userId: requester.id };
      await insertRows(db, tenant.id, [
        ['work_orders', workOrderValues(tenant.id, { requester_id: requester.id })],
        ['work_orders', workOrderValues(tenant.id)],
        ['work_orders', workOrderValues(tenant.id, { requester_id: tenant.users.Admin.id })],
      ]);
      const { shape, stream } = startShape(router, token, 'work_orders');
      await shapeConverges(shape, who, 'work_orders');
      expect(shape.currentRows).toHaveLength(1);
      const before = stream.shapeHandle;

      await write(db, tenant.id, [
        [
          'insert into user_roles (tenant_id, user_id, role_id) values ($1, $2, $3)',
          [tenant.id, requester.id, tenant.roles.Technician],
        ],
      ]);
      await waitFor('the wider scope', () => shape.isUpToDate && shape.currentRows.length === 3);
      await shapeConverges(shape, who, 'work_orders');
      expect(router.log.some((r) => r.status === 409)).toBe(true);
      expect(stream.shapeHandle).not.toBe(before);
    });

    it('SH-2, SL-3: a server restart mid-stream loses nothing and needs no resync; LSNs keep growing', async () => {
      const { tenant, router, token, who } = await setup();
      await insertRows(db, tenant.id, [['assets', assetValues(tenant.id)]]);
      const { shape } = startShape(router, token, 'assets');
      await shapeConverges(shape, who, 'assets');
      for (let i = 0; i < 3; i++)
        await insertRows(db, tenant.id, [['assets', assetValues(tenant.id)]]);
      await shapeConverges(shape, who, 'assets');
      const lsnBefore = await headLsn(db, tenant.id);

      // Restart: a new app (notifier, caches) over the same database; open connections drop.
      const restarted = buildTestApp(db, realClock, { liveTimeoutMs: 1000 });
      await restarted.startNotifier();
      cleanups.push(() => restarted.notifier.stop());
      const cut = router.log.length;
      router.restart(restarted.app);
      const more = assetValues(tenant.id);
      await insertRows(db, tenant.id, [['assets', more]]);
      await write(db, tenant.id, [
        ['update assets set name = $2 where id = $1', [more.id, 'after restart']],
      ]);
      await shapeConverges(shape, who, 'assets');
      expect(await headLsn(db, tenant.id)).toBeGreaterThan(lsnBefore);
      const after = router.log.slice(cut);
      expect(after.some((r) => r.url.searchParams.get('offset') === '-1')).toBe(false);
      expect(after.some((r) => r.status === 409)).toBe(false);
      const lsns = after
        .flatMap(bodyOf)
        .flatMap((m) => (m.headers.lsn ? [BigInt(m.headers.lsn)] : []));
      expect(lsns.length).toBeGreaterThan(0);
      for (const lsn of lsns) expect(lsn).toBeGreaterThan(lsnBefore);
    });

    it('SH-6: a restart between snapshot chunks continues the snapshot', async () => {
      const { tenant, router, token, who } = await setup({ snapshotChunkRows: 3 });
      await insertRows(
        db,
        tenant.id,
        Array.from(
          { length: 10 },
          () => ['assets', assetValues(tenant.id)] as [string, Record<string, unknown>],
        ),
      );
      const restarted = buildTestApp(db, realClock, { liveTimeoutMs: 1000, snapshotChunkRows: 3 });
      await restarted.startNotifier();
      cleanups.push(() => restarted.notifier.stop());
      let restartedAt = -1;
      router.beforeRequest = (url) => {
        if (restartedAt < 0 && url.searchParams.get('offset') === '0_1') {
          restartedAt = router.log.length;
          router.restart(restarted.app);
        }
        return Promise.resolve();
      };
      const { shape } = startShape(router, token, 'assets');
      await shapeConverges(shape, who, 'assets');
      expect(restartedAt).toBeGreaterThan(0);
      expect(router.log.filter((r) => r.url.searchParams.get('offset') === '-1')).toHaveLength(1);
    });

    it('SH-6: a chunked snapshot with writes between the chunks ends equal to the server (changes to read chunks come in the catch-up)', async () => {
      const { tenant, router, token, who } = await setup({ snapshotChunkRows: 3 });
      // Ids in key order so the test knows which chunk holds which row.
      const ids = Array.from({ length: 20 }, () => randomUUID()).sort();
      await insertRows(
        db,
        tenant.id,
        ids.map(
          (id, i) =>
            ['assets', assetValues(tenant.id, { id, name: `row ${i}`, version: i })] as [
              string,
              Record<string, unknown>,
            ],
        ),
      );
      // An id sorting right after `id` (same prefix, next last digit): it lands in the same chunk.
      const idAfter = (id: string) =>
        `${id.slice(0, -1)}${Math.min(parseInt(id.slice(-1), 16) + 1, 15).toString(16)}`;
      let chunkRequests = 0;
      const deleted = new Set<string>();
      router.beforeRequest = async (url) => {
        const offset = url.searchParams.get('offset') ?? '';
        if (!/^0_\d+$/.test(offset)) return;
        chunkRequests += 1;
        const k = Number(offset.split('_')[1]); // chunks 0..k were read: rows 0..3k+2
        const readRow = ids[Math.min(3 * k + 1, ids.length - 1)] as string;
        const unreadIndex = 3 * (k + 1) + 1;
        const unreadRow = ids[unreadIndex];
        const statements: [string, unknown[]][] = [
          [
            'update assets set name = name || $2, version = version + 100 where id = $1',
            [readRow, ` read-upd-${k}`],
          ],
        ];
        if (unreadRow && !deleted.has(unreadRow)) {
          statements.push([
            'update assets set name = name || $2 where id = $1',
            [unreadRow, ` unread-upd-${k}`],
          ]);
        }
        const readVictim = ids[3 * k];
        if (readVictim && !deleted.has(readVictim) && k % 2 === 0) {
          deleted.add(readVictim);
          statements.push(['delete from assets where id = $1', [readVictim]]);
        }
        const unreadVictim = ids[unreadIndex + 1];
        if (unreadVictim && !deleted.has(unreadVictim) && k % 2 === 1) {
          deleted.add(unreadVictim);
          statements.push(['delete from assets where id = $1', [unreadVictim]]);
        }
        const early = ids[3 * k + 2];
        if (early) {
          const inserted = assetValues(tenant.id, {
            id: idAfter(early),
            name: `inserted in read chunk ${k}`,
          });
          statements.push([
            'insert into assets (tenant_id, id, tag, name) values ($1, $2, $3, $4) on conflict do nothing',
            [tenant.id, inserted.id, inserted.tag, inserted.name],
          ]);
        }
        const late = assetValues(tenant.id, { name: `inserted anywhere ${k}` });
        statements.push([
          'insert into assets (tenant_id, id, tag, name) values ($1, $2, $3, $4)',
          [tenant.id, late.id, late.tag, late.name],
        ]);
        await write(db, tenant.id, statements);
      };
      const { shape } = startShape(router, token, 'assets');
      await shapeConverges(shape, who, 'assets');
      router.beforeRequest = undefined;
      expect(chunkRequests).toBeGreaterThanOrEqual(6);
      const snapshot = router.log.filter((r) =>
        /^(-1|0_\d+)$/.test(r.url.searchParams.get('offset') ?? ''),
      );
      const controls = snapshot
        .flatMap(bodyOf)
        .flatMap((m) => (m.headers.control ? [m.headers.control] : []));
      expect(controls).toEqual(['snapshot-end', 'up-to-date']);
      const lastChunk = snapshot[snapshot.length - 1];
      expect(lastChunk?.headers?.has('electric-up-to-date')).toBe(true);
      // The last chunk completed earlier chunks with their rows' later changes, as snapshot
      // messages (no LSN: they belong to the snapshot, which is complete as of the up-to-date).
      const completion = bodyOf(lastChunk as RoutedRequest).filter(
        (m) => m.headers.operation === 'update' || m.headers.operation === 'delete',
      );
      expect(completion.length).toBeGreaterThan(0);
      for (const m of snapshot.flatMap(bodyOf)) expect(m.headers.lsn).toBeUndefined();
    });

    it('SH-8: an offset that fell off the log (compaction) gets 409 and a full resync', async () => {
      const { tenant, router, token, who } = await setup();
      const a = assetValues(tenant.id);
      await insertRows(db, tenant.id, [['assets', a]]);
      const { shape } = startShape(router, token, 'assets');
      await shapeConverges(shape, who, 'assets');
      router.offline = true;
      await waitFor('a request to fail offline', () =>
        router.log.some((r) => r.failed === 'offline'),
      );
      await write(db, tenant.id, [['delete from assets where id = $1', [a.id]]]);
      await insertRows(db, tenant.id, [['assets', assetValues(tenant.id)]]);
      // Compaction as the maintenance job does it: entries removed, the cut recorded.
      const head = await headLsn(db, tenant.id);
      await db.transaction(async (tx) => {
        await tx.query('delete from shape_log where tenant_id = $1 and lsn <= $2', [
          tenant.id,
          head.toString(),
        ]);
        await tx.query('update shape_log_heads set compacted_before = $2 where tenant_id = $1', [
          tenant.id,
          head.toString(),
        ]);
      });
      const cut = router.log.length;
      router.offline = false;
      await shapeConverges(shape, who, 'assets');
      const after = router.log.slice(cut);
      expect(after.some((r) => r.status === 409)).toBe(true);
      expect(shape.currentRows.map((r) => r.id)).not.toContain(a.id);
    });

    describe('the wire format (raw requests)', () => {
      async function get(
        app: ReturnType<typeof buildTestApp>['app'],
        token: string,
        query: string,
      ) {
        const res = await app.request(`/v1/shape?${query}`, { headers: bearer(token) });
        const text = await res.text();
        return {
          status: res.status,
          headers: res.headers,
          body: JSON.parse(text) as {
            headers: ChangeHeaders;
            key?: string;
            value?: Record<string, unknown>;
          }[],
        };
      }

      it('SH-4: headers and messages of snapshot, catch-up and live responses', async () => {
        const { tenant, app, token } = await setup();
        const a = assetValues(tenant.id);
        await insertRows(db, tenant.id, [['assets', a]]);
        const first = await get(app, token, 'table=assets&offset=-1');
        expect(first.status).toBe(200);
        const handle = first.headers.get('electric-handle') ?? '';
        expect(handle).toMatch(/^[A-Za-z0-9_-]{20,}$/);
        expect(first.headers.get('electric-offset')).toMatch(/^\d+_\d+$/);
        const schema = JSON.parse(first.headers.get('electric-schema') ?? '{}') as Record<
          string,
          Record<string, unknown>
        >;
        expect(schema.id).toEqual({ type: 'uuid', pk_index: 1, not_null: true });
        expect(schema.tenant_id).toMatchObject({ pk_index: 0 });
        expect(schema.specs).toMatchObject({ type: 'jsonb', not_null: true });
        expect(schema.status).toMatchObject({ type: 'asset_status' });
        expect(first.headers.has('electric-up-to-date')).toBe(true);
        expect(first.headers.has('electric-cursor')).toBe(false);
        const row = first.body[0];
        expect(row?.key).toBe(`"public"."assets"/"${tenant.id}"/"${a.id as string}"`);
        expect(row?.headers).toMatchObject({ operation: 'insert', relation: ['public', 'assets'] });
        const last = first.body[first.body.length - 1];
        expect(last?.headers.control).toBe('up-to-date');
        expect(last?.headers.global_last_seen_lsn).toMatch(/^\d+$/);

        await write(db, tenant.id, [
          ['update assets set name = $2 where id = $1', [a.id, 'n1']],
          ['update assets set description = $2 where id = $1', [a.id, 'd1']],
        ]);
        const offset = first.headers.get('electric-offset') ?? '';
        const catchUp = await get(app, token, `table=assets&offset=${offset}&handle=${handle}`);
        expect(catchUp.status).toBe(200);
        expect(catchUp.headers.get('electric-schema')).toBeTruthy();
        const changes = catchUp.body.filter((m) => m.headers.operation);
        expect(changes.map((m) => m.headers)).toEqual([
          expect.objectContaining({
            operation: 'update',
            lsn: expect.stringMatching(/^\d+$/) as unknown,
            op_position: 0,
            last: false,
          }),
          expect.objectContaining({ operation: 'update', op_position: 1, last: true }),
        ]);
        expect(changes[0]?.value).toEqual({ tenant_id: tenant.id, id: a.id, name: 'n1' });
        expect(changes[0]?.headers).toHaveProperty('txids');
        const full = await get(
          app,
          token,
          `table=assets&offset=${offset}&handle=${handle}&replica=full`,
        );
        expect(Object.keys(full.body[0]?.value ?? {})).toContain('specs');
        const head = catchUp.headers.get('electric-offset') ?? '';
        expect(catchUp.body[catchUp.body.length - 1]?.headers).toEqual({
          control: 'up-to-date',
          global_last_seen_lsn: head.split('_')[0],
        });

        const now = await get(app, token, 'table=assets&offset=now');
        expect(now.status).toBe(200);
        expect(now.body).toEqual([
          { headers: { control: 'up-to-date', global_last_seen_lsn: head.split('_')[0] } },
        ]);
        expect(now.headers.get('electric-offset')).toBe(head);

        const liveReq = get(
          app,
          token,
          `table=assets&offset=${head}&handle=${handle}&live=true&cursor=abc`,
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
        await write(db, tenant.id, [['update assets set name = $2 where id = $1', [a.id, 'live']]]);
        const live = await liveReq;
        expect(live.status).toBe(200);
        expect(live.headers.get('electric-cursor')).toMatch(/^\d+$/);
        expect(live.headers.has('electric-up-to-date')).toBe(true);
        expect(live.body.filter((m) => m.headers.operation === 'update')).toHaveLength(1);
      });

      it('SH-7: a quiet long-poll ends in an empty up-to-date with the offset unchanged and a new cursor', async () => {
        const { tenant, app, token } = await setup({ liveTimeoutMs: 200 });
        const first = await get(app, token, 'table=assets&offset=-1');
        const handle = first.headers.get('electric-handle') ?? '';
        const offset = first.headers.get('electric-offset') ?? '';
        const lsn = offset.split('_')[0];
        // A write to another table wakes the poll, which keeps waiting.
        const poll = get(app, token, `table=assets&offset=${offset}&handle=${handle}&live=true`);
        await insertRows(db, tenant.id, [['work_orders', workOrderValues(tenant.id)]]);
        const quiet = await poll;
        expect(quiet.status).toBe(200);
        expect(quiet.headers.get('electric-offset')).toBe(offset);
        expect(quiet.body).toHaveLength(1);
        expect(quiet.body[0]?.headers.control).toBe('up-to-date');
        expect(BigInt(quiet.body[0]?.headers.global_last_seen_lsn ?? '0')).toBeGreaterThanOrEqual(
          BigInt(lsn ?? '0'),
        );
        const cursor = quiet.headers.get('electric-cursor') ?? '';
        expect(cursor).not.toBe('');
        const again = await get(
          app,
          token,
          `table=assets&offset=${offset}&handle=${handle}&live=true&cursor=${cursor}`,
        );
        expect(again.headers.get('electric-cursor')).not.toBe(cursor);
      });

      it("SH-7: a change that commits while a long-poll waits is never covered by that poll's up-to-date", async () => {
        // No notifier: the wake-up is lost (as when a notification arrives after the timer fires).
        const tenant: TestTenant = await createTestTenant(db, `s${randomUUID().slice(0, 8)}`);
        const { app } = buildTestApp(db, realClock, { liveTimeoutMs: 300 });
        const token = (await loginAs(app, tenant.users.Technician.email)).accessToken;
        const first = await get(app, token, 'table=assets&offset=-1');
        const handle = first.headers.get('electric-handle') ?? '';
        const offset = first.headers.get('electric-offset') ?? '';
        const poll = get(app, token, `table=assets&offset=${offset}&handle=${handle}&live=true`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await insertRows(db, tenant.id, [['assets', assetValues(tenant.id)]]);
        const quiet = await poll;
        expect(quiet.headers.get('electric-offset')).toBe(offset);
        const seen = BigInt(quiet.body[quiet.body.length - 1]?.headers.global_last_seen_lsn ?? '0');
        // The next poll from the same offset brings the change; its LSN must be above what
        // the previous up-to-date claimed complete, or pglite-sync drops it.
        const next = await get(app, token, `table=assets&offset=${offset}&handle=${handle}`);
        const change = next.body.find((m) => m.headers.operation === 'insert');
        expect(change).toBeDefined();
        expect(BigInt(change?.headers.lsn ?? '0')).toBeGreaterThan(seen);
      });
    });
  },
);
