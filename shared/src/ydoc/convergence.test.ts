import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Actor } from '../auth/access';
import { defaultRolePermissions, type DefaultRoleName } from '../auth/permissions';
import { AppError } from '../errors';
import { memoryMutationTx, runAtomically, type MemoryTables, type Row } from '../mutations/index';
import { updateYdoc } from '../mutations/ydoc';
import {
  addComment,
  addStep,
  annotateStep,
  byteaBytes,
  captureUpdate,
  compactUpdates,
  defineStep,
  deleteComment,
  deleteStep,
  editCommentBody,
  materializedRows,
  measureStep,
  moveStep,
  readDoc,
  tickStep,
  toBase64,
  untickStep,
} from './index';

/**
 * Property (docs/SPEC.md YD-1, YD-3, YD-5, YD-6): replicas edit one work
 * order's document offline; their updates reach the server interleaved, with
 * duplicates and a compaction in the middle, and reach every replica in
 * another random order. Every replica and the server end with the same
 * document, and the server's materialized rows equal the rows of that
 * document, whatever the order. Replay: FUZZ_SEED=<seed> FUZZ_RUNS=1.
 */
const seed = Number(process.env.FUZZ_SEED ?? 42);
const numRuns = Number(process.env.FUZZ_RUNS ?? 150);

const tenantId = randomUUID();
const actor = (role: DefaultRoleName): Actor => ({
  userId: randomUUID(),
  tenantId,
  permissions: new Set(defaultRolePermissions[role]),
});
const people = {
  supervisor: actor('Supervisor'),
  tech1: actor('Technician'),
  tech2: actor('Technician'),
  requester: actor('Requester'),
};
type Who = keyof typeof people;
const who: Who[] = ['supervisor', 'tech1', 'tech2', 'requester'];
const at = '2026-11-21T10:00:00.000Z';
const docId = randomUUID();
const baseSteps = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const baseComment = randomUUID();

/** The server's state: the work order and the base document, through the real mutator. */
async function baseServer(): Promise<{ tables: MemoryTables; base: Uint8Array }> {
  const tables: MemoryTables = new Map();
  tables.set('work_orders', [
    { id: docId, tenant_id: tenantId, requester_id: people.requester.userId },
  ]);
  tables.set(
    'work_order_assignees',
    [people.tech1, people.tech2].map((a) => ({ work_order_id: docId, user_id: a.userId })),
  );
  const doc = new Y.Doc();
  const steps = captureUpdate(doc, (d) =>
    baseSteps.forEach((id, i) =>
      addStep(d, { id, title: `Step ${i}`, kind: i === 1 ? 'measurement' : 'check', unit: 'bar' }),
    ),
  );
  const comment = captureUpdate(doc, (d) =>
    addComment(d, {
      id: baseComment,
      authorId: people.tech1.userId,
      createdAt: at,
      body: 'hello world',
    }),
  );
  if (!steps || !comment) throw new Error('no base update');
  await apply(tables, 'supervisor', steps);
  await apply(tables, 'tech1', comment);
  const base = Y.encodeStateAsUpdate(doc);
  return { tables, base };
}

async function apply(tables: MemoryTables, by: Who, update: Uint8Array) {
  await runAtomically(tables, (copy) =>
    updateYdoc.run(memoryMutationTx(copy, { actor: people[by], now: () => at }), {
      docId,
      update: toBase64(update),
    }),
  );
}

const op = fc.record({
  by: fc.constantFrom(...who),
  kind: fc.constantFrom(
    'tick',
    'untick',
    'measure',
    'annotate',
    'move',
    'delete',
    'add',
    'rename',
    'comment',
    'edit',
    'softDelete',
  ),
  a: fc.nat(7),
  b: fc.nat(7),
  text: fc.string({ maxLength: 6 }),
});
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Makes `o` on `doc` if `by` may; returns null when the op does not fit (nothing to edit, not allowed). */
function edit(doc: Y.Doc, o: Op): Uint8Array | null {
  const me = people[o.by];
  const reading = readDoc(doc);
  const step = reading.steps[o.a % Math.max(1, reading.steps.length)];
  const comment = reading.comments[o.a % Math.max(1, reading.comments.length)];
  const supervisor = o.by === 'supervisor';
  const worker = o.by !== 'requester';
  const ownComment = comment && (comment.authorId === me.userId || supervisor);
  return captureUpdate(doc, (d) => {
    switch (o.kind) {
      case 'tick':
        if (step && worker) tickStep(d, step.id, { userId: me.userId, at, value: o.b });
        break;
      case 'untick':
        if (step && worker) untickStep(d, step.id);
        break;
      case 'measure':
        if (step && worker) measureStep(d, step.id, o.b / 2);
        break;
      case 'annotate':
        if (step && worker) annotateStep(d, step.id, o.text);
        break;
      case 'move':
        if (step && supervisor) moveStep(d, step.id, o.b);
        break;
      case 'delete':
        if (step && supervisor) deleteStep(d, step.id);
        break;
      case 'add':
        if (supervisor) addStep(d, { id: randomUUID(), title: o.text, kind: 'text' }, o.b);
        break;
      case 'rename':
        if (step && supervisor) defineStep(d, step.id, { title: o.text, required: o.b % 2 === 0 });
        break;
      case 'comment':
        addComment(d, {
          id: randomUUID(),
          authorId: me.userId,
          createdAt: at,
          body: o.text,
          internal: supervisor && o.b % 2 === 0,
          ...(comment ? { parentId: comment.id } : {}),
        });
        break;
      case 'edit':
        if (ownComment)
          editCommentBody(d, comment.id, { index: o.b, delete: o.b % 3, insert: o.text });
        break;
      case 'softDelete':
        if (ownComment) deleteComment(d, comment.id);
        break;
    }
  });
}

/** Materialized rows without what differs by design (server timestamps, tenant). */
const rowsOf = (tables: MemoryTables, table: 'work_order_steps' | 'work_order_comments') =>
  (tables.get(table) ?? [])
    .map(({ updated_at: _u, tenant_id: _t, ...row }: Row) => row)
    .sort((x, y) => String(x.id).localeCompare(String(y.id)));
const expectedRows = (reading: ReturnType<typeof readDoc>) => {
  const rows = materializedRows(docId, reading);
  const byId = (x: Row, y: Row) => String(x.id).localeCompare(String(y.id));
  return { steps: rows.steps.sort(byId), comments: rows.comments.sort(byId) };
};

/** Replays the delivery on a server: interleaved queues, duplicates, a compaction at `compactAt`. */
async function deliver(
  start: { tables: MemoryTables },
  queues: { by: Who; update: Uint8Array }[][],
  picks: number[],
  compactAt: number,
) {
  const tables: MemoryTables = new Map(
    [...start.tables].map(([t, list]) => [t, list.map((r) => ({ ...r }))]),
  );
  const cursors = queues.map(() => 0);
  let delivered = 0;
  let pick = 0;
  const total = queues.reduce((n, q) => n + q.length, 0);
  while (delivered < total) {
    const choice = picks[pick++ % Math.max(1, picks.length)] ?? 0;
    const live = queues
      .map((q, i) => i)
      .filter((i) => (cursors[i] ?? 0) < (queues[i]?.length ?? 0));
    const i = live[choice % live.length] ?? 0;
    const item = queues[i]?.[cursors[i] ?? 0];
    cursors[i] = (cursors[i] ?? 0) + 1;
    if (!item) continue;
    await apply(tables, item.by, item.update);
    if (choice % 5 === 0) await apply(tables, item.by, item.update); // a duplicate
    delivered += 1;
    if (delivered === compactAt) {
      const rows = tables.get('ydoc_updates') ?? [];
      tables.set('ydoc_updates', [
        {
          ...rows[0],
          id: randomUUID(),
          update: compactUpdates(rows.map((r) => byteaBytes(r.update))),
          compacted_from: rows.length,
        },
      ]);
    }
  }
  return tables;
}

const storedUpdates = (tables: MemoryTables) =>
  (tables.get('ydoc_updates') ?? []).map((r) => byteaBytes(r.update));

describe('Yjs documents converge (property, fast-check)', () => {
  it('YD-6: N replicas editing offline converge to one document and one set of materialized rows, whatever the delivery order, duplicates and compaction', async () => {
    const { tables: server0, base } = await baseServer();
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 }),
        fc.nat(40),
        async (ops, picksA, picksB, compactAt) => {
          // Requesters do not sync the document: their replica starts empty.
          const replicas = new Map<Who, Y.Doc>(
            who.map((w) => {
              const doc = new Y.Doc();
              if (w !== 'requester') Y.applyUpdate(doc, base);
              return [w, doc];
            }),
          );
          const queues = new Map<Who, { by: Who; update: Uint8Array }[]>(who.map((w) => [w, []]));
          for (const o of ops) {
            const update = edit(replicas.get(o.by) ?? new Y.Doc(), o);
            if (update) queues.get(o.by)?.push({ by: o.by, update });
          }
          const all = [...queues.values()];
          const first = await deliver({ tables: server0 }, all, picksA, compactAt);
          const second = await deliver({ tables: server0 }, all, picksB, 0);

          const serverDoc = new Y.Doc();
          for (const u of storedUpdates(first)) Y.applyUpdate(serverDoc, u);
          const reading = readDoc(serverDoc);
          expect(reading.problems).toEqual([]);
          // Every replica gets the server's rows (compacted or not) plus stale duplicates.
          for (const [w, doc] of replicas) {
            const feed = [...storedUpdates(second), ...storedUpdates(first)];
            if (w === 'tech2') feed.reverse();
            for (const u of feed) Y.applyUpdate(doc, u);
            expect(readDoc(doc)).toEqual(reading);
          }
          const expected = expectedRows(reading);
          for (const tables of [first, second]) {
            expect(rowsOf(tables, 'work_order_steps')).toEqual(expected.steps);
            expect(rowsOf(tables, 'work_order_comments')).toEqual(expected.comments);
          }
        },
      ),
      { seed, numRuns },
    );
  });

  it('YD-3: a refused update leaves no trace, whatever the document held (property)', async () => {
    const { tables: server0, base } = await baseServer();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'rename',
          'move',
          'delete',
          'add',
          'tickForOther',
          'internal',
          'foreignEdit',
        ),
        fc.constantFrom<Who>('tech1', 'requester'),
        fc.nat(3),
        async (kind, picked, index) => {
          // Technicians read all work and may write internal comments; requesters never.
          const by: Who = kind === 'internal' ? 'requester' : picked;
          const doc = new Y.Doc();
          Y.applyUpdate(doc, base);
          const me = people[by];
          const step = baseSteps[index] ?? '';
          const update = captureUpdate(doc, (d) => {
            if (kind === 'rename') defineStep(d, step, { title: 'x' });
            if (kind === 'move') moveStep(d, step, 3 - index);
            if (kind === 'delete') deleteStep(d, step);
            if (kind === 'add') addStep(d, { id: randomUUID(), title: 'x', kind: 'check' });
            if (kind === 'tickForOther') tickStep(d, step, { userId: people.tech2.userId, at });
            if (kind === 'internal') {
              addComment(d, {
                id: randomUUID(),
                authorId: me.userId,
                createdAt: at,
                body: 'x',
                internal: true,
              });
            }
            if (kind === 'foreignEdit' && by === 'requester') deleteComment(d, baseComment);
            if (kind === 'foreignEdit' && by === 'tech1') {
              addComment(d, {
                id: randomUUID(),
                authorId: people.tech2.userId,
                createdAt: at,
                body: 'x',
              });
            }
          });
          const tables: MemoryTables = new Map(
            [...server0].map(([t, list]) => [t, list.map((r) => ({ ...r }))]),
          );
          const before = JSON.stringify([...tables]);
          await expect(apply(tables, by, update ?? new Uint8Array())).rejects.toSatisfy(
            (e: unknown) =>
              e instanceof AppError && (e.code === 'AUTHZ' || e.code === 'VALIDATION'),
          );
          expect(JSON.stringify([...tables])).toBe(before);
        },
      ),
      { seed, numRuns: Math.min(numRuns, 60) },
    );
  });
});
