import { randomUUID } from 'node:crypto';
import {
  addComment,
  addStep,
  byteaBytes,
  captureUpdate,
  defineStep,
  measureStep,
  untickStep,
  docFromUpdates,
  materializedRows,
  MAX_UPDATE_BYTES,
  moveStep,
  readDoc,
  tickStep,
  toBase64,
} from '@plantkeep/shared/ydoc';
import type { DefaultRoleName } from '@plantkeep/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { testDatabases } from '../testing/databases';
import { mutationServer } from '../testing/mutation-fixture';
import { compactDoc, compactYdocs } from '../ydoc/compaction';

const at = '2026-11-21T10:00:00.000Z';

describe.each(testDatabases)('ydoc.update through POST /v1/mutations on $name', (target) => {
  const server = mutationServer(target, {
    signIn: ['Supervisor', 'Technician', 'Requester', 'Viewer'],
  });
  /** Each role sends as one client for the whole describe block. */
  const send = (role: DefaultRoleName, name: string, args: unknown) =>
    server.client(role).sendOne(name, args);
  const sendUpdate = (role: DefaultRoleName, docId: string, update: Uint8Array | null) =>
    send(role, 'ydoc.update', { docId, update: toBase64(update ?? new Uint8Array()) });

  /** The server's document and everything a refused update must not touch. */
  const trace = async (docId: string) => {
    const updates = await server.db.query<{ update: unknown }>(
      'select update from ydoc_updates where doc_id = $1',
      [docId],
    );
    const doc = docFromUpdates(updates.map((u) => byteaBytes(u.update)));
    const steps = await server.db.query(
      `select id, position, kind::text, title, required, done, value, unit, min_value::float8 as min_value,
              max_value::float8 as max_value, done_by, notes
         from work_order_steps where work_order_id = $1 order by position`,
      [docId],
    );
    const comments = await server.db.query(
      `select id, author_id, body, internal, deleted, parent_id, mentions::text as mentions
         from work_order_comments where work_order_id = $1 order by created_at, id`,
      [docId],
    );
    return { rows: updates.length, doc, reading: readDoc(doc), steps, comments };
  };
  /** A device's copy of the server's document. */
  const deviceDoc = async (docId: string) => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate((await trace(docId)).doc));
    return copy;
  };

  let wo: string;
  const steps = { lock: randomUUID(), belt: randomUUID(), guard: randomUUID() };

  beforeAll(async () => {
    wo = randomUUID();
    expect(
      await send('Supervisor', 'workOrder.create', {
        id: wo,
        title: 'Replace belt',
        type: 'corrective',
        priority: 'high',
        assigneeIds: [server.acme.users.Technician.id],
      }),
    ).toMatchObject({ status: 'applied' });
  });

  it('YD-2 YD-6: a supervisor defines steps; the update is stored and steps materialized in its transaction', async () => {
    const { db, acme } = server;
    const doc = new Y.Doc();
    const update = captureUpdate(doc, (d) => {
      addStep(d, { id: steps.lock, title: 'Lock out', kind: 'check', required: true });
      addStep(d, {
        id: steps.belt,
        title: 'Belt tension',
        kind: 'measurement',
        unit: 'mm',
        min: 5,
        max: 9.5,
      });
      addStep(d, { id: steps.guard, title: 'Guard fitted', kind: 'pass_fail' });
    });
    expect(await sendUpdate('Supervisor', wo, update)).toMatchObject({ status: 'applied' });
    const after = await trace(wo);
    expect(after.rows).toBe(1);
    expect(after.steps).toEqual([
      expect.objectContaining({ id: steps.lock, position: 0, kind: 'check', required: true }),
      expect.objectContaining({
        id: steps.belt,
        position: 1,
        unit: 'mm',
        min_value: 5,
        max_value: 9.5,
      }),
      expect.objectContaining({ id: steps.guard, position: 2, kind: 'pass_fail', done: false }),
    ]);
    const [stored] = await db.query<{ client_id: string; mutation_seq: number; actor_id: string }>(
      'select client_id, mutation_seq::int as mutation_seq, actor_id from ydoc_updates where doc_id = $1',
      [wo],
    );
    expect(stored).toEqual({
      client_id: server.client('Supervisor').clientId,
      mutation_seq: server.client('Supervisor').seq,
      actor_id: acme.users.Supervisor.id,
    });
  });

  it('YD-3 YD-6: the assigned technician ticks, measures and comments; rows follow', async () => {
    const { acme } = server;
    const doc = await deviceDoc(wo);
    const tech = acme.users.Technician.id;
    const update = captureUpdate(doc, (d) => {
      tickStep(d, steps.belt, { userId: tech, at, value: 7.25 });
      addComment(d, { id: randomUUID(), authorId: tech, createdAt: at, body: 'Belt was worn' });
    });
    expect(await sendUpdate('Technician', wo, update)).toMatchObject({ status: 'applied' });
    const after = await trace(wo);
    expect(after.steps[1]).toMatchObject({ done: true, value: '7.25', done_by: tech });
    expect(after.comments).toEqual([
      expect.objectContaining({ author_id: tech, body: 'Belt was worn', internal: false }),
    ]);
  });

  it('YD-3: permission violations are refused, recorded with their code, and leave no trace', async () => {
    const { db, acme } = server;
    const tech = acme.users.Technician.id;
    const cases: [DefaultRoleName, string, (d: Y.Doc) => void][] = [
      ['Technician', 'AUTHZ', (d) => defineStep(d, steps.lock, { title: 'Skip this' })],
      ['Technician', 'AUTHZ', (d) => moveStep(d, steps.guard, 0)],
      ['Technician', 'AUTHZ', (d) => tickStep(d, steps.lock, { userId: randomUUID(), at })],
      [
        'Technician',
        'AUTHZ',
        (d) =>
          addComment(d, {
            id: randomUUID(),
            authorId: randomUUID(),
            createdAt: at,
            body: 'forged',
          }),
      ],
      ['Viewer', 'AUTHZ', (d) => tickStep(d, steps.lock, { userId: tech, at })],
    ];
    for (const [role, code, edit] of cases) {
      const before = await trace(wo);
      const result = await sendUpdate(role, wo, captureUpdate(await deviceDoc(wo), edit));
      expect(result).toMatchObject({ status: 'rejected', error: { code } });
      const after = await trace(wo);
      expect({ rows: after.rows, steps: after.steps, comments: after.comments }).toEqual({
        rows: before.rows,
        steps: before.steps,
        comments: before.comments,
      });
      const [rejection] = await db.query<{ code: string; name: string }>(
        'select code, name from mutation_rejections where client_id = $1 and seq = $2',
        [server.client(role).clientId, server.client(role).seq],
      );
      expect(rejection).toEqual({ code, name: 'ydoc.update' });
    }
  });

  it("YD-3: a step's limits with min above max are refused (VALIDATION) and leave no trace", async () => {
    const before = await trace(wo);
    const refused = await sendUpdate(
      'Supervisor',
      wo,
      captureUpdate(await deviceDoc(wo), (d) => defineStep(d, steps.belt, { min: 12 })),
    );
    expect(refused).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION' } });
    const after = await trace(wo);
    expect({ rows: after.rows, steps: after.steps }).toEqual({
      rows: before.rows,
      steps: before.steps,
    });
    const applied = await sendUpdate(
      'Supervisor',
      wo,
      captureUpdate(await deviceDoc(wo), (d) =>
        defineStep(d, steps.belt, { min: 6, max: 12, unit: 'cm' }),
      ),
    );
    expect(applied).toMatchObject({ status: 'applied' });
    expect((await trace(wo)).steps[1]).toMatchObject({ unit: 'cm', min_value: 6, max_value: 12 });
  });

  it('YD-2: malformed, oversized and dependent updates are refused with taxonomy codes', async () => {
    const before = await trace(wo);
    const garbage = await send('Supervisor', 'ydoc.update', {
      docId: wo,
      update: toBase64(Uint8Array.from([1, 200, 3, 4, 5, 6, 7])),
    });
    expect(garbage).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION' } });
    expect(
      await send('Supervisor', 'ydoc.update', { docId: wo, update: 'not*base64' }),
    ).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION' } });
    const huge = await send('Supervisor', 'ydoc.update', {
      docId: wo,
      update: toBase64(new Uint8Array(MAX_UPDATE_BYTES + 3)),
    });
    expect(huge).toMatchObject({ status: 'rejected', error: { code: 'PAYLOAD_TOO_LARGE' } });
    // A device whose earlier edit the server never accepted: Yjs integrates a
    // client's changes in clock order, so every later edit of that same
    // Y.Doc waits on the missing one and is refused (the client rebuilds).
    const device = await deviceDoc(wo);
    captureUpdate(device, (d) => addStep(d, { id: randomUUID(), title: 'local', kind: 'check' }));
    const dependent = captureUpdate(device, (d) => defineStep(d, steps.lock, { required: false }));
    expect(await sendUpdate('Supervisor', wo, dependent)).toMatchObject({
      status: 'rejected',
      error: { code: 'CONFLICT' },
    });
    const rebuilt = captureUpdate(await deviceDoc(wo), (d) =>
      defineStep(d, steps.lock, { required: false }),
    );
    expect(await sendUpdate('Supervisor', wo, rebuilt)).toMatchObject({ status: 'applied' });
    const unknownRoot = new Y.Doc();
    const rootUpdate = captureUpdate(unknownRoot, (d) => d.getMap('secrets').set('x', 1));
    expect(await sendUpdate('Supervisor', wo, rootUpdate)).toMatchObject({
      status: 'rejected',
      error: { code: 'VALIDATION' },
    });
    const after = await trace(wo);
    expect(after.rows).toBe(before.rows + 1);
    expect(after.steps[0]).toMatchObject({ id: steps.lock, required: false });
  });

  it("YD-3: a requester's comment built on an empty document merges on the server; internal or foreign ones are refused", async () => {
    const { acme } = server;
    const request = randomUUID();
    expect(
      await send('Requester', 'request.submit', { id: request, title: 'Door squeaks' }),
    ).toMatchObject({ status: 'applied' });
    const staff = await deviceDoc(request);
    expect(
      await sendUpdate(
        'Supervisor',
        request,
        captureUpdate(staff, (d) =>
          addComment(d, {
            id: randomUUID(),
            authorId: acme.users.Supervisor.id,
            createdAt: at,
            body: 'internal note',
            internal: true,
          }),
        ),
      ),
    ).toMatchObject({ status: 'applied' });
    const requester = acme.users.Requester.id;
    const comment = (internal: boolean) =>
      captureUpdate(new Y.Doc(), (d) =>
        addComment(d, {
          id: randomUUID(),
          authorId: requester,
          createdAt: at,
          body: internal ? 'sneaky' : 'Any news?',
          internal,
        }),
      );
    expect(await sendUpdate('Requester', request, comment(false))).toMatchObject({
      status: 'applied',
    });
    expect(await sendUpdate('Requester', request, comment(true))).toMatchObject({
      status: 'rejected',
      error: { code: 'AUTHZ' },
    });
    expect(await sendUpdate('Requester', wo, comment(false))).toMatchObject({
      status: 'rejected',
      error: { code: 'NOT_FOUND' },
    });
    const after = await trace(request);
    expect(after.rows).toBe(2);
    expect(after.comments.map((c) => [c.body, c.internal])).toEqual(
      expect.arrayContaining([
        ['internal note', true],
        ['Any news?', false],
      ]),
    );
    expect(after.comments).toHaveLength(2);
  });

  it('YD-6: concurrent updates of one document from two clients keep the rows equal to the merged document', async () => {
    const { acme } = server;
    const tech = acme.users.Technician.id;
    const sup = acme.users.Supervisor.id;
    for (let round = 0; round < 8; round++) {
      const [d1, d2] = [await deviceDoc(wo), await deviceDoc(wo)];
      const u1 = captureUpdate(d1, (d) =>
        tickStep(d, steps.guard, { userId: tech, at, value: round }),
      );
      const u2 = captureUpdate(d2, (d) => {
        untickStep(d, steps.guard);
        measureStep(d, steps.guard, `sup ${round}`);
        tickStep(d, steps.lock, { userId: sup, at });
      });
      const results = await Promise.all([
        sendUpdate('Technician', wo, u1),
        sendUpdate('Supervisor', wo, u2),
      ]);
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const now = await trace(wo);
      const expected = materializedRows(wo, now.reading).steps;
      expect(now.steps.map((s) => [s.id, s.done, s.value, s.done_by])).toEqual(
        expected.map((s) => [s.id, s.done, s.value, s.done_by]),
      );
    }
  });

  it('YD-5: compaction merges a document into one row; stale replicas and pending updates still converge', async () => {
    const { db, acme } = server;
    const stale = await deviceDoc(wo);
    for (let i = 0; i < 5; i++) {
      const device = await deviceDoc(wo);
      const update = captureUpdate(device, (d) =>
        addComment(d, {
          id: randomUUID(),
          authorId: acme.users.Technician.id,
          createdAt: at,
          body: `note ${i}`,
        }),
      );
      expect(await sendUpdate('Technician', wo, update)).toMatchObject({ status: 'applied' });
    }
    // A device offline since before those notes edits on top of its old rows.
    const pending = captureUpdate(stale, (d) =>
      tickStep(d, steps.lock, { userId: acme.users.Technician.id, at }),
    );
    const before = await trace(wo);
    const report = await compactDoc(db, acme.id, wo);
    expect(report?.replaced).toBe(before.rows);
    const after = await trace(wo);
    expect(after.rows).toBe(1);
    expect(after.reading).toEqual(before.reading);
    const [row] = await db.query<{ compacted_from: number }>(
      'select compacted_from::int as compacted_from from ydoc_updates where doc_id = $1',
      [wo],
    );
    expect(row?.compacted_from).toBe(before.rows);

    expect(await sendUpdate('Technician', wo, pending)).toMatchObject({ status: 'applied' });
    const final = await trace(wo);
    // The stale replica, rebuilt from the compacted row plus what it held, reads the same.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(stale));
    const rows = await db.query<{ update: unknown }>(
      'select update from ydoc_updates where doc_id = $1',
      [wo],
    );
    for (const r of rows) Y.applyUpdate(replica, byteaBytes(r.update));
    expect(readDoc(replica)).toEqual(final.reading);
    expect(final.reading.steps[0]).toMatchObject({ done: true });
    const materialized = materializedRows(wo, final.reading);
    expect(final.steps.map((s) => [s.id, s.position, s.done])).toEqual(
      materialized.steps.map((s) => [s.id, s.position, s.done]),
    );
    expect((await compactYdocs(db, { minUpdates: 2 })).docs).toBeGreaterThanOrEqual(1);
  });
});
