import { AppError } from '../errors';
import type { MutationTx, Row } from '../mutations/tx';
import type { DocChanges, RecordChange } from './diff';
import type { CommentRecord, DocReading, StepRecord, StepValue } from './layout';

/**
 * The relational mirror of a document (`work_order_steps`,
 * `work_order_comments`), for lists, search and reports. Rows follow the
 * document; the document is the source of truth.
 */

const stepColumns: Record<keyof StepRecord, string> = {
  id: 'id',
  position: 'position',
  title: 'title',
  kind: 'kind',
  required: 'required',
  done: 'done',
  value: 'value',
  unit: 'unit',
  min: 'min_value',
  max: 'max_value',
  doneBy: 'done_by',
  doneAt: 'done_at',
  notes: 'notes',
};

const commentColumns: Record<keyof CommentRecord, string> = {
  id: 'id',
  authorId: 'author_id',
  createdAt: 'created_at',
  parentId: 'parent_id',
  internal: 'internal',
  deleted: 'deleted',
  body: 'body',
  mentions: 'mentions',
};

/** A step's value in the text column: numbers and booleans in their plain text form. */
export const valueText = (v: StepValue): string | null => (v === null ? null : String(v));
/** A Postgres array literal (uuids need no quoting): both the server and the replica's overlay parse it. */
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

function stepValue(s: StepRecord, field: keyof StepRecord): unknown {
  if (field === 'value') return valueText(s.value);
  return s[field];
}

function commentValue(c: CommentRecord, field: keyof CommentRecord): unknown {
  if (field === 'mentions') return uuidArray(c.mentions);
  return c[field];
}

/** Columns of a step's row (without tenant and updated_at). */
export function stepRow(docId: string, s: StepRecord): Row {
  const row: Row = { work_order_id: docId };
  for (const f of Object.keys(stepColumns) as (keyof StepRecord)[]) {
    row[stepColumns[f]] = stepValue(s, f);
  }
  return row;
}

export function commentRow(docId: string, c: CommentRecord): Row {
  const row: Row = { work_order_id: docId };
  for (const f of Object.keys(commentColumns) as (keyof CommentRecord)[]) {
    row[commentColumns[f]] = commentValue(c, f);
  }
  return row;
}

/** Every row a reading materializes to (tests compare these across replicas). */
export function materializedRows(docId: string, reading: DocReading) {
  return {
    steps: reading.steps.map((s) => stepRow(docId, s)),
    comments: reading.comments.map((c) => commentRow(docId, c)),
  };
}

async function apply<T extends { id: string }>(
  tx: MutationTx,
  table: 'work_order_steps' | 'work_order_comments',
  docId: string,
  change: RecordChange<T>,
  full: (r: T) => Row,
  column: (f: keyof T) => string,
  value: (r: T, f: keyof T) => unknown,
) {
  const existing = await tx.get(table, { id: change.id });
  if (existing && String(existing.work_order_id).toLowerCase() !== docId.toLowerCase()) {
    throw new AppError('CONFLICT', 'A step or comment with this id belongs to another work order', {
      id: change.id,
    });
  }
  const now = tx.now();
  const after = change.after;
  if (!after) {
    if (existing) await tx.delete(table, { id: change.id });
    return;
  }
  if (!existing) {
    await tx.insert(table, { ...full(after), updated_at: now });
    return;
  }
  const changes: Row = { updated_at: now };
  for (const f of change.fields) changes[column(f)] = value(after, f);
  await tx.update(table, { id: change.id }, changes);
}

/**
 * Writes the rows a document change implies, in the mutation's transaction:
 * only the changed steps and comments are touched (a requester's device,
 * which holds only its own updates, writes just its new comment). A row id
 * that belongs to another work order is a `CONFLICT`.
 */
export async function materializeChanges(
  tx: MutationTx,
  docId: string,
  changes: DocChanges,
): Promise<void> {
  for (const change of changes.steps) {
    await apply(
      tx,
      'work_order_steps',
      docId,
      change,
      (s) => stepRow(docId, s),
      (f) => stepColumns[f],
      stepValue,
    );
  }
  for (const change of changes.comments) {
    await apply(
      tx,
      'work_order_comments',
      docId,
      change,
      (c) => commentRow(docId, c),
      (f) => commentColumns[f],
      commentValue,
    );
  }
}
