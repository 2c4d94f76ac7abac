import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Actor } from '../auth/access';
import { defaultRolePermissions, type DefaultRoleName } from '../auth/permissions';
import { AppError } from '../errors';
import {
  addComment,
  addStep,
  annotateStep,
  applyClientUpdate,
  authorizeDocChanges,
  captureUpdate,
  decodeUpdateArg,
  defineStep,
  deleteComment,
  deleteStep,
  diffReadings,
  editCommentBody,
  fromBase64,
  materializedRows,
  MAX_UPDATE_BYTES,
  measureStep,
  moveStep,
  readDoc,
  tickStep,
  toBase64,
  untickStep,
} from './index';

const tenantId = randomUUID();
const actorOf = (role: DefaultRoleName, userId = randomUUID()): Actor => ({
  userId,
  tenantId,
  permissions: new Set(defaultRolePermissions[role]),
});
const at = '2026-11-21T10:00:00.000Z';

function sampleDoc() {
  const doc = new Y.Doc();
  const ids = { a: randomUUID(), b: randomUUID(), c: randomUUID(), note: randomUUID() };
  addStep(doc, { id: ids.a, title: 'Lock out', kind: 'check', required: true });
  addStep(doc, {
    id: ids.b,
    title: 'Belt tension',
    kind: 'measurement',
    unit: 'mm',
    min: 5,
    max: 9,
  });
  addStep(doc, { id: ids.c, title: 'Guard fitted', kind: 'pass_fail' });
  return { doc, ids };
}

/** Applies an edit on a copy of `doc` and returns the permission verdict for `actor`. */
function verdict(
  doc: Y.Doc,
  actor: Actor,
  edit: (d: Y.Doc) => void,
  scope = { requesterId: null as string | null, assigneeIds: [actor.userId] },
) {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = readDoc(copy);
  const update = captureUpdate(copy, edit);
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
  if (update) applyClientUpdate(server, update);
  try {
    authorizeDocChanges(actor, scope, diffReadings(before, readDoc(server)));
    return 'allowed';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

describe('work-order document layout (DESIGN §5)', () => {
  it('YD-1: steps and comments live in the fixed root arrays with the fixed keys', () => {
    const { doc, ids } = sampleDoc();
    const author = randomUUID();
    addComment(doc, { id: ids.note, authorId: author, createdAt: at, body: 'Done soon' });
    const steps = doc.getArray<Y.Map<unknown>>('steps');
    expect(steps.length).toBe(3);
    expect([...(steps.get(1)?.keys() ?? [])].sort()).toEqual(
      [
        'id',
        'title',
        'kind',
        'required',
        'done',
        'value',
        'unit',
        'min',
        'max',
        'doneBy',
        'doneAt',
        'notes',
      ].sort(),
    );
    const comment = doc.getArray<Y.Map<unknown>>('comments').get(0);
    expect(comment?.get('body')).toBeInstanceOf(Y.Text);
    expect(comment?.get('authorId')).toBe(author);
    expect(readDoc(doc).comments[0]).toMatchObject({ body: 'Done soon', deleted: false });
  });

  it('YD-1: reads steps in order with their work, and materializes rows with text values', () => {
    const { doc, ids } = sampleDoc();
    const tech = randomUUID();
    tickStep(doc, ids.a, { userId: tech, at });
    measureStep(doc, ids.b, 7.5);
    annotateStep(doc, ids.b, 'new belt');
    moveStep(doc, ids.c, 0);
    const reading = readDoc(doc);
    expect(reading.problems).toEqual([]);
    expect(reading.steps.map((s) => [s.id, s.position])).toEqual([
      [ids.c, 0],
      [ids.a, 1],
      [ids.b, 2],
    ]);
    expect(reading.steps[1]).toMatchObject({ done: true, doneBy: tech, doneAt: at });
    const rows = materializedRows(randomUUID(), reading);
    expect(rows.steps[2]).toMatchObject({
      value: '7.5',
      min_value: 5,
      max_value: 9,
      unit: 'mm',
      notes: 'new belt',
    });
    untickStep(doc, ids.a);
    expect(readDoc(doc).steps[1]).toMatchObject({ done: false, doneBy: null, doneAt: null });
  });

  it('YD-1 YD-4: concurrent moves of one step read as one step on every replica', () => {
    const { doc, ids } = sampleDoc();
    const r1 = new Y.Doc();
    const r2 = new Y.Doc();
    Y.applyUpdate(r1, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(r2, Y.encodeStateAsUpdate(doc));
    const u1 = captureUpdate(r1, (d) => moveStep(d, ids.a, 2));
    const u2 = captureUpdate(r2, (d) => moveStep(d, ids.a, 1));
    Y.applyUpdate(r1, u2 ?? new Uint8Array());
    Y.applyUpdate(r2, u1 ?? new Uint8Array());
    expect(readDoc(r1)).toEqual(readDoc(r2));
    expect(
      readDoc(r1)
        .steps.map((s) => s.id)
        .sort(),
    ).toEqual([ids.a, ids.b, ids.c].sort());
  });

  it('YD-1: layout breaches are reported, not trusted', () => {
    const doc = new Y.Doc();
    doc.getArray('steps').push(['not a map']);
    doc.getArray('steps').push([
      new Y.Map<unknown>([
        ['id', randomUUID()],
        ['kind', 'drill'],
      ]),
    ]);
    doc.getMap('other').set('x', 1);
    const problems = readDoc(doc).problems.map((p) => `${p.collection}.${p.field}`);
    expect(problems).toEqual(
      expect.arrayContaining(['roots.other', 'steps.[0]', 'steps.kind', 'steps.title']),
    );
  });
});

describe('ydoc.update codec (YD-2)', () => {
  it('round-trips base64 and refuses bad or oversized input with taxonomy codes', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 300]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37) % 256);
      const text = toBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(text)).toEqual(bytes);
    }
    const code = (f: () => unknown) => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return e instanceof AppError ? e.code : 'other';
      }
    };
    expect(code(() => decodeUpdateArg('not base64!'))).toBe('VALIDATION');
    expect(code(() => decodeUpdateArg(toBase64(new Uint8Array(MAX_UPDATE_BYTES + 1))))).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(code(() => applyClientUpdate(new Y.Doc(), Uint8Array.from([255, 255, 255, 9])))).toBe(
      'VALIDATION',
    );
  });

  it('YD-2: an update that depends on changes the document lacks is refused', () => {
    const { doc, ids } = sampleDoc();
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(doc));
    captureUpdate(device, (d) => addStep(d, { id: randomUUID(), title: 'x', kind: 'check' }));
    const dependent = captureUpdate(device, (d) =>
      tickStep(d, readDoc(d).steps[3]?.id ?? ids.a, { userId: randomUUID(), at }),
    );
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
    expect(() => applyClientUpdate(server, dependent ?? new Uint8Array())).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });
});

describe('permissions on document changes (YD-3)', () => {
  const { doc, ids } = sampleDoc();
  const tech = actorOf('Technician');
  const supervisor = actorOf('Supervisor');

  it('YD-3: technicians tick, measure, annotate and comment on their work', () => {
    expect(verdict(doc, tech, (d) => tickStep(d, ids.a, { userId: tech.userId, at }))).toBe(
      'allowed',
    );
    expect(verdict(doc, tech, (d) => measureStep(d, ids.b, 6))).toBe('allowed');
    expect(verdict(doc, tech, (d) => annotateStep(d, ids.c, 'ok'))).toBe('allowed');
    expect(
      verdict(doc, tech, (d) =>
        addComment(d, { id: randomUUID(), authorId: tech.userId, createdAt: at, body: 'hi' }),
      ),
    ).toBe('allowed');
  });

  it('YD-3: technicians may not redefine, add, remove or reorder steps, nor tick for others', () => {
    expect(verdict(doc, tech, (d) => defineStep(d, ids.a, { title: 'Renamed' }))).toBe('AUTHZ');
    expect(verdict(doc, tech, (d) => defineStep(d, ids.b, { max: 100 }))).toBe('AUTHZ');
    expect(verdict(doc, tech, (d) => deleteStep(d, ids.a))).toBe('AUTHZ');
    expect(verdict(doc, tech, (d) => moveStep(d, ids.c, 0))).toBe('AUTHZ');
    expect(
      verdict(doc, tech, (d) => addStep(d, { id: randomUUID(), title: 'x', kind: 'text' })),
    ).toBe('AUTHZ');
    expect(verdict(doc, tech, (d) => tickStep(d, ids.a, { userId: randomUUID(), at }))).toBe(
      'AUTHZ',
    );
    const other = actorOf('Technician');
    expect(
      verdict(doc, other, (d) => tickStep(d, ids.a, { userId: other.userId, at }), {
        requesterId: null,
        assigneeIds: [tech.userId],
      }),
    ).toBe('AUTHZ');
  });

  it('YD-3: supervisors edit step definitions', () => {
    expect(verdict(doc, supervisor, (d) => defineStep(d, ids.a, { title: 'Renamed' }))).toBe(
      'allowed',
    );
    expect(verdict(doc, supervisor, (d) => moveStep(d, ids.c, 0))).toBe('allowed');
    expect(verdict(doc, supervisor, (d) => deleteStep(d, ids.b))).toBe('allowed');
  });

  it('YD-3: a step whose limits change must keep min <= max (VALIDATION), the same rule as the editor', () => {
    // ids.b is a measurement step with limits 5–9 mm.
    expect(
      verdict(doc, supervisor, (d) => defineStep(d, ids.b, { min: 2, max: 4, unit: 'in' })),
    ).toBe('allowed');
    expect(verdict(doc, supervisor, (d) => defineStep(d, ids.b, { min: 9 }))).toBe('allowed');
    expect(verdict(doc, supervisor, (d) => defineStep(d, ids.b, { min: 10 }))).toBe('VALIDATION');
    expect(verdict(doc, supervisor, (d) => defineStep(d, ids.b, { max: 4.5 }))).toBe('VALIDATION');
    expect(verdict(doc, supervisor, (d) => defineStep(d, ids.b, { min: null, max: -1 }))).toBe(
      'allowed',
    );
    // A check step becoming a measurement step with its limits, and a new step.
    expect(
      verdict(doc, supervisor, (d) =>
        defineStep(d, ids.c, { kind: 'measurement', unit: 'bar', min: 1, max: 3 }),
      ),
    ).toBe('allowed');
    expect(
      verdict(doc, supervisor, (d) =>
        addStep(d, { id: randomUUID(), title: 'Pressure', kind: 'measurement', min: 3, max: 1 }),
      ),
    ).toBe('VALIDATION');
    // Not a number: the layout check refuses it first.
    expect(
      verdict(doc, supervisor, (d) => d.getArray<Y.Map<unknown>>('steps').get(1).set('min', 'x')),
    ).toBe('VALIDATION');
    // Permissions come first: a technician's attempt is AUTHZ whatever the limits.
    expect(verdict(doc, tech, (d) => defineStep(d, ids.b, { min: 10 }))).toBe('AUTHZ');

    // Limits that already disagree (two valid concurrent edits merged) do not block other edits.
    const merged = new Y.Doc();
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(doc));
    const raise = new Y.Doc();
    const lower = new Y.Doc();
    Y.applyUpdate(raise, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(lower, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(
      merged,
      captureUpdate(raise, (d) => defineStep(d, ids.b, { min: 8 }))!,
    );
    Y.applyUpdate(
      merged,
      captureUpdate(lower, (d) => defineStep(d, ids.b, { max: 6 }))!,
    );
    expect(readDoc(merged).steps[1]).toMatchObject({ min: 8, max: 6 });
    expect(verdict(merged, supervisor, (d) => defineStep(d, ids.b, { title: 'Tension' }))).toBe(
      'allowed',
    );
    expect(verdict(merged, tech, (d) => measureStep(d, ids.b, 7))).toBe('allowed');
    expect(verdict(merged, supervisor, (d) => defineStep(d, ids.b, { max: 7 }))).toBe('VALIDATION');
    expect(verdict(merged, supervisor, (d) => defineStep(d, ids.b, { max: 9 }))).toBe('allowed');
  });

  it("YD-3: requesters comment on their own request only, never internally; nobody edits another's comment without moderation", () => {
    const requester = actorOf('Requester');
    const own = { requesterId: requester.userId, assigneeIds: [] };
    const comment =
      (internal = false) =>
      (d: Y.Doc) =>
        addComment(d, {
          id: randomUUID(),
          authorId: requester.userId,
          createdAt: at,
          body: 'When?',
          internal,
        });
    expect(verdict(new Y.Doc(), requester, comment(), own)).toBe('allowed');
    expect(verdict(new Y.Doc(), requester, comment(true), own)).toBe('AUTHZ');
    expect(
      verdict(new Y.Doc(), requester, comment(), { requesterId: randomUUID(), assigneeIds: [] }),
    ).toBe('AUTHZ');
    expect(verdict(doc, requester, (d) => measureStep(d, ids.b, 1), own)).toBe('AUTHZ');

    const withComment = new Y.Doc();
    Y.applyUpdate(withComment, Y.encodeStateAsUpdate(doc));
    const noteId = randomUUID();
    addComment(withComment, { id: noteId, authorId: tech.userId, createdAt: at, body: 'Mine' });
    const other = actorOf('Technician');
    const scope = { requesterId: null, assigneeIds: [tech.userId, other.userId] };
    expect(
      verdict(
        withComment,
        other,
        (d) => editCommentBody(d, noteId, { index: 0, insert: 'X' }),
        scope,
      ),
    ).toBe('AUTHZ');
    expect(verdict(withComment, other, (d) => deleteComment(d, noteId), scope)).toBe('AUTHZ');
    expect(verdict(withComment, tech, (d) => deleteComment(d, noteId), scope)).toBe('allowed');
    expect(verdict(withComment, supervisor, (d) => deleteComment(d, noteId), scope)).toBe(
      'allowed',
    );
    expect(verdict(withComment, tech, (d) => commentsArrayDelete(d), scope)).toBe('AUTHZ');
  });
});

const commentsArrayDelete = (d: Y.Doc) => d.getArray('comments').delete(0, 1);
