import { randomUUID } from 'node:crypto';
import {
  addStep,
  byteaBytes,
  defineStep,
  deleteComment,
  deleteStep,
  docFromUpdates,
  editCommentBody,
  materializedRows,
  measureStep,
  moveStep,
  readDoc,
  tickStep,
  untickStep,
  annotateStep,
  type DocReading,
} from '@plantkeep/shared/ydoc';
import { testDatabases } from '@plantkeep/sync-server/testing';
import { compactDoc } from '@plantkeep/sync-server/ydoc';
import { describe, expect, it } from 'vitest';
import { eventually, type Device } from './testing/client-fixture';
import { deviceServer } from './testing/device-server';
import { prng, type Prng } from './testing/prng';
import { commentOnWorkOrder, editWorkOrderDoc, readWorkOrderDoc } from './work-order-doc';

const staffTables = [
  'work_orders',
  'work_order_assignees',
  'users',
  'sync_clients',
  'mutation_rejections',
  'ydoc_updates',
  'work_order_steps',
  'work_order_comments',
];
const requesterTables = [
  'work_orders',
  'work_order_comments',
  'sync_clients',
  'mutation_rejections',
];
const seed = Number(process.env.FUZZ_SEED ?? 11);

const stepColumns = 'id, position, title, kind, required, done, value, done_by, notes';
const commentColumns = 'id, author_id, body, internal, deleted, parent_id';

describe.each(testDatabases)('work-order documents on devices against $name', (target) => {
  const backend = deviceServer(target, { liveTimeoutMs: 500 });
  const device = async (email: string, tables = staffTables) => {
    const d = await backend.device(email, { tables });
    await eventually(() => d.sync.isUpToDate, 'initial sync');
    return d;
  };
  const serverReading = async (docId: string): Promise<DocReading> => {
    const rows = await backend.db.query<{ update: unknown }>(
      'select update from ydoc_updates where doc_id = $1',
      [docId],
    );
    return readDoc(docFromUpdates(rows.map((r) => byteaBytes(r.update))));
  };
  const serverRows = async (docId: string) => ({
    steps: await backend.db.query(
      `select ${stepColumns} from work_order_steps where work_order_id = $1 order by position`,
      [docId],
    ),
    comments: await backend.db.query(
      `select ${commentColumns} from work_order_comments where work_order_id = $1 order by id`,
      [docId],
    ),
  });
  const deviceRows = async (d: Device, docId: string) => ({
    steps: (
      await d.pg.query<Record<string, unknown>>(
        `select ${stepColumns} from work_order_steps where work_order_id = $1 order by position`,
        [docId],
      )
    ).rows,
    comments: (
      await d.pg.query<Record<string, unknown>>(
        `select ${commentColumns} from work_order_comments where work_order_id = $1 order by id`,
        [docId],
      )
    ).rows,
  });
  const settle = async (ds: Device[], docId: string) => {
    for (const d of ds) {
      d.state.online = true;
      await d.sender.flushOnce();
    }
    for (const d of ds) {
      await eventually(async () => (await d.pendingCount()) === 0, 'acknowledged');
    }
    const expected = await serverReading(docId);
    for (const d of ds) {
      await eventually(
        async () =>
          JSON.stringify(await readWorkOrderDoc(d.pg, docId)) === JSON.stringify(expected),
        'the device has the server document',
      );
    }
    return expected;
  };
  const newWorkOrder = async (d: Device, assigneeIds: string[]) => {
    const id = randomUUID();
    await d.store.mutate('workOrder.create', {
      id,
      title: 'Pump service',
      type: 'preventive',
      priority: 'medium',
      assigneeIds,
    });
    return id;
  };

  it('YD-7: offline edits of two devices show at once, merge on the server, and every replica converges', async () => {
    const { acme } = backend;
    const sup = await device(acme.users.Supervisor.email);
    const tech = await device(acme.users.Technician.email);
    const wo = await newWorkOrder(sup, [acme.users.Technician.id]);
    const [a, b] = [randomUUID(), randomUUID()];
    await editWorkOrderDoc(sup.store, wo, (d) => {
      addStep(d, { id: a, title: 'Isolate', kind: 'check', required: true });
      addStep(d, { id: b, title: 'Pressure', kind: 'measurement', unit: 'bar', min: 2, max: 4 });
    });
    // Optimistic: the materialized rows are in the device's views before any send.
    expect((await deviceRows(sup, wo)).steps.map((s) => s.id)).toEqual([a, b]);
    await settle([sup, tech], wo);

    sup.state.online = false;
    tech.state.online = false;
    const techId = acme.users.Technician.id;
    await editWorkOrderDoc(tech.store, wo, (d) =>
      tickStep(d, b, { userId: techId, at: '2026-11-21T10:00:00Z', value: 3.2 }),
    );
    const note = await commentOnWorkOrder(tech.store, wo, {
      authorId: techId,
      body: 'Seal replaced',
    });
    await editWorkOrderDoc(sup.store, wo, (d) => {
      defineStep(d, b, { title: 'Discharge pressure' });
      moveStep(d, a, 1);
    });
    expect((await deviceRows(tech, wo)).steps[1]).toMatchObject({ done: true, value: '3.2' });
    expect((await deviceRows(sup, wo)).steps.map((s) => s.id)).toEqual([b, a]);

    const final = await settle([tech, sup], wo);
    expect(final.steps.map((s) => [s.id, s.title, s.done])).toEqual([
      [b, 'Discharge pressure', true],
      [a, 'Isolate', false],
    ]);
    expect(final.comments.map((c) => c.id)).toEqual([note?.id]);
    const server = await serverRows(wo);
    for (const d of [sup, tech]) expect(await deviceRows(d, wo)).toEqual(server);
    expect(server.steps.map((s) => s.id)).toEqual(
      materializedRows(wo, final).steps.map((s) => s.id),
    );
  });

  it("YD-7: a requester's comment, built on an empty document, shows at once and comes back through sync", async () => {
    const { acme } = backend;
    const req = await device(acme.users.Requester.email, requesterTables);
    const sup = await device(acme.users.Supervisor.email);
    const request = randomUUID();
    await req.store.mutate('request.submit', { id: request, title: 'Leak in hall B' });
    await req.sender.flushOnce();
    await eventually(async () => (await req.pendingCount()) === 0, 'request acknowledged');
    await eventually(
      async () =>
        (await sup.pg.query('select 1 from work_orders where id = $1', [request])).rows.length ===
        1,
      'the supervisor sees the request',
    );
    await commentOnWorkOrder(sup.store, request, {
      authorId: acme.users.Supervisor.id,
      body: 'Checking stock',
      internal: true,
    });
    await settle([sup], request);

    req.state.online = false;
    const mine = await commentOnWorkOrder(req.store, request, {
      authorId: acme.users.Requester.id,
      body: 'Water on the floor now',
    });
    expect((await deviceRows(req, request)).comments).toEqual([
      expect.objectContaining({ id: mine?.id, body: 'Water on the floor now', internal: false }),
    ]);
    req.state.online = true;
    await req.sender.flushOnce();
    await eventually(async () => (await req.pendingCount()) === 0, 'comment acknowledged');
    expect(await req.store.rejections()).toEqual([]);
    // The synced row replaced the overlay; the internal comment never reaches the requester.
    expect((await deviceRows(req, request)).comments).toEqual([
      expect.objectContaining({ id: mine?.id, body: 'Water on the floor now' }),
    ]);
    expect((await serverRows(request)).comments).toHaveLength(2);
  });

  it(`YD-5 YD-6: seeded random offline edits of three devices with a compaction mid-sync converge (FUZZ_SEED=${seed})`, async () => {
    const { db, acme } = backend;
    const rng: Prng = prng(seed);
    const sup = await device(acme.users.Supervisor.email);
    const people = [
      { d: sup, id: acme.users.Supervisor.id, sup: true },
      { d: await device(acme.users.Technician.email), id: acme.users.Technician.id, sup: false },
      { d: await device(acme.users.Admin.email), id: acme.users.Admin.id, sup: true },
    ];
    const wo = await newWorkOrder(sup, [acme.users.Technician.id]);
    await editWorkOrderDoc(sup.store, wo, (d) => {
      for (let i = 0; i < 5; i++) addStep(d, { id: rng.uuid(), title: `Step ${i}`, kind: 'check' });
    });
    await settle(
      people.map((p) => p.d),
      wo,
    );
    const randomEdit = async (p: (typeof people)[number]) => {
      const reading = await readWorkOrderDoc(p.d.pg, wo);
      const step = reading.steps.length > 0 ? rng.pick(reading.steps) : undefined;
      const comment = reading.comments.length > 0 ? rng.pick(reading.comments) : undefined;
      const at = '2026-11-21T10:00:00Z';
      const roll = rng.int(9);
      if (roll === 0 || !step) {
        await commentOnWorkOrder(p.d.store, wo, { authorId: p.id, body: `c${rng.int(100)}` });
      } else if (roll === 1) {
        await editWorkOrderDoc(p.d.store, wo, (d) => tickStep(d, step.id, { userId: p.id, at }));
      } else if (roll === 2) {
        await editWorkOrderDoc(p.d.store, wo, (d) => untickStep(d, step.id));
      } else if (roll === 3) {
        await editWorkOrderDoc(p.d.store, wo, (d) => measureStep(d, step.id, rng.int(50)));
      } else if (roll === 4) {
        await editWorkOrderDoc(p.d.store, wo, (d) => annotateStep(d, step.id, `n${rng.int(9)}`));
      } else if (roll === 5 && p.sup) {
        await editWorkOrderDoc(p.d.store, wo, (d) => moveStep(d, step.id, rng.int(6)));
      } else if (roll === 6 && p.sup && reading.steps.length > 2) {
        await editWorkOrderDoc(p.d.store, wo, (d) => deleteStep(d, step.id));
      } else if (roll === 7 && comment && (comment.authorId === p.id || p.sup)) {
        await editWorkOrderDoc(p.d.store, wo, (d) =>
          editCommentBody(d, comment.id, { index: rng.int(4), insert: `e${rng.int(9)}` }),
        );
      } else if (roll === 8 && comment && (comment.authorId === p.id || p.sup)) {
        await editWorkOrderDoc(p.d.store, wo, (d) => deleteComment(d, comment.id));
      } else if (p.sup) {
        await editWorkOrderDoc(p.d.store, wo, (d) =>
          addStep(d, { id: rng.uuid(), title: 'extra', kind: 'text' }, rng.int(6)),
        );
      }
    };
    for (let round = 0; round < 3; round++) {
      for (const p of people) p.d.state.online = false;
      for (let i = 0; i < 12; i++) await randomEdit(rng.pick(people));
      // Some devices deliver now, the rest after the server compacted the document.
      const early = people.filter(() => rng.chance(0.5));
      for (const p of early) {
        p.d.state.online = true;
        await p.d.sender.flushOnce();
        await eventually(async () => (await p.d.pendingCount()) === 0, 'early acknowledged');
      }
      expect((await compactDoc(db, acme.id, wo))?.replaced ?? 0).toBeGreaterThanOrEqual(1);
      await settle(
        people.map((p) => p.d),
        wo,
      );
      for (const p of people) expect(await p.d.store.rejections()).toEqual([]);
    }
    const final = await serverReading(wo);
    const server = await serverRows(wo);
    expect(server.steps.map((s) => s.id)).toEqual(final.steps.map((s) => s.id));
    expect(server.comments.map((c) => [c.id, c.body])).toEqual(
      [...final.comments].sort((x, y) => x.id.localeCompare(y.id)).map((c) => [c.id, c.body]),
    );
    for (const p of people) expect(await deviceRows(p.d, wo)).toEqual(server);
  });
});
