import * as Y from 'yjs';
import type { StepKind } from '../domain/enums';
import { AppError } from '../errors';
import { COMMENTS, STEPS, type StepValue } from './layout';

/**
 * Typed edits of a work order's Y.Doc (layout in `layout.ts`). Each edit is
 * one Yjs transaction, so it becomes one update. Edits address steps and
 * comments by id; an id that is not in the document is `NOT_FOUND`.
 */

export const stepsOf = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>(STEPS);
export const commentsOf = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>(COMMENTS);

export interface StepDefinition {
  id: string;
  title: string;
  kind: StepKind;
  required?: boolean;
  unit?: string | null;
  min?: number | null;
  max?: number | null;
}

/** The index of the first map with this id (the one readers see), or -1. */
function indexOf(array: Y.Array<Y.Map<unknown>>, id: string): number {
  const wanted = id.toLowerCase();
  let found = -1;
  array.forEach((m, i) => {
    if (found === -1 && m instanceof Y.Map && String(m.get('id')).toLowerCase() === wanted) {
      found = i;
    }
  });
  return found;
}

function mapOf(array: Y.Array<Y.Map<unknown>>, id: string, what: string): Y.Map<unknown> {
  const i = indexOf(array, id);
  const map = i === -1 ? undefined : array.get(i);
  if (!map) throw new AppError('NOT_FOUND', `${what} not found`, { id });
  return map;
}

const stepMap = (doc: Y.Doc, id: string) => mapOf(stepsOf(doc), id, 'Step');
const commentMap = (doc: Y.Doc, id: string) => mapOf(commentsOf(doc), id, 'Comment');

function newStepMap(def: StepDefinition): Y.Map<unknown> {
  return new Y.Map<unknown>([
    ['id', def.id],
    ['title', def.title],
    ['kind', def.kind],
    ['required', def.required ?? false],
    ['done', false],
    ['value', null],
    ['unit', def.unit ?? null],
    ['min', def.min ?? null],
    ['max', def.max ?? null],
    ['doneBy', null],
    ['doneAt', null],
    ['notes', null],
  ]);
}

/** Adds a step at `index` (default: the end). */
export function addStep(doc: Y.Doc, def: StepDefinition, index?: number): void {
  doc.transact(() => {
    const steps = stepsOf(doc);
    steps.insert(Math.min(index ?? steps.length, steps.length), [newStepMap(def)]);
  });
}

/** Changes a step's definition (supervisors): title, kind, required, unit, limits. */
export function defineStep(doc: Y.Doc, id: string, changes: Partial<Omit<StepDefinition, 'id'>>) {
  doc.transact(() => {
    const map = stepMap(doc, id);
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) map.set(key, value);
    }
  });
}

/** Marks a step done by `userId` at `at`, with an optional value (measurement, pass/fail, text). */
export function tickStep(
  doc: Y.Doc,
  id: string,
  by: { userId: string; at: string; value?: StepValue },
): void {
  doc.transact(() => {
    const map = stepMap(doc, id);
    map.set('done', true);
    map.set('doneBy', by.userId);
    map.set('doneAt', by.at);
    if (by.value !== undefined) map.set('value', by.value);
  });
}

export function untickStep(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const map = stepMap(doc, id);
    map.set('done', false);
    map.set('doneBy', null);
    map.set('doneAt', null);
  });
}

/** Records a value (a measurement, `'pass'`/`'fail'`, text) without ticking the step. */
export function measureStep(doc: Y.Doc, id: string, value: StepValue): void {
  doc.transact(() => stepMap(doc, id).set('value', value));
}

export function annotateStep(doc: Y.Doc, id: string, notes: string | null): void {
  doc.transact(() => stepMap(doc, id).set('notes', notes));
}

/**
 * Moves a step to `index`. A Y.Array cannot move an element, so the step is
 * deleted and re-inserted as a copy with the same id and values; readers
 * keep the first occurrence of an id, so concurrent moves still read as one
 * step (a concurrent edit of the moved step's old copy is lost: SPEC YD-4).
 */
export function moveStep(doc: Y.Doc, id: string, index: number): void {
  doc.transact(() => {
    const steps = stepsOf(doc);
    const from = indexOf(steps, id);
    const map = from === -1 ? undefined : steps.get(from);
    if (!map) throw new AppError('NOT_FOUND', 'Step not found', { id });
    const copy = new Y.Map<unknown>(Object.entries(map.toJSON()));
    steps.delete(from, 1);
    steps.insert(Math.max(0, Math.min(index, steps.length)), [copy]);
  });
}

export function deleteStep(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const steps = stepsOf(doc);
    const i = indexOf(steps, id);
    if (i === -1) throw new AppError('NOT_FOUND', 'Step not found', { id });
    steps.delete(i, 1);
  });
}

export interface NewComment {
  id: string;
  authorId: string;
  createdAt: string;
  body: string;
  parentId?: string | null;
  internal?: boolean;
  mentions?: string[];
}

/** Appends a comment (a reply names its `parentId`). */
export function addComment(doc: Y.Doc, c: NewComment): void {
  doc.transact(() => {
    commentsOf(doc).push([
      new Y.Map<unknown>([
        ['id', c.id],
        ['authorId', c.authorId],
        ['createdAt', c.createdAt],
        ['parentId', c.parentId ?? null],
        ['internal', c.internal ?? false],
        ['deleted', false],
        ['body', new Y.Text(c.body)],
        ['mentions', c.mentions ?? []],
      ]),
    ]);
  });
}

/**
 * Edits a comment's body as text operations (insert / delete ranges), so
 * concurrent edits of the same comment merge character by character.
 */
export function editCommentBody(
  doc: Y.Doc,
  id: string,
  edit: { index: number; delete?: number; insert?: string },
): void {
  doc.transact(() => {
    const body = commentMap(doc, id).get('body');
    if (!(body instanceof Y.Text)) throw new AppError('VALIDATION', 'The comment has no text body');
    const index = Math.max(0, Math.min(edit.index, body.length));
    if (edit.delete) body.delete(index, Math.min(edit.delete, body.length - index));
    if (edit.insert) body.insert(index, edit.insert);
  });
}

/** Replaces a comment's whole body (a text diff of the old and new body would merge finer). */
export function setCommentBody(doc: Y.Doc, id: string, text: string): void {
  doc.transact(() => {
    const body = commentMap(doc, id).get('body');
    if (!(body instanceof Y.Text)) throw new AppError('VALIDATION', 'The comment has no text body');
    body.delete(0, body.length);
    body.insert(0, text);
  });
}

/** Soft delete: the comment stays in the thread (replies keep their parent), marked deleted. */
export function deleteComment(doc: Y.Doc, id: string): void {
  doc.transact(() => commentMap(doc, id).set('deleted', true));
}

/**
 * Runs `edit` on `doc` and returns the Yjs update it produced (what
 * `ydoc.update` carries), or null when the edit changed nothing.
 */
export function captureUpdate(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array | null {
  const updates: Uint8Array[] = [];
  const onUpdate = (update: Uint8Array) => updates.push(update);
  doc.on('update', onUpdate);
  try {
    doc.transact(() => edit(doc));
  } finally {
    doc.off('update', onUpdate);
  }
  if (updates.length === 0) return null;
  return updates.length === 1 ? (updates[0] ?? null) : Y.mergeUpdates(updates);
}
