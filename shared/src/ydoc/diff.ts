import type { CommentRecord, DocReading, LayoutProblem, StepRecord } from './layout';

/** How one step or comment differs between two readings. */
export interface RecordChange<T> {
  id: string;
  /** Undefined: the record was added. */
  before: T | undefined;
  /** Undefined: the record was removed. */
  after: T | undefined;
  /** Fields whose value differs (all fields of an added or removed record). */
  fields: (keyof T)[];
}

export interface DocChanges {
  steps: RecordChange<StepRecord>[];
  comments: RecordChange<CommentRecord>[];
  /** Steps present in both readings appear in a different relative order. */
  reordered: boolean;
  /** Layout problems the second reading has and the first had not. */
  newProblems: LayoutProblem[];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  return Object.is(a, b);
}

function diffRecords<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
): RecordChange<T>[] {
  const old = new Map(before.map((r) => [r.id, r]));
  const changes: RecordChange<T>[] = [];
  const allFields = (r: T) => Object.keys(r) as (keyof T)[];
  for (const next of after) {
    const prev = old.get(next.id);
    old.delete(next.id);
    if (!prev) {
      changes.push({ id: next.id, before: undefined, after: next, fields: allFields(next) });
      continue;
    }
    const fields = allFields(next).filter((f) => !sameValue(prev[f], next[f]));
    if (fields.length > 0) changes.push({ id: next.id, before: prev, after: next, fields });
  }
  for (const prev of old.values()) {
    changes.push({ id: prev.id, before: prev, after: undefined, fields: allFields(prev) });
  }
  return changes;
}

function relativeOrderChanged(before: readonly StepRecord[], after: readonly StepRecord[]) {
  const kept = new Set(after.map((s) => s.id));
  const was = before.filter((s) => kept.has(s.id)).map((s) => s.id);
  const had = new Set(was);
  const now = after.filter((s) => had.has(s.id)).map((s) => s.id);
  return was.some((id, i) => now[i] !== id);
}

const problemKey = (p: LayoutProblem) => `${p.collection}|${p.id ?? ''}|${p.field}|${p.message}`;

/**
 * What changed between two readings of the same document (pure). The
 * permission check (`authorizeDocChanges`) and materialization both work
 * from this: only changed records are checked and written.
 */
export function diffReadings(before: DocReading, after: DocReading): DocChanges {
  const known = new Set(before.problems.map(problemKey));
  return {
    steps: diffRecords(before.steps, after.steps),
    comments: diffRecords(before.comments, after.comments),
    reordered: relativeOrderChanged(before.steps, after.steps),
    newProblems: after.problems.filter((p) => !known.has(problemKey(p))),
  };
}

export function hasChanges(changes: DocChanges): boolean {
  return changes.steps.length > 0 || changes.comments.length > 0;
}
